// ABC-SMC (parley/abc.hpp) on problems whose posterior is known in closed form.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "parley/abc.hpp"
#include "parley/random.hpp"

namespace {

using namespace parley;

// The mean of 20 draws of normal(theta, 1). With a flat prior the posterior of theta given
// an observed mean m is normal(m, 1 / sqrt(20)) = normal(m, 0.2236).
std::vector<double> mean_of_20(const std::vector<double>& theta, std::uint64_t key) {
  Rng rng(77, key);
  const Distribution noise{DistributionKind::normal, theta[0], 1, -INFINITY, INFINITY};
  double sum = 0;
  for (int i = 0; i < 20; ++i) sum += noise.draw(rng);
  return {sum / 20};
}

AbcProblem normal_mean_problem(double observed_mean) {
  AbcProblem p;
  p.priors = {Distribution{DistributionKind::uniform, 0, 0, -10, 10}};
  p.observed = {observed_mean};
  p.simulate = mean_of_20;
  return p;
}

double weighted_mean(const AbcGeneration& g, std::size_t j) {
  double m = 0;
  for (const auto& p : g.particles) m += p.weight * p.theta[j];
  return m;
}

double weighted_sd(const AbcGeneration& g, std::size_t j) {
  const double m = weighted_mean(g, j);
  double v = 0;
  for (const auto& p : g.particles) v += p.weight * (p.theta[j] - m) * (p.theta[j] - m);
  return std::sqrt(v);
}

TEST(AbcSmc, RecoversANormalMean) {
  // The data: the mean of 20 draws with theta = 3 (made with an independent stream).
  const double observed = mean_of_20({3.0}, 123456789)[0];
  AbcOptions o;
  o.particles = 500;
  o.max_generations = 12;
  o.seed = 2015;
  o.threads = 2;
  const AbcResult r = abc_smc(normal_mean_problem(observed), o);
  ASSERT_GE(r.generations.size(), 5u) << to_string(r.stopped);
  const AbcGeneration& post = r.generations.back();
  // The tolerance shrinks from generation to generation.
  for (std::size_t t = 2; t < r.generations.size(); ++t)
    EXPECT_LE(r.generations[t].tolerance, r.generations[t - 1].tolerance);
  // The truth lies inside the 90% posterior interval.
  const double lo = weighted_quantile(post, 0, 0.05), hi = weighted_quantile(post, 0, 0.95);
  EXPECT_LT(lo, 3.0);
  EXPECT_GT(hi, 3.0);
  // And the posterior is close to the exact one, normal(observed, 0.2236): the mean within
  // 0.1 (under half an exact sd), the sd between 0.8 and 1.5 times the exact one (ABC's
  // tolerance widens it a little).
  EXPECT_NEAR(weighted_mean(post, 0), observed, 0.1);
  const double exact_sd = 1 / std::sqrt(20.0);
  EXPECT_GT(weighted_sd(post, 0), 0.8 * exact_sd);
  EXPECT_LT(weighted_sd(post, 0), 1.5 * exact_sd);
  EXPECT_GT(post.ess, 100);
  EXPECT_NEAR([&] { double s = 0; for (const auto& p : post.particles) s += p.weight; return s; }(), 1.0, 1e-12);
}

TEST(AbcSmc, SameParticlesWhateverTheThreadCount) {
  const double observed = 1.5;
  AbcOptions o;
  o.particles = 100;
  o.max_generations = 4;
  o.seed = 9;
  o.threads = 1;
  const AbcResult one = abc_smc(normal_mean_problem(observed), o);
  o.threads = 3;
  const AbcResult three = abc_smc(normal_mean_problem(observed), o);
  ASSERT_EQ(one.generations.size(), three.generations.size());
  for (std::size_t t = 0; t < one.generations.size(); ++t) {
    ASSERT_EQ(one.generations[t].particles.size(), three.generations[t].particles.size());
    for (std::size_t i = 0; i < one.generations[t].particles.size(); ++i) {
      ASSERT_EQ(one.generations[t].particles[i].theta, three.generations[t].particles[i].theta);
      ASSERT_EQ(one.generations[t].particles[i].weight, three.generations[t].particles[i].weight);
    }
  }
}

TEST(AbcSmc, StopsOnTheBudget) {
  AbcOptions o;
  o.particles = 100;
  o.max_generations = 50;
  o.budget = 450;
  const AbcResult r = abc_smc(normal_mean_problem(0.5), o);
  EXPECT_EQ(r.stopped, AbcResult::Stop::budget);
  EXPECT_LE(r.simulations, 450u + 100u);  // a batch in flight may finish past the budget
}

TEST(AbcSmc, DistanceIsScaledByEachStatisticsSpread) {
  EXPECT_DOUBLE_EQ(abc_distance({1, 10}, {0, 0}, {1, 10}), 2.0);  // |1|/1 + |10|/10
  EXPECT_DOUBLE_EQ(abc_distance({3, -4}, {1, 0}, {2, 4}), 2.0);   // 2/2 + 4/4
}

}  // namespace
