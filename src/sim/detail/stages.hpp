// The month step's stages, in the order step_month runs them (docs/model.md, MODEL.md 1-8).
// Private to the sim module; the stage tests and the month benchmark call them one by one.
#pragma once

#include "sim/detail/world.hpp"

namespace parley::sim {

// The whole month: every stage below in order, then the end-of-month bookkeeping.
void step_month(World& w);

void apply_events(World& w);     // 1. scripted events (events.cpp)
void apply_shocks(World& w);     // 1b. random shocks strike (shocks.cpp)
void update_pressure(World& w);  // 2. patron pressure reaches clients, following schedules and stakes (pressure.cpp)
void set_tempo(World& w);        // 3. each camp's tempo this month (tempo.cpp)
void fight(World& w);            // 4. engagements, casualties, control (fight.cpp)
void update_beliefs(World& w);   // 5. beliefs learn from the month's engagements (beliefs.cpp)
void update_forces(World& w);    // 6. recruitment, support, attrition, ceilings, demobilisation (forces.cpp)
void update_cohesion(World& w);  // 6b. cohesion moves toward its target (cohesion.cpp)
void collapse(World& w);         // 6c. surrender, desertion, defection; capitals (collapse.cpp)
bool check_victory(World& w);    // 7. military victory ends the run (victory.cpp)
void value_war(World& w);        // 8. the value of war for each actor (value_of_war.cpp)
void update_backers(World& w);   // 8b. backers weigh staying against leaving; exit deals, withdrawal (exit.cpp)
void compute_deal(World& w);     // 9. the deal on each track's table (deal.cpp)
void step_talks(World& w);       // 10. each track moves: negotiation, ratification, agreements (talks.cpp)
void learn_at_table(World& w);   // 11. formal talks move beliefs toward each other (negotiation.cpp)

// Actor i's fighters over every region (forces.cpp).
double total_forces(const World& w, int actor);
// M_i = sum_r tau_i F_ir for every actor, and its sum over each camp's belligerents (forces.cpp).
void compute_strength(World& w);
// The hostile camp that a camp is fighting for: the one holding the most population
// (value_of_war.cpp); -1 when there is no hostile camp.
int enemy_of(const World& w, int camp);
// Camps a and b fight each other (MODEL.md 12's hostile_to).
inline bool hostile(const World& w, int a, int b) { return a != b && w.camp.hostile(a, b); }

// Sets a track's state as a scripted event or a transition does, keeping the first-month
// records of the run (talks.cpp). An agreement set this way is signed with the current deal;
// formal talks set this way open the negotiation with fresh demands.
void force_talks_state(World& w, int track, TalksState state, RunEventKind why);
// Opens a closed track from code (an exit deal, MODEL.md 14): exploratory talks by default.
void open_track(World& w, int track, TalksState state = TalksState::exploratory);
// An agreement signed on some track is being implemented (or has become peace) between a and b:
// they do not fight (MODEL.md 12, who stops fighting).
bool ceasefire_between(const World& w, int a, int b);
// Some track is implementing an agreement or holds a peace (no military victory meanwhile).
bool agreement_in_force(const World& w);
// The disarming camp is demobilising: a track it signed is implementing an agreement.
bool disarming_now(const World& w);
// Deal computed for one track with given ideal points (positions or demands) and, for the
// table after a rejection, the ratifier (deal.cpp). Writes `out` per issue; returns false
// when nash found no point all prefer to disagreement.
bool bargain_track(World& w, const Track& t, const Grid<double>& ideal, bool with_ratifier, Vec<double>& out);

// The negotiation of MODEL.md 11 (negotiation.cpp).
// Formal talks open on track t: demands stated, the agenda starts at its first item.
void open_negotiation(World& w, int track);
// One month at the table of track t: proposal, concessions, items closing. True when the
// package is complete and every veto participant's surplus on it is >= 0 (else the item that
// hurts the most reluctant party most reopens).
bool negotiate(World& w, int track);
// The month's urgency of actor i: its cost of war this month relative to its default cost.
double urgency(const World& w, int actor);

// Ratification (ratification.cpp): the chance that track t's ratifier approves `terms`.
double approval_probability(const World& w, int track, const Vec<double>& terms);
// The vote: approve (true) or reject, in which case talks reopen with the ratifier at the table.
bool ratification_vote(World& w, int track, double u);
// The simulated values of the scenario's observations (observe.cpp): after each month, and
// once at the end of the run (milestones, and shares held after an early end).
void observe_month(const World& w, const std::vector<ObservedValue>& rows, std::vector<double>& values);
void observe_end(const World& w, const std::vector<ObservedValue>& rows, std::vector<double>& values);
// Regions lost since the last call feed contagion and the cascade's count (cohesion.cpp).
void account_lost_regions(World& w);
// Applies one effect of a scripted event or a shock (events.cpp).
void apply_effect(World& w, const Event& e);
// At signing on a track: hardliners of its signatory camps who prefer war split off as their
// own camp (splinters.cpp).
void split_hardliners(World& w, int track);
// A camp's standing T_c = mu popshare + (1 - mu) strength share against its enemy, with the
// camp's strength taken as `own` (value_of_war.cpp).
double standing(const World& w, int camp, double own);
// Exit deals (exit.cpp). Backer j opens its exit track with the enemy camp.
void open_exit_talks(World& w, int backer, int enemy_camp);
// On signing its exit track: withdrawal over withdrawal_months, support ended, presence lost.
void sign_exit_deal(World& w, int backer);
// Actor i's surplus from terms y at track t (negotiation.cpp): u_i(y) - EV_war_i at a peace
// track; at an exit track, over the agenda's issues only, against what the war would give on
// them, plus for the backer the value of leaving over staying (docs/model.md, "Exit deals").
double track_surplus(const World& w, const Track& t, int i, const double* y);
// Track t's signing ends a war (a peace track), not only a backer's part in one.
inline bool peace_track(const Track& t) { return t.kind == TrackKind::peace; }

}  // namespace parley::sim
