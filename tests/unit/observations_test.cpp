// The observations file and the forecast origin (issue 14 items 2 and 3): each quantity and
// period form read into its typed row, and every bad row a located error.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"
#include "test_support.hpp"

namespace {

using namespace parley;

std::string scenario_with(const std::string& meta_extra, const std::string& observations) {
  return R"(
meta:
  name: Observed
  start: 2020-01
  months: 60
)" + meta_extra + R"(
issues: [{id: power, label: Power}]
camps:
  - {id: government, victory_terms: {power: 0}}
  - {id: insurgency, victory_terms: {power: 100}}
actors:
  - {id: gov, role: belligerent, camp: government, positions: {power: 10}, salience: {power: 1}, belief: {mean: 0.5, strength: 10}}
  - {id: rebels, role: belligerent, camp: insurgency, positions: {power: 70}, salience: {power: 1}, belief: {mean: 0.5, strength: 10}}
regions:
  - {id: capital, population: 3000000, control: {government: 0.95, insurgency: 0.05}, forces: {gov: 20000, rebels: 2000}}
  - {id: plains, population: 1500000, control: {government: 0.6, insurgency: 0.4}, forces: {gov: 8000, rebels: 6000}}
  - {id: mountains, population: 800000, control: {government: 0.2, insurgency: 0.8}, forces: {gov: 3000, rebels: 9000}}
observations: )" + observations + "\n";
}

LoadResult load(const std::string& meta_extra, const std::string& file) {
  // Paths in the scenario resolve against its own folder: put it beside the data.
  return load_scenario_text(scenario_with(meta_extra, file), std::string(PARLEY_TEST_DATA) + "/observations/inline.yaml");
}

TEST(Observations, EachQuantityAndPeriod) {
  LoadResult r = load("  origin: 2022-01", "history.csv");
  ASSERT_TRUE(r.scenarios) << r.diagnostics.str();
  const Scenario& s = r.scenarios->base;
  EXPECT_EQ(s.origin, 24);  // 2022-01 is 24 months after 2020-01
  ASSERT_EQ(s.observations.size(), 7u);
  const auto& deaths = s.observations[0];
  EXPECT_EQ(deaths.quantity, ObservedQuantity::battle_deaths);
  EXPECT_EQ(deaths.first_month, 0);  // the year 2020: months 0 to 11
  EXPECT_EQ(deaths.last_month, 11);
  EXPECT_EQ(deaths.value, 900);
  EXPECT_EQ(*deaths.low, 800);
  EXPECT_EQ(*deaths.high, 1000);
  EXPECT_EQ(deaths.source, "made up for the test");
  EXPECT_EQ(deaths.camp, -1);
  const auto& pair = s.observations[1];
  EXPECT_EQ(pair.camp, 0);
  EXPECT_EQ(pair.other_camp, 1);
  EXPECT_EQ(pair.first_month, 12);  // 2021-01..2021-06
  EXPECT_EQ(pair.last_month, 17);
  EXPECT_FALSE(pair.low.has_value());
  EXPECT_EQ(s.observations[2].quantity, ObservedQuantity::population_share);
  EXPECT_EQ(s.observations[2].camp, 1);
  EXPECT_EQ(s.observations[2].first_month, 23);  // a date: one month
  EXPECT_EQ(s.observations[2].last_month, 23);
  EXPECT_EQ(s.observations[3].quantity, ObservedQuantity::control);
  EXPECT_EQ(s.observations[3].region, 1);
  EXPECT_EQ(s.observations[3].camp, 1);
  EXPECT_EQ(s.observations[4].quantity, ObservedQuantity::forces);
  EXPECT_EQ(s.observations[4].actor, 1);
  EXPECT_EQ(s.observations[5].quantity, ObservedQuantity::milestone);
  EXPECT_EQ(s.observations[5].milestone, Milestone::formal_talks);
  EXPECT_EQ(s.observations[5].value, 0);  // not by the end of 2021-12
  EXPECT_FALSE(s.observations[5].score_only);
  EXPECT_TRUE(s.observations[6].score_only);
  EXPECT_EQ(s.observations[6].milestone, Milestone::agreement);
}

TEST(Observations, EveryBadRowIsALocatedError) {
  LoadResult r = load("", "bad.csv");
  ASSERT_FALSE(r.scenarios);
  const std::string d = r.diagnostics.str();
  const std::string f = std::string(PARLEY_TEST_DATA) + "/observations/bad.csv";
  // Lines and columns counted by hand in tests/data/observations/bad.csv.
  for (const std::string& expected : std::vector<std::string>{
           f + ":1:43: error: observations: unknown column 'extra'",
           f + ":2:1: error: observations: unknown quantity 'battle_death'",
           f + ":3:1: error: observations: quantity 'battle_deaths:government': expected battle_deaths:<camp>-<camp>",
           f + ":4:1: error: observations: quantity 'control:plain:insurgency': unknown region 'plain' (known: capital, plains, mountains)",
           f + ":5:29: error: observations: period '2021-13': expected a year",
           f + ":6:29: error: observations: period '2019-12' is outside the scenario, expected months from 2020-01 to 2024-12",
           f + ":7:23: error: observations: value -5 is out of range, expected a number >= 0",
           f + ":8:1: error: observations: quantity 'milestone:signed': unknown milestone 'signed'",
           f + ":9:29: error: observations: a milestone's value is 1",
           f + ":10:20: error: observations: value 900 lies outside its own interval [1000, 1200]",
           f + ":11:20: error: observations: 'value': found 'abc', expected a number",
           f + ":11:28: error: observations: 'use': found 'maybe', expected calibrate, score or nothing",
       })
    EXPECT_NE(d.find(expected), std::string::npos) << "missing: " << expected << "\nin:\n" << d;
  EXPECT_EQ(r.diagnostics.error_count(), 12u) << d;
}

TEST(Observations, MissingFileAndBadOrigin) {
  LoadResult missing = load("", "nowhere.csv");
  ASSERT_FALSE(missing.scenarios);
  EXPECT_NE(missing.diagnostics.str().find("observations: cannot read"), std::string::npos);
  EXPECT_NE(missing.diagnostics.str().find("no such file"), std::string::npos);
  LoadResult early = load("  origin: 2020-01", "history.csv");
  ASSERT_FALSE(early.scenarios);
  EXPECT_NE(early.diagnostics.str().find("inline.yaml:6:11: error: meta: 'origin': 2020-01 is not after the start and "
                                         "before the end, expected a month from 2020-02 to 2024-12"),
            std::string::npos)
      << early.diagnostics.str();
}

}  // namespace

// The simulated value of each observation (RunOptions::observed), checked against the same
// run's trace, a separate record of the months: deaths summed over the period, the
// insurgency's share and the plains' control at the period's last month, the rebels' forces.
TEST(Observations, SimulatedValuesMatchTheTrace) {
  LoadResult r = load("  origin: 2022-01\n  parameters: {open_rate: 0.2, formal_rate: 0.2}", "history.csv");
  ASSERT_TRUE(r.scenarios) << r.diagnostics.str();
  const Scenario& s = r.scenarios->base;
  for (std::uint64_t run = 0; run < 5; ++run) {
    Trace trace;
    std::vector<double> observed;
    RunOptions o;
    o.seed = 3;
    o.run = run;
    o.trace = &trace;
    o.observed = &observed;
    const RunResult res = simulate_run(s, o);
    ASSERT_EQ(observed.size(), s.observations.size());
    ASSERT_GE(trace.rows.size(), 24u) << "the scenario should not end before 2022";
    double deaths_2020 = 0;
    for (int m = 0; m < 12; ++m) deaths_2020 += trace.rows[static_cast<std::size_t>(m)].battle_deaths;
    EXPECT_GT(deaths_2020, 0) << "a war with deaths, or the comparison means nothing";
    EXPECT_NEAR(observed[0], deaths_2020, 1e-6 * (1 + deaths_2020));
    // Two camps only: the deaths between them are all the deaths.
    double deaths_2021h1 = 0;
    for (int m = 12; m < 18; ++m) deaths_2021h1 += trace.rows[static_cast<std::size_t>(m)].battle_deaths;
    EXPECT_NEAR(observed[1], deaths_2021h1, 1e-6 * (1 + deaths_2021h1));
    const TraceRow& dec2021 = trace.rows[23];
    const double pops[] = {3000000, 1500000, 800000};
    double held = 0;
    for (int g = 0; g < 3; ++g) held += pops[g] * dec2021.control[static_cast<std::size_t>(g * 2 + 1)];
    EXPECT_NEAR(observed[2], held / 5300000, 1e-12);
    EXPECT_NEAR(observed[3], dec2021.control[1 * 2 + 1], 1e-12);
    EXPECT_NEAR(observed[4], dec2021.forces[1], 1e-9);
    EXPECT_EQ(observed[5], res.first_formal >= 0 && res.first_formal <= 23 ? 1.0 : 0.0);
    EXPECT_EQ(observed[6], res.first_agreement >= 0 && res.first_agreement <= 47 ? 1.0 : 0.0);
  }
}
