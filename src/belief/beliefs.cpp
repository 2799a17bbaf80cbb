// Beta beliefs with forgetting (MODEL.md section 4): engagements are public, so every
// belligerent of a camp learns from the camp's wins and losses of the month. Forgetting
// applies every month; it lowers confidence but leaves the mean alone.
#include "sim/world.hpp"

namespace parley::sim {

void update_beliefs(World& w) {
  const double omega = w.params.belief_forgetting, weight = w.params.belief_evidence_weight;
  for (int i = 0; i < w.actors; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    if (!w.armed[ui] || w.camp_of[ui] < 0) continue;
    const auto camp = static_cast<std::size_t>(w.camp_of[ui]);
    w.alpha[ui] = omega * w.alpha[ui] + weight * w.wins[camp];
    w.beta[ui] = omega * w.beta[ui] + weight * w.losses[camp];
  }
}

}  // namespace parley::sim
