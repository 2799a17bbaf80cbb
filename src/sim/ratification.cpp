// Ratification (MODEL.md 11): a signed package goes to the track's ratifier, which approves
// with sig(kappa_r (u_r(terms) - u_r(status quo)) + ratification_bias); a rejection reopens
// the agenda with the ratifier's position at the table (Colombia 2016).
#include <cmath>

#include "sim/detail/stages.hpp"

namespace parley::sim {

double approval_probability(const World& w, int track, const Vec<double>& terms) {
  const int r = w.talks.tracks[idx(track)].setup->ratifier;
  if (r < 0) return 1.0;
  const double z = w.params.ratification_kappa * (utility(w, r, terms.data()) - utility(w, r, w.talks.status_quo.data())) +
                   w.params.ratification_bias;
  return 1.0 / (1.0 + std::exp(-z));
}

bool ratification_vote(World& w, int track, double u) {
  Track& t = w.talks.tracks[idx(track)];
  const double chance = approval_probability(w, track, t.package);
  if (u < chance) {
    log_event(w, {.kind = RunEventKind::ratified, .actor = t.setup->ratifier, .track = track, .value = chance});
    return true;
  }
  ++w.result.tracks[idx(track)].rejections;
  log_event(w, {.kind = RunEventKind::rejected, .actor = t.setup->ratifier, .track = track, .value = chance});
  t.ratifier_at_table = true;
  t.item_closed.fill(0);
  t.item = 0;
  return false;
}

}  // namespace parley::sim
