// Stage 7, the military-victory check of MODEL.md section 3: a camp holding enough of the
// population, or the only camp with an army left, wins and the run ends. Version 2 (MODEL.md
// 13): a camp that took an enemy's capital wins with victory_on_capital, and each victory
// records how it came: by capital, by collapse (a defeated camp's cascade was under way in
// the last three months), or by attrition.
#include "sim/detail/stages.hpp"

namespace parley::sim {

namespace {

VictoryKind how(const World& w, int victor, bool by_capital) {
  if (by_capital) return VictoryKind::capital;
  for (int c = 0; c < w.camps; ++c)
    if (c != victor && w.camp.cascade_start[c] >= 0 && w.camp.cascade_last[c] >= w.month - 2) return VictoryKind::collapse;
  return VictoryKind::attrition;
}

}  // namespace

bool check_victory(World& w) {
  // During implementation one side disarms by design; that is not a defeat.
  if (agreement_in_force(w)) return false;
  Vec<double>& camp_forces = w.scratch.camp_fighters;
  camp_forces.fill(0.0);
  for (int i = 0; i < w.actors; ++i)
    if (w.actor.armed[i] && w.actor.camp[i] >= 0) camp_forces[w.actor.camp[i]] += total_forces(w, i);
  int victor = w.war.capital_victor;
  const bool by_capital = victor >= 0;
  for (int c = 0; c < w.camps && victor < 0; ++c) {
    if (!w.camp.active[c]) continue;
    if (population_share(w, c) >= w.params.victory_control) victor = c;
    bool others_broken = camp_forces[c] >= w.params.victory_min_forces;
    for (int e = 0; e < w.camps; ++e)
      if (e != c && w.camp.active[e] && camp_forces[e] >= w.params.victory_min_forces) others_broken = false;
    if (others_broken) victor = c;
  }
  if (victor < 0) return false;
  w.result.outcome = RunOutcome::victory;
  w.result.victor = victor;
  w.result.victory_by = how(w, victor, by_capital);
  if (w.result.victory_by == VictoryKind::collapse) {
    for (int c = 0; c < w.camps; ++c)
      if (c != victor && w.camp.cascade_start[c] >= 0 && w.camp.cascade_last[c] >= w.month - 2)
        w.result.cascade_months = w.month - w.camp.cascade_start[c];
  }
  log_event(w, {.kind = RunEventKind::victory, .camp = victor, .index = static_cast<int>(w.result.victory_by),
                .value = population_share(w, victor)});
  return true;
}

}  // namespace parley::sim
