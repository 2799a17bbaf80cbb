// Stage 3, each camp's fighting tempo from strategies, the season of the talks and patron
// pressure (MODEL.md section 8).
#include <algorithm>

#include "sim/detail/stages.hpp"

namespace parley::sim {

void set_tempo(World& w) {
  const Scenario& s = *w.scenario;
  ActorState& a = w.actor;
  Vec<double>& camp_forces = w.scratch.camp_weight;
  w.camp.tempo.fill(0);
  camp_forces.fill(0);
  const bool agreement = agreement_in_force(w);  // without one, nobody stands down
  for (int i = 0; i < w.actors; ++i) {
    if (!a.armed[i]) continue;
    const Strategy& st = s.actors[idx(i)].strategy;
    // The tracks this belligerent sits at: exploratory on any, formal on any.
    bool exploring = false, negotiating = false;
    for (const Track& t : w.talks.tracks) {
      if (!t.participant[i]) continue;
      exploring = exploring || t.state == TalksState::exploratory;
      negotiating = negotiating || t.state == TalksState::formal;
    }
    double tempo = st.tempo[idx(w.calendar)];
    if (exploring) tempo *= st.leverage_seeking;
    if (negotiating && st.talks == TalksPolicy::ceasefire_in_talks) tempo = std::min(tempo, st.ceasefire_tempo);
    if (a.posture_until[i] > w.month) tempo = a.posture_tempo[i];  // a scripted posture (MODEL.md 12)
    if (tempo > 1) tempo = 1 + (tempo - 1) * a.tempo_factor[i];  // a patron urging an end to an offensive
    // Under an agreement a camp stands down when it has no hostile camp left to fight.
    const int camp = a.camp[i];
    bool at_war = !agreement;
    for (int e = 0; e < w.camps && !at_war; ++e)
      at_war = hostile(w, camp, e) && w.camp.active[e] && !w.camp.members[idx(e)].empty() &&
               !ceasefire_between(w, camp, e);
    if (!at_war) tempo = 0;
    a.tempo[i] = tempo;
    camp_forces[camp] += a.strength[i];
    w.camp.tempo[camp] += tempo * a.strength[i];
  }
  for (int c = 0; c < w.camps; ++c) w.camp.tempo[c] = camp_forces[c] > 0 ? w.camp.tempo[c] / camp_forces[c] : 1.0;
}

}  // namespace parley::sim
