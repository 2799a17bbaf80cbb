// Stage 5, Beta beliefs with forgetting (MODEL.md section 4): engagements are public, so
// every belligerent of a camp learns from the camp's wins and losses of the month.
// Forgetting applies every month; it lowers confidence but leaves the mean alone.
#include "sim/detail/stages.hpp"

namespace parley::sim {

void update_beliefs(World& w) {
  const double omega = w.params.belief_forgetting, weight = w.params.belief_evidence_weight;
  ActorState& a = w.actor;
  for (int i = 0; i < w.actors; ++i) {
    if (!a.armed[i] || a.camp[i] < 0) continue;
    const int camp = a.camp[i];
    a.alpha[i] = omega * a.alpha[i] + weight * w.camp.wins[camp];
    a.beta[i] = omega * a.beta[i] + weight * w.camp.losses[camp];
  }
}

}  // namespace parley::sim
