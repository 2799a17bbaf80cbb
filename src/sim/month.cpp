// The month step in its fixed order (stages.hpp), one run from start to end, and what a run
// records of itself: the compact monthly record, the trace rows and the run log.
#include <algorithm>
#include <cmath>

#include "sim/detail/stages.hpp"

namespace parley::sim {

namespace {

// Offensives starting and ending, and regions changing hands, as run events. A region
// changes hands when a new camp holds at least 55% of it (no news while it hovers around half).
void log_war(World& w, const Vec<double>& tempo_before) {
  for (int c = 0; c < w.camps; ++c) {
    if (w.camp.tempo[c] > 1.05 && !(tempo_before[c] > 1.05))
      log_event(w, {.kind = RunEventKind::offensive_begins, .camp = c, .value = w.camp.tempo[c]});
    if (w.camp.tempo[c] <= 1.05 && tempo_before[c] > 1.05) log_event(w, {.kind = RunEventKind::offensive_ends, .camp = c});
  }
  for (int r = 0; r < w.regions; ++r) {
    const int now = holder(w, r), before = w.logged_holder[r];
    if (now == before || w.region.control(r, now) < 0.55) continue;
    w.logged_holder[r] = now;
    log_event(w, {.kind = RunEventKind::changed_hands, .camp = now, .other = before, .region = r, .value = w.region.control(r, now)});
  }
}

void record(const World& w, Trace& trace) {
  TraceRow row;
  row.month = w.month;
  row.talks = w.talks.state;
  row.battle_deaths = w.war.deaths;
  row.civilian_deaths = w.war.deaths * w.params.civilian_multiplier;
  row.engagements = w.war.engagements;
  row.control = w.region.control.values();
  row.forces.assign(idx(w.actors), 0);
  for (int r = 0; r < w.regions; ++r)
    for (int i = 0; i < w.actors; ++i) row.forces[idx(i)] += w.region.forces(r, i);
  for (int i = 0; i < w.actors; ++i)
    row.belief.push_back(w.actor.armed[i] ? w.actor.alpha[i] / (w.actor.alpha[i] + w.actor.beta[i]) : 0.0);
  row.value_of_war = w.actor.value_of_war.values();
  row.surplus = w.actor.surplus.values();
  row.weight = w.actor.weight.values();
  row.deal = w.talks.deal.values();
  row.tempo = w.camp.tempo.values();
  row.pressure = w.patron.pressure_eff.values();
  for (int i = 0; i < w.actors; ++i) row.cohesion.push_back(w.actor.armed[i] ? w.actor.cohesion[i] : 0.0);
  trace.rows.push_back(std::move(row));
}

}  // namespace

// One row of the compact record; a region's holder is the camp with the largest control
// share, ties to the first camp.
void record_months(const World& w, RunMonths& m) {
  ++m.months;
  m.talks.push_back(static_cast<std::uint8_t>(w.talks.state));
  m.deaths.push_back(w.result.battle_deaths);
  m.share.insert(m.share.end(), w.camp.share.begin(), w.camp.share.end());
  for (int r = 0; r < w.regions; ++r) m.holder.push_back(static_cast<std::uint8_t>(holder(w, r)));
}

void step_month(World& w) {
  w.calendar = (w.scenario->start.month - 1 + w.month) % 12;
  Vec<double> tempo_before;
  if (w.log) {
    tempo_before = w.camp.tempo;
    if (w.logged_holder.empty())
      for (int r = 0; r < w.regions; ++r) w.logged_holder.push_back(holder(w, r));
  }
  apply_events(w);      // 1
  apply_shocks(w);      // 1b
  update_pressure(w);   // 2
  set_tempo(w);         // 3
  fight(w);             // 4
  update_beliefs(w);    // 5
  update_forces(w);     // 6
  update_cohesion(w);   // 6b
  collapse(w);          // 6c
  if (w.log) log_war(w, tempo_before);
  if (check_victory(w)) {  // 7
    w.ended = true;
    return;
  }
  value_war(w);         // 8
  update_backers(w);    // 8b
  compute_deal(w);      // 9
  const TalksState before = w.talks.state;
  step_talks(w);        // 10
  w.talks.age = w.talks.state == before ? w.talks.age + 1 : 0;
  const bool talking = w.talks.state == TalksState::exploratory || w.talks.state == TalksState::formal;
  if (talking && w.talks.age > 0 && w.talks.age % 12 == 0)
    log_event(w, {.kind = RunEventKind::talks_stalled, .months = w.talks.age, .state = w.talks.state});
  if (w.talks.state == TalksState::peace) {
    w.result.outcome = RunOutcome::peace;
    w.ended = true;
  }
}

}  // namespace parley::sim

namespace parley {

const char* to_string(VictoryKind k) {
  switch (k) {
    case VictoryKind::none: return "none";
    case VictoryKind::attrition: return "attrition";
    case VictoryKind::collapse: return "collapse";
    case VictoryKind::capital: return "capital";
  }
  return "?";
}

const char* to_string(RunOutcome o) {
  switch (o) {
    case RunOutcome::peace: return "peace";
    case RunOutcome::agreement: return "agreement";
    case RunOutcome::victory: return "victory";
    case RunOutcome::war: return "war";
  }
  return "?";
}

RunResult simulate_run(const Scenario& scenario, const RunOptions& options) {
  sim::World w = sim::make_world(scenario, options.seed, options.run);
  w.log = options.trace ? &options.trace->log : nullptr;
  w.result.run = options.run;
  if (w.talks.state == TalksState::exploratory) w.result.first_exploratory = 0;
  if (w.talks.state == TalksState::formal) w.result.first_formal = 0;
  sim::value_war(w);
  sim::compute_deal(w);
  if (w.talks.state == TalksState::agreement) {
    w.talks.terms = w.talks.deal;
    w.result.first_agreement = w.result.last_agreement = 0;
    w.result.agreements = 1;
    w.result.terms = w.talks.terms.values();
  }
  if (options.months) {
    *options.months = RunMonths{};
    const auto horizon = static_cast<std::size_t>(scenario.months);
    options.months->talks.reserve(horizon);
    options.months->deaths.reserve(horizon);
    options.months->share.reserve(horizon * static_cast<std::size_t>(w.camps));
    options.months->holder.reserve(horizon * static_cast<std::size_t>(w.regions));
  }
  for (w.month = 0; w.month < scenario.months && !w.ended; ++w.month) {
    sim::step_month(w);
    if (options.trace) sim::record(w, *options.trace);
    if (options.months) sim::record_months(w, *options.months);
  }
  RunResult& r = w.result;
  r.months_simulated = w.month;
  if (r.outcome != RunOutcome::victory && r.outcome != RunOutcome::peace)
    r.outcome = w.talks.state == TalksState::agreement ? RunOutcome::agreement : RunOutcome::war;
  for (int c = 0; c < w.camps; ++c) r.final_share.push_back(sim::population_share(w, c));
  r.final_control = w.region.control.values();
  if (w.log) {
    w.log->events.push_back({.month = w.month - 1, .kind = RunEventKind::run_ended, .camp = r.victor, .months = w.month,
                             .outcome = r.outcome, .value = r.battle_deaths});
  }
  return r;
}

}  // namespace parley
