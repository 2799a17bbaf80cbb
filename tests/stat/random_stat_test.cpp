// Poisson and binomial samplers against their exact pmf: chi-square goodness of fit, mean, variance.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <vector>

#include "parley/random.hpp"

namespace {

using parley::Rng;

// Upper 1% point of chi-square with df degrees of freedom. Exact table values (Pearson's
// tables; e.g. NIST/SEMATECH e-Handbook 1.3.6.7.4) for df <= 30 and a few larger df;
// in between, the Wilson-Hilferty cube-root approximation
// df (1 - 2/(9 df) + z sqrt(2/(9 df)))^3 with z = 2.326348 (the 99% normal quantile),
// which agrees with the table to better than 0.3% from df = 10 on (checked below).
double chi2_critical_1pct(int df) {
  static const double table[] = {0,      6.635,  9.210,  11.345, 13.277, 15.086, 16.812, 18.475, 20.090, 21.666, 23.209,
                                 24.725, 26.217, 27.688, 29.141, 30.578, 32.000, 33.409, 34.805, 36.191, 37.566,
                                 38.932, 40.289, 41.638, 42.980, 44.314, 45.642, 46.963, 48.278, 49.588, 50.892};
  if (df >= 1 && df <= 30) return table[df];
  const double k = df, z = 2.326348;
  const double t = 1 - 2 / (9 * k) + z * std::sqrt(2 / (9 * k));
  return k * t * t * t;
}

TEST(ChiSquareTable, WilsonHilfertyAgreesWithPublishedValues) {
  // Published 1% points: df 40: 63.691, 50: 76.154, 60: 88.379, 80: 112.329, 100: 135.807.
  const std::pair<int, double> published[] = {{40, 63.691}, {50, 76.154}, {60, 88.379}, {80, 112.329}, {100, 135.807}};
  for (auto [df, v] : published) EXPECT_NEAR(chi2_critical_1pct(df), v, 0.003 * v) << df;
}

// An exact pmf on 0..n built by recurrence from the mode, where log p(mode) comes from
// std::lgamma (independent of the sampler's own log_factorial), and ratio(k) = p(k+1)/p(k).
std::vector<double> pmf_from_mode(std::int64_t n, std::int64_t mode, double log_p_mode,
                                  const std::function<double(std::int64_t)>& ratio) {
  std::vector<double> p(static_cast<std::size_t>(n + 1), 0.0);
  p[static_cast<std::size_t>(mode)] = std::exp(log_p_mode);
  for (std::int64_t k = mode; k < n; ++k) {
    p[static_cast<std::size_t>(k + 1)] = p[static_cast<std::size_t>(k)] * ratio(k);
    if (p[static_cast<std::size_t>(k + 1)] < 1e-300) break;
  }
  for (std::int64_t k = mode; k > 0; --k) {
    p[static_cast<std::size_t>(k - 1)] = p[static_cast<std::size_t>(k)] / ratio(k - 1);
    if (p[static_cast<std::size_t>(k - 1)] < 1e-300) break;
  }
  return p;
}

// Poisson(mu) on 0..n_max (mass beyond is below 1e-300 for the means used): p(k+1)/p(k) = mu/(k+1).
std::vector<double> poisson_pmf(double mu) {
  const auto mode = static_cast<std::int64_t>(std::floor(mu));
  const auto n_max = static_cast<std::int64_t>(mu + 40 * std::sqrt(mu) + 60);
  const double lp = -mu + static_cast<double>(mode) * std::log(mu) - std::lgamma(static_cast<double>(mode) + 1);
  return pmf_from_mode(n_max, mode, lp, [mu](std::int64_t k) { return mu / static_cast<double>(k + 1); });
}

// Binomial(n, p): p(k+1)/p(k) = (n-k)/(k+1) * p/(1-p).
std::vector<double> binomial_pmf(std::int64_t n, double p) {
  const auto mode = static_cast<std::int64_t>(std::floor(static_cast<double>(n + 1) * p));
  const auto m = std::min(mode, n);
  const double nd = static_cast<double>(n), md = static_cast<double>(m);
  const double lp = std::lgamma(nd + 1) - std::lgamma(md + 1) - std::lgamma(nd - md + 1) + md * std::log(p) +
                    (nd - md) * std::log1p(-p);
  return pmf_from_mode(n, m, lp, [n, p](std::int64_t k) {
    return static_cast<double>(n - k) / static_cast<double>(k + 1) * p / (1 - p);
  });
}

struct Fit {
  double chi2 = 0;
  int df = 0;
  double mean = 0, variance = 0;
};

// Draws `draws` values, bins them by value, and merges bins from each tail inwards until
// every bin expects at least 5 counts (the usual rule for Pearson's test). df = bins - 1.
Fit fit(const std::vector<double>& pmf, int draws, const std::function<std::int64_t()>& sample) {
  std::vector<double> counts(pmf.size(), 0.0);
  double sum = 0, sum2 = 0;
  std::int64_t outside = 0;
  for (int i = 0; i < draws; ++i) {
    const std::int64_t x = sample();
    sum += static_cast<double>(x);
    sum2 += static_cast<double>(x) * static_cast<double>(x);
    if (x < 0 || x >= static_cast<std::int64_t>(pmf.size())) {
      ++outside;
      continue;
    }
    counts[static_cast<std::size_t>(x)] += 1;
  }
  EXPECT_EQ(outside, 0) << "draws outside the support";
  // Bins: [lo_b, hi_b] contiguous; the first absorbs the lower tail, the last the upper tail.
  std::vector<double> exp_bins, obs_bins;
  double e_acc = 0, o_acc = 0;
  for (std::size_t k = 0; k < pmf.size(); ++k) {
    e_acc += pmf[k] * draws;
    o_acc += counts[k];
    if (e_acc >= 5) {
      exp_bins.push_back(e_acc);
      obs_bins.push_back(o_acc);
      e_acc = o_acc = 0;
    }
  }
  // The leftover upper tail joins the last bin (its expectation is below 5).
  if (!exp_bins.empty()) {
    exp_bins.back() += e_acc;
    obs_bins.back() += o_acc;
  }
  Fit f;
  for (std::size_t b = 0; b < exp_bins.size(); ++b) {
    const double d = obs_bins[b] - exp_bins[b];
    f.chi2 += d * d / exp_bins[b];
  }
  f.df = static_cast<int>(exp_bins.size()) - 1;
  f.mean = sum / draws;
  f.variance = (sum2 - draws * f.mean * f.mean) / (draws - 1);
  return f;
}

// Margins for the sample mean and variance, 5 standard errors each:
// se(mean) = sqrt(var / M); se(s^2) = sqrt((mu4 - var^2) / M), with mu4 the 4th central
// moment (Poisson: 3 mu^2 + mu; binomial: npq (1 + 3 (n-2) pq)).
void check_moments(const Fit& f, double mean, double var, double mu4, int draws) {
  const double se_mean = std::sqrt(var / draws), se_var = std::sqrt((mu4 - var * var) / draws);
  EXPECT_NEAR(f.mean, mean, 5 * se_mean);
  EXPECT_NEAR(f.variance, var, 5 * se_var);
}

// Each case at a fixed seed; the critical value is the 1% point for the case's df.
// With 200,000 draws the binned df are (found by the merging rule above, asserted so that a
// change of binning is noticed), with the 1% critical values:
//   mean 0.5 -> df 5, 15.086;  5 -> df 16, 32.000;  11.9 -> df 27, 46.963;
//   12 -> df 27, 46.963;  40 -> df 51, 77.40 (W-H);  400 -> df 152, 195.49 (W-H).
struct PoissonCase {
  double mean;
  int df;
};

class PoissonFit : public ::testing::TestWithParam<PoissonCase> {};

TEST_P(PoissonFit, MatchesExactPmf) {
  const PoissonCase c = GetParam();
  const int draws = 200000;
  Rng rng(20260101, static_cast<std::uint64_t>(c.mean * 1000));
  const Fit f = fit(poisson_pmf(c.mean), draws, [&] { return rng.poisson(c.mean); });
  EXPECT_EQ(f.df, c.df);
  EXPECT_LT(f.chi2, chi2_critical_1pct(f.df)) << "mean " << c.mean << ", df " << f.df;
  std::printf("poisson mean %g: chi2 %.2f, df %d, critical %.2f\n", c.mean, f.chi2, f.df, chi2_critical_1pct(f.df));
  check_moments(f, c.mean, c.mean, 3 * c.mean * c.mean + c.mean, draws);
}

// Below 12: inversion; 12 and above: PTRS.
INSTANTIATE_TEST_SUITE_P(BothAlgorithms, PoissonFit,
                         ::testing::Values(PoissonCase{0.5, 5}, PoissonCase{5, 16}, PoissonCase{11.9, 27},
                                           PoissonCase{12, 27}, PoissonCase{40, 51}, PoissonCase{400, 152}),
                         [](const ::testing::TestParamInfo<PoissonCase>& p_info) {
                           std::string name = "mean_" + std::to_string(p_info.param.mean);
                           for (char& c : name)
                             if (c == '.') c = '_';
                           return name;
                         });

// The test has power: Poisson(40) draws against the pmf of Poisson(41) (a 2.5% error in the
// mean) are rejected at 1%, and so are Binomial(20000, 0.3) split-path draws against (20000, 0.303).
TEST(ChiSquarePower, RejectsAWrongPmf) {
  Rng rng(5, 5);
  const Fit f = fit(poisson_pmf(41), 200000, [&] { return rng.poisson(40); });
  EXPECT_GT(f.chi2, chi2_critical_1pct(f.df)) << "df " << f.df;
  const Fit g = fit(binomial_pmf(20000, 0.303), 50000, [&] { return rng.binomial(20000, 0.3); });
  EXPECT_GT(g.chi2, chi2_critical_1pct(g.df)) << "df " << g.df;
}

struct BinomialCase {
  std::int64_t n;
  double p;
  int draws;
  int df;
};

class BinomialFit : public ::testing::TestWithParam<BinomialCase> {};

// Cases: plain inversion (10, 0.3), (50, 0.5), (1000, 0.02); the symmetry path p > 1/2
// (40, 0.8); the split path where n (-log(1-p)) > 600: (100000, 0.01) splits once,
// (20000, 0.3) splits four levels deep, (20000, 0.7) takes symmetry then split.
// df and 1% critical values: (10, 0.3) df 9, 21.666; (50, 0.5) df 28, 48.278; (40, 0.8)
// df 19, 36.191; (1000, 0.02) df 35, 57.36 (W-H); (100000, 0.01) df 221, 272.84 (W-H);
// (20000, 0.3) and (20000, 0.7) df 403, 471.98 (W-H).
TEST_P(BinomialFit, MatchesExactPmf) {
  const BinomialCase c = GetParam();
  Rng rng(777, static_cast<std::uint64_t>(c.n), static_cast<std::uint64_t>(c.p * 1000));
  const Fit f = fit(binomial_pmf(c.n, c.p), c.draws, [&] { return rng.binomial(c.n, c.p); });
  EXPECT_EQ(f.df, c.df);
  EXPECT_LT(f.chi2, chi2_critical_1pct(f.df)) << "n " << c.n << ", p " << c.p << ", df " << f.df;
  std::printf("binomial n %lld p %g: chi2 %.2f, df %d, critical %.2f\n", static_cast<long long>(c.n), c.p, f.chi2, f.df,
              chi2_critical_1pct(f.df));
  const double nd = static_cast<double>(c.n), v = nd * c.p * (1 - c.p);
  check_moments(f, nd * c.p, v, v * (1 + 3 * (nd - 2) * c.p * (1 - c.p)), c.draws);
}

INSTANTIATE_TEST_SUITE_P(AllPaths, BinomialFit,
                         ::testing::Values(BinomialCase{10, 0.3, 200000, 9}, BinomialCase{50, 0.5, 200000, 28},
                                           BinomialCase{40, 0.8, 200000, 19}, BinomialCase{1000, 0.02, 200000, 35},
                                           BinomialCase{100000, 0.01, 100000, 221},
                                           BinomialCase{20000, 0.3, 50000, 403},
                                           BinomialCase{20000, 0.7, 50000, 403}),
                         [](const ::testing::TestParamInfo<BinomialCase>& p_info) {
                           std::string name = "n_" + std::to_string(p_info.param.n) + "_p_" + std::to_string(p_info.param.p);
                           for (char& c : name)
                             if (c == '.') c = '_';
                           return name;
                         });

}  // namespace
