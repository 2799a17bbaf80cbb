// The scenario: an immutable, plain-data description of a conflict, with dense integer ids.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "parley/bargain.hpp"
#include "parley/diagnostics.hpp"
#include "parley/uncertain.hpp"
#include "parley/enum_names.hpp"

namespace parley {

// The most months x regions x camps cells one variant may have: every cell is a count kept while
// the runs go (8 bytes), a probability at the end and a row of the region_control table, so the
// product, not each count, sizes an experiment's memory and database (5,000 regions x 16 camps x
// 1,200 months, each within its own limit, was 96 million cells: 768 MB and a 6.9 GB database).
inline constexpr std::int64_t kMaxControlCells = 1'000'000;
// The most cells over all the variants one `parley run` runs (80 MB of counts, about 400 MB of
// region_control rows).
inline constexpr std::int64_t kMaxRunControlCells = 10'000'000;

// A calendar month; month is 1-12.
struct YearMonth {
  int year = 2000;
  int month = 1;
  int index() const { return year * 12 + (month - 1); }
  static YearMonth from_index(int i) { return {i / 12, i % 12 + 1}; }
  // The month `months` after this one (before it when negative).
  YearMonth plus(int months) const { return from_index(index() + months); }
  // "YYYY-MM": the one place a month is written for people and files.
  std::string to_string() const;
  friend bool operator==(const YearMonth&, const YearMonth&) = default;
};

// A calendar year the horizon touches: months since the start, inclusive. The first and last
// may be partial (a start in May gives the first year 8 months). RunResult::calendar_deaths
// and the results database's calendar_years and run_yearly_deaths use these.
struct CalendarYear {
  int year = 0;
  int first_month = 0, last_month = 0;
};
std::vector<CalendarYear> calendar_years(YearMonth start, int months);

// One enum each for the bargaining model and the utility loss, shared with the static
// bargaining kernels (parley/bargain.hpp); these names remain for the scenario's code.
using UtilityLoss = bargain::Loss;
using BargainModelKind = bargain::Model;

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
  // Negotiation (section 11, version 2)
  double opening_toughness = 0.5;    // demands start this far beyond the position, away from the deal
  double concession_rate = 0.1;      // per month, at indifference and no urgency
  double concession_kappa = 10.0;    // kappa_c
  double closing_tolerance = 5.0;    // points
  double talks_learning = 0.05;      // per month of formal talks
  double violence_derail = 0.02;     // derailment hazard per deaths_scale battle deaths in a month
  double deaths_scale = 1000.0;      // battle deaths
  double ratification_delay = 2;     // months, an integer
  double ratification_kappa = 10.0;  // kappa_r
  double ratification_bias = 0.0;
  double ratifier_weight = 0.25;     // share of the table's weight given to a ratifier that said no
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
  double exit_deals = 1;             // 1: backers may open their exit tracks; 0: exit deals off (an integer)
  double withdrawal_months = 12;     // an integer
  bargain::Loss loss = bargain::Loss::linear;
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
  std::vector<int> hostile_to;        // camps it fights (the loader fills every other camp by default)
  int capital = -1;                   // region index of its capital; -1 for none (section 13)
  // A splinter slot (section 15): reserved at load for a belligerent with a hardliner share,
  // inactive (no control, no forces) until its parent's camp signs an agreement.
  bool latent = false;
  int splinter_of = -1;               // the parent actor of a latent camp
};

enum class Role { belligerent, political, patron, mediator, civil };
inline constexpr EnumNames<Role, 5> kRoleNames{{{Role::belligerent, "belligerent"},
                                               {Role::political, "political"},
                                               {Role::patron, "patron"},
                                               {Role::mediator, "mediator"},
                                               {Role::civil, "civil"}}};
static_assert(covers_in_order(kRoleNames));
constexpr const auto& enum_names(Role) { return kRoleNames; }

enum class TalksPolicy { two_track, ceasefire_in_talks, fight_first };
inline constexpr EnumNames<TalksPolicy, 3> kTalksPolicyNames{{{TalksPolicy::two_track, "two_track"},
                                                             {TalksPolicy::ceasefire_in_talks, "ceasefire_in_talks"},
                                                             {TalksPolicy::fight_first, "fight_first"}}};
static_assert(covers_in_order(kTalksPolicyNames));
constexpr const auto& enum_names(TalksPolicy) { return kTalksPolicyNames; }

enum class Allocation { defend, contest };
inline constexpr EnumNames<Allocation, 2> kAllocationNames{
    {{Allocation::defend, "defend"}, {Allocation::contest, "contest"}}};
static_assert(covers_in_order(kAllocationNames));
constexpr const auto& enum_names(Allocation) { return kAllocationNames; }

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
inline constexpr EnumNames<SupportUnit, 2> kSupportUnitNames{
    {{SupportUnit::fighters_per_month, "fighters_per_month"}, {SupportUnit::recruitment_share, "recruitment_share"}}};
static_assert(covers_in_order(kSupportUnitNames));
constexpr const auto& enum_names(SupportUnit) { return kSupportUnitNames; }

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

// The talks-state names, written once: scenario files, events, traces and the store read them here.
enum class TalksState { closed, exploratory, formal, agreement, peace, collapsed };
inline constexpr EnumNames<TalksState, 6> kTalksStateNames{{{TalksState::closed, "closed"},
                                                           {TalksState::exploratory, "exploratory"},
                                                           {TalksState::formal, "formal"},
                                                           {TalksState::agreement, "agreement"},
                                                           {TalksState::peace, "peace"},
                                                           {TalksState::collapsed, "collapsed"}}};
static_assert(covers_in_order(kTalksStateNames));
constexpr const auto& enum_names(TalksState) { return kTalksStateNames; }

enum class OutsideOption { status_quo, zero };
inline constexpr EnumNames<OutsideOption, 2> kOutsideOptionNames{
    {{OutsideOption::status_quo, "status_quo"}, {OutsideOption::zero, "zero"}}};
static_assert(covers_in_order(kOutsideOptionNames));
constexpr const auto& enum_names(OutsideOption) { return kOutsideOptionNames; }

// What a track's signing does (MODEL.md 12, 14): a peace track's agreement stops the fighting
// between its signatory camps; an exit track's deal withdraws its backer from the war and
// leaves its client's war going.
enum class TrackKind { peace, exit };
inline constexpr EnumNames<TrackKind, 2> kTrackKindNames{{{TrackKind::peace, "peace"}, {TrackKind::exit, "exit"}}};
static_assert(covers_in_order(kTrackKindNames));
constexpr const auto& enum_names(TrackKind) { return kTrackKindNames; }

struct Guarantor {
  int actor = -1;
  double strength = 0;  // utility added to keeping the agreement
};

struct TalksSetup {
  std::string id = "talks";        // the track's id ("talks" for a version 1 `talks:` block)
  std::vector<int> participants;
  int mediator = -1;
  double mediator_factor = 1.0;
  std::vector<Guarantor> guarantors;
  bargain::Model model = bargain::Model::compromise;
  bool joint = false;              // bargain over all issues at once (nash) rather than issue by issue
  OutsideOption outside_option = OutsideOption::status_quo;  // nash: for actors without a value of war
  std::string eum_preset = "scholz";
  int eum_rounds = 10;
  double eum_tolerance = 0.0;      // 0: fixed rounds
  int eum_stable_rounds = 1;
  // smp: KTAB option assignments ("VotingRule=PropCbc"), applied in order, and the turn cap
  std::vector<std::string> smp_options;
  int smp_turns = 100;
  TalksState initial_state = TalksState::closed;
  // The agenda (MODEL.md 11): items in order, each a list of issues; empty = one item of all issues.
  std::vector<std::vector<int>> agenda;
  int ratifier = -1;               // actor that must approve a signed package; -1: none
  TrackKind kind = TrackKind::peace;
  int backer = -1;                 // exit tracks: the backer that leaves on signing
};

enum class EventKind { set_parameter, scale_parameter, talks_state, pressure, forces, shock, tempo, position, salience,
                       cohesion, deaths };
inline constexpr EnumNames<EventKind, 11> kEventKindNames{{{EventKind::set_parameter, "set"},
                                                          {EventKind::scale_parameter, "scale"},
                                                          {EventKind::talks_state, "talks"},
                                                          {EventKind::pressure, "pressure"},
                                                          {EventKind::forces, "forces"},
                                                          {EventKind::shock, "shock"},
                                                          {EventKind::tempo, "tempo"},
                                                          {EventKind::position, "position"},
                                                          {EventKind::salience, "salience"},
                                                          {EventKind::cohesion, "cohesion"},
                                                          {EventKind::deaths, "deaths"}}};
static_assert(covers_in_order(kEventKindNames));
constexpr const auto& enum_names(EventKind) { return kEventKindNames; }

struct ParameterSpec;  // parley/parameters.hpp

// Numeric actor fields that events and variants may set or scale as "<actor>.<field>".
enum class ActorField { none, clout, military_share, effectiveness, cost_of_war, recruitment_rate, spoiler_capacity };

struct Event {
  int month = 0;  // months since the scenario start
  int order = 0;  // its place in the file's events list (the list is kept sorted by month)
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
  int track = -1;                  // talks: the track (-1: the first); shock: the track (-1: every track)
  int issue = -1;                  // salience: the issue
  int duration = 0;                // tempo: months the tempo holds
  // cohesion: `actor`'s cohesion changes by `value`; deaths: `value` battle deaths in `region`
  // (or spread); position: `actor`'s own line becomes `positions` where not NaN
  // (written as {issue, value} for one issue or {positions: {...}} for several).
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

// What happened, as data to calibrate against and to score forecasts with (FORECASTING.md):
// one row of the scenario's observations file.
enum class ObservedQuantity {
  battle_deaths,     // battle deaths over the period (overall, or between two camps)
  population_share,  // share of the population a camp holds at the period's end
  control,           // share of a region a camp holds at the period's end
  forces,            // an actor's fighters at the period's end
  milestone,         // a milestone of the talks or the war: 1 reached in the period, 0 not by its end
};
enum class Milestone { exploratory_talks, formal_talks, agreement, collapse, victory, peace, exit_deal };
const char* to_string(ObservedQuantity q);
const char* to_string(Milestone m);

struct ObservedValue {
  ObservedQuantity quantity = ObservedQuantity::battle_deaths;
  std::string text;                 // the quantity as written, e.g. "control:helmand:taliban"
  int camp = -1, other_camp = -1;   // battle deaths between two camps; share and control: the camp
  int region = -1, actor = -1;      // control: the region; forces: the actor
  Milestone milestone = Milestone::agreement;
  int first_month = 0, last_month = 0;  // months since meta.start, inclusive: the period (a date: one month)
  double value = 0;
  std::optional<double> low, high;  // the observation's own uncertainty, when the source gives it
  std::string source;
  bool score_only = false;          // `use: score`: never used to calibrate, even before the origin
  std::optional<double> base_rate;  // a milestone's base rate (the `base_rate` column), for parley score
  bool outside = false;             // the period lies partly outside the scenario (ObservationContext::allow_outside)
  SourceLocation where;             // its row in the file
};

// What an observations file is read against: the scenario's months and ids. The scenario
// loader reads its own `observations:` file this way; parley score reads a file against the
// dimensions stored in a results database.
struct ObservationContext {
  YearMonth start;
  int months = 0;
  std::vector<std::string> camps{}, actors{}, regions{};
  // Keep rows whose period lies partly or wholly outside the months (flagged `outside`)
  // instead of refusing them: history before the start can still feed baselines.
  bool allow_outside = false;
};
// Reads an observations CSV (docs/scenario-format.md, "observations"); every bad row is a
// located error in `diags` and is left out.
std::vector<ObservedValue> read_observations_csv(const std::string& path, const ObservationContext& context,
                                                Diagnostics& diags);

struct Scenario {
  std::string name;
  std::string description;
  std::string variant;  // "" for the base scenario
  std::string variant_description;
  std::string source_path;
  YearMonth start;
  int months = 0;
  // meta.origin: the forecast's vantage point, months since the start (0 without one). The
  // months before it are history (a spin-up), the months from it the forecast.
  int origin = 0;
  std::string observations_file;         // the observations file as resolved ("" for none)
  std::vector<ObservedValue> observations;  // its rows, in file order
  // parley run --posterior: the inputs are drawn jointly from this (null: from their priors).
  std::shared_ptr<const PosteriorSample> posterior;
  std::array<double, 12> season{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  Parameters parameters;
  std::vector<Issue> issues;
  std::vector<Camp> camps;
  std::vector<Actor> actors;
  std::vector<Region> regions;
  std::vector<PatronRelation> patrons;
  std::vector<TalksSetup> tracks;  // talks tracks; a version 1 `talks:` block is the one track
  std::vector<Event> events;  // sorted by month, stable
  std::vector<Shock> shocks;  // index = the shock's sub-stream
  std::optional<RegionMap> map;
  std::vector<Question> questions;
  // Values given as distributions (MODEL.md 17), in file order; their nominal values stand in
  // the fields above, and each run draws its own (draw_inputs, parley/uncertain.hpp).
  std::vector<UncertainInput> inputs;

  int issue_index(const std::string& id) const;
  int camp_index(const std::string& id) const;
  int actor_index(const std::string& id) const;
  int region_index(const std::string& id) const;
  // The first track (a default closed track with nobody at it when the scenario has none).
  const TalksSetup& talks() const;
};

// A base scenario and its named variants, each fully resolved.
struct ScenarioSet {
  Scenario base;
  std::vector<Scenario> variants;
  const Scenario* find(const std::string& variant) const;
};

// Names from the tables above (bargain::to_string gives the model's and the loss's).
const char* to_string(Role r);
const char* to_string(TalksPolicy p);
const char* to_string(TalksState s);
const char* to_string(EventKind k);

}  // namespace parley
