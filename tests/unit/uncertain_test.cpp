// Uncertain inputs (MODEL.md 17, issue 14 item 1): each sampler against its exact CDF,
// written out here independently of parley's own (Kolmogorov-Smirnov at the 1% level), the
// scenario syntax and its located errors, and property 20: a distribution fixed at a point
// gives the runs of the plain number, a spread widens the outcomes, and variants stay paired.
#include <gtest/gtest.h>

#include "parley/hash.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "parley/experiment.hpp"
#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"
#include "parley/uncertain.hpp"

namespace {

using namespace parley;

// Kolmogorov-Smirnov statistic of the sample against the CDF F.
double ks_statistic(std::vector<double> xs, const std::function<double(double)>& F) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double d = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double f = F(xs[i]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return d;
}

// The 1% critical value of the one-sample KS test for large n: 1.628 / sqrt(n)
// (Smirnov's limiting distribution; e.g. Massey 1951, table 1).
double ks_critical_1pct(std::size_t n) { return 1.628 / std::sqrt(static_cast<double>(n)); }

std::vector<double> sample(const Distribution& d, std::size_t n, std::uint64_t seed) {
  Rng rng(seed, 99);
  std::vector<double> xs(n);
  for (double& x : xs) x = d.draw(rng);
  return xs;
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// Beta(a, b) CDF by Simpson's rule on the density after t = s^2, which makes the integrand
// smooth at 0 for shapes a >= 1/2 (independent of parley's continued fraction).
double beta_cdf_by_quadrature(double a, double b, double x, int n = 200) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double log_norm = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b);
  auto f = [&](double u) {  // pdf(u^2) * 2u
    if (u <= 0) return 0.0;
    const double t = u * u;
    return 2 * u * std::exp(log_norm + (a - 1) * std::log(t) + (b - 1) * std::log1p(-t));
  };
  const double top = std::sqrt(x), h = top / n;  // n even
  double sum = f(0) + f(top);
  for (int i = 1; i < n; ++i) sum += (i % 2 ? 4 : 2) * f(i * h);
  return sum * h / 3;
}

constexpr std::size_t kN = 20000;

TEST(UncertainSamplers, UniformMatchesItsCdf) {
  Distribution d{DistributionKind::uniform, 0, 0, 2, 5};
  auto xs = sample(d, kN, 1);
  EXPECT_LT(ks_statistic(xs, [](double x) { return std::clamp((x - 2) / 3, 0.0, 1.0); }), ks_critical_1pct(kN));
}

TEST(UncertainSamplers, TruncatedNormalMatchesItsCdf) {
  // normal(10, 2) truncated to [7, 16]: F(x) = (Phi((x-10)/2) - Phi(-1.5)) / (Phi(3) - Phi(-1.5)).
  Distribution d{DistributionKind::normal, 10, 2, 7, 16};
  auto xs = sample(d, kN, 2);
  const double lo = normal_cdf(-1.5), hi = normal_cdf(3);
  auto F = [&](double x) { return std::clamp((normal_cdf((x - 10) / 2) - lo) / (hi - lo), 0.0, 1.0); };
  EXPECT_LT(ks_statistic(xs, F), ks_critical_1pct(kN));
  for (double x : xs) ASSERT_TRUE(x >= 7 && x <= 16) << x;
  // Far in the upper tail (both bounds above the mean): [14, 20] of normal(10, 1).
  Distribution tail{DistributionKind::normal, 10, 1, 14, 20};
  auto ts = sample(tail, kN, 3);
  auto Ft = [&](double x) {
    // 1 - F written with the upper tail, where the digits are: Q(z) = Phi(-z).
    return std::clamp(1 - normal_cdf(-(x - 10)) / normal_cdf(-4.0), 0.0, 1.0);
  };
  EXPECT_LT(ks_statistic(ts, Ft), ks_critical_1pct(kN));
}

TEST(UncertainSamplers, LognormalMatchesItsCdf) {
  // median 1000, sigma 0.5: F(x) = Phi(ln(x / 1000) / 0.5), untruncated ([0, inf)).
  Distribution d{DistributionKind::lognormal, 1000, 0.5, 0, INFINITY};
  auto xs = sample(d, kN, 4);
  EXPECT_LT(ks_statistic(xs, [](double x) { return normal_cdf(std::log(x / 1000) / 0.5); }), ks_critical_1pct(kN));
}

TEST(UncertainSamplers, BetaMatchesItsCdf) {
  for (auto [a, b] : {std::pair{2.0, 5.0}, std::pair{1.5, 1.5}}) {
    Distribution d{DistributionKind::beta, a, b, 10, 30};  // scaled to [10, 30]
    auto xs = sample(d, kN, 5);
    auto F = [&, a = a, b = b](double x) { return beta_cdf_by_quadrature(a, b, (x - 10) / 20); };
    EXPECT_LT(ks_statistic(xs, F), ks_critical_1pct(kN)) << a << ", " << b;
    // parley's own CDF (a continued fraction) agrees with the quadrature
    for (double x : {12.0, 15.0, 20.0, 27.0})
      EXPECT_NEAR(d.cdf(x), beta_cdf_by_quadrature(a, b, (x - 10) / 20, 4000), 1e-9) << x;
  }
}

TEST(UncertainSamplers, BetaWithShapesBelowOneMatchesItsCdf) {
  // Beta(0.5, 0.5) is the arcsine law: F(x) = (2 / pi) asin(sqrt(x)).
  Distribution d{DistributionKind::beta, 0.5, 0.5, 0, 1};
  auto xs = sample(d, kN, 6);
  EXPECT_LT(ks_statistic(xs, [](double x) { return 2 / M_PI * std::asin(std::sqrt(std::clamp(x, 0.0, 1.0))); }),
            ks_critical_1pct(kN));
}

TEST(UncertainSamplers, TriangularMatchesItsCdf) {
  // [0, 2, 10]: F(x) = x^2 / 20 below the mode, 1 - (10 - x)^2 / 80 above.
  Distribution d{DistributionKind::triangular, 2, 0, 0, 10};
  auto xs = sample(d, kN, 7);
  auto F = [](double x) { return x <= 2 ? x * x / 20 : 1 - (10 - x) * (10 - x) / 80; };
  EXPECT_LT(ks_statistic(xs, F), ks_critical_1pct(kN));
}

TEST(UncertainSamplers, ChoiceFrequencies) {
  Distribution d{DistributionKind::choice};
  d.values = {1, 2, 3};
  d.weights = {1, 2, 7};
  auto xs = sample(d, kN, 8);
  std::vector<double> count(3, 0);
  for (double x : xs) count[static_cast<std::size_t>(x) - 1] += 1;
  // Chi-square with 2 degrees of freedom against 0.1, 0.2, 0.7; 9.21 is its 1% point.
  const double expected[] = {0.1, 0.2, 0.7};
  double chi2 = 0;
  for (int i = 0; i < 3; ++i) {
    const double e = expected[i] * kN;
    chi2 += (count[static_cast<std::size_t>(i)] - e) * (count[static_cast<std::size_t>(i)] - e) / e;
  }
  EXPECT_LT(chi2, 9.21);
}

TEST(UncertainSamplers, APointIsThatPoint) {
  Rng rng(1, 2);
  EXPECT_EQ((Distribution{DistributionKind::uniform, 0, 0, 0.0037, 0.0037}.draw(rng)), 0.0037);
  EXPECT_EQ((Distribution{DistributionKind::normal, 0.0037, 0, -INFINITY, INFINITY}.draw(rng)), 0.0037);
  Distribution one{DistributionKind::choice};
  one.values = {0.0037};
  EXPECT_EQ(one.draw(rng), 0.0037);
}

// ---------------------------------------------------------------------------------------
// The scenario format.

std::string two_party(const std::string& rebels_cost, const std::string& extra_variant = "") {
  return R"(
meta:
  name: Uncertain
  start: 2020-01
  months: 36
  parameters: {engagement_rate: 4.0, open_rate: 0.08}
issues: [{id: power, label: Power, status_quo: 0}]
camps:
  - {id: government, victory_terms: {power: 0}}
  - {id: insurgency, victory_terms: {power: 100}, disarms: true}
actors:
  - {id: gov, role: belligerent, camp: government, clout: 1.0, military_share: 0.7, positions: {power: 10},
     salience: {power: 0.9}, cost_of_war: 0.002, belief: {mean: 0.6, strength: 20}}
  - {id: rebels, role: belligerent, camp: insurgency, clout: 0.6, military_share: 0.9, positions: {power: 70},
     salience: {power: 1.0}, cost_of_war: )" +
         rebels_cost + R"(, belief: {mean: 0.55, strength: 20}}
regions:
  - {id: capital, population: 3000000, terrain: 0.2, control: {government: 0.95, insurgency: 0.05},
     forces: {gov: 20000, rebels: 2000}}
  - {id: mountains, population: 800000, terrain: 0.8, control: {government: 0.2, insurgency: 0.8},
     forces: {gov: 3000, rebels: 9000}}
talks: {participants: [gov, rebels], model: compromise}
variants:
  same: {description: identical to the base}
)" + extra_variant;
}

std::unique_ptr<ScenarioSet> load(const std::string& yaml) {
  LoadResult r = load_scenario_text(yaml, "inline.yaml");
  EXPECT_TRUE(r.scenarios.has_value()) << r.diagnostics.str();
  if (!r.scenarios) return nullptr;
  return std::make_unique<ScenarioSet>(std::move(*r.scenarios));
}

std::string errors_of(const std::string& yaml) { return load_scenario_text(yaml, "inline.yaml").diagnostics.str(); }

TEST(UncertainScenario, ReadsEachKindAndNamesItsPlace) {
  auto set = load(two_party("{triangular: [0.001, 0.003, 0.006]}"));
  ASSERT_TRUE(set);
  ASSERT_EQ(set->base.inputs.size(), 1u);
  EXPECT_EQ(set->base.inputs[0].name, "actors.rebels.cost_of_war");
  EXPECT_EQ(set->base.inputs[0].distribution.kind, DistributionKind::triangular);
  // The nominal value is the median: mode 0.003 is below the middle 0.0035, so
  // 0.006 - sqrt(0.005 * 0.003 / 2) = 0.0033377...
  EXPECT_NEAR(set->base.actors[1].cost_of_war, 0.006 - std::sqrt(0.005 * 0.003 / 2), 1e-12);
  EXPECT_EQ(set->variants[0].inputs.size(), 1u);  // the variant carries it too
}

TEST(UncertainScenario, LocatedErrors) {
  // Line 15 of the document holds the rebels' cost_of_war; its value starts at column 43.
  const std::string bad_range = errors_of(two_party("{uniform: [0.001, 11]}"));
  EXPECT_NE(bad_range.find("inline.yaml:15:43: error: actor 'rebels': 'cost_of_war': "), std::string::npos) << bad_range;
  EXPECT_NE(bad_range.find("the uniform's values run from 0.001 to 11, expected them inside the value's range [0, 10]"),
            std::string::npos) << bad_range;
  const std::string unbounded = errors_of(two_party("{normal: {mean: 0.003, sd: 0.001}}"));
  EXPECT_NE(unbounded.find("give it a 'low' bound"), std::string::npos) << unbounded;
  const std::string reversed = errors_of(two_party("{uniform: [0.005, 0.001]}"));
  EXPECT_NE(reversed.find("low 0.005 is above high 0.001"), std::string::npos) << reversed;
  const std::string mode = errors_of(two_party("{triangular: [0.001, 0.009, 0.005]}"));
  EXPECT_NE(mode.find("expected low <= mode <= high"), std::string::npos) << mode;
  std::string months = two_party("0.003");
  months.replace(months.find("months: 36"), 10, "months: {uniform: [24, 36]}");
  const std::string unsupported = errors_of(months);
  EXPECT_NE(unsupported.find("inline.yaml:5:11: error: a distribution is not supported here"), std::string::npos)
      << unsupported;
}

// ---------------------------------------------------------------------------------------
// Property 20.

std::vector<RunResult> runs_of(const Scenario& s, int n, std::uint64_t seed) {
  std::vector<RunResult> out;
  for (int r = 0; r < n; ++r) out.push_back(simulate_run(s, RunOptions{seed, static_cast<std::uint64_t>(r), nullptr}));
  return out;
}

double variance_of_deaths(const std::vector<RunResult>& rs) {
  double m = 0, m2 = 0;
  for (const auto& r : rs) m += r.battle_deaths;
  m /= static_cast<double>(rs.size());
  for (const auto& r : rs) m2 += (r.battle_deaths - m) * (r.battle_deaths - m);
  return m2 / static_cast<double>(rs.size() - 1);
}

TEST(UncertainProperty20, APointDistributionGivesThePlainNumbersRuns) {
  auto plain = load(two_party("0.003"));
  auto point = load(two_party("{uniform: [0.003, 0.003]}"));
  auto point_normal = load(two_party("{normal: {mean: 0.003, sd: 0, low: 0, high: 10}}"));
  ASSERT_TRUE(plain && point && point_normal);
  const auto a = runs_of(plain->base, 200, 11), b = runs_of(point->base, 200, 11), c = runs_of(point_normal->base, 200, 11);
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].battle_deaths, b[i].battle_deaths) << "run " << i;
    ASSERT_EQ(a[i].outcome, b[i].outcome) << "run " << i;
    ASSERT_EQ(a[i].first_agreement, b[i].first_agreement) << "run " << i;
    ASSERT_EQ(a[i].battle_deaths, c[i].battle_deaths) << "run " << i;
    EXPECT_EQ(b[i].inputs, std::vector<double>{0.003});
  }
}

TEST(UncertainProperty20, ASpreadWidensTheOutcomes) {
  // The engagement rate uncertain over [2, 8] instead of fixed at 4, and the insurgents'
  // fighters in the mountains over [3000, 15000] instead of 9000: battle deaths scale with
  // both, so over 400 runs their variance must grow (the margin asks for a factor 1.5).
  std::string spread = two_party("0.003");
  spread.replace(spread.find("engagement_rate: 4.0"), 20, "engagement_rate: {uniform: [2, 8]}");
  spread.replace(spread.find("forces: {gov: 3000, rebels: 9000}"), 33,
                 "forces: {gov: 3000, rebels: {uniform: [3000, 15000]}}");
  auto fixed = load(two_party("0.003"));
  auto wide = load(spread);
  ASSERT_TRUE(fixed && wide);
  ASSERT_EQ(wide->base.inputs.size(), 2u);
  const double v_fixed = variance_of_deaths(runs_of(fixed->base, 400, 5));
  const double v_wide = variance_of_deaths(runs_of(wide->base, 400, 5));
  EXPECT_GT(v_wide, 1.5 * v_fixed) << "fixed " << v_fixed << ", wide " << v_wide;
}

TEST(UncertainProperty20, VariantsDrawTheSameAndStayPaired) {
  auto set = load(two_party("{uniform: [0.0005, 0.02]}", R"(  cheaper:
    actors:
      gov: {cost_of_war: 0.001}
)"));
  ASSERT_TRUE(set);
  const Scenario& same = *set->find("same");
  const Scenario& cheaper = *set->find("cheaper");
  const auto base = runs_of(set->base, 100, 3), twin = runs_of(same, 100, 3), other = runs_of(cheaper, 100, 3);
  for (std::size_t i = 0; i < base.size(); ++i) {
    ASSERT_EQ(base[i].inputs, twin[i].inputs);
    ASSERT_EQ(base[i].inputs, other[i].inputs) << "every variant draws the same value in run " << i;
    ASSERT_EQ(base[i].battle_deaths, twin[i].battle_deaths) << "an identical variant gives zero difference";
  }
  // Runs differ from each other: the draws are per run.
  EXPECT_NE(base[0].inputs, base[1].inputs);
}

TEST(UncertainProperty20, SameResultsWhateverTheThreadCount) {
  auto set = load(two_party("{beta: {a: 2, b: 5, low: 0.0005, high: 0.02}}"));
  ASSERT_TRUE(set);
  std::vector<double> one, four;
  for (unsigned threads : {1u, 4u}) {
    ExperimentPlan plan;
    plan.variants = {&set->base};
    plan.runs = 64;
    plan.seed = 9;
    plan.threads = threads;
    plan.monthly = false;
    auto& sink = threads == 1 ? one : four;
    ExperimentHooks hooks;
    hooks.sink = [&](RunRecord&& rec) { sink.push_back(rec.result.battle_deaths + rec.result.inputs[0]); };
    EXPECT_EQ(run_experiment(plan, hooks), 64u);
  }
  std::sort(one.begin(), one.end());
  std::sort(four.begin(), four.end());
  EXPECT_EQ(one, four);
}

}  // namespace

// The posterior's sub-stream key is what its comment says it is (parley/uncertain.hpp).
TEST(Uncertain, PosteriorStreamKeyIsTheHashOfItsName) {
  EXPECT_EQ(parley::fnv1a64("posterior"), parley::kPosteriorStreamKey);
}
