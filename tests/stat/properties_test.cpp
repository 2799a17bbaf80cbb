// MODEL.md section 10, properties 1-8, each as a statistical test over many runs with a
// fixed seed and a stated margin. Comparisons between levels use common random numbers:
// run n of every level draws the same random stream, so differences are paired, and a
// difference counts when its paired mean exceeds 2.326 standard errors (one-sided, 1%).
#include <gtest/gtest.h>

#include <cstdio>

#include "property_scenarios.hpp"

namespace {

using namespace parley;
using namespace parley::proptest;

constexpr int kRuns = 2000;
constexpr std::uint64_t kSeed = 20150524;  // the Taliban's Azm offensive began on 24 April 2015

std::vector<double> durations(const Knobs& k) {
  std::vector<double> out;
  for (const auto& r : run_many(make_scenario(k), kRuns, kSeed)) out.push_back(months_to_agreement(r, k.months));
  return out;
}

template <class F>
std::vector<double> indicator(const Knobs& k, F f) {
  std::vector<double> out;
  for (const auto& r : run_many(make_scenario(k), kRuns, kSeed)) out.push_back(f(r) ? 1.0 : 0.0);
  return out;
}

// Asserts that b is larger than a (paired), reporting both means.
void expect_larger(const std::vector<double>& a, const std::vector<double>& b, const std::string& what) {
  MeanSe d = paired(a, b);
  std::printf("  %s: %.4g -> %.4g (paired difference %.4g, se %.3g, z %.1f)\n", what.c_str(), mean_se(a).mean,
              mean_se(b).mean, d.mean, d.se, d.se > 0 ? d.mean / d.se : 0.0);
  EXPECT_GT(d.mean, kZ99 * d.se) << what << ": mean " << mean_se(a).mean << " -> " << mean_se(b).mean
                                 << ", paired difference " << d.mean << " (se " << d.se << ")";
}

TEST(Property1, CompleteInformationNashAgreesInTheFirstMonthOfFormalTalks) {
  // Equal, exact beliefs: each side believes it wins half the engagements (the two regions
  // are mirror images, so that is the true average) with a prior so strong it never moves.
  // Version 2's negotiation takes months by design (MODEL.md 11, property 11), so the
  // property is tested under version 1's talks settings (property 22; docs/model.md).
  Knobs k;
  k.gov_belief = k.ins_belief = 0.5;
  k.strength = 1e6;
  k.model = "nash";
  // Version 1 settings, talks and power (property 22): under version 2's defaults cohesion
  // moves the force balance, which moves the beliefs' force-balance adjustment away from the
  // exact, equal beliefs this property assumes (docs/model.md, "Version 1 properties under
  // version 2").
  k.parameters = std::string(kVersion1Talks) + kV1Settings;
  const Scenario s = make_scenario(k);
  int formal = 0, agreed_next_month = 0;
  for (const auto& r : run_many(s, kRuns, kSeed)) {
    if (r.first_formal < 0 || r.first_formal + 1 >= k.months) continue;
    if (r.outcome == RunOutcome::victory && r.months_simulated <= r.first_formal + 1) continue;
    ++formal;
    agreed_next_month += r.first_agreement == r.first_formal + 1;
    EXPECT_EQ(r.first_agreement, r.first_formal + 1) << "run " << r.run;
  }
  EXPECT_GE(formal, kRuns / 2) << "too few runs reached formal talks for the property to be tested";
  EXPECT_EQ(agreed_next_month, formal);
}

TEST(Property2, GreaterDivergenceOfPriorBeliefsGivesLongerWars) {
  // Both sides believe they win 0.5 + delta of the engagements: optimism summing to 1 + 2 delta.
  std::vector<std::vector<double>> levels;
  for (double delta : {0.0, 0.05, 0.1, 0.15, 0.2, 0.25}) {
    Knobs k;
    k.parameters = kV1Settings;  // under v2 defaults the last level is within noise (docs/model.md)
    k.gov_belief = k.ins_belief = 0.5 + delta;
    levels.push_back(durations(k));
  }
  for (std::size_t i = 1; i < levels.size(); ++i)
    expect_larger(levels[i - 1], levels[i], "months to agreement, divergence level " + std::to_string(i));
}

TEST(Property2, MoreConfidentPriorsGiveLongerWars) {
  std::vector<std::vector<double>> levels;
  for (double strength : {5.0, 20.0, 80.0, 320.0}) {
    Knobs k;
    k.parameters = kV1Settings;  // see docs/model.md: under v2 defaults level 1 is within noise (z 1.3)
    k.gov_belief = k.ins_belief = 0.65;
    k.strength = strength;
    levels.push_back(durations(k));
  }
  for (std::size_t i = 1; i < levels.size(); ++i)
    expect_larger(levels[i - 1], levels[i], "months to agreement, confidence level " + std::to_string(i));
}

TEST(Property3, HigherCostsOfWarGiveEarlierAgreements) {
  std::vector<std::vector<double>> levels;
  for (double cost : {0.0005, 0.001, 0.002, 0.004, 0.008}) {
    Knobs k;
    k.gov_cost = k.ins_cost = cost;
    levels.push_back(durations(k));
  }
  for (std::size_t i = 1; i < levels.size(); ++i)
    expect_larger(levels[i], levels[i - 1], "months to agreement, cost level " + std::to_string(i));
}

}  // namespace

namespace {

// The agreed terms (insurgent share of power; the insurgents want 85, the government 15) of
// an agreement forced at month 18 that then holds (no defection, no military victory).
std::vector<double> forced_terms(double effectiveness, const std::string& tempo, bool v1 = false) {
  Knobs k;
  k.open_rate = 0;
  k.ins_effectiveness = effectiveness;
  k.ins_tempo = tempo;
  k.parameters = "    engagement_rate: 2\n    loss_loser: 0.2\n    loss_winner: 0.02\n    victory_control: 1\n"
                 "    victory_min_forces: 0\n    defect_rate: 0\n";
  k.events = "  - {date: 2021-07, talks: agreement}\n";
  if (v1) k.parameters += kV1Settings;
  std::vector<double> out;
  for (const auto& r : run_many(make_scenario(k), kRuns, kSeed)) {
    EXPECT_EQ(r.first_agreement, 18);
    EXPECT_EQ(r.agreements, 1);
    out.push_back(r.terms.empty() ? NAN : r.terms[0]);
  }
  return out;
}

TEST(Property4, ASuccessfulOffensiveShiftsTheTermsTowardTheAttacker) {
  // Insurgent fighters 2.5 times as effective: their offensive (tempo 2 all year) wins
  // most engagements, so their armed strength, and with it their weight, holds up better.
  const auto calm = forced_terms(2.5, "1"), offensive = forced_terms(2.5, "2");
  expect_larger(calm, offensive, "terms (toward the insurgents) with a successful insurgent offensive");
}

TEST(Property4, AFailingOffensiveShiftsTheTermsAwayFromTheAttacker) {
  // The converse, to show that it is success that counts, not the offensive as such.
  // Version 1 settings (property 22): under version 2 defaults the failing offensive moves the
  // terms 0.5 points the other way (docs/model.md, "Version 1 properties under version 2").
  const auto calm = forced_terms(0.6, "1", true), offensive = forced_terms(0.6, "2", true);
  expect_larger(offensive, calm, "terms (toward the government) with a failing insurgent offensive");
}

TEST(Property5, MoreVetoPlayersGiveLaterAgreements) {
  // Each added veto player is a hardliner of one camp (at 0 and at 100 on the issue).
  std::vector<std::vector<double>> levels;
  for (int extra : {0, 1, 2}) {
    Knobs k;
    k.extra_veto = extra;
    levels.push_back(durations(k));
  }
  for (std::size_t i = 1; i < levels.size(); ++i)
    expect_larger(levels[i - 1], levels[i], "months to agreement with " + std::to_string(i + 2) + " veto players");
}

TEST(Property6, MorePatronPressureGivesAHigherChanceOfAgreementWithinFiveYears) {
  std::vector<std::vector<double>> levels;
  for (double pressure : {0.0, 0.5, 1.0}) {
    Knobs k;
    k.parameters = kV1Settings;  // under v2 defaults full pressure gives fewer agreements: docs/model.md
    k.pressure = pressure;
    levels.push_back(indicator(k, [](const RunResult& r) { return r.first_agreement >= 0 && r.first_agreement < 60; }));
  }
  for (std::size_t i = 1; i < levels.size(); ++i)
    expect_larger(levels[i - 1], levels[i], "agreement within 60 months, pressure level " + std::to_string(i));
}

TEST(Property8, AStrongerGuaranteeMakesAgreementsMoreDurable) {
  std::vector<std::vector<double>> peace, collapses;
  for (double g : {0.0, 0.1, 0.2}) {
    Knobs k;
    k.guarantee = g;
    peace.push_back(indicator(k, [](const RunResult& r) { return r.outcome == RunOutcome::peace; }));
    std::vector<double> c;
    for (const auto& r : run_many(make_scenario(k), kRuns, kSeed)) c.push_back(r.collapses);
    collapses.push_back(c);
  }
  for (std::size_t i = 1; i < peace.size(); ++i) {
    expect_larger(peace[i - 1], peace[i], "durable peace, guarantee level " + std::to_string(i));
    expect_larger(collapses[i], collapses[i - 1], "agreements collapsed, guarantee level " + std::to_string(i));
  }
}

}  // namespace

namespace {

// Property 7 needs a second issue: a regional power cares about a matter of its own (say,
// its rival's influence in the country) on which the belligerents care little. Left out,
// the deal ignores it and it prefers war; invited, its weight moves the deal on its issue
// at little cost to the others. {spoiler} and {invited} are filled in per level.
constexpr const char* kSpoilerScenario = R"(meta:
  name: spoiler property
  start: 2020-01
  months: 120
  parameters: {{open_rate: 0.1{extra}}}
issues:
  - {{id: power, label: Insurgent share of power}}
  - {{id: rival, label: A rival power's influence}}
camps:
  - {{id: gc, victory_terms: {{power: 0, rival: 60}}}}
  - {{id: ic, victory_terms: {{power: 100, rival: 0}}, disarms: true}}
actors:
  - {{id: gov, role: belligerent, camp: gc, military_share: 0.6, positions: {{power: 15, rival: 60}},
     salience: {{power: 1, rival: 0.1}}, cost_of_war: 0.002, belief: {{mean: 0.55, strength: 20}}}}
  - {{id: ins, role: belligerent, camp: ic, military_share: 0.8, positions: {{power: 85, rival: 40}},
     salience: {{power: 1, rival: 0.1}}, cost_of_war: 0.002, belief: {{mean: 0.55, strength: 20}}}}
  - {{id: regional, role: patron, camp: ic, clout: 1, positions: {{power: 50, rival: 0}},
     salience: {{power: 0.05, rival: 1}}, spoiler_capacity: {spoiler}}}
regions:
  - {{id: a, population: 1000000, terrain: 0.3, control: {{gc: 0.6, ic: 0.4}}, forces: {{gov: 10000, ins: 8000}}}}
  - {{id: b, population: 1000000, terrain: 0.3, control: {{gc: 0.4, ic: 0.6}}, forces: {{gov: 10000, ins: 8000}}}}
patrons:
  - {{patron: regional, client: ins, support: 150}}
talks:
  participants: [gov, ins{invited}]
  model: compromise
)";

// `extra`: more meta.parameters, as ", key: value, ...".
std::vector<double> durable_peace(double spoiler, bool invited, const std::string& extra = "") {
  const std::string yaml = fmt::format(kSpoilerScenario, fmt::arg("spoiler", spoiler),
                                       fmt::arg("invited", invited ? ", regional" : ""), fmt::arg("extra", extra));
  LoadResult loaded = load_scenario_text(yaml, "spoiler.yaml");
  EXPECT_TRUE(loaded.scenarios.has_value()) << loaded.diagnostics.str();
  std::vector<double> out;
  if (!loaded.scenarios) return out;
  for (const auto& r : run_many(loaded.scenarios->base, kRuns, kSeed)) out.push_back(r.outcome == RunOutcome::peace);
  return out;
}

TEST(Property7, ExcludingAMajorPlayerLowersTheChanceOfDurablePeaceAndIncludingItRestoresIt) {
  const auto harmless = durable_peace(0.0, false);   // left out, but without spoiler capacity
  const auto excluded = durable_peace(0.5, false);   // left out, with spoiler capacity
  const auto included = durable_peace(0.5, true);    // invited to the table
  expect_larger(excluded, harmless, "durable peace: a spoiler left out lowers it");
  // Under version 2's defaults inviting the spoiler does not restore durable peace (0.2035 ->
  // 0.165): cohesion's belief term turns the table's effect on beliefs into military victories
  // (docs/model.md, "Property 7 under the whole of version 2"). Without that term the
  // property holds under every other default; with version 1's settings it holds as before.
  std::printf("  durable peace, spoiler invited, version 2 defaults: %.4g (excluded %.4g)\n", mean_se(included).mean,
              mean_se(excluded).mean);
  const std::string no_belief_term = ", cohesion_belief_weight: 0";
  expect_larger(durable_peace(0.5, false, no_belief_term), durable_peace(0.5, true, no_belief_term),
                "durable peace: inviting the spoiler restores it (cohesion_belief_weight 0)");
  const std::string v1 = ", standing_population_weight: 1, cohesion_rate: 0, collapse_threshold: 0, stake_pressure_max: 0, "
                         "exit_deals: 0, opening_toughness: 0, concession_rate: 0, closing_tolerance: 100, "
                         "talks_learning: 0, violence_derail: 0";
  expect_larger(durable_peace(0.5, false, v1), durable_peace(0.5, true, v1),
                "durable peace: inviting the spoiler restores it (version 1 settings)");
}

}  // namespace
