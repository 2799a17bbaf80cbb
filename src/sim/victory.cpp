// Stage 7, the military-victory check of MODEL.md section 3: a camp holding enough of the
// population, or the only camp with an army left, wins and the run ends.
#include "sim/detail/stages.hpp"

namespace parley::sim {

bool check_victory(World& w) {
  // During implementation one side disarms by design; that is not a defeat.
  if (agreement_in_force(w)) return false;
  Vec<double>& camp_forces = w.scratch.camp_fighters;
  camp_forces.fill(0.0);
  for (int i = 0; i < w.actors; ++i)
    if (w.actor.armed[i] && w.actor.camp[i] >= 0) camp_forces[w.actor.camp[i]] += total_forces(w, i);
  int victor = -1;
  for (int c = 0; c < w.camps && victor < 0; ++c) {
    if (population_share(w, c) >= w.params.victory_control) victor = c;
    bool others_broken = camp_forces[c] >= w.params.victory_min_forces;
    for (int e = 0; e < w.camps; ++e)
      if (e != c && camp_forces[e] >= w.params.victory_min_forces) others_broken = false;
    if (others_broken) victor = c;
  }
  if (victor < 0) return false;
  w.result.outcome = RunOutcome::victory;
  w.result.victor = victor;
  log_event(w, {.kind = RunEventKind::victory, .camp = victor, .value = population_share(w, victor)});
  return true;
}

}  // namespace parley::sim
