// Version 2's talks mechanisms (MODEL.md 11-12) on tiny inline scenarios, each checked by a
// hand calculation written next to it: demands, proposal, concessions, the agenda, reopening,
// violence at the table, learning, ratification, hostility, who stops fighting, posture
// events, and the loader's located errors for the new keys.
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

// The errors of a scenario that must not load, as "line:column: message" lines.
std::string errors_of(const std::string& yaml) {
  LoadResult r = load_scenario_text(yaml, "inline.yaml");
  EXPECT_FALSE(r.scenarios.has_value());
  std::string out;
  for (const auto& d : r.diagnostics.items())
    if (d.severity == Severity::error) out += std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + ": " + d.message + "\n";
  return out;
}

double sig(double z) { return 1 / (1 + std::exp(-z)); }

// Two issues, two veto belligerents with clout 1 and no military share (weights b = 1), a
// compromise table. Positions g (10, 20), r (80, 60); saliences 1 and 1 (weights 1/2 each).
const char* kTable = R"(
format: 2
meta:
  name: Table
  start: 2020-01
  months: 60
  parameters: {derail_rate: 0, open_rate: 0, opening_toughness: 0.5, concession_rate: 0.1, concession_kappa: 10,
               closing_tolerance: 5, talks_learning: 0, violence_derail: 0}
issues: [{id: power, label: Power}, {id: troops, label: Troops}]
camps:
  - {id: gov, victory_terms: {power: 0, troops: 100}}
  - {id: ins, victory_terms: {power: 100, troops: 0}}
actors:
  - {id: g, role: belligerent, camp: gov, veto: true, positions: {power: 10, troops: 20}, salience: {power: 1, troops: 1}, cost_of_war: 0.01, belief: {mean: 0.5, strength: 10}}
  - {id: r, role: belligerent, camp: ins, veto: true, positions: {power: 80, troops: 60}, salience: {power: 1, troops: 1}, cost_of_war: 0.01, belief: {mean: 0.5, strength: 10}}
regions:
  - {id: north, population: 1000, control: {gov: 0.5, ins: 0.5}, forces: {g: 100, r: 100}}
talks:
  participants: [g, r]
  agenda: [power, troops]
)";

World formal_world(const ScenarioSet& set) {
  World w = sim::make_world(set.base, 1, 0);
  sim::compute_deal(w);  // b = clout = 1 each: D = (45, 40), the plain means
  w.talks.tracks[0].state = TalksState::formal;
  sim::open_negotiation(w, 0);
  return w;
}

TEST(Negotiation, OpeningDemandsArePushedAwayFromTheDeal) {
  auto set = load(kTable);
  ASSERT_TRUE(set);
  World w = formal_world(*set);
  const sim::Track& t = w.talks.tracks[0];
  EXPECT_DOUBLE_EQ(t.deal[0], 45.0);
  EXPECT_DOUBLE_EQ(t.deal[1], 40.0);
  // z = x + 0.5 (x - D): g power 10 - 17.5 = -7.5, clipped to 0; g troops 20 - 10 = 10;
  // r power 80 + 17.5 = 97.5; r troops 60 + 10 = 70.
  EXPECT_DOUBLE_EQ(t.demand(0, 0), 0.0);
  EXPECT_DOUBLE_EQ(t.demand(0, 1), 10.0);
  EXPECT_DOUBLE_EQ(t.demand(1, 0), 97.5);
  EXPECT_DOUBLE_EQ(t.demand(1, 1), 70.0);
}

TEST(Negotiation, ProposalFromDemandsAndConcessionsOnTheItemOnTheTable) {
  auto set = load(kTable);
  ASSERT_TRUE(set);
  World w = formal_world(*set);
  // P = the compromise of the demands: power (0 + 97.5)/2 = 48.75, troops (10 + 70)/2 = 40.
  // Values of war equal to u_i(P), so sig(kappa_c * 0) = 1/2:
  //   u_g(P) = 1 - 0.5 * 38.75/100 - 0.5 * 20/100 = 0.70625; u_r(P) = 1 - 0.5 * 31.25/100 - 0.5 * 20/100 = 0.74375.
  // Urgency: cost at its default, tempo 1 on both sides: 1. c = 0.1 * 0.5 * (1 + 1) = 0.1.
  w.actor.value_of_war[0] = 0.70625;
  w.actor.value_of_war[1] = 0.74375;
  EXPECT_DOUBLE_EQ(sim::urgency(w, 0), 1.0);
  EXPECT_FALSE(sim::negotiate(w, 0));
  const sim::Track& t = w.talks.tracks[0];
  EXPECT_DOUBLE_EQ(t.proposal[0], 48.75);
  EXPECT_DOUBLE_EQ(t.proposal[1], 40.0);
  EXPECT_NEAR(t.demand(0, 0), 0 + 0.1 * 48.75, 1e-12);             // 4.875
  EXPECT_NEAR(t.demand(1, 0), 97.5 + 0.1 * (48.75 - 97.5), 1e-12);  // 92.625
  EXPECT_DOUBLE_EQ(t.demand(0, 1), 10.0);  // troops is the second item: no concession yet
  EXPECT_EQ(t.item, 0);
  EXPECT_EQ(w.result.tracks[0].items_closed, 0);
}

TEST(Negotiation, UrgencyIsTheMonthsCostRelativeToTheDefault) {
  auto set = load(kTable);
  ASSERT_TRUE(set);
  World w = formal_world(*set);
  w.camp.tempo[0] = w.camp.tempo[1] = 0;  // a mutual ceasefire: no urgency
  EXPECT_DOUBLE_EQ(sim::urgency(w, 0), 0.0);
  w.actor.cost[0] = 0.02;  // pressure doubled the cost; tempo 1 and 0.5: intensity 0.75
  w.camp.tempo[0] = 1;
  w.camp.tempo[1] = 0.5;
  EXPECT_DOUBLE_EQ(sim::urgency(w, 0), 2 * 0.75);
}

TEST(Negotiation, ItemsCloseInOrderAndThePackageSignsOnlyWhenEveryVetoSurplusIsNonNegative) {
  auto set = load(kTable);
  ASSERT_TRUE(set);
  for (double ev_g : {0.9, 0.5}) {
    World w = formal_world(*set);
    w.params.concession_rate = 0;  // demands set by hand below stay put
    sim::Track& t = w.talks.tracks[0];
    w.actor.value_of_war[0] = ev_g;
    w.actor.value_of_war[1] = 0;
    // Item 1 (power): demands 46 and 52, P = 49; both within 5 points: it closes at 49.
    t.demand(0, 0) = 46;
    t.demand(1, 0) = 52;
    EXPECT_FALSE(sim::negotiate(w, 0));
    EXPECT_EQ(t.item_closed[0], 1);
    EXPECT_DOUBLE_EQ(t.package[0], 49.0);
    EXPECT_EQ(t.item, 1);
    // Item 2 (troops): demands 38 and 44, P = 41. Power is held at 49 even if demands move.
    t.demand(0, 0) = 0;
    t.demand(0, 1) = 38;
    t.demand(1, 1) = 44;
    const bool signed_ = sim::negotiate(w, 0);
    EXPECT_DOUBLE_EQ(t.proposal[0], 49.0);
    EXPECT_DOUBLE_EQ(t.package[1], 41.0);
    EXPECT_EQ(w.result.tracks[0].items_closed, 2);
    // u_g(49, 41) = 1 - 0.5 * 0.39 - 0.5 * 0.21 = 0.70: below EV 0.9, above EV 0.5.
    if (ev_g == 0.5) {
      EXPECT_TRUE(signed_);
      EXPECT_EQ(w.result.tracks[0].items_reopened, 0);
    } else {
      // g's losses by item: power 0.5 * 39/100 = 0.195, troops 0.5 * 21/100 = 0.105: power
      // reopens, and g restates its position 10 there.
      EXPECT_FALSE(signed_);
      EXPECT_EQ(w.result.tracks[0].items_reopened, 1);
      EXPECT_EQ(t.item, 0);
      EXPECT_EQ(t.item_closed[0], 0);
      EXPECT_EQ(t.item_closed[1], 1);
      EXPECT_DOUBLE_EQ(t.demand(0, 0), 10.0);
    }
  }
}

TEST(Negotiation, ViolenceBetweenTheTablesCampsAddsToTheDerailmentHazard) {
  auto set = load(kTable);
  ASSERT_TRUE(set);
  World w = formal_world(*set);
  w.params.violence_derail = 0.02;
  w.params.deaths_scale = 1000;
  w.war.pair_deaths(0, 1) = 500;  // 0.02 * 500 / 1000 = 0.01
  sim::step_talks(w);
  EXPECT_DOUBLE_EQ(w.talks.tracks[0].violence_hazard, 0.01);
}

TEST(Negotiation, FormalTalksMoveBeliefsTowardEachOther) {
  auto set = load(kTable);
  ASSERT_TRUE(set);
  World w = formal_world(*set);
  w.params.talks_learning = 0.05;
  w.actor.alpha[0] = 7;  // g: mean 0.7, strength 10
  w.actor.beta[0] = 3;
  w.actor.alpha[1] = 12;  // r: mean 0.6, strength 20
  w.actor.beta[1] = 8;
  sim::learn_at_table(w);
  // g's target is r's belief that g's camp wins: 1 - 0.6 = 0.4: 0.7 + 0.05 (0.4 - 0.7) = 0.685.
  EXPECT_NEAR(w.actor.alpha[0], 6.85, 1e-12);
  EXPECT_NEAR(w.actor.beta[0], 3.15, 1e-12);
  // r: 0.6 + 0.05 (0.3 - 0.6) = 0.585, strength 20.
  EXPECT_NEAR(w.actor.alpha[1], 11.7, 1e-12);
  EXPECT_NEAR(w.actor.beta[1], 8.3, 1e-12);
}

// The same table with a ratifier e (civil): positions (30, 50), saliences 1 and 1.
std::string with_ratifier() {
  std::string y = kTable;
  y.replace(y.find("regions:"), 0,
            "  - {id: e, role: civil, positions: {power: 30, troops: 50}, salience: {power: 1, troops: 1}}\n");
  y += "  ratifier: e\n";
  return y;
}

TEST(Ratification, ApprovalIsLogisticInTheRatifiersGainOverTheStatusQuo) {
  auto set = load(with_ratifier());
  ASSERT_TRUE(set);
  World w = formal_world(*set);
  sim::Track& t = w.talks.tracks[0];
  t.package = {49.0, 41.0};
  // u_e(49, 41) = 1 - 0.5 * 0.19 - 0.5 * 0.09 = 0.86; status quo (50, 50): 1 - 0.5 * 0.2 = 0.9.
  const double p = sig(10 * (0.86 - 0.9));  // 0.4013
  EXPECT_NEAR(sim::approval_probability(w, 0, t.package), p, 1e-12);
  EXPECT_TRUE(sim::ratification_vote(w, 0, p - 1e-9));
  EXPECT_EQ(w.result.tracks[0].rejections, 0);
  t.item_closed.fill(1);
  EXPECT_FALSE(sim::ratification_vote(w, 0, p + 1e-9));
  EXPECT_EQ(w.result.tracks[0].rejections, 1);
  EXPECT_TRUE(t.ratifier_at_table);
  EXPECT_EQ(t.item_closed[0], 0);  // the agenda reopens
  EXPECT_EQ(t.item_closed[1], 0);
  // The ratifier now weighs ratifier_weight 0.25 of the table's 2: weight 0.5. With demands 46
  // and 52 on power: P = (46 + 52 + 0.5 * 30) / 2.5 = 45.2.
  w.params.concession_rate = 0;
  t.demand(0, 0) = 46;
  t.demand(1, 0) = 52;
  sim::negotiate(w, 0);
  EXPECT_NEAR(t.proposal[0], 45.2, 1e-12);
}

TEST(Ratification, ASignedPackageWaitsForTheVoteAndOnlyARatifiedOneIsImplemented) {
  auto set = load(with_ratifier());
  ASSERT_TRUE(set);
  World w = formal_world(*set);
  w.params.concession_rate = 0;
  w.params.closing_tolerance = 100;  // both items close at once, one a month
  w.params.ratification_delay = 2;
  w.params.ratification_bias = 100;  // approval certain
  w.actor.value_of_war[0] = w.actor.value_of_war[1] = -1;
  sim::Track& t = w.talks.tracks[0];
  for (int m = 0; m < 2; ++m) {  // items 1 and 2 close in months 0 and 1; the package goes to the ratifier
    w.month = m;
    sim::step_talks(w);
  }
  EXPECT_EQ(t.state, TalksState::formal);
  EXPECT_EQ(t.ratify_in, 2);
  w.month = 2;
  sim::step_talks(w);  // one month after signing: waiting
  EXPECT_EQ(t.state, TalksState::formal);
  EXPECT_EQ(t.ratify_in, 1);
  w.month = 3;
  sim::step_talks(w);  // the vote, ratification_delay = 2 months after the package was signed in month 1
  EXPECT_EQ(t.state, TalksState::agreement);
  EXPECT_EQ(w.result.first_agreement, 3);
  EXPECT_EQ(w.result.tracks[0].first_agreement, 3);
}

// Three camps: gov fights farc and eln; farc and eln are not hostile to each other.
const char* kThreeCamps = R"(
format: 2
meta:
  name: Three camps
  start: 2020-01
  months: 60
  parameters: {engagement_rate: 50, derail_rate: 0, open_rate: 0}
issues: [{id: power, label: Power}]
camps:
  - {id: gov, victory_terms: {power: 0}}
  - {id: farc, victory_terms: {power: 100}, hostile_to: [gov]}
  - {id: eln, victory_terms: {power: 100}, hostile_to: [gov]}
actors:
  - {id: g, role: belligerent, camp: gov, veto: true, positions: {power: 10}, salience: {power: 1}, belief: {mean: 0.5, strength: 10}}
  - {id: f, role: belligerent, camp: farc, veto: true, positions: {power: 80}, salience: {power: 1}, belief: {mean: 0.5, strength: 10}}
  - {id: e, role: belligerent, camp: eln, veto: true, positions: {power: 90}, salience: {power: 1}, belief: {mean: 0.5, strength: 10}}
regions:
  - {id: north, population: 1000, control: {gov: 0.4, farc: 0.3, eln: 0.3}, forces: {g: 1000, f: 1000, e: 1000}}
tracks:
  - {id: farc, participants: [g, f]}
  - {id: eln, participants: [g, e], state: closed}
events:
  - {date: 2020-03, tempo: {actor: e, tempo: 0, months: 2}}
)";

TEST(Hostility, CampsThatAreNotHostileNeverFightAndAreNotEachOthersEnemy) {
  auto set = load(kThreeCamps);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  EXPECT_TRUE(sim::hostile(w, 0, 1));
  EXPECT_TRUE(sim::hostile(w, 0, 2));
  EXPECT_FALSE(sim::hostile(w, 1, 2));
  EXPECT_EQ(sim::enemy_of(w, 1), 0);  // not eln, which holds as much
  for (int m = 0; m < 12; ++m) {
    w.month = m;
    sim::set_tempo(w);
    sim::fight(w);
    EXPECT_EQ(w.war.pair_deaths(1, 2), 0.0) << m;
    EXPECT_GT(w.war.pair_deaths(0, 1), 0.0) << m;  // lambda = 50 per month: never zero engagements in practice
  }
}

TEST(Hostility, AnAgreementStopsFightingOnlyBetweenItsSignatoriesCamps) {
  auto set = load(kThreeCamps);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  sim::compute_deal(w);
  sim::force_talks_state(w, 0, TalksState::agreement, RunEventKind::talks_scripted);
  EXPECT_TRUE(sim::ceasefire_between(w, 0, 1));
  EXPECT_FALSE(sim::ceasefire_between(w, 0, 2));
  sim::set_tempo(w);
  EXPECT_EQ(w.camp.tempo[1], 0.0);  // farc has no war left
  EXPECT_EQ(w.camp.tempo[0], 1.0);  // the government still fights eln at full tempo
  EXPECT_EQ(w.camp.tempo[2], 1.0);
  sim::fight(w);
  EXPECT_EQ(w.war.pair_deaths(0, 1), 0.0);
  EXPECT_GT(w.war.pair_deaths(0, 2), 0.0);
}

TEST(Posture, ATempoEventHoldsForItsPeriodThenTheStrategyReturns) {
  auto set = load(kThreeCamps);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  for (int m = 0; m < 6; ++m) {
    w.month = m;
    sim::apply_events(w);
    sim::set_tempo(w);
    // March and April 2020 (months 2 and 3): eln holds tempo 0.
    EXPECT_EQ(w.actor.tempo[2], m == 2 || m == 3 ? 0.0 : 1.0) << m;
  }
}

TEST(Posture, PositionAndSalienceEventsChangeTheActorsLineAndWeights) {
  std::string y = kTable;
  y += "events:\n  - {date: 2020-02, salience: {actor: g, issue: power, value: 0.5}}\n"
       "  - {date: 2020-02, position: {actor: r, issue: troops, value: 30}}\n";
  auto set = load(y);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  w.month = 1;
  sim::apply_events(w);
  sim::update_pressure(w);  // no patrons: the effective position is the actor's own line
  EXPECT_DOUBLE_EQ(w.actor.position(1, 1), 30.0);
  EXPECT_DOUBLE_EQ(w.actor.position(1, 0), 80.0);
  // g's saliences 0.5 and 1: weights 1/3 and 2/3.
  EXPECT_DOUBLE_EQ(w.actor.issue_weight(0, 0), 0.5 / 1.5);
  EXPECT_DOUBLE_EQ(w.actor.issue_weight(0, 1), 1.0 / 1.5);
}

TEST(Tracks, OpenTrackFromCodeOpensAClosedTrack) {
  auto set = load(kThreeCamps);
  ASSERT_TRUE(set);
  World w = sim::make_world(set->base, 1, 0);
  EXPECT_EQ(w.talks.tracks[1].state, TalksState::closed);
  w.month = 7;
  sim::open_track(w, 1);
  EXPECT_EQ(w.talks.tracks[1].state, TalksState::exploratory);
  EXPECT_EQ(w.result.first_exploratory, 7);
  EXPECT_EQ(w.talks.tracks[0].state, TalksState::closed);
}

TEST(FormatTwoErrors, EveryMistakeIsALocatedErrorInOnePass) {
  const std::string yaml = R"(format: 2
meta: {name: Bad, start: 2020-01, months: 24}
issues: [{id: power, label: Power}, {id: troops, label: Troops}]
camps:
  - {id: gov, victory_terms: {power: 0, troops: 100}, hostile_to: [gov, nobody]}
  - {id: ins, victory_terms: {power: 100, troops: 0}}
actors:
  - {id: g, role: belligerent, camp: gov, positions: {power: 10, troops: 20}, salience: {power: 1, troops: 1}, belief: {mean: 0.5, strength: 10}}
  - {id: r, role: belligerent, camp: ins, positions: {power: 80, troops: 60}, salience: {power: 1, troops: 1}, belief: {mean: 0.5, strength: 10}}
regions:
  - {id: north, population: 1000, control: {gov: 0.5, ins: 0.5}, forces: {g: 100, r: 100}}
tracks:
  - {id: main, participants: [g, r], agenda: [power, [power, taxes]], ratifier: voters}
  - {id: lonely, participants: [g]}
events:
  - {date: 2020-02, tempo: {actor: g, tempo: 0, months: 3}}
  - {date: 2020-04, tempo: {actor: g, tempo: 2, months: 1}}
)";
  const std::string e = errors_of(yaml);
  EXPECT_NE(e.find("5:68: camp 'gov': hostile_to: found the camp itself"), std::string::npos) << e;
  EXPECT_NE(e.find("5:73: camp 'gov': hostile_to: unknown camp 'nobody'"), std::string::npos) << e;
  EXPECT_NE(e.find("13:55: track 'main': agenda: issue 'power' is on the agenda twice"), std::string::npos) << e;
  EXPECT_NE(e.find("13:62: track 'main': agenda: unknown issue 'taxes'"), std::string::npos) << e;
  EXPECT_NE(e.find("13:81: track 'main': 'ratifier': unknown actor 'voters'"), std::string::npos) << e;
  EXPECT_NE(e.find("14:5: track 'lonely': participants: found fewer than two hostile camps"), std::string::npos) << e;
  EXPECT_NE(e.find("17:5: event: tempo: 'g' already has a tempo set from 2020-02 for 3 months"), std::string::npos) << e;
}

}  // namespace
