// Splinters (MODEL.md 15), at signing. A belligerent of a signing camp with a hardliner share
// has a latent actor and camp reserved at load (its hardliners, with their own positions).
// The hardliners value war with their parent's view of it (its chance of winning and months
// of war, section 7) and their own utility and cost:
//   EV_h = P_win u_h(parent camp's terms) + (1 - P_win) u_h(enemy's terms) - cost_h months.
// If EV_h exceeds u_h(terms), they split off: hardliner_share of the parent's fighters in every
// region, the same share of its camp's control there (in proportion to the parent's part of
// its camp's forces), the parent's belief and cohesion. The new camp signed nothing and is
// hostile to its parent's camp and to the camps its parent fights (set at load), so it fights
// on against the signatories.
#include <algorithm>

#include "sim/detail/stages.hpp"

namespace parley::sim {

void split_hardliners(World& w, int track) {
  const Track& t = w.talks.tracks[idx(track)];
  bool any = false;
  for (int i = 0; i < w.actors; ++i) {
    const Actor& spec = w.scenario->actors[idx(i)];
    const int h = spec.hardliners;
    if (h < 0 || w.actor.split[i] || !w.actor.armed[i]) continue;
    const int camp = w.actor.camp[i];
    if (camp < 0 || !t.signatory[camp]) continue;
    const int splinter = w.actor.camp[h];
    const int enemy = enemy_of(w, camp);
    const double p = w.actor.win_probability[i];
    const double win = utility(w, h, w.scenario->camps[idx(camp)].victory_terms.data());
    const double lose = enemy >= 0 ? utility(w, h, w.scenario->camps[idx(enemy)].victory_terms.data()) : win;
    const double war = p * win + (1 - p) * lose - w.actor.cost[h] * w.actor.war_months[i];
    if (!(war > utility(w, h, t.terms.data()))) continue;
    w.actor.split[i] = 1;
    const double share = spec.hardliner_share;
    double camp_forces = 0;
    for (int m : w.camp.members[idx(camp)]) camp_forces += total_forces(w, m);
    const double part = camp_forces > 0 ? total_forces(w, i) / camp_forces : 0.0;
    double moved = 0;
    for (int r = 0; r < w.regions; ++r) {
      const double f = w.region.forces(r, i) * share;
      w.region.forces(r, i) -= f;
      w.region.forces(r, h) += f;
      moved += f;
      const double c = w.region.control(r, camp) * share * part;
      w.region.control(r, camp) -= c;
      w.region.control(r, splinter) += c;
    }
    w.actor.alpha[h] = w.actor.alpha[i];
    w.actor.beta[h] = w.actor.beta[i];
    w.actor.cohesion[h] = w.actor.cohesion[i];
    w.actor.results[h] = w.actor.results[i];
    w.actor.fighting[h] = 1;
    w.camp.active[splinter] = 1;
    w.camp.tempo[splinter] = 1;
    ++w.result.splinters;
    w.result.splinter_fighters += moved;
    log_event(w, {.kind = RunEventKind::splinter, .actor = i, .camp = splinter, .value = moved});
    any = true;
  }
  if (any) {
    update_shares(w);
    compute_strength(w);
  }
}

}  // namespace parley::sim
