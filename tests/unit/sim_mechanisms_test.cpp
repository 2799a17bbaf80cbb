// The month-step mechanisms of MODEL.md 3-8 on tiny inline scenarios, each checked by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"
#include "sim/detail/stages.hpp"

namespace {

using namespace parley;
using sim::World;

// Loads inline YAML; fails the test (with every diagnostic) if it does not load.
std::unique_ptr<ScenarioSet> load(const std::string& yaml) {
  LoadResult r = load_scenario_text(yaml, "inline.yaml");
  EXPECT_TRUE(r.scenarios.has_value()) << r.diagnostics.str();
  if (!r.scenarios) return nullptr;
  return std::make_unique<ScenarioSet>(std::move(*r.scenarios));
}

std::size_t u(int i) { return static_cast<std::size_t>(i); }

// ---------------------------------------------------------------------------------------
// War: one region, one belligerent per camp.
//
// Forces F_g = 1000 (tau 1.2), F_r = 500 (tau 1); terrain d = 1; control gov 0.8, ins 0.2.
//   A = tau F (1 + d theta) = 1.2 * 1000 * 1.8 = 2160;  B = 1 * 500 * 1.2 = 600.
//   g = 1: p_a = 2160 / 2760 = 0.78261.  (Without terrain: 1200/1700 = 0.7059; without
//   effectiveness: 1800/2400 = 0.75; so the margin below tells them apart.)
//   g = 2: p_a = 2160^2 / (2160^2 + 600^2) = 4665600 / 5025600 = 0.92837.
// January: season 1.5, tempo gov 2, ins 1, so
//   lambda = 8 * 1.5 * (2 + 1)/2 * min(1000, 500)/1000 = 8 * 1.5 * 1.5 * 0.5 = 9.
// Casualties per engagement side: e = 0.02 * 500 = 10 fighters;
//   gov loses (W * 0.04 + L * 0.10) * 10, ins loses (L * 0.04 + W * 0.10) * 10;
//   e.g. W = 7, L = 2: gov 4.8, ins 7.8.
// Control: the side with more wins takes 1 - 0.97^|W-L| of the other's share; W = 7, L = 2:
//   ins 0.2 * 0.97^5 = 0.171747, gov 0.828253.
const char* kContest = R"(
meta:
  name: Contest
  start: 2020-01
  months: 24
  season: [1.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
  parameters: {engagement_rate: 8, csf_exponent: 1, engagement_share: 0.02, loss_loser: 0.1,
               loss_winner: 0.04, control_shift: 0.03, belief_forgetting: 0.9, belief_evidence_weight: 0.5}
issues: [{id: power, label: Power}]
camps:
  - {id: gov, victory_terms: {power: 0}}
  - {id: ins, victory_terms: {power: 100}}
actors:
  - id: g
    role: belligerent
    camp: gov
    effectiveness: 1.2
    positions: {power: 10}
    salience: {power: 0.8}
    belief: {mean: 0.6, strength: 10}
    strategy: {tempo: [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}
  - id: r
    role: belligerent
    camp: ins
    positions: {power: 80}
    salience: {power: 0.9}
    belief: {mean: 0.5, strength: 10}
  - {id: c, role: civil, positions: {power: 50}, salience: {power: 1}}
regions:
  - id: north
    population: 1000
    terrain: 1.0
    control: {gov: 0.8, ins: 0.2}
    forces: {g: 1000, r: 500}
talks:
  participants: [g, r]
)";

TEST(War, CasualtiesAndControlFollowWinsAndLosses) {
  auto set = load(kContest);
  ASSERT_TRUE(set);
  int seen_gov_ahead = 0, seen_ins_ahead_or_tie = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    World w = sim::make_world(set->base, seed, 0);
    sim::set_tempo(w);
    ASSERT_DOUBLE_EQ(w.camp.tempo[0], 2.0);
    ASSERT_DOUBLE_EQ(w.camp.tempo[1], 1.0);
    sim::fight(w);
    const double W = w.camp.wins[0], L = w.camp.losses[0];
    ASSERT_EQ(w.camp.wins[1], L);
    ASSERT_EQ(w.camp.losses[1], W);
    ASSERT_EQ(w.war.engagements, W + L);
    const double e = 0.02 * 500;
    const double lost_g = (W * 0.04 + L * 0.10) * e, lost_r = (L * 0.04 + W * 0.10) * e;
    EXPECT_NEAR(w.region.forces.values()[0], 1000 - lost_g, 1e-9) << "seed " << seed;
    EXPECT_NEAR(w.region.forces.values()[1], 500 - lost_r, 1e-9) << "seed " << seed;
    EXPECT_NEAR(w.actor.losses[0], lost_g, 1e-9);
    EXPECT_NEAR(w.actor.losses[1], lost_r, 1e-9);
    EXPECT_EQ(w.region.forces.values()[2], 0.0);  // the civil actor holds nothing and fights nothing
    EXPECT_NEAR(w.war.deaths, lost_g + lost_r, 1e-9);
    EXPECT_NEAR(w.result.battle_deaths, lost_g + lost_r, 1e-9);
    double gov = 0.8, ins = 0.2;
    if (W > L) {
      const double moved = ins * (1 - std::pow(0.97, W - L));
      ins -= moved;
      gov += moved;
      ++seen_gov_ahead;
    } else if (L > W) {
      const double moved = gov * (1 - std::pow(0.97, L - W));
      gov -= moved;
      ins += moved;
      ++seen_ins_ahead_or_tie;
    } else {
      ++seen_ins_ahead_or_tie;
    }
    EXPECT_NEAR(w.region.control.values()[0], gov, 1e-12) << "seed " << seed << " W " << W << " L " << L;
    EXPECT_NEAR(w.region.control.values()[1], ins, 1e-12) << "seed " << seed;
  }
  // Both branches were exercised (p_a = 0.78 with about 9 engagements: ties or ins ahead
  // happen in roughly 8% of months).
  EXPECT_GT(seen_gov_ahead, 100);
  EXPECT_GT(seen_ins_ahead_or_tie, 3);
}

// The hand example in the comment above: W = 7, L = 2 exactly, built by setting the
// engagement outcome through a world whose forces make the arithmetic visible.
TEST(War, HandExampleSevenWinsTwoLosses) {
  auto set = load(kContest);
  ASSERT_TRUE(set);
  for (std::uint64_t seed = 1; seed < 5000; ++seed) {
    World w = sim::make_world(set->base, seed, 0);
    sim::set_tempo(w);
    sim::fight(w);
    if (w.camp.wins[0] != 7 || w.camp.losses[0] != 2) continue;
    EXPECT_NEAR(w.region.forces.values()[0], 1000 - 4.8, 1e-9);
    EXPECT_NEAR(w.region.forces.values()[1], 500 - 7.8, 1e-9);
    EXPECT_NEAR(w.region.control.values()[1], 0.171747, 1e-6);
    EXPECT_NEAR(w.region.control.values()[0], 0.828253, 1e-6);
    return;
  }
  FAIL() << "no seed gave W = 7, L = 2 (P ~ 0.11 per seed)";
}

// Over 4000 seeds: the number of engagements is Poisson(9) and each is won by gov with
// p_a. Margins: mean of E within 0.2 (se = sqrt(9/4000) = 0.047, 4.2 se); variance of E
// within 1.0 (se = sqrt((2*81 + 9)/4000) = 0.21, 4.8 se); win share within 0.01
// (~36,000 engagements: se = sqrt(0.78*0.22/36000) = 0.0022 at g = 1, 0.0014 at g = 2).
TEST(War, EngagementRateAndWinShareOverSeeds) {
  auto set = load(kContest);
  ASSERT_TRUE(set);
  for (double g : {1.0, 2.0}) {
    const double p_expected = g == 1.0 ? 2160.0 / 2760.0 : 4665600.0 / 5025600.0;
    double sum = 0, sum2 = 0, wins = 0;
    const int seeds = 4000;
    for (int seed = 1; seed <= seeds; ++seed) {
      World w = sim::make_world(set->base, static_cast<std::uint64_t>(seed), 0);
      w.params.csf_exponent = g;
      sim::set_tempo(w);
      sim::fight(w);
      sum += w.war.engagements;
      sum2 += w.war.engagements * w.war.engagements;
      wins += w.camp.wins[0];
    }
    const double mean = sum / seeds, var = (sum2 - seeds * mean * mean) / (seeds - 1);
    EXPECT_NEAR(mean, 9.0, 0.2) << "g " << g;
    EXPECT_NEAR(var, 9.0, 1.0) << "g " << g;
    EXPECT_NEAR(wins / sum, p_expected, 0.01) << "g " << g;
  }
}

// Tempo 0 on both sides (a ceasefire) means lambda = 0: no engagement, no loss, no movement.
TEST(War, NoEngagementsAtTempoZero) {
  auto set = load(kContest);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  w.camp.tempo = {0.0, 0.0};
  sim::fight(w);
  EXPECT_EQ(w.war.engagements, 0.0);
  EXPECT_EQ(w.region.forces.values()[0], 1000.0);
  EXPECT_EQ(w.region.control.values()[0], 0.8);
}

// ---------------------------------------------------------------------------------------
// Beliefs: alpha' = omega alpha + weight W, beta' = omega beta + weight L.
// omega = 0.9, weight = 0.5. g: prior mean 0.6, strength 10 -> alpha 6, beta 4; the camp won
// 3 and lost 2: alpha' = 5.4 + 1.5 = 6.9, beta' = 3.6 + 1.0 = 4.6.
// r: prior 0.5, 10 -> 5, 5; its camp won 2, lost 3: alpha' = 4.5 + 1 = 5.5, beta' = 4.5 + 1.5 = 6.
TEST(Beliefs, ForgettingAndEvidence) {
  auto set = load(kContest);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  EXPECT_DOUBLE_EQ(w.actor.alpha[0], 6.0);
  EXPECT_DOUBLE_EQ(w.actor.beta[0], 4.0);
  w.camp.wins = {3, 2};
  w.camp.losses = {2, 3};
  const double civil_alpha = w.actor.alpha[2], civil_beta = w.actor.beta[2];
  sim::update_beliefs(w);
  EXPECT_NEAR(w.actor.alpha[0], 6.9, 1e-12);
  EXPECT_NEAR(w.actor.beta[0], 4.6, 1e-12);
  EXPECT_NEAR(w.actor.alpha[1], 5.5, 1e-12);
  EXPECT_NEAR(w.actor.beta[1], 6.0, 1e-12);
  EXPECT_EQ(w.actor.alpha[2], civil_alpha);  // not a belligerent: no belief update
  EXPECT_EQ(w.actor.beta[2], civil_beta);
  // A second month with no engagements only forgets: alpha'' = 0.9 * 6.9 = 6.21.
  w.camp.wins = {0, 0};
  w.camp.losses = {0, 0};
  sim::update_beliefs(w);
  EXPECT_NEAR(w.actor.alpha[0], 6.21, 1e-12);
  EXPECT_NEAR(w.actor.beta[0], 4.14, 1e-12);
}

// ---------------------------------------------------------------------------------------
// Pressure: patron p (position 30) on client r (position 80), leverage 0.5, lag 4,
// support 100 fighters per month; pressure 0 from the start, 0.8 from month 2.
//   pi_eff(0) = 0 (the pressure in force at the start), pi_eff(1) = 0;
//   pi_eff(2) = 0 + (0.8 - 0)/4 = 0.2;  pi_eff(3) = 0.2 + 0.6/4 = 0.35;
//   pi_eff(4) = 0.35 + 0.45/4 = 0.4625;  pi_eff(5) = 0.4625 + 0.3375/4 = 0.546875;
//   in closed form pi_eff(t) = 0.8 (1 - 0.75^(t-1)) for t >= 2.
// Month 3: pull = 0.5 * 0.35 = 0.175: x_eff = 0.825 * 80 + 0.175 * 30 = 71.25;
//   cost = 0.001 + 0.175 * 0.01 = 0.00275; support received = 100 (1 - 0.35) = 65;
//   r's tempo 3 becomes 1 + 2 (1 - 0.5 * 0.175) = 2.825.
const char* kPressure = R"(
meta:
  name: Pressure
  start: 2020-01
  months: 24
  parameters: {cost_pressure: 0.01, pressure_tempo_effect: 0.5, attrition_rate: 0}
issues: [{id: power, label: Power}]
camps:
  - {id: gov, victory_terms: {power: 0}}
  - {id: ins, victory_terms: {power: 100}}
actors:
  - {id: g, role: belligerent, camp: gov, positions: {power: 10}, salience: {power: 1}, belief: {mean: 0.5, strength: 10}}
  - id: r
    role: belligerent
    camp: ins
    positions: {power: 80}
    salience: {power: 1}
    belief: {mean: 0.5, strength: 10}
    recruitment_rate: 0
    cost_of_war: 0.001
    strategy: {tempo: 3}
  - {id: p, role: patron, camp: ins, positions: {power: 30}, salience: {power: 1}}
regions:
  - {id: north, population: 1000, control: {gov: 0.5, ins: 0.5}, forces: {g: 100, r: 100}}
patrons:
  - patron: p
    client: r
    support: 100
    leverage: 0.5
    lag: 4
    pressure:
      - {from: 2020-01, value: 0}
      - {from: 2020-03, value: 0.8}
talks:
  participants: [g, r]
)";

TEST(Pressure, LagPullCostSupportAndTempo) {
  auto set = load(kPressure);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  const int r = 1;
  const double expected_eff[] = {0, 0, 0.2, 0.35, 0.4625, 0.546875, 0.6101563, 0.6576172, 0.6932129};
  for (int t = 0; t < 9; ++t) {
    w.month = t;
    w.calendar = t % 12;
    sim::apply_events(w);
    sim::update_pressure(w);
    const double eff = w.patron.pressure_eff[0];
    EXPECT_NEAR(eff, expected_eff[t], 1e-7) << "month " << t;
    if (t >= 2) {
      EXPECT_NEAR(eff, 0.8 * (1 - std::pow(0.75, t - 1)), 1e-12) << "month " << t;
    }
    const double pull = 0.5 * eff;
    EXPECT_NEAR(w.actor.position.values()[u(r)], (1 - pull) * 80 + pull * 30, 1e-9) << "month " << t;
    EXPECT_NEAR(w.actor.position.values()[0], 10.0, 1e-12);  // the government is nobody's client
    EXPECT_NEAR(w.actor.cost[u(r)], 0.001 + pull * 0.01, 1e-12) << "month " << t;
    sim::set_tempo(w);
    EXPECT_NEAR(w.actor.tempo[u(r)], 1 + 2 * (1 - 0.5 * pull), 1e-12) << "month " << t;
    // Support: no recruitment, no attrition, so forces grow by exactly 100 (1 - pi_eff).
    const double before = w.region.forces.values()[u(r)];
    sim::update_forces(w);
    EXPECT_NEAR(w.region.forces.values()[u(r)] - before, 100 * (1 - eff), 1e-9) << "month " << t;
    if (t == 3) {
      EXPECT_NEAR(w.actor.position.values()[u(r)], 71.25, 1e-9);
      EXPECT_NEAR(w.actor.cost[u(r)], 0.00275, 1e-12);
      EXPECT_NEAR(w.region.forces.values()[u(r)] - before, 65.0, 1e-9);
      EXPECT_NEAR(w.actor.tempo[u(r)], 2.825, 1e-12);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Forces. Two regions: north (population 10,000; control gov 0.75, ins 0.25; forces g 100,
// r 50) and south (30,000; 0.5/0.5; g 200, r 60). Attrition 0.1; recruitment 2 per 1000.
//   gov controls 7,500 + 15,000 = 22,500 -> 45 recruits; `defend` by own-controlled
//   population 7,500 : 15,000 -> north 15, south 30.
//   g: north 100 * 0.9 + 15 = 105, south 200 * 0.9 + 30 = 210 (total 315).
//   ins controls 2,500 + 15,000 = 17,500 -> 35 recruits; `contest` by P theta (1 - theta):
//   north 10,000 * 0.25 * 0.75 = 1,875, south 30,000 * 0.25 = 7,500 -> north 7, south 28.
//   r: north 50 * 0.9 + 7 = 52, south 60 * 0.9 + 28 = 82.
// With a ceiling of 1000 from month 0 and 300 from month 1 (variant `capped`): month 0 as
// above; month 1: g north 105 * 0.9 + 15 = 109.5, south 210 * 0.9 + 30 = 219, total 328.5 >
// 300, scaled by 300/328.5: north 100, south 200.
// Implementation (agreement): ins (the smaller camp) disarms: r north 50 (1 - 0.1 - 0.05) =
// 42.5 and no recruits; g keeps recruiting.
const char* kForces = R"(
meta:
  name: Forces
  start: 2020-01
  months: 24
  parameters: {attrition_rate: 0.1, ddr_rate: 0.05}
issues: [{id: power, label: Power}]
camps:
  - {id: gov, victory_terms: {power: 0}}
  - {id: ins, victory_terms: {power: 100}}
actors:
  - {id: g, role: belligerent, camp: gov, positions: {power: 10}, salience: {power: 1}, belief: {mean: 0.5, strength: 10},
     recruitment_rate: 2, allocation: defend, effectiveness: 1.5}
  - {id: r, role: belligerent, camp: ins, positions: {power: 80}, salience: {power: 1}, belief: {mean: 0.5, strength: 10},
     recruitment_rate: 2, allocation: contest}
regions:
  - {id: north, population: 10000, control: {gov: 0.75, ins: 0.25}, forces: {g: 100, r: 50}}
  - {id: south, population: 30000, control: {gov: 0.5, ins: 0.5}, forces: {g: 200, r: 60}}
talks:
  participants: [g, r]
variants:
  capped:
    actors:
      g: {funding_ceiling: [{from: 2020-01, value: 1000}, {from: 2020-02, value: 300}]}
      r: {funding_ceiling: 1000}
)";

TEST(Forces, AttritionRecruitmentAndAllocation) {
  auto set = load(kForces);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  sim::update_forces(w);
  // forces are region-major: [r * actors + i]
  EXPECT_NEAR(w.region.forces.values()[0], 105.0, 1e-9);  // north, g
  EXPECT_NEAR(w.region.forces.values()[2], 210.0, 1e-9);  // south, g
  EXPECT_NEAR(w.region.forces.values()[1], 52.0, 1e-9);   // north, r
  EXPECT_NEAR(w.region.forces.values()[3], 82.0, 1e-9);   // south, r
  // Strength is recomputed: M_g = 1.5 * 315, M_r = 134.
  EXPECT_NEAR(w.actor.strength[0], 472.5, 1e-9);
  EXPECT_NEAR(w.actor.strength[1], 134.0, 1e-9);
}

TEST(Forces, FundingCeilingBindsOnItsSchedule) {
  auto set = load(kForces);
  ASSERT_TRUE(set);
  const Scenario* capped = set->find("capped");
  ASSERT_NE(capped, nullptr);
  World w = sim::make_world(*capped, 1, 0);
  w.month = 0;
  sim::update_forces(w);
  EXPECT_NEAR(w.region.forces.values()[0], 105.0, 1e-9);
  EXPECT_NEAR(w.region.forces.values()[2], 210.0, 1e-9);
  w.month = 1;
  sim::update_forces(w);
  EXPECT_NEAR(w.region.forces.values()[0], 100.0, 1e-9);
  EXPECT_NEAR(w.region.forces.values()[2], 200.0, 1e-9);
  EXPECT_NEAR(w.region.forces.values()[0] + w.region.forces.values()[2], 300.0, 1e-9);
  // r's ceiling of 1000 does not bind: 52 * 0.9 + 7 = 53.8 north, 82 * 0.9 + 28 = 101.8 south.
  EXPECT_NEAR(w.region.forces.values()[1], 53.8, 1e-9);
  EXPECT_NEAR(w.region.forces.values()[3], 101.8, 1e-9);
  EXPECT_NEAR(w.actor.strength[0], 1.5 * 300, 1e-9);
}

TEST(Forces, DisarmingCampDemobilisesDuringImplementation) {
  auto set = load(kForces);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  EXPECT_EQ(w.camp.disarming, 1);  // ins holds 17,500 of 40,000: the smaller share
  w.talks.tracks[0].state = TalksState::agreement;
  sim::update_forces(w);
  EXPECT_NEAR(w.region.forces.values()[1], 42.5, 1e-9);
  EXPECT_NEAR(w.region.forces.values()[3], 51.0, 1e-9);
  EXPECT_NEAR(w.region.forces.values()[0], 105.0, 1e-9);
  EXPECT_NEAR(w.region.forces.values()[2], 210.0, 1e-9);
}

// ---------------------------------------------------------------------------------------
// Talks. Deal D = 50 on one issue (the world's starting deal; stages that would change it
// are not called). Linear utilities: u_g(50) = 1 - |50 - 10|/100 = 0.6, u_r(50) = 0.7,
// u_c(50) = 0.5 (c: a civil participant without a veto). Surplus S_i = u_i(D) - EV_war_i.
const char* kTalks = R"(
meta:
  name: Talks
  start: 2020-01
  months: 60
  parameters: {derail_rate: 0, open_rate: 0.2, ripeness_kappa: 10, ripeness_bias: 0.02, durable_months: 6,
               defect_rate: 0, defect_kappa: 10}
issues: [{id: power, label: Power}]
camps:
  - {id: gov, victory_terms: {power: 0}}
  - {id: ins, victory_terms: {power: 100}}
actors:
  - {id: g, role: belligerent, camp: gov, positions: {power: 10}, salience: {power: 0.8}, belief: {mean: 0.5, strength: 10}}
  - {id: r, role: belligerent, camp: ins, positions: {power: 80}, salience: {power: 0.9}, belief: {mean: 0.5, strength: 10}}
  - {id: c, role: civil, positions: {power: 100}, salience: {power: 1}}
  - {id: m, role: mediator, positions: {power: 50}, salience: {power: 1}}
regions:
  - {id: north, population: 1000, control: {gov: 0.5, ins: 0.5}, forces: {g: 100, r: 100}}
talks:
  participants: [g, r, c]
  mediator: m
  mediator_factor: 2
events:
  - {date: 2020-04, talks: formal}
)";

void set_values(World& w, double vg, double vr, double vc) {
  w.actor.value_of_war[0] = vg;
  w.actor.value_of_war[1] = vr;
  w.actor.value_of_war[2] = vc;
}

// Version 1's rule, under the version 1 settings of property 22 (no opening toughness, no
// concessions, every item closes at once): formal talks sign exactly when every veto
// participant's surplus on the package is >= 0. The stages before the talks are not called,
// so weights are 0 and the proposal stays at the world's starting 50.
void v1_negotiation(World& w) {
  w.params.opening_toughness = 0;
  w.params.concession_rate = 0;
  w.params.closing_tolerance = 100;
  w.params.talks_learning = 0;
  w.params.violence_derail = 0;
}

TEST(Talks, FormalSignsExactlyWhenEveryVetoSurplusIsNonNegative) {
  auto set = load(kTalks);
  ASSERT_TRUE(set);
  {
    World w = sim::make_world(set->base, 1, 0);
    v1_negotiation(w);
    w.month = 5;
    w.talks.tracks[0].state = TalksState::formal;
    // S_g = 0 exactly (the boundary signs), S_r = 0.1, S_c = -0.4 (no veto: does not block).
    set_values(w, sim::utility(w, 0, w.talks.tracks[0].deal.data()), 0.6, 0.9);
    sim::step_talks(w);
    EXPECT_EQ(w.talks.tracks[0].state, TalksState::agreement);
    EXPECT_EQ(w.result.first_agreement, 5);
    ASSERT_EQ(w.talks.tracks[0].terms.size(), 1u);
    EXPECT_EQ(w.talks.tracks[0].terms[0], 50.0);
    EXPECT_EQ(w.result.terms, w.talks.tracks[0].terms.values());
  }
  {
    World w = sim::make_world(set->base, 1, 0);
    v1_negotiation(w);
    w.talks.tracks[0].state = TalksState::formal;
    // S_r = -1e-9: one veto player short of its value of war; derail_rate 0, so talks stay
    // formal, and each month the package is refused the one item reopens.
    set_values(w, 0.5, 0.7 + 1e-9, 0.0);
    for (int t = 0; t < 24; ++t) {
      w.month = t;
      sim::step_talks(w);
      ASSERT_EQ(w.talks.tracks[0].state, TalksState::formal) << t;
    }
    EXPECT_EQ(w.result.first_agreement, -1);
    EXPECT_EQ(w.result.tracks[0].items_closed, 24);
    EXPECT_EQ(w.result.tracks[0].items_reopened, 24);
    EXPECT_EQ(w.result.tracks[0].months_formal, 24);
  }
}

TEST(Talks, ClosedStaysClosedWithoutOpenRate) {
  auto set = load(kTalks);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  w.params.open_rate = 0;
  set_values(w, -5, -5, -5);  // huge surpluses: sig(kappa (S + bias)) = 1
  for (int t = 0; t < 600; ++t) {
    w.month = t;
    sim::step_talks(w);
    ASSERT_EQ(w.talks.tracks[0].state, TalksState::closed) << t;
  }
  // A whole run, too, never opens talks (the scripted formal event is the only way in).
  Scenario s = set->base;
  s.parameters.open_rate = 0;
  s.events.clear();
  for (std::uint64_t run = 0; run < 20; ++run) {
    RunResult res = simulate_run(s, RunOptions{3, run, nullptr});
    EXPECT_EQ(res.first_exploratory, -1);
    EXPECT_EQ(res.first_formal, -1);
    EXPECT_EQ(res.first_agreement, -1);
  }
}

TEST(Talks, ScriptedFormalEvent) {
  auto set = load(kTalks);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  for (int t = 0; t < 3; ++t) {
    w.month = t;
    sim::apply_events(w);
    EXPECT_EQ(w.talks.tracks[0].state, TalksState::closed);
  }
  w.month = 3;  // 2020-04
  sim::apply_events(w);
  EXPECT_EQ(w.talks.tracks[0].state, TalksState::formal);
  EXPECT_EQ(w.result.first_formal, 3);
  // In a whole run with talks never opening by chance, formal talks start in month 3.
  Scenario s = set->base;
  s.parameters.open_rate = 0;
  Trace trace;
  RunResult res = simulate_run(s, RunOptions{9, 0, &trace});
  EXPECT_EQ(res.first_exploratory, -1);
  EXPECT_EQ(res.first_formal, 3);
  ASSERT_GT(trace.rows.size(), 3u);
  EXPECT_EQ(trace.rows[2].talks, TalksState::closed);
  EXPECT_NE(trace.rows[3].talks, TalksState::closed);
}

TEST(Talks, AgreementBecomesPeaceAfterDurableMonths) {
  auto set = load(kTalks);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  w.talks.tracks[0].state = TalksState::agreement;
  w.talks.tracks[0].terms = w.talks.tracks[0].deal;
  set_values(w, 0.9, 0.9, 0.9);  // both would rather fight, but defect_rate is 0
  // durable_months = 6: the 6th month of implementation (steps at months 10..15) is peace.
  for (int t = 10; t < 15; ++t) {
    w.month = t;
    sim::step_talks(w);
    ASSERT_EQ(w.talks.tracks[0].state, TalksState::agreement) << t;
    // Signatories do not fight each other while the agreement holds.
    sim::set_tempo(w);
    sim::fight(w);
    EXPECT_EQ(w.war.engagements, 0.0);
  }
  w.month = 15;
  sim::step_talks(w);
  EXPECT_EQ(w.talks.tracks[0].state, TalksState::peace);
  EXPECT_EQ(w.result.peace_month, 15);
  EXPECT_EQ(w.result.collapses, 0);
  w.month = 16;
  sim::step_talks(w);
  EXPECT_EQ(w.talks.tracks[0].state, TalksState::peace);  // absorbing
}

// defect_rate 1, temptation EV_war - u(D) - guarantee = 10 - 0.6 = 9.4: the defection
// probability is 1 * sig(10 * 9.4) = 1 (to double precision), so the first month collapses.
// Then the collapsed state returns to closed.
TEST(Talks, DefectionCollapsesTheAgreement) {
  auto set = load(kTalks);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  w.params.defect_rate = 1;
  w.talks.tracks[0].state = TalksState::agreement;
  w.talks.tracks[0].terms = w.talks.tracks[0].deal;
  set_values(w, 10, 0.0, 0.0);
  w.month = 7;
  sim::step_talks(w);
  EXPECT_EQ(w.talks.tracks[0].state, TalksState::collapsed);
  EXPECT_EQ(w.result.collapses, 1);
  w.month = 8;
  sim::step_talks(w);
  EXPECT_EQ(w.talks.tracks[0].state, TalksState::closed);
  // With no temptation (EV_war far below u(D)) and the same rate nobody defects for years:
  // sig(10 * (-10.6)) = 9e-47 per month.
  World v = sim::make_world(set->base, 1, 0);
  v.params.defect_rate = 1;
  v.params.durable_months = 1000;
  v.talks.tracks[0].state = TalksState::agreement;
  v.talks.tracks[0].terms = v.talks.tracks[0].deal;
  set_values(v, -10, -10, -10);
  for (int t = 0; t < 200; ++t) {
    v.month = t;
    sim::step_talks(v);
    ASSERT_EQ(v.talks.tracks[0].state, TalksState::agreement) << t;
  }
}

// closed -> exploratory with probability open_rate * mediator_factor * sig(kappa (S_min + bias)).
// S_g = 0.6 - 0.5 = 0.1, S_r = 0.7 - 0.75 = -0.05 (S_c = -0.5 has no veto) -> S_min = -0.05;
// sig(10 (-0.05 + 0.02)) = sig(-0.3) = 1/(1 + e^0.3) = 1/2.349859 = 0.425557;
// probability = 0.2 * 2 * 0.425557 = 0.170223. Over 20,000 seeds, se = sqrt(0.17 * 0.83 / 20000)
// = 0.0027; margin 0.013 (4.9 se). The wrong factor (no mediator: 0.0851) or a missing bias
// (sig(-0.5) = 0.3775 -> 0.1510) fall well outside.
TEST(Talks, OpeningFrequencyMatchesRipeness) {
  auto set = load(kTalks);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  set_values(w, 0.5, 0.75, 1.0);
  const int trials = 20000;
  int opened = 0;
  for (int s = 1; s <= trials; ++s) {
    w.seed = static_cast<std::uint64_t>(s);
    w.talks.tracks[0].state = TalksState::closed;
    sim::step_talks(w);
    opened += w.talks.tracks[0].state == TalksState::exploratory ? 1 : 0;
  }
  const double expected = 0.2 * 2 * (1 / (1 + std::exp(0.3)));
  EXPECT_NEAR(expected, 0.170223, 1e-6);
  EXPECT_NEAR(static_cast<double>(opened) / trials, expected, 0.013);
}

// ---------------------------------------------------------------------------------------
// Scripted events, applied at the start of their month in file order.
const char* kEvents = R"(
meta:
  name: Events
  start: 2020-01
  months: 24
  parameters: {open_rate: 0.05}
issues: [{id: power, label: Power}]
camps:
  - {id: gov, victory_terms: {power: 0}}
  - {id: ins, victory_terms: {power: 100}}
actors:
  - {id: g, role: belligerent, camp: gov, positions: {power: 10}, salience: {power: 1}, belief: {mean: 0.5, strength: 10},
     cost_of_war: 0.002}
  - {id: r, role: belligerent, camp: ins, positions: {power: 80}, salience: {power: 1}, belief: {mean: 0.5, strength: 10}}
  - {id: p, role: patron, camp: ins, positions: {power: 60}, salience: {power: 1}}
regions:
  - {id: north, population: 1000, control: {gov: 0.5, ins: 0.5}, forces: {g: 100, r: 50}}
  - {id: south, population: 3000, control: {gov: 0.5, ins: 0.5}, forces: {g: 300, r: 70}}
patrons:
  - {patron: p, client: r, leverage: 0.5, pressure: 0.1}
talks:
  participants: [g, r]
events:
  - {date: 2020-02, set: {parameter: open_rate, value: 0.3}}
  - {date: 2020-03, scale: {parameter: open_rate, factor: 50}}
  - {date: 2020-03, scale: {parameter: g.cost_of_war, factor: 3}}
  - {date: 2020-04, scale: {parameter: g.cost_of_war, factor: 100000}}
  - {date: 2020-04, pressure: {patron: p, client: r, value: 0.6}}
  - {date: 2020-05, forces: {actor: g, region: north, change: 50}}
  - {date: 2020-05, forces: {actor: r, region: south, change: -1000}}
  - {date: 2020-06, forces: {actor: g, change: -150}}
  - {date: 2020-07, shock: 0.3}
  - {date: 2020-07, shock: 0.2}
)";

TEST(Events, SetScalePressureForcesShock) {
  auto set = load(kEvents);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  auto at = [&](int month) {
    w.month = month;
    sim::apply_events(w);
  };
  at(0);
  EXPECT_EQ(w.params.open_rate, 0.05);
  at(1);  // set: 0.3
  EXPECT_EQ(w.params.open_rate, 0.3);
  at(2);  // scale by 50: 15, clamped to open_rate's range [0, 1] -> 1; cost 0.002 * 3 = 0.006
  EXPECT_EQ(w.params.open_rate, 1.0);
  EXPECT_NEAR(w.actor.cost_of_war[0], 0.006, 1e-15);
  at(3);  // cost 0.006 * 1e5 = 600, clamped to [0, 10] -> 10; pressure 0.1 -> 0.6
  EXPECT_EQ(w.actor.cost_of_war[0], 10.0);
  EXPECT_EQ(w.patron.pressure[0], 0.6);
  // forces: region-major [r * 3 + i]; north g = 0, north r = 1, south g = 3, south r = 4.
  at(4);  // +50 in north only; -1000 in south clamps at 0
  EXPECT_EQ(w.region.forces.values()[0], 150.0);
  EXPECT_EQ(w.region.forces.values()[3], 300.0);
  EXPECT_EQ(w.region.forces.values()[1], 50.0);
  EXPECT_EQ(w.region.forces.values()[4], 0.0);
  at(5);  // -150 spread by where g is: north 150/450 -> -50, south 300/450 -> -100
  EXPECT_NEAR(w.region.forces.values()[0], 100.0, 1e-9);
  EXPECT_NEAR(w.region.forces.values()[3], 200.0, 1e-9);
  EXPECT_EQ(w.talks.tracks[0].shock, 0.0);
  at(6);  // two shocks in one month add up
  EXPECT_NEAR(w.talks.tracks[0].shock, 0.5, 1e-15);
  at(7);  // and last only their month
  EXPECT_EQ(w.talks.tracks[0].shock, 0.0);
  // Nothing else was touched along the way.
  EXPECT_EQ(w.params.open_rate, 1.0);
  EXPECT_EQ(w.patron.pressure[0], 0.6);
}

// ---------------------------------------------------------------------------------------
// Reproducibility and common random numbers, on the two-party teaching scenario.
std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string trace_csv(const Scenario& s, std::uint64_t seed, std::uint64_t run, RunResult* out = nullptr) {
  Trace trace;
  RunResult r = simulate_run(s, RunOptions{seed, run, &trace});
  if (out) *out = r;
  std::string csv;
  write_trace_csv(s, trace, csv);
  return csv;
}

TEST(Reproducibility, SameSeedSameBytesOtherSeedOrRunDiffers) {
  const std::string text = file_text(std::string(PARLEY_SOURCE_DIR) + "/scenarios/two-party/scenario.yaml");
  ASSERT_FALSE(text.empty());
  auto set = load(text);
  ASSERT_TRUE(set);
  const std::string a = trace_csv(set->base, 7, 3), b = trace_csv(set->base, 7, 3);
  ASSERT_GT(a.size(), 1000u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, trace_csv(set->base, 8, 3));
  EXPECT_NE(a, trace_csv(set->base, 7, 4));
  // The variant that changes costs changes the run.
  const Scenario* costly = set->find("costly_war");
  ASSERT_NE(costly, nullptr);
  EXPECT_NE(a, trace_csv(*costly, 7, 3));
}

TEST(Reproducibility, VariantIdenticalToBaseGivesIdenticalRuns) {
  std::string text = file_text(std::string(PARLEY_SOURCE_DIR) + "/scenarios/two-party/scenario.yaml");
  ASSERT_FALSE(text.empty());
  // A variant that restates the base's own value changes nothing.
  text += "  same:\n    description: restates the base\n    meta: {parameters: {open_rate: 0.08}}\n";
  auto set = load(text);
  ASSERT_TRUE(set);
  const Scenario* same = set->find("same");
  ASSERT_NE(same, nullptr);
  for (std::uint64_t run = 0; run < 10; ++run) {
    RunResult x, y;
    EXPECT_EQ(trace_csv(set->base, 11, run, &x), trace_csv(*same, 11, run, &y)) << run;
    EXPECT_EQ(x.outcome, y.outcome);
    EXPECT_EQ(x.battle_deaths, y.battle_deaths);
    EXPECT_EQ(x.final_control, y.final_control);
  }
}

}  // namespace

namespace {

// `scale` must keep the result inside the parameter's range (docs/scenario-format.md,
// events: "the result is kept inside the parameter's range"). belief_forgetting's range is
// (0, 1], open at 0; the loader accepts factor 0 ("factor: x >= 0"), and 0.98 * 0 = 0 is
// outside the range. With omega = 0 a month without engagements gives alpha = 0 * 6 + 0.5 * 0
// = 0 and beta = 0, so the belief mean alpha/(alpha + beta) = 0/0 = NaN, and the value of
// war of that actor becomes NaN.
const char* kScaleToZero = R"(
meta:
  name: Scale to zero
  start: 2020-01
  months: 24
  parameters: {belief_evidence_weight: 0.5}
issues: [{id: power, label: Power}]
camps:
  - {id: gov, victory_terms: {power: 0}}
  - {id: ins, victory_terms: {power: 100}}
actors:
  - {id: g, role: belligerent, camp: gov, positions: {power: 10}, salience: {power: 1}, belief: {mean: 0.6, strength: 10}}
  - {id: r, role: belligerent, camp: ins, positions: {power: 80}, salience: {power: 1}, belief: {mean: 0.5, strength: 10}}
regions:
  - {id: north, population: 1000, control: {gov: 0.5, ins: 0.5}, forces: {g: 100, r: 100}}
talks:
  participants: [g, r]
events:
  - {date: 2020-02, scale: {parameter: belief_forgetting, factor: 0}}
)";

TEST(Events, ScaleKeepsAnOpenLowerBoundOpen) {
  auto set = load(kScaleToZero);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  w.month = 0;
  sim::apply_events(w);
  EXPECT_EQ(w.params.belief_forgetting, 0.98);
  w.month = 1;
  sim::apply_events(w);
  EXPECT_GT(w.params.belief_forgetting, 0.0);
  EXPECT_LE(w.params.belief_forgetting, 1.0);
  // The consequence: a month with no engagements, then the value of war.
  w.camp.wins = {0, 0};
  w.camp.losses = {0, 0};
  sim::update_beliefs(w);
  sim::set_tempo(w);
  sim::value_war(w);
  EXPECT_TRUE(std::isfinite(w.actor.value_of_war[0])) << w.actor.value_of_war[0];
  EXPECT_TRUE(std::isfinite(w.actor.value_of_war[1])) << w.actor.value_of_war[1];
}

}  // namespace
