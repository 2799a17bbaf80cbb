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
  row.talks = w.talks.tracks.front().state;
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
  row.deal = w.talks.tracks.front().deal.values();
  row.tempo = w.camp.tempo.values();
  row.pressure = w.patron.pressure_eff.values();
  for (int i = 0; i < w.actors; ++i) row.cohesion.push_back(w.actor.armed[i] ? w.actor.cohesion[i] : 0.0);
  trace.rows.push_back(std::move(row));
}

// The run ends in peace when some track holds a peace and no pair of hostile camps with
// belligerents is left outside one (MODEL.md 12: a government at peace with one insurgency
// and at war with another is not at peace).
bool at_peace(const World& w) {
  bool any = false;
  for (const Track& t : w.talks.tracks) any = any || (peace_track(t) && t.state == TalksState::peace);
  if (!any) return false;
  for (int a = 0; a < w.camps; ++a)
    for (int b = a + 1; b < w.camps; ++b) {
      // a latent splinter camp (not yet split off) has no one fighting: it is no war to end
      if (!hostile(w, a, b) || !w.camp.active[a] || !w.camp.active[b] || w.camp.members[idx(a)].empty() ||
          w.camp.members[idx(b)].empty())
        continue;
      bool covered = false;
      for (const Track& t : w.talks.tracks)
        covered = covered || (peace_track(t) && t.state == TalksState::peace && t.signatory[a] && t.signatory[b]);
      if (!covered) return false;
    }
  return true;
}

}  // namespace

// One row of the compact record; a region's holder is the camp with the largest control
// share, ties to the first camp.
void record_months(const World& w, RunMonths& m) {
  ++m.months;
  m.talks.push_back(static_cast<std::uint8_t>(w.talks.tracks.front().state));
  m.deaths.push_back(w.result.battle_deaths);
  m.share.insert(m.share.end(), w.camp.share.begin(), w.camp.share.end());
  for (int r = 0; r < w.regions; ++r) m.holder.push_back(static_cast<std::uint8_t>(holder(w, r)));
  for (int r = 0; r < w.regions; ++r)
    for (int c = 0; c < w.camps; ++c) m.control.push_back(static_cast<float>(w.region.control(r, c)));
  for (const Track& t : w.talks.tracks) {
    const bool settled = t.state == TalksState::agreement || t.state == TalksState::peace;
    const bool formal = t.state == TalksState::formal;
    for (int j = 0; j < static_cast<int>(t.items.size()); ++j)
      m.closed.push_back(settled || (formal && t.item_closed[j]) ? 1 : 0);
  }
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
  for (Track& tr : w.talks.tracks) tr.state_before = tr.state;
  step_talks(w);        // 10
  learn_at_table(w);    // 11
  for (std::size_t t = 0; t < w.talks.tracks.size(); ++t) {
    Track& tr = w.talks.tracks[t];
    tr.age = tr.state == tr.state_before ? tr.age + 1 : 0;
    const bool talking = tr.state == TalksState::exploratory || tr.state == TalksState::formal;
    if (talking && tr.age > 0 && tr.age % 12 == 0 && w.log) {
      // In formal talks, how far apart the veto players' demands still are on the item on
      // the table: the concessions so far, told once a year.
      double gap = 0;
      if (tr.state == TalksState::formal)
        for (int k : tr.items[idx(tr.item)]) {
          double lo = INFINITY, hi = -INFINITY;
          for (int i = 0; i < w.actors; ++i)
            if (tr.veto[i]) {
              lo = std::min(lo, tr.demand(i, k));
              hi = std::max(hi, tr.demand(i, k));
            }
          if (hi >= lo) gap = std::max(gap, hi - lo);
        }
      log_event(w, {.kind = RunEventKind::talks_stalled, .index = tr.item, .months = tr.age, .track = static_cast<int>(t),
                    .state = tr.state, .value = gap});
    }
  }
  if (at_peace(w)) {
    w.result.outcome = RunOutcome::peace;
    w.ended = true;
  }
}

}  // namespace parley::sim

namespace parley {

// The name table is beside the enum (parley/simulation.hpp); its names are string literals.
const char* to_string(RunOutcome o) { return enum_name(o).data(); }

const char* to_string(VictoryKind k) { return enum_name(k).data(); }

namespace {

RunResult run_scenario(const Scenario& scenario, const RunOptions& options) {
  sim::World w = sim::make_world(scenario, options.seed, options.run);
  w.log = options.trace ? &options.trace->log : nullptr;
  w.result.run = options.run;
  for (int t = 0; t < static_cast<int>(w.talks.tracks.size()); ++t) {
    sim::Track& tr = w.talks.tracks[sim::idx(t)];
    if (sim::peace_track(tr) && tr.state == TalksState::exploratory && w.result.first_exploratory < 0) w.result.first_exploratory = 0;
    if (sim::peace_track(tr) && tr.state == TalksState::formal && w.result.first_formal < 0) w.result.first_formal = 0;
    if (tr.state == TalksState::formal) w.result.tracks[sim::idx(t)].first_formal = 0;
  }
  sim::value_war(w);
  sim::compute_deal(w);
  for (int t = 0; t < static_cast<int>(w.talks.tracks.size()); ++t) {
    sim::Track& tr = w.talks.tracks[sim::idx(t)];
    if (tr.state == TalksState::formal) sim::open_negotiation(w, t);
    if (tr.state == TalksState::agreement) {
      tr.terms = tr.deal;
      if (w.result.first_agreement < 0) w.result.first_agreement = 0;
      w.result.last_agreement = 0;
      ++w.result.agreements;
      w.result.tracks[sim::idx(t)].first_agreement = w.result.tracks[sim::idx(t)].last_agreement = 0;
      w.result.tracks[sim::idx(t)].agreements = 1;
      w.result.terms = tr.terms.values();
    }
  }
  if (options.months) {
    *options.months = RunMonths{};
    const auto horizon = static_cast<std::size_t>(scenario.months);
    options.months->talks.reserve(horizon);
    options.months->deaths.reserve(horizon);
    options.months->share.reserve(horizon * static_cast<std::size_t>(w.camps));
    options.months->holder.reserve(horizon * static_cast<std::size_t>(w.regions));
    options.months->control.reserve(horizon * static_cast<std::size_t>(w.regions) * static_cast<std::size_t>(w.camps));
    std::size_t items = 0;
    for (const sim::Track& tr : w.talks.tracks) items += tr.items.size();
    options.months->closed.reserve(horizon * items);
  }
  if (options.observed) options.observed->assign(scenario.observations.size(), 0.0);
  for (w.month = 0; w.month < scenario.months && !w.ended; ++w.month) {
    sim::step_month(w);
    // The deaths of the history, the months before the forecast's origin (all of them when the
    // run ends there).
    if (w.month < scenario.origin) w.result.history_deaths = w.result.battle_deaths;
    if (options.trace) sim::record(w, *options.trace);
    if (options.months) sim::record_months(w, *options.months);
    if (options.observed) sim::observe_month(w, scenario.observations, *options.observed);
  }
  RunResult& r = w.result;
  r.months_simulated = w.month;
  if (r.outcome != RunOutcome::victory && r.outcome != RunOutcome::peace)
    r.outcome = sim::agreement_in_force(w) ? RunOutcome::agreement : RunOutcome::war;
  if (options.observed) sim::observe_end(w, scenario.observations, *options.observed);
  for (int c = 0; c < w.camps; ++c) r.final_share.push_back(sim::population_share(w, c));
  r.final_control = w.region.control.values();
  if (w.log) {
    w.log->events.push_back({.month = w.month - 1, .kind = RunEventKind::run_ended, .camp = r.victor, .months = w.month,
                             .outcome = r.outcome, .value = r.battle_deaths});
  }
  return r;
}

}  // namespace

namespace {

// One draw of a run: its inputs (when uncertain) and its dice, keyed by `key`.
RunResult draw_run(const Scenario& scenario, const RunOptions& options, std::uint64_t key) {
  RunOptions o = options;
  o.run = key;
  if (o.trace) *o.trace = Trace{};
  RunResult r;
  if (scenario.inputs.empty()) {
    r = run_scenario(scenario, o);
  } else {
    // Uncertain inputs: this run's own copy of the scenario, with its draws in place.
    Scenario drawn = scenario;
    std::vector<double> values;
    draw_inputs(drawn, o.seed, key, &values);
    r = run_scenario(drawn, o);
    r.inputs = std::move(values);
  }
  r.run = options.run;
  return r;
}

// The key of draw d (from 0) of run `run`: the run itself first, so that a run whose first
// history reaches the origin is the run it always was; then keys no run number reaches
// (run numbers are far below 2^40).
std::uint64_t draw_key(std::uint64_t run, int d) {
  return d == 0 ? run : run ^ (static_cast<std::uint64_t>(d) << 40);
}

}  // namespace

RunResult simulate_run(const Scenario& scenario, const RunOptions& options) {
  RunResult r = draw_run(scenario, options, draw_key(options.run, 0));
  for (int d = 1; options.condition_on_origin && ended_before_origin(r.outcome, r.months_simulated, scenario.origin) &&
                  d < kMaxHistoryDraws;
       ++d) {
    r = draw_run(scenario, options, draw_key(options.run, d));
    r.history_draws = d + 1;
  }
  return r;
}

}  // namespace parley
