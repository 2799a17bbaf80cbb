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
  const TalksState talks = w.talks.state;
  for (int i = 0; i < w.actors; ++i) {
    if (!a.armed[i]) continue;
    const Strategy& st = s.actors[idx(i)].strategy;
    double tempo = st.tempo[idx(w.calendar)];
    if (talks == TalksState::exploratory) tempo *= st.leverage_seeking;
    if (talks == TalksState::formal && st.talks == TalksPolicy::ceasefire_in_talks) tempo = std::min(tempo, st.ceasefire_tempo);
    if (tempo > 1) tempo = 1 + (tempo - 1) * a.tempo_factor[i];  // a patron urging an end to an offensive
    if (talks == TalksState::agreement && w.camp.signatory[a.camp[i]]) tempo = 0;
    a.tempo[i] = tempo;
    const int camp = a.camp[i];
    camp_forces[camp] += a.strength[i];
    w.camp.tempo[camp] += tempo * a.strength[i];
  }
  for (int c = 0; c < w.camps; ++c) w.camp.tempo[c] = camp_forces[c] > 0 ? w.camp.tempo[c] / camp_forces[c] : 1.0;
}

}  // namespace parley::sim
