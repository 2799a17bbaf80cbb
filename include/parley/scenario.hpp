// The scenario: an immutable, plain-data description of a conflict, with dense integer ids.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "parley/diagnostics.hpp"

namespace parley {

// A calendar month; month is 1-12.
struct YearMonth {
  int year = 2000;
  int month = 1;
  int index() const { return year * 12 + (month - 1); }
  static YearMonth from_index(int i) { return {i / 12, i % 12 + 1}; }
  friend bool operator==(const YearMonth&, const YearMonth&) = default;
};

enum class UtilityLoss { linear, quadratic };

// Every numeric model parameter of MODEL.md; defaults and ranges live in the parameter table
// (parameter_specs()), which is the single source for loading, events, variants and docs.
struct Parameters {
  // War (MODEL.md section 3)
  double engagement_rate = 1.0;      // lambda0
  double csf_exponent = 1.0;         // g
  double engagement_share = 0.005;    // epsilon
  double loss_loser = 0.10;          // l_lose
  double loss_winner = 0.04;         // l_win
  double control_shift = 0.01;       // eta
  double civilian_multiplier = 0.0;
  double recruitment_rate = 0.1;     // fighters per month per 1000 controlled population
  double attrition_rate = 0.01;      // per month
  double victory_control = 0.9;
  double victory_min_forces = 100.0;
  // Beliefs (section 4)
  double belief_forgetting = 0.98;   // omega
  double belief_evidence_weight = 0.2;  // pseudo-observations per engagement
  // Pressure (section 5)
  double cost_pressure = 0.002;
  double pressure_tempo_effect = 0.5;
  // Value of war (section 7)
  double war_steps = 20;             // N, an integer
  double months_per_step = 1.0;
  // Talks (section 8)
  double open_rate = 0.05;
  double formal_rate = 0.2;
  double ripeness_kappa = 10.0;      // kappa
  double ripeness_bias = 0.0;
  double derail_rate = 0.02;
  double spoiler_support_boost = 0.5;
  double invited_spoiler_factor = 0.5;
  double defect_rate = 0.05;
  double defect_kappa = 10.0;        // kappa_d
  double ddr_rate = 0.05;
  double durable_months = 24;        // an integer
  // Standing (version 2, section 7)
  double standing_population_weight = 0.5;  // mu: weight of the population share in T_i
  // Cohesion and collapse (section 13)
  double cohesion_rate = 0.2;        // share of the gap to the target closed each month
  double cohesion_memory = 0.7;      // weight kept on past results and region losses each month
  double cohesion_results_weight = 1.0;
  double cohesion_belief_weight = 0.5;
  double cohesion_funding_weight = 0.5;
  double cohesion_presence_weight = 0.5;
  double cohesion_contagion_weight = 1.0;
  double collapse_threshold = 0.3;
  double collapse_rate = 0.3;        // monthly share lost at cohesion 0 where the enemy has the advantage
  double defect_share = 0.3;         // of the fighters lost in a collapse, the share that joins the enemy
  double capital_cohesion_loss = 0.3;
  double victory_on_capital = 0;     // 0 or 1
  // Backers with stakes (section 14)
  double stake_pressure_max = 0.3;
  double stake_pressure_kappa = 10;
  double exit_margin = 0.01;         // leaving must beat staying by this (utility)
  double exit_patience = 3;          // months in a row leaving beats staying before exit talks open
  double exit_sign_rate = 0.15;      // stand-in for the exit track: monthly chance the exit talks sign
  double withdrawal_months = 12;     // an integer
  UtilityLoss loss = UtilityLoss::linear;
};

struct Issue {
  std::string id;
  std::string label;
  std::string low;    // what 0 means
  std::string high;   // what 100 means
  double status_quo = 50.0;
};

struct Camp {
  std::string id;
  std::string name;
  std::vector<double> victory_terms;  // one per issue
  bool disarms = false;               // its forces demobilise while an agreement is implemented
  int capital = -1;                   // region index of its capital; -1 for none (section 13)
  // A splinter slot (section 15): reserved at load for a belligerent with a hardliner share,
  // inactive (no control, no forces) until its parent's camp signs an agreement.
  bool latent = false;
  int splinter_of = -1;               // the parent actor of a latent camp
};

enum class Role { belligerent, political, patron, mediator, civil };
enum class TalksPolicy { two_track, ceasefire_in_talks, fight_first };
enum class Allocation { defend, contest };

// A value that may change on given dates: the value in force from each date on.
struct Schedule {
  struct Step {
    int month = 0;  // months since the scenario start
    double value = 0;
  };
  std::vector<Step> steps;  // sorted by month; empty means "no value" (e.g. no ceiling)
  bool empty() const { return steps.empty(); }
  // The value in force at month t (the first step's value before it starts).
  double at(int t) const;
};

struct Strategy {
  TalksPolicy talks = TalksPolicy::two_track;
  std::array<double, 12> tempo{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};  // by calendar month, January first
  double leverage_seeking = 1.0;   // tempo multiplier while talks are exploratory (1 = off)
  double ceasefire_tempo = 0.1;    // tempo during formal talks under ceasefire_in_talks
  double fight_first_control = 0.6;      // share of population its camp must hold before formal talks
  double fight_first_enemy_forces = 0.0; // or hostile forces below this
};

struct BeliefPrior {
  double mean = 0.5;      // expected chance of winning an engagement
  double strength = 10;   // alpha + beta, pseudo-engagements of confidence
};

struct Actor {
  std::string id;
  std::string name;
  Role role = Role::belligerent;
  int camp = -1;                   // camp index; -1 for none
  double clout = 1.0;              // c_i
  double military_share = 0.0;     // m_i
  double effectiveness = 1.0;      // tau_i
  std::vector<double> positions;   // x_ik, one per issue
  std::vector<double> salience;    // s_ik, one per issue
  bool veto = false;
  double cost_of_war = 0.0;        // utility per month
  std::optional<BeliefPrior> belief;
  Strategy strategy;
  double recruitment_rate = 0.0;   // fighters per month per 1000 controlled population
  Schedule funding_ceiling;        // maximum total forces; empty = none
  Allocation allocation = Allocation::defend;
  double spoiler_capacity = 0.0;   // zeta_j
  // Version 2 (MODEL.md 13-15)
  double cohesion = 1.0;           // h_i at the start
  bool outside = false;            // an outside belligerent (a foreign army): a backer of its camp
  double weariness_per_year = 0;   // backers: cost of war added per month for each year involved
  double weariness_per_log_casualty = 0;  // backers: added per unit of ln(1 + own casualties / 100)
  double hardliner_share = 0;      // share of its fighters who are hardliners
  std::vector<double> hardliner_positions;  // their ideal points (default: the actor's)
  int hardliners = -1;             // the latent actor reserved for its hardliners; -1 for none
  int splinter_of = -1;            // a latent hardliner actor: its parent
};

struct Region {
  std::string id;
  std::string name;
  double population = 0;
  double terrain = 0;             // d_r in [0,1]
  std::vector<double> control;    // theta_cr, one per camp, sums to 1
  std::vector<double> forces;     // F_ir, one per actor (0 for non-belligerents)
};

enum class SupportUnit { fighters_per_month, recruitment_share };

struct PatronRelation {
  std::string id;  // default "patron>client"
  int patron = -1;
  int client = -1;
  double support = 0;
  SupportUnit support_unit = SupportUnit::fighters_per_month;
  double leverage = 0;  // lambda_ji in [0,1]
  double lag = 1;       // months, >= 1
  Schedule pressure;    // pi_j(t) in [0,1]
};

enum class TalksState { closed, exploratory, formal, agreement, peace, collapsed };
enum class BargainModelKind { compromise, median, nash, eum };
enum class OutsideOption { status_quo, zero };

struct Guarantor {
  int actor = -1;
  double strength = 0;  // utility added to keeping the agreement
};

struct TalksSetup {
  std::vector<int> participants;
  int mediator = -1;
  double mediator_factor = 1.0;
  std::vector<Guarantor> guarantors;
  BargainModelKind model = BargainModelKind::compromise;
  bool joint = false;              // bargain over all issues at once (nash) rather than issue by issue
  OutsideOption outside_option = OutsideOption::status_quo;  // nash: for actors without a value of war
  std::string eum_preset = "scholz";
  int eum_rounds = 10;
  double eum_tolerance = 0.0;      // 0: fixed rounds
  int eum_stable_rounds = 1;
  TalksState initial_state = TalksState::closed;
};

enum class EventKind { set_parameter, scale_parameter, talks_state, pressure, forces, shock, cohesion, position, deaths };

struct ParameterSpec;  // parley/parameters.hpp

// Numeric actor fields that events and variants may set or scale as "<actor>.<field>".
enum class ActorField { none, clout, military_share, effectiveness, cost_of_war, recruitment_rate, spoiler_capacity };

struct Event {
  int month = 0;  // months since the scenario start
  EventKind kind = EventKind::set_parameter;
  std::string note;
  // set/scale: the target as written, a parameter name or "<actor>.<field>"
  std::string target;
  // ... resolved by the loader: a parameter of the table, or an actor's field
  const ParameterSpec* parameter = nullptr;
  int target_actor = -1;           // -1: a global parameter
  ActorField target_field = ActorField::none;
  double value = 0;                // set: value; scale: factor; pressure: level; forces: change; shock: hazard
  TalksState state = TalksState::closed;
  int relation = -1;               // pressure: the patron relation
  int actor = -1;                  // forces
  int region = -1;                 // forces; -1 means spread over the actor's regions
  // cohesion: `actor`'s cohesion changes by `value`; deaths: `value` battle deaths in `region`
  // (or spread); position: `actor`'s ideal points become `positions` where not NaN.
  std::vector<double> positions;
};

// A shock nobody schedules (MODEL.md 16): a monthly hazard, or probabilities on given dates,
// and the effects of events when it strikes.
struct Shock {
  std::string id;
  std::string note;
  double hazard = 0;                       // per month, when `dates` is empty
  std::vector<std::pair<int, double>> dates;  // (month, probability)
  bool once = false;                       // strikes at most once per run
  std::vector<Event> effects;              // month unused
};

// A map of the regions for reports (optional): features of a GeoJSON file matched to regions by
// one of their properties.
struct RegionMap {
  std::string file;                   // the GeoJSON file, resolved against the scenario's folder
  std::string key = "shapeName";      // the feature property that names a region
  std::vector<std::string> names;     // per region: the value of `key` to match (default: its name)
  // Per region: its GeoJSON geometry (Polygon or MultiPolygon); one copy shared by the base
  // and every variant that reads the same file the same way.
  std::shared_ptr<const std::vector<std::string>> geometry;
  SourceLocation where;               // the 'file' value, for messages about the file
};

// A question the report answers by comparing variants (the first is the reference).
struct Question {
  std::string id;
  std::string text;
  std::vector<std::string> variants;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string variant;  // "" for the base scenario
  std::string variant_description;
  std::string source_path;
  YearMonth start;
  int months = 0;
  std::array<double, 12> season{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  Parameters parameters;
  std::vector<Issue> issues;
  std::vector<Camp> camps;
  std::vector<Actor> actors;
  std::vector<Region> regions;
  std::vector<PatronRelation> patrons;
  TalksSetup talks;
  std::vector<Event> events;  // sorted by month, stable
  std::vector<Shock> shocks;  // index = the shock's sub-stream
  std::optional<RegionMap> map;
  std::vector<Question> questions;

  int issue_index(const std::string& id) const;
  int camp_index(const std::string& id) const;
  int actor_index(const std::string& id) const;
  int region_index(const std::string& id) const;
};

// A base scenario and its named variants, each fully resolved.
struct ScenarioSet {
  Scenario base;
  std::vector<Scenario> variants;
  const Scenario* find(const std::string& variant) const;
};

const char* to_string(Role r);
const char* to_string(TalksPolicy p);
const char* to_string(TalksState s);
const char* to_string(BargainModelKind m);
const char* to_string(EventKind k);

}  // namespace parley
