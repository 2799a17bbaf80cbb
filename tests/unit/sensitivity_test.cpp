// Morris screening and Sobol indices (parley/sensitivity.hpp): the Ishigami function's known
// indices, Morris on a function with an inert input (worked out by hand), and identical
// results for one and two threads.
#include "parley/sensitivity.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {

using parley::Distribution;
using parley::DistributionKind;

Distribution uniform(double lo, double hi) { return Distribution{DistributionKind::uniform, lo, hi, lo, hi}; }

// Ishigami and Homma (1990) with a = 7, b = 0.1 on U(-pi, pi)^3. Its indices, from
// V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V3 = 0,
// V13 = b^2 pi^8 (1/18 - 1/50): S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
std::vector<double> ishigami(const std::vector<double>& x) {
  const double a = 7, b = 0.1;
  return {std::sin(x[0]) + a * std::sin(x[1]) * std::sin(x[1]) + b * std::pow(x[2], 4) * std::sin(x[0])};
}

parley::SensitivityProblem ishigami_problem() {
  parley::SensitivityProblem p;
  p.inputs = {uniform(-M_PI, M_PI), uniform(-M_PI, M_PI), uniform(-M_PI, M_PI)};
  p.names = {"x1", "x2", "x3"};
  p.model = [](const std::vector<double>& x, std::uint64_t) { return ishigami(x); };
  return p;
}

TEST(Sensitivity, AnalyticIshigamiIndices) {
  // The analytic values, computed here from the variances above.
  const double a = 7, b = 0.1, pi4 = std::pow(M_PI, 4), pi8 = std::pow(M_PI, 8);
  const double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
  const double v1 = std::pow(1 + b * pi4 / 5, 2) / 2, v2 = a * a / 8, v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50);
  EXPECT_NEAR(v1 / v, 0.3139, 1e-4);
  EXPECT_NEAR(v2 / v, 0.4424, 1e-4);
  EXPECT_NEAR((v1 + v13) / v, 0.5576, 1e-4);
  EXPECT_NEAR(v13 / v, 0.2437, 1e-4);
}

// Sobol at N = 2^15 (5 N = 163,840 evaluations) and seed 2026. The margins are 0.03 for the
// first-order and 0.02 for the total indices: over 40 seeds at this N
// (tests/stat/sensitivity_stat_test.cpp) the largest errors were 0.0257 and 0.0152, the
// root-mean-square errors (the standard errors) 0.0062 and 0.0046, so the margins are about
// five and four standard errors.
// The bootstrap intervals (200 resamples, 95%) must hold the analytic value too.
TEST(Sensitivity, SobolIshigamiWithinMargins) {
  parley::SobolOptions o;
  o.samples = 1 << 15;
  o.seed = 2026;
  o.threads = 2;
  const auto r = parley::sobol(ishigami_problem(), o);
  EXPECT_EQ(r.evaluations, 5u << 15);
  ASSERT_EQ(r.indices.size(), 1u);
  const double s1[] = {0.3139, 0.4424, 0.0}, st[] = {0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& idx = r.indices[0][i];
    EXPECT_NEAR(idx.first, s1[i], 0.03) << "S" << i + 1;
    EXPECT_NEAR(idx.total, st[i], 0.02) << "ST" << i + 1;
    EXPECT_NEAR(idx.first_saltelli, s1[i], 0.03) << "S" << i + 1 << " (Saltelli 2010)";
    EXPECT_LE(idx.first_interval.low, idx.first);
    EXPECT_GE(idx.first_interval.high, idx.first);
    EXPECT_LE(idx.total_interval.low, st[i] + 1e-9) << "ST" << i + 1;
    EXPECT_GE(idx.total_interval.high, st[i] - 1e-9) << "ST" << i + 1;
    EXPECT_LE(idx.first_interval.low, s1[i] + 1e-9) << "S" << i + 1;
    EXPECT_GE(idx.first_interval.high, s1[i] - 1e-9) << "S" << i + 1;
  }
  // The variance of the output: V = 13.8446 (the sum above), within 3%.
  EXPECT_NEAR(r.variance[0], 13.8446, 0.03 * 13.8446);
}

TEST(Sensitivity, MorrisByHandWithAnInertInput) {
  // f = 4 x1 + x2^2 + 0 x3 on U(0, 1)^3, four levels: the grid 0, 1/3, 2/3, 1 (a bounded
  // support is spanned whole), a step of two levels moves the probability (and here the
  // value) by 2/3. x1's effects are all 4 (mu* = 4, sigma = 0); x2's are
  // ((x + 2/3)^2 - x^2) / (2/3) = 2x + 2/3 with x in {0, 1/3}, so 2/3 or 4/3; x3's are 0.
  parley::SensitivityProblem p;
  p.inputs = {uniform(0, 1), uniform(0, 1), uniform(0, 1)};
  p.model = [](const std::vector<double>& x, std::uint64_t) { return std::vector<double>{4 * x[0] + x[1] * x[1] + 0 * x[2]}; };
  parley::MorrisOptions o;
  o.trajectories = 30;
  o.levels = 4;
  o.seed = 5;
  o.threads = 1;
  const auto r = parley::morris(p, o);
  EXPECT_EQ(r.evaluations, 30u * 4);
  const auto& e = r.effects[0];
  EXPECT_NEAR(e[0].mu_star, 4, 1e-12);
  EXPECT_NEAR(e[0].mu, 4, 1e-12);
  EXPECT_NEAR(e[0].sigma, 0, 1e-12);
  EXPECT_GE(e[1].mu_star, 2.0 / 3 - 1e-12);
  EXPECT_LE(e[1].mu_star, 4.0 / 3 + 1e-12);
  for (double ee : r.elementary[0][1]) EXPECT_TRUE(std::fabs(ee - 2.0 / 3) < 1e-12 || std::fabs(ee - 4.0 / 3) < 1e-12) << ee;
  EXPECT_EQ(e[2].mu_star, 0);
  EXPECT_EQ(e[2].sigma, 0);
  // The ranking: x1, x2, then the inert x3.
  EXPECT_GT(e[0].mu_star, e[1].mu_star);
  EXPECT_GT(e[1].mu_star, e[2].mu_star);
}

TEST(Sensitivity, MorrisRanksIshigami) {
  // Ishigami's screening at r = 50: x3 acts only through its interaction with x1, x1 and x2
  // directly; mu* puts x1 or x2 first and x3 last, and x3's sigma is large next to its mu.
  parley::MorrisOptions o;
  o.trajectories = 50;
  o.levels = 6;
  o.seed = 9;
  const auto r = parley::morris(ishigami_problem(), o);
  const auto& e = r.effects[0];
  EXPECT_GT(e[0].mu_star, 0);
  EXPECT_GT(e[2].sigma, std::fabs(e[2].mu));
  EXPECT_NEAR(e[1].mu, 0, 1e-9 + 0.5 * e[1].mu_star);  // x2's effect changes sign (sin^2 is even)
}

TEST(Sensitivity, QuantilesOfDistributions) {
  EXPECT_NEAR(parley::distribution_quantile(uniform(2, 4), 0.25), 2.5, 1e-12);
  const Distribution normal{DistributionKind::normal, 0, 1, -INFINITY, INFINITY};
  EXPECT_NEAR(parley::distribution_quantile(normal, 0.975), 1.959963984540054, 1e-9);
  EXPECT_NEAR(parley::distribution_quantile(normal, 0.5), 0, 1e-9);
  Distribution choice{DistributionKind::choice, 0, 0, 1, 3, {3, 1, 2}, {}};
  EXPECT_EQ(parley::distribution_quantile(choice, 0.5), 2);
  EXPECT_EQ(parley::distribution_quantile(choice, 0.2), 1);
  EXPECT_EQ(parley::distribution_quantile(choice, 0.9), 3);
}

// A stochastic model (Ishigami plus noise from the evaluation's key): the same indices, to the
// bit, for one and two threads, in both methods and with and without common random numbers.
TEST(Sensitivity, SameResultsForOneAndTwoThreads) {
  auto p = ishigami_problem();
  p.model = [](const std::vector<double>& x, std::uint64_t key) {
    parley::Rng rng(77, key);
    auto y = ishigami(x);
    y[0] += 0.5 * (rng.uniform() - 0.5);
    y.push_back(x[0] * x[1] + rng.uniform());
    return y;
  };
  for (bool crn : {true, false}) {
    parley::SobolOptions s;
    s.samples = 2000;
    s.bootstrap = 50;
    s.common_random_numbers = crn;
    s.threads = 1;
    const auto one = parley::sobol(p, s);
    s.threads = 2;
    const auto two = parley::sobol(p, s);
    ASSERT_EQ(one.indices.size(), 2u);
    for (std::size_t q = 0; q < 2; ++q)
      for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(one.indices[q][i].first, two.indices[q][i].first);
        EXPECT_EQ(one.indices[q][i].total, two.indices[q][i].total);
        EXPECT_EQ(one.indices[q][i].first_interval.low, two.indices[q][i].first_interval.low);
        EXPECT_EQ(one.indices[q][i].total_interval.high, two.indices[q][i].total_interval.high);
      }
    parley::MorrisOptions m;
    m.trajectories = 40;
    m.common_random_numbers = crn;
    m.threads = 1;
    const auto m1 = parley::morris(p, m);
    m.threads = 2;
    const auto m2 = parley::morris(p, m);
    EXPECT_EQ(m1.elementary, m2.elementary);
  }
}

// A noisy model whose indices are known: y = x0 + e, x0 ~ U(0, 1) and e ~ U(0, 1) from the
// evaluation's key (both of variance 1/12), x1 ~ U(0, 1) never read. With x0 and the noise
// independent, V(y) = 1/6, so S_0 = S_T0 = (1/12) / (1/6) = 0.5, and x1's indices are 0: its
// total exactly (A_j and A_B^(1)_j share their key, so their outputs are equal), its first order
// within 0.05 (the estimator's standard error is about sqrt(2 / N) = 0.01 at N = 20,000). Had B_j
// shared A_j's key, B_j and A_B^(0)_j would be the same point (S_0 = 1) and the first-order
// estimate of x1 would be the noise's share, 0.5.
TEST(Sensitivity, CommonRandomNumbersDoNotHandTheNoiseToAnInput) {
  parley::SensitivityProblem p;
  p.inputs = {uniform(0, 1), uniform(0, 1)};
  p.model = [](const std::vector<double>& x, std::uint64_t key) {
    parley::Rng rng(5, key);
    return std::vector<double>{x[0] + rng.uniform()};
  };
  parley::SobolOptions s;
  s.samples = 20000;
  s.bootstrap = 0;
  const auto r = parley::sobol(p, s);
  EXPECT_NEAR(r.variance[0], 1.0 / 6, 0.01);
  EXPECT_NEAR(r.indices[0][0].first, 0.5, 0.05);
  EXPECT_NEAR(r.indices[0][0].total, 0.5, 0.05);
  EXPECT_NEAR(r.indices[0][1].first, 0.0, 0.05);
  EXPECT_NEAR(r.indices[0][1].total, 0.0, 1e-12);
}

TEST(Sensitivity, RejectsBadOptions) {
  auto p = ishigami_problem();
  parley::MorrisOptions m;
  m.levels = 3;
  EXPECT_THROW(parley::morris(p, m), std::invalid_argument);
  parley::SobolOptions s;
  s.samples = 1;
  EXPECT_THROW(parley::sobol(p, s), std::invalid_argument);
  p.model = nullptr;
  EXPECT_THROW(parley::sobol(p, {}), std::invalid_argument);
  // A model that throws: the error reaches the caller, whatever the thread.
  p = ishigami_problem();
  p.model = [](const std::vector<double>&, std::uint64_t key) -> std::vector<double> {
    if (key == 17) throw std::runtime_error("model failed");
    return {1.0};
  };
  s.samples = 100;
  s.threads = 2;
  s.common_random_numbers = false;
  EXPECT_THROW(parley::sobol(p, s), std::runtime_error);
}

}  // namespace
