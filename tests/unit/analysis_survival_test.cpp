// Kaplan-Meier curves, medians and streamed means against examples computed by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "parley/analysis.hpp"

namespace {

using parley::Observation;

// Seven runs: agreement at months 2, 4, 4, 6; runs censored (no agreement yet) at 3, 5, 8.
//
//   t  at risk  events  censored  S(t)                        Greenwood sum d/(n(n-d))
//   2     7       1        0      6/7           = 0.857143    1/(7*6)  = 0.0238095
//   3     6       0        1      0.857143                    0.0238095
//   4     5       2        0      6/7 * 3/5     = 0.514286    + 2/(5*3) = 0.1571429
//   5     3       0        1      0.514286                    0.1571429
//   6     2       1        0      0.514286*1/2  = 0.257143    + 1/(2*1) = 0.6571429
//   8     1       0        1      0.257143                    0.6571429
//
// Log-log band at t = 2: log S = -0.1541507, se = sqrt(0.0238095)/0.1541507 = 1.0009904,
// c = exp(1.959964 * 1.0009904) = 7.1129; lower = S^c = 0.33405, upper = S^(1/c) = 0.97856.
// The median is 6 (the first time S <= 0.5).
std::vector<Observation> seven() {
  return {{2, true}, {3, false}, {4, true}, {4, true}, {5, false}, {6, true}, {8, false}};
}

TEST(KaplanMeier, MatchesTheHandComputation) {
  auto curve = parley::kaplan_meier(seven());
  ASSERT_EQ(curve.size(), 6u);
  const int times[] = {2, 3, 4, 5, 6, 8};
  const long at_risk[] = {7, 6, 5, 3, 2, 1};
  const double s[] = {6.0 / 7, 6.0 / 7, 18.0 / 35, 18.0 / 35, 9.0 / 35, 9.0 / 35};
  for (std::size_t i = 0; i < curve.size(); ++i) {
    EXPECT_EQ(curve[i].time, times[i]);
    EXPECT_EQ(curve[i].at_risk, at_risk[i]);
    EXPECT_NEAR(curve[i].survival, s[i], 1e-12);
  }
  EXPECT_EQ(curve[2].events, 2);
  EXPECT_EQ(curve[5].censored, 1);
  EXPECT_NEAR(curve[0].lower, 0.33405, 5e-5);
  EXPECT_NEAR(curve[0].upper, 0.97856, 5e-5);
}

TEST(KaplanMeier, MedianAndItsInterval) {
  auto m = parley::median_time(parley::kaplan_meier(seven()));
  ASSERT_TRUE(m.median);
  EXPECT_EQ(*m.median, 6);
  // Lower band at t = 2 is 0.334 <= 0.5, so the interval starts at 2; the upper band at 8 is
  // S^(1/c) with Greenwood sum 0.657: se = sqrt(0.657)/1.358 = 0.597, c = 3.22,
  // 0.257^(1/3.22) = 0.656 > 0.5: the upper end is not reached.
  ASSERT_TRUE(m.lower);
  EXPECT_EQ(*m.lower, 2);
  EXPECT_FALSE(m.upper);
}

TEST(KaplanMeier, AllCensoredAtTheHorizonIsTheEmpiricalSurvival) {
  // Four of ten runs agree (months 1, 1, 3, 7), six have none by the horizon, 12.
  std::vector<Observation> obs{{1, true}, {1, true}, {3, true}, {7, true}};
  for (int i = 0; i < 6; ++i) obs.push_back({12, false});
  auto curve = parley::kaplan_meier(obs);
  ASSERT_EQ(curve.size(), 4u);
  EXPECT_DOUBLE_EQ(curve[0].survival, 0.8);
  EXPECT_DOUBLE_EQ(curve[1].survival, 0.7);
  EXPECT_DOUBLE_EQ(curve[2].survival, 0.6);
  EXPECT_DOUBLE_EQ(curve[3].survival, 0.6);
  EXPECT_FALSE(parley::median_time(curve).median);
}

TEST(MeanInterval, WelfordAgreesWithTheTwoPassFormula) {
  parley::MeanInterval m;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) m.add(x);
  // mean 5, sum of squares 32, sample variance 32/7
  EXPECT_DOUBLE_EQ(m.mean(), 5.0);
  EXPECT_NEAR(m.sd(), std::sqrt(32.0 / 7), 1e-12);
  EXPECT_NEAR(m.half_width(), 1.959963984540054 * std::sqrt(32.0 / 7) / std::sqrt(8.0), 1e-12);
}

TEST(Histograms, BinsAreWhereTheDocumentationSays) {
  EXPECT_EQ(parley::LogHistogram::bin(0), 0);
  EXPECT_EQ(parley::LogHistogram::bin(0.99), 0);
  EXPECT_EQ(parley::LogHistogram::bin(1), 1);
  EXPECT_EQ(parley::LogHistogram::bin(100), 101);       // log10 = 2, 2 / 0.02 = 100
  EXPECT_EQ(parley::LogHistogram::bin(1e12), parley::LogHistogram::kBins - 1);
  EXPECT_NEAR(parley::LogHistogram::bin_low(101), 100, 1e-9);
  EXPECT_EQ(parley::ShareHistogram::bin(0.0), 0);
  EXPECT_EQ(parley::ShareHistogram::bin(0.505), 50);
  EXPECT_EQ(parley::ShareHistogram::bin(1.0), 99);
}

}  // namespace
