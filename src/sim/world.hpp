// The world state of one run: flat arrays indexed by dense ids, allocated once per run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parley/scenario.hpp"
#include "parley/simulation.hpp"
#include "parley/value_of_war.hpp"

namespace parley::sim {

struct World {
  const Scenario* scenario = nullptr;
  std::uint64_t seed = 0;
  std::uint64_t run = 0;
  int actors = 0, camps = 0, regions = 0, issues = 0, relations = 0;
  int month = 0;          // months since the start
  int calendar = 0;       // calendar month 0-11 of `month`
  Parameters params;      // events may change these
  std::vector<int> camp_of;        // per actor, -1 for none
  std::vector<char> armed;         // per actor: belligerent
  std::vector<char> participant;   // per actor: at the talks
  std::vector<char> veto_participant;
  int disarming_camp = -1;         // demobilises during implementation
  std::vector<char> signatory_camp;  // per camp: one of its belligerents is at the talks
  std::vector<std::vector<int>> camp_members;  // per camp: its belligerents (fixed for the run)

  // Actor fields that events may change.
  std::vector<double> clout, military_share, effectiveness, cost_of_war, recruitment_rate, spoiler_capacity;

  // War.
  std::vector<double> forces;      // [r * actors + i]
  std::vector<double> control;     // [r * camps + c]
  std::vector<double> strength0;   // per actor: M_i(0)
  std::vector<double> strength;    // per actor: M_i(t) = sum_r tau_i F_ir
  std::vector<double> camp_tempo;  // per camp
  std::vector<double> camp_strength;  // per camp: sum of its actors' M_i
  std::vector<double> camp_fighters;  // per camp: scratch for the victory check
  std::vector<double> camp_share;     // per camp: share of the population held
  double total_population = 0;
  std::vector<double> actor_tempo; // per actor
  std::vector<double> wins, losses;  // per camp, this month
  std::vector<double> losses_of;   // per actor, this month
  double engagements = 0;          // this month
  double month_deaths = 0;         // this month

  // Beliefs.
  std::vector<double> alpha, beta;     // per actor (belligerents)
  std::vector<double> ratio_ref;       // per camp: (S_c/S_enemy)^g when it last fought
  std::vector<double> camp_ratio;      // per camp: (S_c/S_enemy)^g now
  std::vector<double> camp_belief_sum, camp_belief_n;  // per camp: scratch for non-belligerents' beliefs
  std::vector<RuinValue> camp_ruin;    // per camp: scratch, the walk seen with the camp's mean belief
  std::vector<char> camp_ruin_done;

  // Patrons.
  std::vector<double> pressure;        // per relation: pi_j(t), schedule or event
  std::vector<double> pressure_eff;    // per relation: pi_eff(t)
  std::vector<double> support_boost;   // per actor: spoiler boost of its support (1 = none)
  std::vector<double> position;        // [i * issues + k]: effective positions x^eff
  std::vector<double> cost;            // per actor: cost_i^eff
  std::vector<double> tempo_factor;    // per actor: pressure's brake on offensive tempo

  // Bargaining and talks.
  std::vector<double> issue_weight;    // [i * issues + k]: s_ik / sum_k s_ik
  std::vector<double> weight;          // per actor: b_i
  std::vector<double> value_of_war;    // per actor: EV_war_i
  std::vector<double> war_months;      // per actor: expected months of war
  std::vector<double> win_probability; // per actor: P_win of its camp
  std::vector<double> deal;            // per issue: D(t)
  std::vector<double> status_quo;      // per issue
  std::vector<double> surplus;         // per actor: u_i(D) - EV_war_i
  bool deal_feasible = true;           // nash found a point all prefer to disagreement
  TalksState talks = TalksState::closed;
  int agreement_age = 0;               // months since the agreement was signed
  int talks_age = 0;                   // months the talks have been in their current state
  std::vector<double> terms;           // per issue, while an agreement holds
  double shock = 0;                    // scripted derailment hazard this month
  double spoiler_hazard = 0;           // this month

  // Scratch for the bargaining kernels (no allocation in the month step).
  std::vector<double> scratch_u;  // per actor: defection draws
  std::vector<double> region_scratch;  // per region: allocation weights
  std::vector<double> scratch_w, scratch_x, scratch_s, scratch_d, scratch_y, scratch_big, scratch_spans;

  std::vector<int> narrated_holder;     // per region: the holder the narrative last reported

  RunResult result;
  bool ended = false;
};

// Builds the state at the start of a run.
World make_world(const Scenario& scenario, std::uint64_t seed, std::uint64_t run);

// Utility of outcome y (one value per issue) to actor i, with effective positions.
double utility(const World& w, int actor, const double* y);

// The current month as "YYYY-MM", for narratives.
std::string date_of(const World& w);

// Share of the total population held by camp c (cached; see update_shares).
double population_share(const World& w, int camp);
// Recomputes every camp's population share after control has moved.
void update_shares(World& w);

// Appends this month's row to the compact monthly record.
void record_months(const World& w, RunMonths& m);

// The month step and its stages, in their fixed order (see docs/model.md).
void step_month(World& w, Trace* trace);
void apply_events(World& w, Trace* trace);
void update_pressure(World& w);
void set_tempo(World& w);
void fight(World& w);
void update_beliefs(World& w);
void update_forces(World& w);
// M_i = sum_r tau_i F_ir for every actor, and its sum over each camp's belligerents.
void compute_strength(World& w);
bool check_victory(World& w, Trace* trace);
void compute_deal(World& w);
void value_war(World& w);
void step_talks(World& w, Trace* trace);

}  // namespace parley::sim
