// The month step's stages, in the order step_month runs them (docs/model.md, MODEL.md 1-8).
// Private to the sim module; the stage tests and the month benchmark call them one by one.
#pragma once

#include "sim/detail/world.hpp"

namespace parley::sim {

// The whole month: every stage below in order, then the end-of-month bookkeeping.
void step_month(World& w);

void apply_events(World& w);     // 1. scripted events (events.cpp)
void update_pressure(World& w);  // 2. patron pressure reaches clients (pressure.cpp)
void set_tempo(World& w);        // 3. each camp's tempo this month (tempo.cpp)
void fight(World& w);            // 4. engagements, casualties, control (fight.cpp)
void update_beliefs(World& w);   // 5. beliefs learn from the month's engagements (beliefs.cpp)
void update_forces(World& w);    // 6. recruitment, support, attrition, ceilings, demobilisation (forces.cpp)
bool check_victory(World& w);    // 7. military victory ends the run (victory.cpp)
void value_war(World& w);        // 8. the value of war for each actor (value_of_war.cpp)
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

}  // namespace parley::sim
