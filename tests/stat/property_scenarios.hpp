// Purpose-built scenarios for the statistical property tests of MODEL.md section 10, and
// helpers that run many runs of them with fixed seeds.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <vector>

#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"

namespace parley::proptest {

// The knobs of the property scenarios; defaults give a war that can end in talks.
struct Knobs {
  int months = 120;
  double gov_belief = 0.55, ins_belief = 0.55;  // each side's chance of winning an engagement, believed
  double strength = 20;                          // prior strength (confidence)
  double gov_cost = 0.002, ins_cost = 0.002;
  std::string model = "compromise";
  std::string model_options;                     // e.g. "options: {joint: true}"
  std::string ins_tempo = "1";                   // a number or a 12-number list
  double pressure = 0;                           // patron pressure on the insurgents
  double leverage = 0.8;
  double patron_spoiler = 0;                     // spoiler capacity of the patron
  double patron_position = 40;                   // the patron's ideal point
  double patron_clout = 1;
  double ins_effectiveness = 1;                  // tau of the insurgents' fighters
  bool patron_invited = false;
  int extra_veto = 0;                            // 0-2 hardline veto players (one per camp)
  double guarantee = 0;
  double open_rate = 0.1;
  std::string parameters;                        // extra "    key: value" lines under meta.parameters
  std::string events;                            // extra events (YAML list items)
  double ins_forces_a = 8000, ins_forces_b = 8000;
  double gov_forces = 10000;
  // Version 2 (MODEL.md 11): positions, the government's talks strategy, more actors and
  // more talks keys.
  double gov_position = 15, ins_position = 85;
  std::string gov_strategy;                      // e.g. "strategy: {talks: ceasefire_in_talks}"
  std::string extra_actors;                      // YAML list items under actors
  std::string talks_extra;                       // "  key: value" lines under talks
};

// Version 1's negotiation (MODEL.md property 22): demands are the positions, nobody concedes,
// every item closes at once, no learning at the table, no violence derailment.
inline constexpr const char* kVersion1Talks =
    "    opening_toughness: 0\n    concession_rate: 0\n    closing_tolerance: 100\n    talks_learning: 0\n"
    "    violence_derail: 0\n";

inline std::string scenario_yaml(const Knobs& k) {
  std::string participants = "gov, ins";
  if (k.extra_veto >= 1) participants += ", gov_hard";
  if (k.extra_veto >= 2) participants += ", ins_hard";
  if (k.patron_invited) participants += ", patron";
  std::string y = fmt::format(R"(meta:
  name: property test
  start: 2020-01
  months: {months}
  parameters:
    open_rate: {open_rate}
{parameters}
issues:
  - {{id: power, label: Insurgent share of power, status_quo: 0}}
camps:
  - {{id: gc, victory_terms: {{power: 0}}}}
  - {{id: ic, victory_terms: {{power: 100}}, disarms: true}}
actors:
  - id: gov
    role: belligerent
    camp: gc
    clout: 1
    military_share: 0.6
    positions: {{power: {gov_position}}}
    salience: {{power: 1}}
    cost_of_war: {gov_cost}
    belief: {{mean: {gov_belief}, strength: {strength}}}
    {gov_strategy}
  - id: ins
    role: belligerent
    camp: ic
    clout: 1
    military_share: 0.8
    effectiveness: {ins_eff}
    positions: {{power: {ins_position}}}
    salience: {{power: 1}}
    cost_of_war: {ins_cost}
    belief: {{mean: {ins_belief}, strength: {strength}}}
    strategy: {{tempo: {ins_tempo}}}
  - id: gov_hard
    role: political
    camp: gc
    clout: 0.5
    positions: {{power: 0}}
    salience: {{power: 1}}
    veto: {veto1}
  - id: ins_hard
    role: political
    camp: ic
    clout: 0.5
    positions: {{power: 100}}
    salience: {{power: 1}}
    veto: {veto2}
  - id: patron
    role: patron
    camp: ic
    clout: {patron_clout}
    positions: {{power: {patron_position}}}
    salience: {{power: 1}}
    spoiler_capacity: {spoiler}
  - id: guarantor
    role: mediator
    positions: {{power: 50}}
    salience: {{power: 0.1}}
{extra_actors}
regions:
  - {{id: a, population: 1000000, terrain: 0.3, control: {{gc: 0.6, ic: 0.4}}, forces: {{gov: {gf}, ins: {fa}}}}}
  - {{id: b, population: 1000000, terrain: 0.3, control: {{gc: 0.4, ic: 0.6}}, forces: {{gov: {gf}, ins: {fb}}}}}
patrons:
  - {{patron: patron, client: ins, support: 150, leverage: {leverage}, lag: 3, pressure: {pressure}}}
talks:
  participants: [{participants}]
  guarantors: [{{actor: guarantor, strength: {guarantee}}}]
  model: {model}
  {model_options}
{talks_extra}
events:
  - {{date: 2020-01, shock: 0}}
{events}
)",
      fmt::arg("months", k.months), fmt::arg("open_rate", k.open_rate), fmt::arg("parameters", k.parameters), fmt::arg("gov_cost", k.gov_cost),
      fmt::arg("ins_cost", k.ins_cost), fmt::arg("gov_belief", k.gov_belief), fmt::arg("ins_belief", k.ins_belief),
      fmt::arg("strength", k.strength), fmt::arg("ins_tempo", k.ins_tempo), fmt::arg("veto1", k.extra_veto >= 1),
      fmt::arg("veto2", k.extra_veto >= 2), fmt::arg("spoiler", k.patron_spoiler), fmt::arg("patron_position", k.patron_position), fmt::arg("patron_clout", k.patron_clout),
      fmt::arg("ins_eff", k.ins_effectiveness), fmt::arg("fa", k.ins_forces_a), fmt::arg("gf", k.gov_forces),
      fmt::arg("fb", k.ins_forces_b), fmt::arg("leverage", k.leverage), fmt::arg("pressure", k.pressure),
      fmt::arg("participants", participants), fmt::arg("guarantee", k.guarantee), fmt::arg("model", k.model),
      fmt::arg("model_options", k.model_options), fmt::arg("events", k.events),
      fmt::arg("gov_position", k.gov_position), fmt::arg("ins_position", k.ins_position),
      fmt::arg("gov_strategy", k.gov_strategy), fmt::arg("extra_actors", k.extra_actors),
      fmt::arg("talks_extra", k.talks_extra));
  return y;
}

inline Scenario make_scenario(const Knobs& k) {
  LoadResult r = load_scenario_text(scenario_yaml(k), "property.yaml");
  if (!r.scenarios) throw InputError(r.diagnostics);
  return r.scenarios->base;
}

inline std::vector<RunResult> run_many(const Scenario& s, int runs, std::uint64_t seed) {
  std::vector<RunResult> out;
  out.reserve(static_cast<std::size_t>(runs));
  for (int n = 0; n < runs; ++n) {
    RunOptions o;
    o.seed = seed;
    o.run = static_cast<std::uint64_t>(n);
    out.push_back(simulate_run(s, o));
  }
  return out;
}

// Months to the first agreement, the horizon when there was none (restricted mean survival).
inline double months_to_agreement(const RunResult& r, int horizon) {
  return r.first_agreement >= 0 ? r.first_agreement : horizon;
}

struct MeanSe {
  double mean = 0, se = 0;
};

inline MeanSe mean_se(const std::vector<double>& xs) {
  MeanSe m;
  if (xs.empty()) return m;
  for (double x : xs) m.mean += x;
  m.mean /= static_cast<double>(xs.size());
  double ss = 0;
  for (double x : xs) ss += (x - m.mean) * (x - m.mean);
  m.se = xs.size() > 1 ? std::sqrt(ss / static_cast<double>(xs.size() - 1) / static_cast<double>(xs.size())) : 0;
  return m;
}

// Paired differences b_n - a_n (common random numbers make them far less noisy than a - b).
inline MeanSe paired(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) d.push_back(b[i] - a[i]);
  return mean_se(d);
}

// The version 1 settings of property 22 (MODEL.md v2): standing by population alone, no
// cohesion dynamics, no collapse, pressure by schedule alone. Under meta.parameters.
inline constexpr const char* kV1Settings =
    "    standing_population_weight: 1\n    cohesion_rate: 0\n    collapse_threshold: 0\n    stake_pressure_max: 0\n"
    "    exit_deals: 0\n";

// One-sided z for 1%: a difference counts when it exceeds 2.326 standard errors.
inline constexpr double kZ99 = 2.326;

}  // namespace parley::proptest
