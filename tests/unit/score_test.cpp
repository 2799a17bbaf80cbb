// Proper scores and baselines (parley/score.hpp) against hand calculations written out here,
// and one statistical check of the ensemble CRPS against the normal distribution's closed form.
#include "parley/score.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "parley/uncertain.hpp"

namespace {

using parley::Baseline;
using parley::TimedValue;

constexpr double kEps = 1e-12;

TEST(Crps, ThreeMembersByHand) {
  // {1,2,3} at y = 2: E|X - y| = (1 + 0 + 1)/3 = 2/3; E|X - X'| = (0+1+2 + 1+0+1 + 2+1+0)/9 = 8/9;
  // CRPS = 2/3 - 4/9 = 2/9. Order does not matter.
  EXPECT_NEAR(parley::crps_ensemble({1, 2, 3}, 2), 2.0 / 9, kEps);
  EXPECT_NEAR(parley::crps_ensemble({3, 1, 2}, 2), 2.0 / 9, kEps);
  EXPECT_NEAR(parley::crps_sorted({1, 2, 3}, 2), 2.0 / 9, kEps);
  // Repeating every member leaves the empirical distribution, and so the score, unchanged.
  EXPECT_NEAR(parley::crps_ensemble({1, 1, 2, 2, 3, 3}, 2), 2.0 / 9, kEps);
}

TEST(Crps, TwoMembersByTheIntegral) {
  // {0, 4} at y = 1: F = 1/2 on [0, 4). The integral of (F - 1{x >= 1})^2 is
  // 1 * (1/2)^2 + 3 * (1/2)^2 = 1; the energy form: (1 + 3)/2 - (1/2)(8/4) = 1.
  EXPECT_NEAR(parley::crps_ensemble({0, 4}, 1), 1.0, kEps);
  // y outside the ensemble: the integral of F^2 ... = |mean - y| + spread term: {0, 4} at 6:
  // (6 + 2)/2 - 1 = 3 (by the integral: 4 * 1/4 + 2 * 1 = 3).
  EXPECT_NEAR(parley::crps_ensemble({0, 4}, 6), 3.0, kEps);
}

TEST(Crps, OneMemberIsTheAbsoluteError) {
  EXPECT_NEAR(parley::crps_ensemble({5}, 2), 3.0, kEps);
  EXPECT_NEAR(parley::crps_ensemble({-1.5}, 2), 3.5, kEps);
  EXPECT_TRUE(std::isnan(parley::crps_ensemble({}, 2)));
}

TEST(Crps, FairVersionByHand) {
  // {1,2,3} at 2: the distinct pairs give E|X - X'| = 8/6, so 2/3 - 2/3 = 0.
  EXPECT_NEAR(parley::crps_ensemble_fair({1, 2, 3}, 2), 0.0, kEps);
  EXPECT_TRUE(std::isnan(parley::crps_ensemble_fair({1}, 2)));
}

TEST(Crps, WeightedByHand) {
  // {0, 4} with weights 3:1 at y = 1: F = 3/4 on [0, 4): 1 * (3/4)^2 + 3 * (1/4)^2 = 0.75;
  // energy form: (0.75 * 1 + 0.25 * 3) - (1/2)(2 * 0.75 * 0.25 * 4) = 1.5 - 0.75.
  EXPECT_NEAR(parley::crps_weighted({0, 4}, {3, 1}, 1), 0.75, kEps);
  EXPECT_NEAR(parley::crps_weighted({4, 0}, {0.25, 0.75}, 1), 0.75, kEps);
  // Equal weights are the unweighted score; all weight on one member is its absolute error.
  EXPECT_NEAR(parley::crps_weighted({1, 2, 3}, {2, 2, 2}, 2), 2.0 / 9, kEps);
  EXPECT_NEAR(parley::crps_weighted({1, 2, 3}, {0, 0, 1}, 0.5), 2.5, kEps);
  EXPECT_THROW(parley::crps_weighted({1, 2}, {1}, 0), std::invalid_argument);
}

// The statistical check: the CRPS of N(mu, sigma^2) at y is
// sigma (z (2 Phi(z) - 1) + 2 phi(z) - 1/sqrt(pi)), z = (y - mu)/sigma (Gneiting and Raftery
// 2007). An ensemble of 200,000 draws: the estimator's standard error is about
// sd(|X - y|)/sqrt(n) < 0.6 sigma / 447 = 0.0027 at sigma = 2, and its bias sigma/(sqrt(pi) n)
// is negligible; the margin is 0.015 (over five standard errors).
TEST(Crps, LargeNormalEnsembleMatchesTheClosedForm) {
  const double mu = 3, sigma = 2;
  const parley::Distribution normal{parley::DistributionKind::normal, mu, sigma, -INFINITY, INFINITY};
  parley::Rng rng(20261201, 1);
  std::vector<double> members(200000);
  for (double& x : members) x = normal.draw(rng);
  for (double y : {4.0, -1.0, 3.0, 9.5}) {
    const double z = (y - mu) / sigma;
    const double Phi = 0.5 * std::erfc(-z / std::sqrt(2.0));
    const double phi = std::exp(-z * z / 2) / std::sqrt(2 * M_PI);
    const double exact = sigma * (z * (2 * Phi - 1) + 2 * phi - 1 / std::sqrt(M_PI));
    EXPECT_NEAR(parley::crps_ensemble(members, y), exact, 0.015) << "y = " << y;
  }
}

TEST(Ignorance, BinsAndTheFloor) {
  const std::vector<double> edges{0, 1, 2, 3};
  const std::vector<double> members{0.5, 1.5, 1.5, 2.5};
  const auto p = parley::bin_probabilities(members, edges);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_NEAR(p[0], 0.25, kEps);
  EXPECT_NEAR(p[1], 0.5, kEps);
  EXPECT_NEAR(p[2], 0.25, kEps);
  // y = 1.7 falls in [1, 2), probability 1/2: one bit. Bins are closed below.
  EXPECT_NEAR(parley::ignorance_ensemble(members, edges, 1.7, 1e-3), 1.0, kEps);
  EXPECT_NEAR(parley::ignorance_ensemble(members, edges, 1.0, 1e-3), 1.0, kEps);
  // The last edge belongs to the last bin: 2 bits.
  EXPECT_NEAR(parley::ignorance_ensemble(members, edges, 3.0, 1e-3), 2.0, kEps);
  // Outside every bin, or in an empty bin: the floor. -log2(0.001) = 9.965784...
  EXPECT_NEAR(parley::ignorance_ensemble(members, edges, 3.5), -std::log2(0.001), kEps);
  EXPECT_NEAR(parley::ignorance_ensemble(members, {0, 1, 2, 3, 4}, 3.5, 0.01), 6.643856189774724, 1e-9);
  EXPECT_NEAR(parley::ignorance({0.2, 0.8}, std::nullopt, 0.05), -std::log2(0.05), kEps);
  EXPECT_FALSE(parley::bin_of(edges, -0.1).has_value());
  EXPECT_EQ(*parley::bin_of(edges, 2.0), 2u);
  EXPECT_EQ(*parley::bin_of({-INFINITY, 0, INFINITY}, -1e300), 0u);
}

TEST(Coverage, CentralIntervalsByHand) {
  // Members 0..100: the type-7 quantiles are q(0.25) = 25, q(0.75) = 75, q(0.05) = 5,
  // q(0.95) = 95. Observations 50 (in both), 80 (in the 90% only), 99 (in neither), 25 (on
  // the 50% bound: in, the intervals are closed): coverage 2/4 and 3/4.
  std::vector<double> members;
  for (int i = 0; i <= 100; ++i) members.push_back(i);
  const std::vector<std::vector<double>> ens(4, members);
  const auto c = parley::coverage(ens, {50, 80, 99, 25});
  EXPECT_EQ(c.n, 4u);
  EXPECT_NEAR(c.central50, 0.5, kEps);
  EXPECT_NEAR(c.central90, 0.75, kEps);
  EXPECT_TRUE(parley::in_central_interval(members, 95, 0.9));
  EXPECT_FALSE(parley::in_central_interval(members, 95.5, 0.9));
  // Interpolation between order statistics: {0, 10} has q(0.25) = 2.5.
  EXPECT_NEAR(parley::ensemble_quantile({0, 10}, 0.25), 2.5, kEps);
}

TEST(Pit, TiesAreRandomised) {
  parley::Rng rng(7);
  // No member at y: F(y) exactly, whatever the draw.
  EXPECT_NEAR(parley::pit({1, 2, 3}, 2.5, rng), 2.0 / 3, kEps);
  EXPECT_NEAR(parley::pit({1, 2, 3}, 0, rng), 0.0, kEps);
  EXPECT_NEAR(parley::pit({1, 2, 3}, 4, rng), 1.0, kEps);
  // One member at y: uniform on [F(y-), F(y)] = [1/3, 2/3].
  for (int i = 0; i < 100; ++i) {
    const double v = parley::pit({1, 2, 3}, 2, rng);
    EXPECT_GE(v, 1.0 / 3);
    EXPECT_LE(v, 2.0 / 3);
  }
  // Every member at y (a discrete forecast that is right): uniform on [0, 1], mean 1/2
  // (2,000 draws: standard error 0.0065, margin 0.03).
  double sum = 0;
  for (int i = 0; i < 2000; ++i) sum += parley::pit({5, 5, 5}, 5, rng);
  EXPECT_NEAR(sum / 2000, 0.5, 0.03);
  // The same stream gives the same values.
  parley::Rng a(11), b(11);
  EXPECT_EQ(parley::pit_values({{5, 5}, {1, 5}}, {5, 5}, a), parley::pit_values({{5, 5}, {1, 5}}, {5, 5}, b));
}

TEST(Milestones, BrierAndLogByHand) {
  EXPECT_NEAR(parley::brier(0.7, true), 0.09, kEps);
  EXPECT_NEAR(parley::brier(0.7, false), 0.49, kEps);
  EXPECT_NEAR(parley::brier(1.0, true), 0.0, kEps);
  EXPECT_NEAR(parley::brier(0.5, false), 0.25, kEps);
  EXPECT_NEAR(parley::mean_brier({0.7, 0.7, 0.5}, {true, false, false}), (0.09 + 0.49 + 0.25) / 3, kEps);
  EXPECT_NEAR(parley::log_score(0.5, true), 1.0, kEps);
  EXPECT_NEAR(parley::log_score(0.25, false), -std::log2(0.75), kEps);
  // A certain forecast that is wrong scores the floor, not infinity.
  EXPECT_NEAR(parley::log_score(0.0, true), -std::log2(1e-3), kEps);
  EXPECT_NEAR(parley::log_score(1.0, false, 0.01), -std::log2(0.01), kEps);
  EXPECT_NEAR(parley::mean_log_score({0.5, 0.25}, {true, false}), (1 - std::log2(0.75)) / 2, kEps);
  EXPECT_DOUBLE_EQ(parley::milestone_base_rate(std::nullopt), 0.5);
  EXPECT_DOUBLE_EQ(parley::milestone_base_rate(0.3), 0.3);
}

TEST(Milestones, CrpsOfTheTimeToTheEventByHand) {
  // Runs with the event at months 2 and 4 and one without; window [0, 6]. F = 0 on [0, 2),
  // 1/3 on [2, 4), 2/3 on [4, 6]. Observed at 3: 1 (1/3)^2 + 1 (2/3)^2 + 2 (1/3)^2 = 7/9.
  const std::vector<std::optional<double>> runs{2.0, 4.0, std::nullopt};
  EXPECT_NEAR(parley::crps_event_time(runs, 3.0, 0, 6), 7.0 / 9, kEps);
  // Not observed by the end: 2 (1/3)^2 + 2 (2/3)^2 = 10/9.
  EXPECT_NEAR(parley::crps_event_time(runs, std::nullopt, 0, 6), 10.0 / 9, kEps);
  // Observed before the window: the indicator is 1 throughout: 2 (1)^2 + 2 (2/3)^2 + 2 (1/3)^2.
  EXPECT_NEAR(parley::crps_event_time(runs, -1.0, 0, 6), 2 + 8.0 / 9 + 2.0 / 9, kEps);
  // No censoring and a window around everything: the ensemble CRPS of the times.
  EXPECT_NEAR(parley::crps_event_time({1.0, 2.0, 3.0}, 2.0, 0, 10), parley::crps_ensemble({1, 2, 3}, 2), kEps);
  EXPECT_TRUE(std::isnan(parley::crps_event_time({}, 2.0, 0, 10)));
}

// The pre-origin series of the baseline tests: (1, 1), (2, 3), (3, 2), and a point at the
// origin (4, 100) that a baseline must never see.
const std::vector<TimedValue> kSeries{{1, 1}, {2, 3}, {3, 2}, {4, 100}};

TEST(Baselines, TrendOnThreePointsByHand) {
  // Mean time 2, mean value 2; Stt = 1 + 0 + 1 = 2, Stv = (-1)(-1) + 0(1) + (1)(0) = 1:
  // slope 1/2, intercept 1; fitted 1.5, 2, 2.5; residuals -0.5, 1, -0.5.
  const auto fit = parley::fit_line(parley::before_origin(kSeries, 4));
  EXPECT_NEAR(fit.slope, 0.5, kEps);
  EXPECT_NEAR(fit.intercept, 1.0, kEps);
  ASSERT_EQ(fit.residuals.size(), 3u);
  EXPECT_NEAR(fit.residuals[0], -0.5, kEps);
  EXPECT_NEAR(fit.residuals[1], 1.0, kEps);
  EXPECT_NEAR(fit.residuals[2], -0.5, kEps);
  // At time 5: 1 + 5/2 = 3.5; as a point, and with the residuals as its spread.
  EXPECT_EQ(parley::baseline_ensemble(Baseline::trend, kSeries, 4, 5, {0, false}), (std::vector<double>{3.5}));
  EXPECT_EQ(parley::baseline_ensemble(Baseline::trend, kSeries, 4, 5, {0, true}), (std::vector<double>{3.0, 4.5, 3.0}));
  // The point baseline's CRPS is its absolute error.
  EXPECT_NEAR(parley::crps_ensemble(parley::baseline_ensemble(Baseline::trend, kSeries, 4, 5, {0, false}), 5), 1.5, kEps);
  // A window of two points: the line through (2, 3) and (3, 2) gives 1 at time 4; two points
  // have no residuals to spread.
  EXPECT_EQ(parley::baseline_ensemble(Baseline::trend, kSeries, 4, 4, {2, true}), (std::vector<double>{1.0}));
}

TEST(Baselines, PersistenceAndClimatologyByHand) {
  // The last value before the origin is 2 (the 100 at the origin is not seen).
  EXPECT_EQ(parley::baseline_ensemble(Baseline::persistence, kSeries, 4, 4, {0, false}), (std::vector<double>{2}));
  // One step ahead with spread: 2 plus the one-step changes +2 and -1.
  EXPECT_EQ(parley::baseline_ensemble(Baseline::persistence, kSeries, 4, 4, {0, true}), (std::vector<double>{4, 1}));
  // Two steps ahead: 2 plus the one two-step change, 2 - 1 = +1.
  EXPECT_EQ(parley::baseline_ensemble(Baseline::persistence, kSeries, 4, 5, {0, true}), (std::vector<double>{3}));
  // Climatology: the pre-origin values, or the last k of them.
  EXPECT_EQ(parley::baseline_ensemble(Baseline::climatology, kSeries, 4, 6, {}), (std::vector<double>{1, 3, 2}));
  EXPECT_EQ(parley::baseline_ensemble(Baseline::climatology, kSeries, 4, 6, {2, true}), (std::vector<double>{3, 2}));
  EXPECT_TRUE(parley::baseline_ensemble(Baseline::climatology, kSeries, 1, 6, {}).empty());
}

TEST(Skill, AgainstTheBestBaseline) {
  EXPECT_NEAR(parley::skill(1, 2), 0.5, kEps);
  EXPECT_NEAR(parley::skill(3, 2), -0.5, kEps);
  EXPECT_TRUE(std::isnan(parley::skill(1, 0)));
  EXPECT_NEAR(parley::skill_vs_best(1, {4, 2, NAN}), 0.5, kEps);
}

TEST(ScoreQuantity, ForecastAndBaselinesOnTheSamePeriods) {
  // Forecast for times 4 and 5 (and 6, which has no observation); observed 4 and 5 there.
  std::vector<TimedValue> obs{{1, 1}, {2, 3}, {3, 2}, {4, 4}, {5, 5}};
  std::vector<parley::PeriodForecast> f{{4, {3, 4, 5}}, {5, {4, 5, 6}}, {6, {1}}};
  parley::ScoreOptions o;
  o.origin = 4;
  o.bin_edges = {0, 2, 4, 6, 8};
  o.baseline.spread = false;
  parley::Rng rng(3);
  const auto r = parley::score_quantity(f, obs, o, rng);
  EXPECT_EQ(r.forecast.periods, 2u);
  EXPECT_NEAR(r.forecast.crps, 2.0 / 9, kEps);  // each period is {y-1, y, y+1} at y
  // Both observations sit in the bin [4, 6), which holds 2 of 3 members at time 4 and 2 of 3 at 5.
  EXPECT_NEAR(r.forecast.ignorance, -std::log2(2.0 / 3), kEps);
  ASSERT_EQ(r.baselines.size(), 3u);
  // Persistence (point 2): errors 2 and 3; trend (1 + t/2: 3 at 4, 3.5 at 5): 1 and 1.5;
  // climatology {1, 3, 2}: CRPS at 4 = 2 - 4/9, at 5 = 3 - 4/9. The best is the trend.
  EXPECT_NEAR(r.baselines[0].scores.crps, 2.5, kEps);
  EXPECT_NEAR(r.baselines[1].scores.crps, 1.25, kEps);
  EXPECT_NEAR(r.baselines[2].scores.crps, 2.5 - 4.0 / 9, kEps);
  EXPECT_NEAR(r.crps_skill, 1 - (2.0 / 9) / 1.25, kEps);
  EXPECT_EQ(r.forecast.pit.size(), 2u);
}

}  // namespace
