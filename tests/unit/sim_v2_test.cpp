// The version 2 mechanisms of MODEL.md 7 (standing), 13 (cohesion, collapse, capitals),
// 14 (backers' stakes, pressure, exit deals), 15 (splinters) and 16 (shocks) on tiny inline
// scenarios, stage functions called one by one, each checked against a hand calculation.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>

#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"
#include "sim/detail/stages.hpp"

namespace {

using namespace parley;
using sim::World;

std::unique_ptr<ScenarioSet> load(const std::string& yaml) {
  LoadResult r = load_scenario_text(yaml, "inline.yaml");
  EXPECT_TRUE(r.scenarios.has_value()) << r.diagnostics.str();
  if (!r.scenarios) return nullptr;
  return std::make_unique<ScenarioSet>(std::move(*r.scenarios));
}

std::string errors_of(const std::string& yaml) {
  LoadResult r = load_scenario_text(yaml, "inline.yaml");
  EXPECT_FALSE(r.scenarios.has_value());
  return r.diagnostics.str();
}

// Two camps, two regions. `extra` goes under meta.parameters; `actors_extra` is appended to
// the government's actor entry; `more` is appended at the top level.
std::string two_camps(double gov_north, double ins_north, const std::string& extra = "",
                      const std::string& gov_extra = "", const std::string& more = "",
                      const std::string& ins_extra = "") {
  return R"(meta:
  name: v2
  start: 2020-01
  months: 24
  parameters: {engagement_rate: 0)" + extra + R"(}
issues: [{id: power, label: Power, status_quo: 0}]
camps:
  - {id: gov, victory_terms: {power: 0}, capital: north}
  - {id: ins, victory_terms: {power: 100}}
actors:
  - id: g
    role: belligerent
    camp: gov
    positions: {power: 10}
    salience: {power: 1}
    belief: {mean: 0.5, strength: 10})" + gov_extra + R"(
  - id: r
    role: belligerent
    camp: ins
    positions: {power: 90}
    salience: {power: 1}
    belief: {mean: 0.5, strength: 10})" + ins_extra + R"(
regions:
  - id: north
    population: 480
    control: {gov: 0.8, ins: 0.2}
    forces: {g: )" + std::to_string(gov_north) + ", r: " + std::to_string(ins_north) + R"(}
  - id: south
    population: 520
    control: {gov: 1, ins: 0}
    forces: {g: 1000}
talks:
  participants: [g, r]
)" + more;
}

// ---------------------------------------------------------------------------------------
// Standing (MODEL.md 7 v2).
//
// Population share of ins: 480 * 0.04/0.48... here we set north control so that ins holds
// 4% of the population: 1000 people, ins holds 0.0833 of north (480) = 40 people = 4%.
// Strengths (tau 1, h 1): gov 1000 (north) + 1000 (south) = 2000; ins F.
//   many fighters F = 1000: T = 0.5 * 0.04 + 0.5 * 1000 / 3000 = 0.186667, k = round(3.73) = 4;
//   few fighters  F = 100:  T = 0.5 * 0.04 + 0.5 * 100 / 2100 = 0.043810, k = round(0.88) = 1;
//   version 1 (mu = 1):     T = 0.04, k = round(0.8) = 1.
// With belief 1/2, P_win = k / N = 0.20 and 0.05.
std::string standing_yaml(double ins_forces, double mu) {
  std::string y = two_camps(1000, ins_forces, ", standing_population_weight: " + std::to_string(mu));
  const std::string from = "control: {gov: 0.8, ins: 0.2}";
  y.replace(y.find(from), from.size(), "control: {gov: 0.9166666666666666, ins: 0.0833333333333334}");
  return y;
}

TEST(Standing, MixesPopulationShareAndShareOfEffectiveStrength) {
  auto many = load(standing_yaml(1000, 0.5));
  auto few = load(standing_yaml(100, 0.5));
  auto v1 = load(standing_yaml(1000, 1.0));
  ASSERT_TRUE(many && few && v1);
  World a = sim::make_world(many->base, 1, 0), b = sim::make_world(few->base, 1, 0), c = sim::make_world(v1->base, 1, 0);
  EXPECT_NEAR(sim::population_share(a, 1), 0.04, 1e-12);
  EXPECT_NEAR(sim::standing(a, 1, a.camp.strength[1]), 0.5 * 0.04 + 0.5 * 1000.0 / 3000.0, 1e-12);
  EXPECT_NEAR(sim::standing(b, 1, b.camp.strength[1]), 0.5 * 0.04 + 0.5 * 100.0 / 2100.0, 1e-12);
  EXPECT_NEAR(sim::standing(c, 1, c.camp.strength[1]), 0.04, 1e-12);
  for (World* w : {&a, &b, &c}) sim::value_war(*w);
  EXPECT_NEAR(a.actor.win_probability[1], 4.0 / 20, 1e-12);
  EXPECT_NEAR(b.actor.win_probability[1], 1.0 / 20, 1e-12);
  EXPECT_NEAR(c.actor.win_probability[1], 1.0 / 20, 1e-12);
  // The acceptance test of the issue: many fighters are worth much more than few. With
  // terms 0 (loss, u = 0.1) and 100 (win, u = 0.9) and cost 0.001 a month over k(N-k) months:
  //   many: 0.2 * 0.9 + 0.8 * 0.1 - 0.001 * 64 = 0.196;  few: 0.05 * 0.9 + 0.95 * 0.1 - 0.001 * 19 = 0.121.
  EXPECT_NEAR(a.actor.value_of_war[1], 0.2 * 0.9 + 0.8 * 0.1 - 0.001 * 4 * 16, 1e-9);
  EXPECT_NEAR(b.actor.value_of_war[1], 0.05 * 0.9 + 0.95 * 0.1 - 0.001 * 1 * 19, 1e-9);
}

// ---------------------------------------------------------------------------------------
// Cohesion (MODEL.md 13). One update by hand, defaults: rate 0.2, memory 0.7, weights
// results 1, belief 0.5, funding 0.5, presence 0.5, contagion 1.
//   wins 3, losses 7: win share 0.3; belief alpha 6, beta 4: 0.6 -> R = 0.3 * (0.3 - 0.6) = -0.09
//   P_win 0.3 -> 0.5 * (0.3 - 0.5) = -0.1;  funding 0.8 -> -0.5 * 0.2 = -0.1
//   north lost (gov held both regions' majority; now ins holds north): C = 1/2 -> -0.5
//   target = 1 - 0.09 - 0.1 - 0.1 - 0.5 = 0.21;  h = 1 + 0.2 (0.21 - 1) = 0.842.
TEST(Cohesion, MovesTowardATargetBuiltFromResultsBeliefFundingAndContagion) {
  auto set = load(two_camps(1000, 500));
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  w.camp.wins[0] = 3;
  w.camp.losses[0] = 7;
  w.actor.alpha[0] = 6;
  w.actor.beta[0] = 4;
  w.actor.win_probability[0] = 0.3;
  w.actor.funding[0] = 0.8;
  w.region.control(0, 0) = 0.3;
  w.region.control(0, 1) = 0.7;
  sim::update_cohesion(w);
  EXPECT_NEAR(w.actor.results[0], -0.09, 1e-12);
  EXPECT_NEAR(w.camp.contagion[0], 0.5, 1e-12);
  EXPECT_NEAR(w.actor.cohesion_target[0], 0.21, 1e-12);
  EXPECT_NEAR(w.actor.cohesion[0], 0.842, 1e-12);
  // Effective strength is tau F h.
  EXPECT_NEAR(w.actor.strength[0], 2000 * 0.842, 1e-9);
  // Next month with nothing new: C decays to 0.35; R stays -0.09 (a month without engagements
  // tells nothing), so target = 1 - 0.09 - 0.1 - 0.1 - 0.35 = 0.36, h = 0.842 + 0.2 (0.36 - 0.842) = 0.7456.
  w.camp.wins[0] = w.camp.losses[0] = 0;
  sim::update_cohesion(w);
  EXPECT_NEAR(w.actor.cohesion_target[0], 0.36, 1e-12);
  EXPECT_NEAR(w.actor.cohesion[0], 0.7456, 1e-12);
}

TEST(Cohesion, ZeroRateNeverMoves) {
  auto set = load(two_camps(1000, 500, ", cohesion_rate: 0"));
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  w.actor.win_probability[0] = 0;
  w.actor.funding[0] = 0;
  sim::update_cohesion(w);
  EXPECT_EQ(w.actor.cohesion[0], 1.0);
  EXPECT_LT(w.actor.cohesion_target[0], 1.0);
}

// Presence: an outside belligerent "us" of the government's camp starts with 1000 fighters
// (all in south); at 400 presence is 0.4, so the government's target loses 0.5 * 0.6 = 0.3
// and the outside belligerent's own target does not.
TEST(Cohesion, OutsideBelligerentsPresenceHoldsUpTheirCampMates) {
  std::string y = two_camps(1000, 500);
  y.replace(y.find("regions:"), 8, R"(  - {id: us, role: belligerent, camp: gov, outside: true, positions: {power: 20}, salience: {power: 1},
     belief: {mean: 0.5, strength: 10}}
regions:)");
  y.replace(y.find("forces: {g: 1000}\n"), 18, "forces: {g: 1000, us: 1000}\n");
  auto set = load(y);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  const int us = set->base.actor_index("us");
  for (int i : {0, us}) w.actor.win_probability[i] = 0.5;
  w.region.forces(1, us) = 400;
  sim::update_cohesion(w);
  EXPECT_NEAR(w.actor.cohesion_target[0], 0.7, 1e-12);
  EXPECT_NEAR(w.actor.cohesion_target[us], 1.0, 1e-12);
  // After an exit deal its presence counts as gone at once: 1 - 0.5 = 0.5.
  sim::sign_exit_deal(w, us);
  sim::update_cohesion(w);
  EXPECT_NEAR(w.actor.cohesion_target[0], 0.5, 1e-12);
}

// ---------------------------------------------------------------------------------------
// Collapse (MODEL.md 13). With collapse_rate 1 and cohesion 0, q = 1: every fighter in a region
// where the enemy has the local advantage leaves; 30% join the enemy; control passes whole.
//   north: gov 1000 at h = 0 (strength 0) against ins 500: gov -> 0, ins -> 500 + 300 = 800,
//          control gov 0.8 -> 0, ins 0.2 -> 1;
//   south: no ins fighters -> no local enemy -> nothing.
TEST(Collapse, FightersLeaveAndDefectWhereTheEnemyHasTheAdvantage) {
  auto set = load(two_camps(1000, 500, ", collapse_rate: 1"));
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 7, 0);
  w.actor.cohesion[0] = 0;
  sim::collapse(w);
  EXPECT_NEAR(w.region.forces(0, 0), 0, 1e-12);
  EXPECT_NEAR(w.region.forces(0, 1), 800, 1e-9);
  EXPECT_NEAR(w.region.control(0, 0), 0, 1e-12);
  EXPECT_NEAR(w.region.control(0, 1), 1, 1e-12);
  EXPECT_NEAR(w.region.forces(1, 0), 1000, 1e-12);
  EXPECT_EQ(w.result.cascades, 1);
  EXPECT_EQ(w.result.first_cascade, 0);
  // The capital (north) fell below half: cohesion 0 stays 0, capital counted.
  EXPECT_EQ(w.result.capitals_lost, 1);
}

// At h = 0.15 with threshold 0.3 and rate 0.3: q = 0.3 * (1 - 0.15/0.3) = 0.15. The mean
// share of 1000 fighters leaving over seeds is 0.15 (binomial sd 11.3 per run; 400 seeds:
// se of the mean 0.56 fighters; margin 3 fighters = 5 se).
TEST(Collapse, BinomialShareFollowsCohesionBelowTheThreshold) {
  auto set = load(two_camps(1000, 2000));
  ASSERT_TRUE(set);
  double sum = 0;
  const int n = 400;
  for (int seed = 1; seed <= n; ++seed) {
    World w = sim::make_world(set->base, static_cast<std::uint64_t>(seed), 0);
    w.actor.cohesion[0] = 0.15;  // strength 150 against 2000
    sim::collapse(w);
    sum += 1000 - w.region.forces(0, 0);
  }
  EXPECT_NEAR(sum / n, 150, 3);
}

TEST(Collapse, NoneWithoutTheLocalAdvantageOrWithThresholdZero) {
  auto set = load(two_camps(10000, 500, ", collapse_rate: 1"));
  auto off = load(two_camps(1000, 500, ", collapse_rate: 1, collapse_threshold: 0"));
  ASSERT_TRUE(set && off);
  World w = sim::make_world(set->base, 1, 0);
  w.actor.cohesion[0] = 0.2;  // 10000 * 0.2 = 2000 > 500: the government still has the advantage
  sim::collapse(w);
  EXPECT_EQ(w.region.forces(0, 0), 10000);
  World v = sim::make_world(off->base, 1, 0);
  v.actor.cohesion[0] = 0;
  sim::collapse(v);
  EXPECT_EQ(v.region.forces(0, 0), 1000);
  EXPECT_EQ(v.result.cascades, 0);
}

// Capital: the government's capital is north (0.8 held). Below one half it loses 0.3 of
// cohesion at once; with victory_on_capital the insurgents win, by capital.
TEST(Collapse, LosingTheCapitalCostsCohesionAndMayEndTheWar) {
  for (bool decisive : {false, true}) {
    auto set = load(two_camps(1000, 500, decisive ? ", victory_on_capital: 1" : ""));
    ASSERT_TRUE(set);
    World w = sim::make_world(set->base, 1, 0);
    w.actor.cohesion[0] = 0.9;
    w.region.control(0, 0) = 0.45;
    w.region.control(0, 1) = 0.55;
    sim::update_shares(w);
    sim::collapse(w);
    EXPECT_NEAR(w.actor.cohesion[0], 0.6, 1e-12);
    EXPECT_EQ(w.result.capitals_lost, 1);
    sim::collapse(w);  // still lost: no second loss
    EXPECT_NEAR(w.actor.cohesion[0], 0.6, 1e-12);
    EXPECT_EQ(sim::check_victory(w), false);  // the capital fell last month, not this one
    w.region.control(0, 0) = 0.6;
    w.region.control(0, 1) = 0.4;
    sim::collapse(w);  // regained
    w.region.control(0, 0) = 0.3;
    w.region.control(0, 1) = 0.7;
    sim::collapse(w);
    EXPECT_EQ(w.result.capitals_lost, 2);
    EXPECT_EQ(sim::check_victory(w), decisive);
    if (decisive) {
      EXPECT_EQ(w.result.victor, 1);
      EXPECT_EQ(w.result.victory_by, VictoryKind::capital);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Backers (MODEL.md 14).
std::string with_patron(const std::string& params, const std::string& patron_extra = "") {
  std::string y = two_camps(1000, 500, params);
  y.replace(y.find("regions:"), 8, R"(  - {id: p, role: patron, positions: {power: 60}, salience: {power: 1}, cost_of_war: 0.002)" +
                                       patron_extra + R"(}
regions:)");
  y.replace(y.find("talks:"), 6, R"(patrons:
  - {patron: p, client: r, support: 100, leverage: 0.5, lag: 1, pressure: 0.2}
talks:)");
  return y;
}

// Stake term: max 0.3, kappa 10. Patron surplus 0.2, client 0.1: z = 0.1,
//   stake = 0.3 tanh(1) = 0.228478; wanted = 0.2 + 0.228478; lag 1 -> pi_eff = 0.428478.
// A patron that prefers war (surplus -0.05): 0.3 tanh(-0.5) = -0.138676 -> 0.061324.
TEST(Backers, PressureFollowsStakes) {
  auto set = load(with_patron(""));
  ASSERT_TRUE(set);
  const int p = set->base.actor_index("p");
  World w = sim::make_world(set->base, 1, 0);
  w.month = 1;
  w.actor.surplus[p] = 0.2;
  w.actor.surplus[1] = 0.1;
  sim::update_pressure(w);
  EXPECT_NEAR(w.patron.pressure_eff[0], 0.2 + 0.3 * std::tanh(1.0), 1e-12);
  w.actor.surplus[p] = -0.05;
  sim::update_pressure(w);
  EXPECT_NEAR(w.patron.pressure_eff[0], 0.2 + 0.3 * std::tanh(-0.5), 1e-12);
  auto off = load(with_patron(", stake_pressure_max: 0"));
  World v = sim::make_world(off->base, 1, 0);
  v.month = 1;
  v.actor.surplus[p] = 0.2;
  sim::update_pressure(v);
  EXPECT_NEAR(v.patron.pressure_eff[0], 0.2, 1e-12);
}

// War weariness: per_year 0.012 at month 6 adds 0.006; per_log_casualty 0.01 with 100
// casualties adds 0.01 ln 2. Cost 0.002 + 0.006 + 0.006931 = 0.014931.
TEST(Backers, WarWearinessGrowsWithTimeAndLogCasualties) {
  auto set = load(with_patron("", ", weariness: {per_year: 0.012, per_log_casualty: 0.01}"));
  ASSERT_TRUE(set);
  const int p = set->base.actor_index("p");
  World w = sim::make_world(set->base, 1, 0);
  w.month = 6;
  w.actor.casualties[p] = 100;
  sim::update_pressure(w);
  EXPECT_NEAR(w.actor.cost[p], 0.002 + 0.006 + 0.01 * std::log(2.0), 1e-12);
}

// A patron values war with the camp it backs (ins, belief 1/2), its own utility (60: win
// u = 0.6, lose u = 0.4) and cost. Ins standing: pop 0.096, strength 500/2500: T = 0.148,
// k = 3, P_win = 3/20, months 3 * 17 = 51. Stay = 0.15 * 0.6 + 0.85 * 0.4 - 0.002 * 51 = 0.328;
// leave (patron: the same chance, no cost) = 0.43. Leaving beats staying by 0.102 > 0.01:
// after exit_patience (3) months the patron opens its exit track (exploratory talks).
TEST(Backers, ExitTalksOpenWhenLeavingBeatsStayingLongEnough) {
  std::string y = with_patron("");
  const std::string talks = "talks:\n  participants: [g, r]\n";
  y.replace(y.find(talks), talks.size(),
            "tracks:\n  - {id: talks, participants: [g, r]}\n"
            "  - {id: p_exit, kind: exit, backer: p, participants: [p, g], agenda: [power]}\n");
  auto set = load(y);
  ASSERT_TRUE(set);
  const int p = set->base.actor_index("p");
  World w = sim::make_world(set->base, 1, 0);
  sim::value_war(w);
  EXPECT_NEAR(w.actor.win_probability[p], 3.0 / 20, 1e-12);
  EXPECT_NEAR(w.actor.value_of_war[p], 0.15 * 0.6 + 0.85 * 0.4 - 0.002 * 51, 1e-9);
  EXPECT_NEAR(w.actor.leave_value[p], 0.15 * 0.6 + 0.85 * 0.4, 1e-9);
  for (int m = 0; m < 2; ++m) {
    w.month = m;
    sim::update_backers(w);
    EXPECT_EQ(w.actor.exit_state[p], sim::exit_none);
  }
  w.month = 2;
  sim::update_backers(w);
  EXPECT_EQ(w.actor.exit_state[p], sim::exit_talking);
  EXPECT_EQ(w.talks.tracks[1].state, TalksState::exploratory);
  // On signing, support ends: the client's funding falls to (recruits + 0) / (recruits + 100),
  // recruits = 0.1 per 1000 of the 96 people ins holds = 0.0096.
  sim::sign_exit_deal(w, p);
  EXPECT_EQ(w.result.exit_deals, 1);
  sim::update_forces(w);
  EXPECT_NEAR(w.actor.funding[1], 0.0096 / 100.0096, 1e-12);
}

// Withdrawal: an outside belligerent with 1200 fighters that signs at month 0 holds
// 1200 (1 - m / 12) after the forces stage of month m, and stops fighting at once.
TEST(Backers, WithdrawalIsLinearOverWithdrawalMonths) {
  std::string y = two_camps(1000, 500);
  y.replace(y.find("regions:"), 8, R"(  - {id: us, role: belligerent, camp: gov, outside: true, positions: {power: 20}, salience: {power: 1},
     belief: {mean: 0.5, strength: 10}}
regions:)");
  y.replace(y.find("forces: {g: 1000}\n"), 18, "forces: {g: 1000, us: 1200}\n");
  auto set = load(y);
  ASSERT_TRUE(set);
  const int us = set->base.actor_index("us");
  World w = sim::make_world(set->base, 1, 0);
  sim::sign_exit_deal(w, us);
  EXPECT_EQ(w.actor.strength[us], 0.0);
  for (int m = 1; m <= 12; ++m) {
    w.month = m;
    sim::update_forces(w);
    EXPECT_NEAR(sim::total_forces(w, us), 1200.0 * (1 - m / 12.0), 1e-9) << "month " << m;
    sim::update_backers(w);
  }
  EXPECT_EQ(w.actor.exit_state[us], sim::exit_gone);
}

// ---------------------------------------------------------------------------------------
// Splinters (MODEL.md 15). Ins has hardliner_share 0.25 with position 100. An agreement at
// terms 50: the hardliners' utility of the terms is 0.5; their value of war with the parent's
// view (ins standing 0.148 -> k 3, P_win 0.15, cost 0): 0.15 * 1 + 0.85 * 0 = 0.15 < 0.5, so no
// split. With terms 10 (u = 0.1): 0.15 > 0.1, a split:
// 125 of ins's 500 fighters in north, and 0.25 of its control there (0.2 -> 0.15, splinter 0.05).
TEST(Splinters, HardlinersWhoPreferWarSplitOffAtSigning) {
  auto set = load(two_camps(1000, 500, "", "", "", "\n    cost_of_war: 0\n    hardliner_share: 0.25\n    hardliner_positions: {power: 100}"));
  ASSERT_TRUE(set);
  const Scenario& s = set->base;
  ASSERT_EQ(s.camps.size(), 3u);
  EXPECT_EQ(s.camps[2].id, "r_hardliners");
  EXPECT_EQ(s.camps[2].name, "r hardliners");
  EXPECT_TRUE(s.camps[2].latent);
  const int h = s.actor_index("r_hardliners");
  ASSERT_GE(h, 0);
  World w = sim::make_world(s, 1, 0);
  EXPECT_FALSE(w.camp.active[2]);
  EXPECT_EQ(sim::enemy_of(w, 0), 1);
  sim::value_war(w);
  EXPECT_NEAR(w.actor.win_probability[1], 0.15, 1e-12);
  // the latent camp fights its parent's camp and the camp its parent fights (MODEL.md 12, 15)
  EXPECT_TRUE(w.camp.hostile(2, 1));
  EXPECT_TRUE(w.camp.hostile(2, 0));
  sim::Track& t = w.talks.tracks[0];
  t.terms = t.deal;
  t.terms[0] = 50;
  t.signatory[1] = 1;
  sim::split_hardliners(w, 0);
  EXPECT_EQ(w.result.splinters, 0);
  t.terms[0] = 10;
  sim::split_hardliners(w, 0);
  EXPECT_EQ(w.result.splinters, 1);
  EXPECT_NEAR(w.region.forces(0, 1), 375, 1e-9);
  EXPECT_NEAR(w.region.forces(0, h), 125, 1e-9);
  EXPECT_NEAR(w.region.control(0, 1), 0.15, 1e-12);
  EXPECT_NEAR(w.region.control(0, 2), 0.05, 1e-12);
  EXPECT_TRUE(w.camp.active[2]);
  EXPECT_EQ(w.actor.alpha[h], w.actor.alpha[1]);
  EXPECT_NEAR(w.result.splinter_fighters, 125, 1e-9);
  sim::split_hardliners(w, 0);  // once only
  EXPECT_EQ(w.result.splinters, 1);
}

// A latent splinter camp that never split off is nobody's war: a peace between the two real
// camps ends the run in peace (a defect of the first merge of the two halves of version 2:
// the latent camp kept every run from ending in peace, and the signatories from standing down).
TEST(Splinters, ALatentCampDoesNotKeepARunFromPeace) {
  auto set = load(two_camps(1000, 500, "", "", "", "\n    hardliner_share: 0.25"));
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  ASSERT_EQ(w.camps, 3);
  ASSERT_FALSE(w.camp.active[2]);
  sim::Track& t = w.talks.tracks[0];
  ASSERT_TRUE(t.signatory[0] && t.signatory[1]);
  t.state = TalksState::peace;
  t.terms = t.deal;
  sim::step_month(w);
  EXPECT_TRUE(w.ended);
  EXPECT_EQ(w.result.outcome, RunOutcome::peace);
  EXPECT_EQ(w.actor.tempo[0], 0.0) << "nothing left to fight: the government stands down";
  // Once the hardliners have split off they are a war the peace does not cover.
  World v = sim::make_world(set->base, 1, 0);
  v.camp.active[2] = 1;
  v.talks.tracks[0].state = TalksState::peace;
  v.talks.tracks[0].terms = v.talks.tracks[0].deal;
  sim::step_month(v);
  EXPECT_FALSE(v.ended);
}

// ---------------------------------------------------------------------------------------
// Shocks (MODEL.md 16).
TEST(Shocks, StrikeWithTheirHazardAndApplyTheirEffects) {
  const std::string shocks = R"(shocks:
  - id: decapitation
    hazard: 1
    once: true
    effects:
      - cohesion: {actor: r, change: -0.4}
      - position: {actor: r, positions: {power: 70}}
      - deaths: {count: 250}
  - id: election
    dates: [{date: 2020-03, probability: 1}]
    effects:
      - set: {parameter: open_rate, value: 0.5}
)";
  auto set = load(two_camps(1000, 500, "", "", shocks));
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  for (int m = 0; m < 3; ++m) {
    w.month = m;
    sim::apply_shocks(w);
    if (m == 0) {
      EXPECT_NEAR(w.actor.cohesion[1], 0.6, 1e-12);
      EXPECT_EQ(w.actor.own_position(1, 0), 70);
      EXPECT_EQ(w.war.pending_deaths, 250);
      sim::fight(w);  // engagement_rate 0: the attack's deaths alone
      EXPECT_EQ(w.war.deaths, 250);
      EXPECT_EQ(w.result.battle_deaths, 250);
    }
  }
  EXPECT_NEAR(w.actor.cohesion[1], 0.6, 1e-12);  // once
  EXPECT_EQ(w.result.shocks, 2);
  EXPECT_EQ(w.params.open_rate, 0.5);  // the election of 2020-03 (month 2)
}

// ---------------------------------------------------------------------------------------
// The loader: every new key validated with a located error in the one pass.
TEST(ScenarioV2, LocatedErrorsForTheNewKeys) {
  std::string y = two_camps(1000, 500, "", "\n    hardliner_share: 1.5", R"(shocks:
  - id: s1
    hazard: 2
    effects:
      - cohesion: {actor: nobody, change: -0.1}
)");
  y.replace(y.find("capital: north"), 14, "capital: east");
  const std::string d = errors_of(y);
  EXPECT_NE(d.find("inline.yaml:8:"), std::string::npos) << d;  // the capital, line 8
  EXPECT_NE(d.find("unknown region 'east'"), std::string::npos) << d;
  EXPECT_NE(d.find("'hardliner_share'"), std::string::npos) << d;
  EXPECT_NE(d.find("1.5"), std::string::npos) << d;
  EXPECT_NE(d.find("'hazard'"), std::string::npos) << d;
  EXPECT_NE(d.find("unknown actor 'nobody'"), std::string::npos) << d;
}

}  // namespace
