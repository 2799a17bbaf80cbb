// VariantAggregate: carrying an ended run forward, histogram quantiles, saving and loading.
#include <gtest/gtest.h>

#include <cmath>

#include "parley/analysis.hpp"

namespace {

// A 4-month scenario with 2 camps and 1 region: all VariantAggregate needs to know.
parley::Scenario tiny() {
  parley::Scenario s;
  s.months = 4;
  s.camps.resize(2);
  s.regions.resize(1);
  return s;
}

// A run that ended after `months` months, its talks state, cumulative deaths and the
// first camp's share each month; the region is held by camp 0 while its share is >= 0.5.
parley::RunMonths months_of(std::vector<parley::TalksState> talks, std::vector<double> deaths, std::vector<double> share0) {
  parley::RunMonths m;
  m.months = static_cast<int>(talks.size());
  for (std::size_t t = 0; t < talks.size(); ++t) {
    m.talks.push_back(static_cast<std::uint8_t>(talks[t]));
    m.deaths.push_back(deaths[t]);
    m.share.push_back(share0[t]);
    m.share.push_back(1 - share0[t]);
    m.holder.push_back(share0[t] >= 0.5 ? 0 : 1);
  }
  return m;
}

TEST(VariantAggregate, AnEndedRunCarriesItsFinalStateForward) {
  using TS = parley::TalksState;
  parley::VariantAggregate a(tiny());
  parley::RunResult peace;
  peace.peace_month = 1;
  peace.first_agreement = 0;
  // Ends in month 1 at peace, 10 deaths, camp 0 holding 80%.
  a.add(peace, months_of({TS::agreement, TS::peace}, {4, 10}, {0.7, 0.8}));
  parley::RunResult war;
  // Fights all 4 months: deaths 100, 200, 300, 400; camp 0 falls from 60% to 30%.
  a.add(war, months_of({TS::closed, TS::closed, TS::exploratory, TS::closed}, {100, 200, 300, 400}, {0.6, 0.5, 0.4, 0.3}));

  EXPECT_EQ(a.runs(), 2);
  // Month 3: the peace run still counts as at peace, with its 10 deaths and 80% share.
  EXPECT_DOUBLE_EQ(a.talks_share(3, TS::peace), 0.5);
  EXPECT_DOUBLE_EQ(a.talks_share(3, TS::closed), 0.5);
  EXPECT_DOUBLE_EQ(a.talks_share(2, TS::exploratory), 0.5);
  EXPECT_DOUBLE_EQ(a.deaths_mean(3), (10 + 400) / 2.0);
  EXPECT_DOUBLE_EQ(a.share_mean(3, 0), (0.8 + 0.3) / 2);
  EXPECT_DOUBLE_EQ(a.holding_probability(3, 0, 0), 0.5);
  EXPECT_DOUBLE_EQ(a.holding_probability(0, 0, 0), 1.0);
  // Time to agreement: one event at month 0, one run censored at the horizon (4).
  auto curve = a.agreement_curve();
  ASSERT_EQ(curve.size(), 2u);
  EXPECT_EQ(curve[0].time, 0);
  EXPECT_DOUBLE_EQ(curve[0].survival, 0.5);
  EXPECT_EQ(curve[1].time, 4);
  EXPECT_EQ(curve[1].censored, 1);
}

TEST(VariantAggregate, QuantilesComeFromTheStatedBins) {
  parley::VariantAggregate a(tiny());
  // Shares 0.105, 0.205, ..., 1.0 for camp 0 in month 0, one run each: ten runs.
  for (int i = 1; i <= 10; ++i) {
    const double s = i == 10 ? 1.0 : 0.1 * i + 0.005;
    a.add(parley::RunResult{}, months_of({parley::TalksState::closed}, {1000.0 * i}, {s}));
  }
  // The median: the cumulative count reaches 5 of 10 at the end of bin [0.50, 0.51), which
  // holds the fifth run (0.505); linear interpolation puts the value at the bin's top, 0.51.
  EXPECT_NEAR(a.share_quantile(0, 0, 0.5), 0.51, 1e-12);
  // Deaths 1000..10000: the median falls at the top of the bin holding 5000, whose edges
  // are powers of 10 in steps of 0.02: log10(5000) = 3.69897 -> bin [10^3.68, 10^3.70).
  EXPECT_NEAR(a.deaths_quantile(0, 0.5), std::pow(10.0, 3.70), 1e-6);
}

TEST(VariantAggregate, SaveAndLoadRoundTripAndRefuseAnotherShape) {
  parley::VariantAggregate a(tiny());
  a.add(parley::RunResult{}, months_of({parley::TalksState::formal}, {5}, {0.25}));
  const std::string bytes = a.save();
  parley::VariantAggregate b(tiny());
  ASSERT_TRUE(b.load(bytes));
  EXPECT_EQ(b.save(), bytes);
  EXPECT_EQ(b.runs(), 1);
  parley::Scenario other = tiny();
  other.months = 5;
  parley::VariantAggregate c(other);
  EXPECT_FALSE(c.load(bytes));
  EXPECT_FALSE(b.load(bytes.substr(0, bytes.size() - 1)));
}

}  // namespace
