// One run of a scenario, month by month: the public face of the simulation (MODEL.md 1-9).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parley/enum_names.hpp"
#include "parley/scenario.hpp"

namespace parley {

enum class RunOutcome { peace, agreement, victory, war };
inline constexpr EnumNames<RunOutcome, 4> kRunOutcomeNames{{{RunOutcome::peace, "peace"},
                                                            {RunOutcome::agreement, "agreement"},
                                                            {RunOutcome::victory, "victory"},
                                                            {RunOutcome::war, "war"}}};
static_assert(covers_in_order(kRunOutcomeNames));
constexpr const auto& enum_names(RunOutcome) { return kRunOutcomeNames; }
const char* to_string(RunOutcome o);

// What one run produced on one talks track (MODEL.md 11-12).
struct TrackResult {
  int months_formal = 0;        // months spent in formal talks
  int first_formal = -1;
  int first_agreement = -1;     // -1: never
  int last_agreement = -1;
  int agreements = 0;
  int items_closed = 0;         // agenda items closed (a reopened item that closes again counts again)
  int items_reopened = 0;       // items reopened because a party's package surplus was negative
  int rejections = 0;           // packages the ratifier rejected
  int derailments = 0;
};

// How a military victory came (MODEL.md 13): the loser's collapse cascade was under way, its
// capital fell (victory_on_capital), or neither (attrition to victory_control or to no forces).
enum class VictoryKind : std::uint8_t { none, attrition, collapse, capital };
inline constexpr EnumNames<VictoryKind, 4> kVictoryKindNames{{{VictoryKind::none, "none"},
                                                              {VictoryKind::attrition, "attrition"},
                                                              {VictoryKind::collapse, "collapse"},
                                                              {VictoryKind::capital, "capital"}}};
static_assert(covers_in_order(kVictoryKindNames));
constexpr const auto& enum_names(VictoryKind) { return kVictoryKindNames; }
const char* to_string(VictoryKind k);

// What one run produced; small and of fixed shape for a given scenario. The fields before
// `tracks` cover every track (the first month on any track, counts summed over tracks).
struct RunResult {
  std::uint64_t run = 0;
  RunOutcome outcome = RunOutcome::war;
  int victor = -1;              // camp index when outcome is victory
  int months_simulated = 0;     // the run stops early at victory or peace
  int first_exploratory = -1;   // months since the start; -1: never
  int first_formal = -1;
  int first_agreement = -1;     // month the first agreement was signed; -1: never
  int last_agreement = -1;      // month the last agreement was signed (whose terms are `terms`)
  int agreements = 0;           // agreements signed
  int peace_month = -1;
  int collapses = 0;            // agreements that collapsed by defection
  int derailments = 0;          // exploratory or formal talks that broke down
  std::vector<double> terms;    // agreed terms per issue (of the last agreement); empty without one
  double battle_deaths = 0;
  double history_deaths = 0;    // battle deaths before meta.origin (0 without one): the history's share
  double civilian_deaths = 0;
  std::vector<double> deaths_by_year;   // battle deaths per 12 months from the start
  // Battle deaths per calendar year the horizon touches, the start's year first (the first
  // and last may be partial years); 0 after a run that ended early.
  std::vector<double> calendar_deaths;
  std::vector<double> camp_deaths;      // per camp: its fighters killed in battle (MODEL.md 12)
  std::vector<double> final_share;      // share of population held per camp at the end
  std::vector<double> final_control;    // region-major: control[r * camps + c] at the end
  std::vector<double> inputs;           // the run's draws of the uncertain inputs, in scenario.inputs order
  // Version 2 (MODEL.md 13-16).
  VictoryKind victory_by = VictoryKind::none;
  int cascades = 0;             // collapse cascades (a camp losing fighters to collapse, gaps under 3 months)
  int first_cascade = -1;       // month the first began
  int cascade_regions = 0;      // regions the camp lost during its last cascade
  int cascade_months = 0;       // months from the start of the last cascade to its last loss (or the run's end)
  int exit_deals = 0;           // exit deals signed by backers
  int first_exit_deal = -1;     // month of the first
  int splinters = 0;            // hardliner camps split off
  double splinter_fighters = 0; // fighters they took
  int shocks = 0;               // random shocks that struck
  int capitals_lost = 0;
  // Draws of the history this run took (RunOptions::condition_on_origin): 1 when its first
  // reached the origin with the war going on; more when histories that ended the war before
  // the origin were drawn again; kMaxHistoryDraws and still ended when none reached it.
  int history_draws = 1;
  std::vector<TrackResult> tracks;      // per track, in the scenario's order (MODEL.md 11-12)
  // The simulated value of each row of scenario.observations (RunOptions::observed), filled
  // by the experiment runner when the scenario has observations; empty otherwise.
  std::vector<double> observed;
};

// The monthly trace of one run: one row per simulated month.
struct TraceRow {
  int month = 0;
  TalksState talks = TalksState::closed;
  double battle_deaths = 0;
  double civilian_deaths = 0;
  double engagements = 0;
  std::vector<double> control;   // region-major [r * camps + c]
  std::vector<double> forces;    // per actor (total over regions)
  std::vector<double> belief;    // per actor: belief mean (belligerents), else 0
  std::vector<double> value_of_war;  // per actor
  std::vector<double> surplus;   // per actor: u_i(D) - EV_war_i
  std::vector<double> weight;    // per actor: bargaining weight b_i
  std::vector<double> deal;      // per issue: D(t)
  std::vector<double> tempo;     // per camp
  std::vector<double> pressure;  // per patron relation: effective pressure
  std::vector<double> cohesion;  // per actor: cohesion h_i (belligerents), else 0
};

// What happened in a run, as typed events: the model records them, and narrate()
// (parley/narrative.hpp) writes the sentences.
enum class RunEventKind : std::uint8_t {
  scripted_note,     // a scripted event with a note: `index` is the event's place in the scenario
  talks_scripted,    // a scripted event set the talks to `state`
  talks_opened,      // exploratory talks open
  formal_opened,     // formal talks open
  talks_broke_down,  // exploratory or formal talks derailed
  talks_stalled,     // `months` months in `state` without progress
  agreement_signed,  // `values`: the terms per issue; `scripted` when an event signed it
  defection,         // `actor` defects and the agreement collapses
  durable_peace,     // the agreement has held `months` months
  offensive_begins,  // `camp` starts an offensive at tempo `value`
  offensive_ends,    // `camp`'s offensive ends
  changed_hands,     // `region` passes from camp `other` to `camp`, which holds `value` of it
  victory,           // `camp` wins, holding `value` of the population
  run_ended,         // after `months` months with `outcome` (and `camp` the victor); `value` deaths
  // Version 2 (MODEL.md 11-12); `track` names the table.
  demands_opened,    // `actor` opens formal talks demanding `values` (per issue)
  item_closed,       // agenda item `index` closes on terms `values` (its issues, in agenda order)
  item_reopened,     // item `index` reopens: `actor`'s surplus on the package was `value` < 0
  package_signed,    // the package `values` goes to the ratifier `actor`, vote in `months` months
  ratified,          // ratifier `actor` approves (chance `value`)
  rejected,          // ratifier `actor` rejects (chance of approval was `value`); talks reopen
  posture_set,       // `actor` holds tempo `value` for `months` months (a scripted posture)
  // Version 2 (MODEL.md 13-16), appended so that stored logs keep their numbers.
  collapse,          // `camp` loses `value` fighters to collapse in `months` regions this month
  capital_lost,      // `camp` loses its capital `region` to `other`
  exit_talks_opened, // backer `actor` opens exit talks with camp `camp`
  exit_deal_signed,  // backer `actor` signs an exit deal with camp `camp`; withdraws over `months`
  withdrawal_done,   // backer `actor` has withdrawn
  splinter,          // hardliners of `actor` split off as camp `camp` with `value` fighters
  shock,             // shock `index` strikes
};

struct RunEvent {
  int month = 0;               // months since the start
  RunEventKind kind = RunEventKind::scripted_note;
  int actor = -1, camp = -1, other = -1, region = -1, index = -1, months = 0;
  int track = 0;               // the talks track of a talks event
  TalksState state = TalksState::closed;
  RunOutcome outcome = RunOutcome::war;
  bool scripted = false;
  double value = 0;
  std::vector<double> values{};
};

struct RunLog {
  std::vector<RunEvent> events;  // in the order they happened
};

struct Trace {
  std::vector<TraceRow> rows;
  RunLog log;  // what happened; narrate(scenario, log) tells it
};

// The month-by-month state of one run that aggregates need, compact enough to pass between
// threads and cheap to record. Rows cover the simulated months only; readers carry the last
// row forward.
struct RunMonths {
  int months = 0;                      // rows recorded (= months simulated)
  std::vector<std::uint8_t> talks;     // per month: TalksState at the end of the month
  std::vector<double> deaths;          // per month: battle deaths since the start (cumulative)
  std::vector<double> share;           // [month * camps + camp]: share of population held
  std::vector<std::uint8_t> holder;    // [month * regions + region]: camp with the most control
  std::vector<float> control;          // [(month * regions + region) * camps + camp]: control share
  // [month * items + item], the agenda items of every track in track order: 1 when the item is
  // closed at the end of the month (the track in formal talks with the item closed on its
  // agenda, or holding an agreement, agreement or peace, which settles every item).
  std::vector<std::uint8_t> closed;
};

struct RunOptions {
  std::uint64_t seed = 1;
  std::uint64_t run = 0;
  Trace* trace = nullptr;       // the full monthly trace and narrative, filled when given
  RunMonths* months = nullptr;  // the compact monthly record, filled when given
  // The simulated value of each row of scenario.observations (calibration and scoring),
  // filled when given: battle deaths summed over the row's period; population shares,
  // control and forces at its last month; milestones 1 when reached by its end, else 0.
  std::vector<double>* observed = nullptr;
  // Forecasts are made from the origin (meta.origin), when the war was known to be going on:
  // a run whose history ends it before the origin (a victory or a peace in the spin-up) is
  // drawn again, inputs and dice, until one reaches the origin at war, at most
  // kMaxHistoryDraws times (then the last is kept; RunResult::history_draws says so). Off
  // for calibration, whose simulations of the history are compared with what was observed as
  // they come (parley calibrate), and without an origin.
  bool condition_on_origin = true;
};

// The most draws of a run's history under RunOptions::condition_on_origin.
inline constexpr int kMaxHistoryDraws = 20;

// A run that ended the war (a victory or a durable peace) in its history, in a month before
// the origin (months since the start; 0: no origin, never). What condition_on_origin draws
// again, and what the summaries and the report count as "ended before the origin".
inline bool ended_before_origin(RunOutcome outcome, int months_simulated, int origin) {
  return origin > 0 && (outcome == RunOutcome::victory || outcome == RunOutcome::peace) && months_simulated <= origin;
}

// Simulates one run. Pure: same scenario, seed and run give the same result, always.
RunResult simulate_run(const Scenario& scenario, const RunOptions& options);

// Writes a trace as CSV (one row per month; columns named after ids) to `out`.
void write_trace_csv(const Scenario& scenario, const Trace& trace, std::string& out);

}  // namespace parley
