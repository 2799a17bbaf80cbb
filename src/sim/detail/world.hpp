// The world state of one run (private to the sim module): flat arrays indexed by dense int
// ids, allocated once per run, grouped by what owns them. Stages are declared in stages.hpp.
#pragma once

#include <cstdint>
#include <vector>

#include "parley/scenario.hpp"
#include "parley/simulation.hpp"
#include "parley/value_of_war.hpp"
#include "sim/detail/grid.hpp"

namespace parley::sim {

// Per actor. Fields that events may change are copied from the scenario at the start.
struct ActorState {
  Vec<int> camp;                 // camp index, -1 for none
  Vec<char> armed;               // a belligerent
  Vec<char> participant;         // at the table of any track (per track: Track::participant)
  Vec<char> veto;                // a participant with a veto on any track (per track: Track::veto)
  // Settable by events (ActorField): clout c_i, military share m_i, effectiveness tau_i,
  // cost of war, recruitment rate, spoiler capacity zeta_i.
  Vec<double> clout, military_share, effectiveness, cost_of_war, recruitment_rate, spoiler_capacity;
  Vec<double> strength0;         // M_i(0)
  Vec<double> strength;          // M_i(t) = sum_r tau_i F_ir
  Vec<double> tempo;             // this month's fighting tempo
  Vec<double> losses;            // fighters lost this month
  Vec<double> alpha, beta;       // Beta belief of winning an engagement (belligerents)
  Vec<double> support_boost;     // spoiler boost of the support it sends (1 = none)
  Grid<double> own_position;     // (actor, issue): the actor's own line x_ik (position events change it)
  Grid<double> position;         // (actor, issue): effective position x^eff after pressure
  Grid<double> salience;         // (actor, issue): s_ik (salience events change it)
  Grid<double> issue_weight;     // (actor, issue): s_ik / sum_k s_ik
  Vec<double> cost;              // cost of war after pressure, cost_i^eff
  Vec<double> tempo_factor;      // pressure's brake on offensive tempo
  Vec<double> weight;            // bargaining weight b_i
  Vec<double> value_of_war;      // EV_war_i
  Vec<double> war_months;        // expected months of war
  Vec<double> win_probability;   // P_win of its camp, as it sees it
  Vec<double> surplus;           // u_i(D) - EV_war_i on the first track (per track: Track::surplus)
  Vec<double> posture_tempo;     // tempo set by a posture event, while posture_until > month
  Vec<int> posture_until;        // the month the posture period ends (exclusive); 0: none
  // Version 2 (MODEL.md 13-16).
  Vec<char> fighting;            // its forces take part in engagements (0: latent, or withdrawing after an exit deal)
  Vec<double> cohesion;          // h_i
  Vec<double> cohesion_target;   // this month's target
  Vec<double> results;           // remembered win share against expectation
  Vec<double> funding;           // this month: forces within the ceiling times support received / promised
  Vec<double> inflow;            // this month: recruits plus support received
  Vec<double> start_forces;      // total forces at the start (presence of outside belligerents)
  Vec<double> casualties;        // cumulative own battle losses
  Vec<int> backs;                // a backer's camp (patron: its first client's; outside belligerent: its own); -1
  Vec<double> leave_value;       // a backer's value of leaving the war
  Vec<double> leave_win;         // a backer's P_win of its camp without it (the lottery of leaving)
  Vec<int> exit_track;           // a backer's exit track (TrackKind::exit); -1: none
  Vec<int> exit_streak;          // months in a row leaving has beaten staying
  Vec<int> exit_state;           // ExitState
  Vec<int> exit_month;           // month the exit deal was signed
  Vec<double> withdraw_from;     // forces at signing, withdrawn linearly over withdrawal_months
  Vec<char> split;               // hardliners already split off (parents)
};

enum ExitState : int { exit_none = 0, exit_talking = 1, exit_withdrawing = 2, exit_gone = 3 };

// Per region: who is where and who holds what.
struct RegionState {
  Grid<double> forces;           // (region, actor): fighters F_ir
  Grid<double> control;          // (region, camp): share of the region held, theta_rc
};

// Per camp.
struct CampState {
  std::vector<std::vector<int>> members;  // its belligerents (fixed for the run)
  Grid<char> hostile;            // (camp, camp): they fight (either lists the other in hostile_to)
  Vec<char> signatory;           // one of its belligerents is at the table of any track
  Vec<double> tempo;             // fighting tempo, strength-weighted over its belligerents
  Vec<double> strength;          // sum of its belligerents' M_i
  Vec<double> share;             // share of the total population held (see update_shares)
  Vec<double> wins, losses;      // engagements won and lost this month
  Vec<double> ratio_ref;         // (S_c / S_enemy)^g when it last fought
  Vec<double> ratio;             // (S_c / S_enemy)^g now
  int disarming = -1;            // the camp that demobilises during implementation
  // Version 2 (MODEL.md 13, 15).
  Vec<char> active;              // 0: a latent splinter slot not yet split off
  Vec<double> contagion;         // remembered share of its regions lost
  Vec<char> capital_held;        // holds at least half its capital
  Vec<int> cascade_start, cascade_last, cascade_regions;  // the current or last collapse cascade (-1: none)
  Vec<int> last_holder;          // per region: the holder at the last cohesion update
  double total_population = 0;   // of all regions (a constant of the scenario)
};

// Per patron relation.
struct PatronState {
  Vec<double> pressure;          // pi_j(t): schedule or event
  Vec<double> pressure_eff;      // pi_eff(t), after the lag
  Vec<double> sent;              // fighters sent this month (version 2: a patron's part in its client's strength)
};

// One talks track (MODEL.md 12): its table, its state and its negotiation (MODEL.md 11).
struct Track {
  const TalksSetup* setup = nullptr;
  TrackKind kind = TrackKind::peace;  // exit: its signing withdraws `backer`, not a ceasefire
  int backer = -1;               // exit tracks: the backer that leaves on signing
  TalksState state = TalksState::closed;
  int agreement_age = 0;         // months since the agreement was signed
  int age = 0;                   // months in the current state
  TalksState state_before = TalksState::closed;  // at the start of the talks stage
  Vec<char> participant, veto;   // per actor: at this table; with a veto here
  Vec<char> signatory;           // per camp: one of its belligerents is at this table
  Vec<double> deal;              // per issue: D(t) among this table's participants
  Vec<double> terms;             // per issue, while an agreement holds
  Vec<double> surplus;           // per actor: u_i(D) - EV_war_i
  bool deal_feasible = true;     // nash found a point all prefer to disagreement
  double shock = 0;              // scripted derailment hazard this month
  double spoiler_hazard = 0;     // this month
  double violence_hazard = 0;    // this month: violence_derail * deaths between its camps / deaths_scale
  // The negotiation (negotiation.cpp).
  std::vector<std::vector<int>> items;  // the agenda: issues per item (at least one item)
  Grid<double> demand;           // (actor, issue): z_ik of the veto participants
  Vec<double> proposal;          // per issue: P(t) (held terms on closed items)
  Vec<char> item_closed;         // per item
  int item = 0;                  // the item on the table
  bool ratifier_at_table = false;  // the ratifier said no: its position weighs in the proposal
  int ratify_in = -1;            // months until the ratifier votes on the package; -1: none pending
  Vec<double> package;           // per issue: the package awaiting the ratifier
  bool feasible_proposal = true; // the proposal's kernel found a point (nash)
};

// The talks: every track, and what they share.
struct TalksData {
  std::vector<Track> tracks;     // at least one
  Vec<double> status_quo;        // per issue
};

// This month's totals of the war.
struct MonthTotals {
  double engagements = 0;
  double deaths = 0;             // battle deaths
  Grid<double> pair_deaths;      // (camp, camp), lower index first: battle deaths between the two
  double pending_deaths = 0;     // deaths of attacks (events, shocks) counted in this month's fight
  int capital_victor = -1;       // the camp that took a capital this month (victory_on_capital)
};

// Scratch space: each buffer has one meaning, sized at the start, so that the month step
// allocates nothing.
struct Scratch {
  Vec<double> camp_weight;       // per camp: strength-weighted tempo sums (set_tempo)
  Vec<double> camp_fighters;     // per camp: fighters, for the victory check
  Vec<double> camp_belief_sum, camp_belief_n;  // per camp: belligerents' beliefs (value_war)
  Vec<RuinValue> camp_ruin;      // per camp: the walk seen with the camp's mean belief
  Vec<char> camp_ruin_done;      // per camp: camp_ruin computed this month
  Vec<double> defect_draws;      // per actor: this month's defection draws
  Vec<double> region_weight;     // per region: allocation weights of new fighters
  // Inputs and outputs of the bargaining kernels (compute_deal): per participant (and issue).
  std::vector<double> weights, positions, saliences, disagreements, outcome, kernel, spans;
  std::vector<int> seat_actor;   // per seat at a table: the actor (bargain_track)
  Vec<double> belief_next;       // per actor: belief means after learning at the table
  std::vector<int> war_pairs;    // this month's pairs of camps at war, flattened (fight)
  std::vector<int> fighters;     // each camp's fighting belligerents this month, camp by camp (fight)
  std::vector<int> fighter_begin;  // per camp and one past the last: where its fighters start
};

struct World {
  const Scenario* scenario = nullptr;
  std::uint64_t seed = 0;
  std::uint64_t run = 0;
  int actors = 0, camps = 0, regions = 0, issues = 0, relations = 0;  // sizes, from the scenario
  int month = 0;                 // months since the start
  int calendar = 0;              // calendar month 0-11 of `month`
  Parameters params;             // events may change these

  ActorState actor;
  RegionState region;
  CampState camp;
  PatronState patron;
  TalksData talks;
  MonthTotals war;
  Scratch scratch;

  RunLog* log = nullptr;         // typed run events, recorded when given (narrated outside)
  Vec<int> logged_holder;        // per region: the holder last logged as changing hands
  Vec<char> shock_struck;        // per shock: struck at least once

  RunResult result;
  bool ended = false;
  // Cohesion cannot move in this run and no collapse can happen: cohesion_rate and
  // collapse_threshold are 0 and no event or shock changes them (version 1 settings), so the
  // cohesion stage has nothing to do.
  bool cohesion_still = false;
};

// Builds the state at the start of a run.
World make_world(const Scenario& scenario, std::uint64_t seed, std::uint64_t run);

// Utility of outcome y (one value per issue) to actor i, with effective positions.
double utility(const World& w, int actor, const double* y);

// Share of the total population held by camp c (cached; see update_shares).
inline double population_share(const World& w, int camp) { return w.camp.share[camp]; }
// Recomputes every camp's population share after control has moved.
void update_shares(World& w);
// The camp holding the most of region r (ties to the first camp).
int holder(const World& w, int r);

// Records a run event when the run is logged.
void log_event(World& w, const RunEvent& e);

// Appends this month's row to the compact monthly record.
void record_months(const World& w, RunMonths& m);

}  // namespace parley::sim
