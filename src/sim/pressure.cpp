// Stage 2, patron pressure with its lag and effects (MODEL.md section 5): effective
// positions, costs of war and tempo brakes of the clients.
#include <algorithm>
#include <cmath>

#include "sim/detail/stages.hpp"

namespace parley::sim {

void update_pressure(World& w) {
  const Scenario& s = *w.scenario;
  ActorState& a = w.actor;
  // Effective positions, costs and tempo brakes start from the actors' own each month.
  for (int i = 0; i < w.actors; ++i) {
    for (int k = 0; k < w.issues; ++k) a.position(i, k) = a.own_position(i, k);
    a.cost[i] = a.cost_of_war[i];
    a.tempo_factor[i] = 1;
  }
  for (int j = 0; j < w.relations; ++j) {
    const PatronRelation& rel = s.patrons[idx(j)];
    double& eff = w.patron.pressure_eff[j];
    if (w.month > 0) eff += (w.patron.pressure[j] - eff) / std::max(1.0, rel.lag);
    const double pull = rel.leverage * std::clamp(eff, 0.0, 1.0);
    for (int k = 0; k < w.issues; ++k) {
      double& x = a.position(rel.client, k);
      x = (1 - pull) * x + pull * a.position(rel.patron, k);
    }
    a.cost[rel.client] += pull * w.params.cost_pressure;
    a.tempo_factor[rel.client] *= 1 - w.params.pressure_tempo_effect * pull;
  }
}

}  // namespace parley::sim
