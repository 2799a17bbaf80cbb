// Exit deals as talks tracks (MODEL.md 12 and 14): a track of kind exit opens when its backer's
// value of leaving beats staying, values terms on its own agenda only, and its signing
// withdraws the backer and ends its support while the client's war goes on. Hand calculations
// on tiny inline scenarios; the format's errors with their locations.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>

#include "parley/narrative.hpp"
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

void replace(std::string& s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  s.replace(at, from.size(), to);
}

// A government `g` with a foreign army `us` and a donor `p` (100 fighters a month to g), against
// insurgents `r`, in two regions. The peace table (g, r) never opens (open_rate 0); `us` and `p`
// each have an exit track with r on the troops issue, both signed by event in month 6. No
// collapse, no victory, no defection: the war goes on by itself for the whole run.
std::string war_with_exits(const std::string& kind = "kind: exit, ") {
  return R"(meta:
  name: exit tracks
  start: 2020-01
  months: 36
  parameters: {engagement_rate: 3, collapse_threshold: 0, victory_control: 1, victory_min_forces: 0, open_rate: 0,
               defect_rate: 0, stake_pressure_max: 0}
issues:
  - {id: power, label: Power, status_quo: 0}
  - {id: troops, label: Foreign troops, status_quo: 100}
camps:
  - {id: gov, victory_terms: {power: 0, troops: 100}}
  - {id: ins, victory_terms: {power: 100, troops: 0}}
actors:
  - {id: g, role: belligerent, camp: gov, positions: {power: 10, troops: 80}, salience: {power: 1, troops: 0.5},
     belief: {mean: 0.5, strength: 10}, recruitment_rate: 0.1}
  - {id: us, role: belligerent, camp: gov, outside: true, veto: false, positions: {power: 20, troops: 40},
     salience: {power: 0.5, troops: 1}, belief: {mean: 0.5, strength: 10}, recruitment_rate: 0}
  - {id: r, role: belligerent, camp: ins, positions: {power: 90, troops: 0}, salience: {power: 1, troops: 1},
     belief: {mean: 0.5, strength: 10}, recruitment_rate: 0.1}
  - {id: p, role: patron, positions: {power: 10, troops: 50}, salience: {power: 1, troops: 1}}
regions:
  - {id: north, population: 500000, control: {gov: 0.6, ins: 0.4}, forces: {g: 3000, us: 1200, r: 2000}}
  - {id: south, population: 500000, control: {gov: 0.7, ins: 0.3}, forces: {g: 3000, us: 1200, r: 2000}}
patrons:
  - {patron: p, client: g, support: 100, leverage: 0, lag: 1, pressure: 0}
tracks:
  - {id: talks, participants: [g, r]}
  - {id: us_exit, )" + kind + R"(backer: us, participants: [us, r], agenda: [troops]}
  - {id: p_exit, kind: exit, backer: p, participants: [p, r], agenda: [troops]}
events:
  - {date: 2020-07, talks: {state: agreement, track: us_exit}}
  - {date: 2020-07, talks: {state: agreement, track: p_exit}}
)";
}

// The signing of an exit track: in month 6 both backers sign. From then on:
// * the government-insurgent war goes on: no ceasefire between the camps, battle deaths every
//   month (about 6 engagements a region a month at these forces; a month without any has chance
//   e^-12);
// * us stops fighting at once and its 2400 fighters fall linearly, 2400 (1 - k / 12) after the
//   forces stage of month 6 + k, to 0 at month 18, when its withdrawal is done;
// * p sends nothing from month 6 on (it sent 100 a month before);
// * two exit deals recorded, the first in month 6, and no agreement of the run.
TEST(ExitTrack, SigningWithdrawsTheBackerAndLeavesTheClientsWarGoing) {
  auto set = load(war_with_exits());
  ASSERT_TRUE(set);
  const Scenario& s = set->base;
  const int us = s.actor_index("us");
  World w = sim::make_world(s, 7, 0);
  sim::value_war(w);
  sim::compute_deal(w);
  double withdraw_from = -1;
  for (w.month = 0; w.month < 24 && !w.ended; ++w.month) {
    sim::step_month(w);
    if (w.month < 6) {
      EXPECT_NEAR(w.patron.sent[0], 100.0, 1e-9) << "month " << w.month;
      EXPECT_EQ(w.actor.fighting[us], 1);
      continue;
    }
    if (w.month == 6) {
      withdraw_from = w.actor.withdraw_from[us];
      EXPECT_GT(withdraw_from, 2000.0);
      EXPECT_LE(withdraw_from, 2400.0);
    }
    EXPECT_FALSE(sim::ceasefire_between(w, 0, 1)) << "month " << w.month;
    EXPECT_FALSE(sim::agreement_in_force(w)) << "month " << w.month;
    EXPECT_GT(w.war.pair_deaths(0, 1), 0.0) << "month " << w.month;
    EXPECT_EQ(w.actor.fighting[us], 0);
    EXPECT_EQ(w.actor.strength[us], 0.0);
    EXPECT_EQ(w.patron.sent[0], 0.0) << "month " << w.month;
    const int k = w.month - 6;
    EXPECT_NEAR(sim::total_forces(w, us), withdraw_from * std::max(0.0, 1 - k / 12.0), 1e-6) << "month " << w.month;
    EXPECT_EQ(w.actor.exit_state[us], k >= 12 ? sim::exit_gone : sim::exit_withdrawing) << "month " << w.month;
  }
  EXPECT_EQ(w.month, 24);
  EXPECT_EQ(w.result.exit_deals, 2);
  EXPECT_EQ(w.result.first_exit_deal, 6);
  EXPECT_EQ(w.result.agreements, 0);
  EXPECT_EQ(w.result.first_agreement, -1);
  EXPECT_EQ(w.result.tracks[1].agreements, 1);
  EXPECT_EQ(w.result.tracks[1].first_agreement, 6);
}

// The control: the same table as a peace track. Under MODEL.md 12's rule an agreement between a
// government-camp belligerent (us) and the insurgents stops the fighting between the two camps:
// no battle deaths after month 6, and no withdrawal. This is what exit tracks must not do.
TEST(ExitTrack, TheSameTableAsAPeaceTrackWouldStopTheClientsWar) {
  std::string y = war_with_exits("");  // no kind: a peace track, where 'backer' has no place

  replace(y, "backer: us, participants: [us, r], agenda: [troops]", "participants: [us, r], agenda: [troops]");
  auto set = load(y);
  ASSERT_TRUE(set);
  const int us = set->base.actor_index("us");
  World w = sim::make_world(set->base, 7, 0);
  sim::value_war(w);
  sim::compute_deal(w);
  for (w.month = 0; w.month < 12 && !w.ended; ++w.month) {
    sim::step_month(w);
    if (w.month < 6) continue;
    EXPECT_TRUE(sim::ceasefire_between(w, 0, 1));
    EXPECT_EQ(w.war.pair_deaths(0, 1), 0.0) << "month " << w.month;
    EXPECT_EQ(w.actor.fighting[us], 1);
  }
  EXPECT_EQ(w.result.agreements, 1);
}

// With exit_deals: 0 the exit tracks never move: a backer that wants out stays, and no exit
// deal is ever signed, even in a long run where leaving beats staying.
TEST(ExitTrack, ExitDealsZeroSwitchesThemOff) {
  std::string y = war_with_exits();
  replace(y, "stake_pressure_max: 0}", "stake_pressure_max: 0, exit_deals: 0}");
  replace(y, "  - {date: 2020-07, talks: {state: agreement, track: us_exit}}\n  - {date: 2020-07, talks: {state: agreement, track: p_exit}}\n", "");
  replace(y, "salience: {power: 0.5, troops: 1}, belief", "salience: {power: 0.5, troops: 1}, cost_of_war: 0.05, belief");
  auto set = load(y);
  ASSERT_TRUE(set);
  for (std::uint64_t run = 0; run < 20; ++run) {
    RunOptions o;
    o.seed = 3;
    o.run = run;
    const RunResult r = simulate_run(set->base, o);
    EXPECT_EQ(r.exit_deals, 0);
    EXPECT_EQ(r.tracks[1].first_formal, -1);
  }
  // Switched on, the same costly backer gets out in some of those runs.
  replace(y, "exit_deals: 0}", "exit_deals: 1}");
  set = load(y);
  ASSERT_TRUE(set);
  int exits = 0;
  for (std::uint64_t run = 0; run < 20; ++run) {
    RunOptions o;
    o.seed = 3;
    o.run = run;
    exits += simulate_run(set->base, o).exit_deals > 0;
  }
  EXPECT_GT(exits, 0);
}

// The patron scenario of sim_v2_test (Backers.ExitTalksOpen...): patron p backs the insurgents
// r (ins, P_win 3/20 as both stay and leave see it: at the start p has sent nothing), with
// position 60 on power and cost 0.002: stay 0.15 * 0.6 + 0.85 * 0.4 - 0.002 * 51 = 0.328,
// leave 0.43. The government g (position 10, no cost) sees P_win 17/20: its standing is
// 0.5 * 0.904 + 0.5 * 2000 / 2500 = 0.852, k = 17.
// Exit track (p, g) on the agenda [power]. Surpluses of terms y on power:
//   p: (leave - stay) + (u_p(y) - leave's lottery on power 0.43) = 0.102 + u_p(y) - 0.43;
//   g: u_g(y) - (0.85 u_g(0) + 0.15 u_g(100)) = u_g(y) - (0.85 * 0.9 + 0.15 * 0.1) = u_g(y) - 0.78.
// y = 60: p 0.102 + 1 - 0.43 = 0.672, g 0.5 - 0.78 = -0.28; y = 20: p 0.102 + 0.6 - 0.43 = 0.272,
// g 0.9 - 0.78 = 0.12.
std::string patron_with_exit_track() {
  return R"(meta:
  name: v2
  start: 2020-01
  months: 24
  parameters: {engagement_rate: 0}
issues: [{id: power, label: Power, status_quo: 0}]
camps:
  - {id: gov, victory_terms: {power: 0}}
  - {id: ins, victory_terms: {power: 100}}
actors:
  - {id: g, role: belligerent, camp: gov, positions: {power: 10}, salience: {power: 1}, belief: {mean: 0.5, strength: 10}}
  - {id: r, role: belligerent, camp: ins, positions: {power: 90}, salience: {power: 1}, belief: {mean: 0.5, strength: 10}}
  - {id: p, role: patron, positions: {power: 60}, salience: {power: 1}, cost_of_war: 0.002}
regions:
  - {id: north, population: 480, control: {gov: 0.8, ins: 0.2}, forces: {g: 1000, r: 500}}
  - {id: south, population: 520, control: {gov: 1, ins: 0}, forces: {g: 1000}}
patrons:
  - {patron: p, client: r, support: 100, leverage: 0.5, lag: 1, pressure: 0.2}
tracks:
  - {id: talks, participants: [g, r]}
  - {id: p_exit, kind: exit, backer: p, participants: [p, g], agenda: [power]}
)";
}

TEST(ExitTrack, SurplusesValueTheAgendaAgainstTheWarAndTheBackersExit) {
  auto set = load(patron_with_exit_track());
  ASSERT_TRUE(set);
  const int p = set->base.actor_index("p");
  World w = sim::make_world(set->base, 1, 0);
  sim::value_war(w);
  ASSERT_NEAR(w.actor.value_of_war[p], 0.328, 1e-9);
  ASSERT_NEAR(w.actor.leave_value[p], 0.43, 1e-9);
  const sim::Track& t = w.talks.tracks[1];
  EXPECT_EQ(t.kind, TrackKind::exit);
  EXPECT_TRUE(t.veto[p]);  // the backer must agree to its own deal
  const double at60[] = {60}, at20[] = {20};
  EXPECT_NEAR(sim::track_surplus(w, t, p, at60), 0.672, 1e-9);
  EXPECT_NEAR(sim::track_surplus(w, t, 0, at60), -0.28, 1e-9);
  EXPECT_NEAR(sim::track_surplus(w, t, p, at20), 0.272, 1e-9);
  EXPECT_NEAR(sim::track_surplus(w, t, 0, at20), 0.12, 1e-9);
  // A peace track's surplus is still u_i(y) - EV_war_i: p at 60 is 1 - 0.328.
  EXPECT_NEAR(sim::track_surplus(w, w.talks.tracks[0], p, at60), 1 - 0.328, 1e-9);
}

// Leaving beats staying by 0.102 > exit_margin 0.01 every month, so after exit_patience (3)
// months the backer opens its exit track: exploratory talks on that track, not on the peace track.
// A closed exit track never opens by ripeness on its own, even with a high open_rate.
TEST(ExitTrack, TheBackerOpensItsTrackAfterExitPatienceMonths) {
  std::string y = patron_with_exit_track();
  replace(y, "engagement_rate: 0}", "engagement_rate: 0, open_rate: 1, ripeness_bias: 1}");
  auto set = load(y);
  ASSERT_TRUE(set);
  const int p = set->base.actor_index("p");
  World w = sim::make_world(set->base, 1, 0);
  sim::value_war(w);
  for (int m = 0; m < 3; ++m) {
    w.month = m;
    EXPECT_EQ(w.actor.exit_state[p], sim::exit_none);
    sim::update_backers(w);
    if (m < 2) {
      sim::step_talks(w);  // ripeness would open a peace track at once: not this one
      EXPECT_EQ(w.talks.tracks[1].state, TalksState::closed) << "month " << m;
    }
  }
  EXPECT_EQ(w.actor.exit_state[p], sim::exit_talking);
  EXPECT_EQ(w.talks.tracks[1].state, TalksState::exploratory);
  EXPECT_EQ(w.result.tracks[1].first_formal, -1);
  // Exit talks are not the run's talks: its first exploratory month is the peace track's.
  EXPECT_EQ(w.result.first_exploratory, 0);
  // Talks that break down send the backer back to weighing from scratch.
  sim::force_talks_state(w, 1, TalksState::closed, RunEventKind::talks_broke_down);
  sim::update_backers(w);
  EXPECT_EQ(w.actor.exit_state[p], sim::exit_none);
  EXPECT_EQ(w.actor.exit_streak[p], 0);
}

// The narrative of an exit track tells the agenda's issues only: the demands stated there and
// the deal signed ("Foreign troops"), not the war's other issues ("Power").
TEST(ExitTrack, TheNarrativeTellsTheAgendasIssuesOnly) {
  auto set = load(war_with_exits());
  ASSERT_TRUE(set);
  const Scenario& s = set->base;
  RunEvent demands{.month = 3, .kind = RunEventKind::demands_opened, .actor = s.actor_index("us"), .track = 1,
                   .values = {20, 35}};
  const std::string d = narrate(s, demands);
  EXPECT_NE(d.find("opens with demands: Foreign troops 35.0."), std::string::npos) << d;
  EXPECT_EQ(d.find("Power"), std::string::npos) << d;
  RunEvent peace = demands;
  peace.track = 0;
  EXPECT_NE(narrate(s, peace).find("Power 20.0, Foreign troops 35.0"), std::string::npos) << narrate(s, peace);
  RunEvent signed_deal{.month = 6, .kind = RunEventKind::exit_deal_signed, .actor = s.actor_index("us"), .camp = 1,
                       .months = 12, .track = 1, .values = {35}};
  const std::string e = narrate(s, signed_deal);
  EXPECT_NE(e.find("signs an exit deal with ins (Foreign troops 35.0): its support ends and its forces leave over 12 "
                   "months."), std::string::npos) << e;
}

// The format's errors, each located at its key.
TEST(ExitTrack, FormatErrorsAreLocated) {
  const std::string base = patron_with_exit_track();
  auto with = [&](const std::string& from, const std::string& to) {
    std::string y = base;
    replace(y, from, to);
    return errors_of(y);
  };
  const std::string exit_line = "  - {id: p_exit, kind: exit, backer: p, participants: [p, g], agenda: [power]}";
  // line 21 is the exit track's; each error is the only one
  std::string d = with(exit_line, "  - {id: p_exit, kind: exit, participants: [p, g], agenda: [power]}");
  EXPECT_NE(d.find("inline.yaml:21:5: error: track 'p_exit': kind: exit without a 'backer'"), std::string::npos) << d;
  EXPECT_EQ(d.find("hostile camps"), std::string::npos) << d;  // no follow-on error
  d = with(exit_line, "  - {id: p_exit, kind: exit, backer: g, participants: [p, g], agenda: [power]}");
  EXPECT_NE(d.find("inline.yaml:21:38: error: track 'p_exit': backer: 'g' is not a backer"), std::string::npos) << d;
  EXPECT_EQ(d.find("hostile camps"), std::string::npos) << d;
  d = with(exit_line, "  - {id: p_exit, kind: exit, backer: p, participants: [r, g], agenda: [power]}");
  EXPECT_NE(d.find("inline.yaml:21:38: error: track 'p_exit': backer: 'p' is not among the participants"), std::string::npos) << d;
  d = with(exit_line, "  - {id: p_exit, kind: exit, backer: p, participants: [p, g]}");
  EXPECT_NE(d.find("inline.yaml:21:5: error: track 'p_exit': kind: exit without an 'agenda'"), std::string::npos) << d;
  d = with(exit_line, "  - {id: p_exit, kind: exit, backer: p, participants: [p, g], agenda: [power], state: agreement}");
  EXPECT_NE(d.find("inline.yaml:21:87: error: track 'p_exit': state: 'agreement' on an exit track"), std::string::npos) << d;
  d = with(exit_line, "  - {id: p_exit, kind: exit, backer: p, participants: [p, g], agenda: [power]}\n"
                      "  - {id: p_again, kind: exit, backer: p, participants: [p, g], agenda: [power]}");
  EXPECT_NE(d.find("inline.yaml:22:5: error: track 'p_again': backer: 'p' already has the exit track 'p_exit'"), std::string::npos) << d;
  d = with(exit_line, "  - {id: p_exit, kind: leave, backer: p, participants: [p, g], agenda: [power]}");
  EXPECT_NE(d.find("inline.yaml:21:24: error:"), std::string::npos) << d;
  EXPECT_NE(d.find("'leave'"), std::string::npos) << d;
  EXPECT_EQ(d.find("'backer' on a track of kind peace"), std::string::npos) << d;  // no follow-on error
  d = with("  - {id: talks, participants: [g, r]}", "  - {id: talks, backer: p, participants: [g, r]}");
  EXPECT_NE(d.find("inline.yaml:20:25: error: track 'talks': 'backer' on a track of kind peace"), std::string::npos) << d;
}

}  // namespace
