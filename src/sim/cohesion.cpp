// Stage 6b, cohesion (MODEL.md 13): each belligerent's cohesion h moves toward a target built
// from its recent results against expectation, its belief of winning the war, its funding,
// the presence of its camp's outside belligerents, and the regions its camp lost lately.
//
//   target = 1 + w_r R + w_b (P_win - 1/2) - w_f (1 - funding) - w_p (1 - presence) - w_c C,
//   clamped to [0, 1];   h <- h + cohesion_rate (target - h)
//
// R: remembered (win share this month - believed chance of winning an engagement), with
//    memory cohesion_memory (months without engagements add nothing);
// P_win: the camp's chance of winning the war as the belligerent saw it last month (section 7);
// funding: share of its forces within the funding ceiling times (recruits + support received) /
//    (recruits + support promised) (update_forces);
// presence: current forces of the camp's outside belligerents still fighting over their forces at
//    the start (1 when the camp has none); outside belligerents themselves do not count it;
// C: the camp's remembered share of regions lost, C <- memory C + lost / held (regions lost to a
//    collapse count from the next month).
#include <algorithm>

#include "sim/detail/stages.hpp"

namespace parley::sim {

namespace {

// Share of the camp's outside belligerents' starting forces still present and fighting.
double presence(const World& w, int camp) {
  double start = 0, now = 0;
  for (int i : w.camp.members[idx(camp)]) {
    if (!w.scenario->actors[idx(i)].outside) continue;
    start += w.actor.start_forces[i];
    if (w.actor.exit_state[i] < exit_withdrawing) now += total_forces(w, i);
  }
  return start > 0 ? std::min(1.0, now / start) : 1.0;
}

}  // namespace

// Regions each camp lost since the last call, as a share of the regions it held then, added to
// its remembered losses; during a collapse cascade they count as the cascade's regions.
void account_lost_regions(World& w) {
  CampState& c = w.camp;
  Vec<double>& held = w.scratch.camp_belief_sum;  // scratch, reused before value_war fills it
  Vec<double>& lost = w.scratch.camp_belief_n;
  held.fill(0);
  lost.fill(0);
  for (int r = 0; r < w.regions; ++r) {
    const int before = c.last_holder[r], now = holder(w, r);
    held[before] += 1;
    if (now != before) lost[before] += 1;
    c.last_holder[r] = now;
  }
  for (int k = 0; k < w.camps; ++k) {
    if (!(lost[k] > 0)) continue;
    c.contagion[k] += lost[k] / held[k];
    if (c.cascade_start[k] >= 0 && c.cascade_last[k] >= w.month - 2) {
      c.cascade_regions[k] += static_cast<int>(lost[k]);
      w.result.cascade_regions = c.cascade_regions[k];
    }
  }
}

void update_cohesion(World& w) {
  // h + 0 (target - h) is h: with cohesion_rate 0 for the whole run the memories below feed
  // nothing (no collapse can start a cascade whose regions they would count).
  if (w.cohesion_still) return;
  for (int k = 0; k < w.camps; ++k) w.camp.contagion[k] *= w.params.cohesion_memory;
  account_lost_regions(w);
  const Parameters& p = w.params;
  ActorState& a = w.actor;
  bool moved = false;
  for (int i = 0; i < w.actors; ++i) {
    if (!a.armed[i] || a.camp[i] < 0 || !w.camp.active[a.camp[i]]) continue;
    const int camp = a.camp[i];
    const double engaged = w.camp.wins[camp] + w.camp.losses[camp];
    if (engaged > 0) {
      const double belief = a.alpha[i] / (a.alpha[i] + a.beta[i]);
      a.results[i] = p.cohesion_memory * a.results[i] + (1 - p.cohesion_memory) * (w.camp.wins[camp] / engaged - belief);
    }
    const bool outside = w.scenario->actors[idx(i)].outside;
    const double target = 1 + p.cohesion_results_weight * a.results[i] +
                          p.cohesion_belief_weight * (a.win_probability[i] - 0.5) -
                          p.cohesion_funding_weight * (1 - a.funding[i]) -
                          (outside ? 0.0 : p.cohesion_presence_weight * (1 - presence(w, camp))) -
                          p.cohesion_contagion_weight * w.camp.contagion[camp];
    a.cohesion_target[i] = std::clamp(target, 0.0, 1.0);
    const double h = std::clamp(a.cohesion[i] + p.cohesion_rate * (a.cohesion_target[i] - a.cohesion[i]), 0.0, 1.0);
    moved = moved || h != a.cohesion[i];
    a.cohesion[i] = h;
  }
  // Strength is tau F h, computed after the forces stage: only a change of h changes it
  // (never at cohesion_rate 0, version 1).
  if (moved) compute_strength(w);
}

}  // namespace parley::sim
