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
void compute_deal(World& w);     // 9. the deal on the table (deal.cpp)
void step_talks(World& w);       // 10. talks move, agreements hold or collapse (talks.cpp)

// Actor i's fighters over every region (forces.cpp).
double total_forces(const World& w, int actor);
// M_i = sum_r tau_i F_ir for every actor, and its sum over each camp's belligerents (forces.cpp).
void compute_strength(World& w);
// The hostile camp that a camp is fighting for: the one holding the most population
// (value_of_war.cpp); -1 when there is no other camp.
int enemy_of(const World& w, int camp);
// Sets the talks state as a scripted event or a transition does, keeping the first-month
// records of the run (talks.cpp). An agreement set this way is signed with the current deal.
void force_talks_state(World& w, TalksState state, RunEventKind why);
// Regions lost since the last call feed contagion and the cascade's count (cohesion.cpp).
void account_lost_regions(World& w);
// Applies one effect of a scripted event or a shock (events.cpp).
void apply_effect(World& w, const Event& e);
// At signing: hardliners who prefer war split off as their own camp (splinters.cpp).
void split_hardliners(World& w);
// A camp's standing T_c = mu popshare + (1 - mu) strength share against its enemy, with the
// camp's strength taken as `own` (value_of_war.cpp).
double standing(const World& w, int camp, double own);
// Exit deals (exit.cpp). The exit talks of backer j with the enemy camp: until exit deals
// are talks tracks, a stand-in that signs with exit_sign_rate a month.
void open_exit_talks(World& w, int backer, int enemy_camp);
// On signing: withdrawal over withdrawal_months, support ended, presence lost.
void sign_exit_deal(World& w, int backer);

}  // namespace parley::sim
