// One run: the month step in its fixed order, the narrative of what happened, the trace.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "sim/world.hpp"

namespace parley::sim {

namespace {

int holder(const World& w, int r) {
  int best = 0;
  for (int c = 1; c < w.camps; ++c)
    if (w.control[static_cast<std::size_t>(r * w.camps + c)] > w.control[static_cast<std::size_t>(r * w.camps + best)]) best = c;
  return best;
}

// Offensives starting and regions changing hands, for the narrative. A region changes
// hands when a new camp holds at least 55% of it (no news while it hovers around half).
void narrate_war(World& w, const std::vector<double>& tempo_before, Trace& trace) {
  for (int c = 0; c < w.camps; ++c) {
    const auto uc = static_cast<std::size_t>(c);
    if (w.camp_tempo[uc] > 1.05 && !(tempo_before[uc] > 1.05))
      trace.narrative.push_back(fmt::format("{}  Offensive begins: {} (tempo {:.2f}).", date_of(w),
                                            w.scenario->camps[uc].name, w.camp_tempo[uc]));
    if (w.camp_tempo[uc] <= 1.05 && tempo_before[uc] > 1.05)
      trace.narrative.push_back(fmt::format("{}  Offensive ends: {}.", date_of(w), w.scenario->camps[uc].name));
  }
  if (w.narrated_holder.empty())
    for (int r = 0; r < w.regions; ++r) w.narrated_holder.push_back(holder(w, r));
  for (int r = 0; r < w.regions; ++r) {
    const int now = holder(w, r), before = w.narrated_holder[static_cast<std::size_t>(r)];
    if (now == before || w.control[static_cast<std::size_t>(r * w.camps + now)] < 0.55) continue;
    w.narrated_holder[static_cast<std::size_t>(r)] = now;
    trace.narrative.push_back(fmt::format("{}  {} changes hands: {} -> {} ({:.0f}% held).", date_of(w),
                                          w.scenario->regions[static_cast<std::size_t>(r)].name,
                                          w.scenario->camps[static_cast<std::size_t>(before)].name,
                                          w.scenario->camps[static_cast<std::size_t>(now)].name,
                                          100 * w.control[static_cast<std::size_t>(r * w.camps + now)]));
  }
}

void record(const World& w, Trace& trace) {
  TraceRow row;
  row.month = w.month;
  row.talks = w.talks;
  row.battle_deaths = w.month_deaths;
  row.civilian_deaths = w.month_deaths * w.params.civilian_multiplier;
  row.engagements = w.engagements;
  row.control = w.control;
  row.forces.assign(static_cast<std::size_t>(w.actors), 0);
  for (int r = 0; r < w.regions; ++r)
    for (int i = 0; i < w.actors; ++i)
      row.forces[static_cast<std::size_t>(i)] += w.forces[static_cast<std::size_t>(r * w.actors + i)];
  for (int i = 0; i < w.actors; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    row.belief.push_back(w.armed[ui] ? w.alpha[ui] / (w.alpha[ui] + w.beta[ui]) : 0.0);
  }
  row.value_of_war = w.value_of_war;
  row.surplus = w.surplus;
  row.weight = w.weight;
  row.deal = w.deal;
  row.tempo = w.camp_tempo;
  row.pressure = w.pressure_eff;
  trace.rows.push_back(std::move(row));
}

}  // namespace

// One row of the compact record; a region's holder is the camp with the largest control
// share, ties to the first camp (the narrative's rule).
void record_months(const World& w, RunMonths& m) {
  ++m.months;
  m.talks.push_back(static_cast<std::uint8_t>(w.talks));
  m.deaths.push_back(w.result.battle_deaths);
  m.share.insert(m.share.end(), w.camp_share.begin(), w.camp_share.end());
  for (int r = 0; r < w.regions; ++r) m.holder.push_back(static_cast<std::uint8_t>(holder(w, r)));
}

void step_month(World& w, Trace* trace) {
  w.calendar = (w.scenario->start.month - 1 + w.month) % 12;
  std::vector<double> tempo_before;
  if (trace) {
    tempo_before = w.camp_tempo;
    if (w.narrated_holder.empty())
      for (int r = 0; r < w.regions; ++r) w.narrated_holder.push_back(holder(w, r));
  }
  apply_events(w, trace);     // 1. scripted events
  update_pressure(w);         // 2. patron pressure reaches clients
  set_tempo(w);               // 3. each camp's tempo this month
  fight(w);                   // 4. engagements, casualties, control
  update_beliefs(w);          // 5. beliefs learn from the month's engagements
  update_forces(w);           // 6. recruitment, support, attrition, ceilings, demobilisation
  if (trace) narrate_war(w, tempo_before, *trace);
  if (check_victory(w, trace)) {  // 7. military victory ends the run
    w.ended = true;
  } else {
    value_war(w);             // 8. the value of war for each actor
    compute_deal(w);          // 9. the deal on the table
    const TalksState before = w.talks;
    step_talks(w, trace);     // 10. talks move, agreements hold or collapse
    w.talks_age = w.talks == before ? w.talks_age + 1 : 0;
    const bool talking = w.talks == TalksState::exploratory || w.talks == TalksState::formal;
    if (trace && talking && w.talks_age > 0 && w.talks_age % 12 == 0)
      trace->narrative.push_back(fmt::format("{}  Talks stall: {} months {} without progress.", date_of(w), w.talks_age,
                                             to_string(w.talks)));
    if (w.talks == TalksState::peace) {
      w.result.outcome = RunOutcome::peace;
      w.ended = true;
    }
  }
  if (trace) record(w, *trace);
}

}  // namespace parley::sim

namespace parley {

// The name table is beside the enum (parley/simulation.hpp); its names are string literals.
const char* to_string(RunOutcome o) { return enum_name(o).data(); }

RunResult simulate_run(const Scenario& scenario, const RunOptions& options) {
  sim::World w = sim::make_world(scenario, options.seed, options.run);
  w.result.run = options.run;
  if (w.talks == TalksState::exploratory) w.result.first_exploratory = 0;
  if (w.talks == TalksState::formal) w.result.first_formal = 0;
  sim::value_war(w);
  sim::compute_deal(w);
  if (w.talks == TalksState::agreement) {
    w.terms = w.deal;
    w.result.first_agreement = w.result.last_agreement = 0;
    w.result.agreements = 1;
    w.result.terms = w.terms;
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
    sim::step_month(w, options.trace);
    if (options.months) sim::record_months(w, *options.months);
  }
  RunResult& r = w.result;
  r.months_simulated = w.month;
  if (r.outcome != RunOutcome::victory && r.outcome != RunOutcome::peace)
    r.outcome = w.talks == TalksState::agreement ? RunOutcome::agreement : RunOutcome::war;
  for (int c = 0; c < w.camps; ++c) r.final_share.push_back(sim::population_share(w, c));
  r.final_control = w.control;
  if (options.trace) {
    YearMonth ym = YearMonth::from_index(scenario.start.index() + w.month - 1);
    std::string end = r.outcome == RunOutcome::victory
                          ? fmt::format("victory for {}", scenario.camps[static_cast<std::size_t>(r.victor)].name)
                          : to_string(r.outcome);
    options.trace->narrative.push_back(fmt::format("{:04}-{:02}  End of run: {} after {} months; {:.0f} battle deaths.",
                                                   ym.year, ym.month, end, w.month, r.battle_deaths));
  }
  return r;
}

}  // namespace parley
