// Patron pressure with its lag and effects (MODEL.md section 5), and each camp's fighting
// tempo from strategies, talks and pressure (section 8).
#include <algorithm>
#include <cmath>

#include "sim/world.hpp"

namespace parley::sim {

void update_pressure(World& w) {
  const Scenario& s = *w.scenario;
  const auto K = static_cast<std::size_t>(w.issues);
  // Effective positions, costs and tempo brakes start from the actors' own each month.
  for (int i = 0; i < w.actors; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    for (std::size_t k = 0; k < K; ++k) w.position[ui * K + k] = s.actors[ui].positions[k];
    w.cost[ui] = w.cost_of_war[ui];
    w.tempo_factor[ui] = 1;
  }
  for (int j = 0; j < w.relations; ++j) {
    const auto uj = static_cast<std::size_t>(j);
    const PatronRelation& rel = s.patrons[uj];
    double& eff = w.pressure_eff[uj];
    if (w.month > 0) eff += (w.pressure[uj] - eff) / std::max(1.0, rel.lag);
    const double pull = rel.leverage * std::clamp(eff, 0.0, 1.0);
    const auto client = static_cast<std::size_t>(rel.client), patron = static_cast<std::size_t>(rel.patron);
    for (std::size_t k = 0; k < K; ++k) {
      double& x = w.position[client * K + k];
      x = (1 - pull) * x + pull * w.position[patron * K + k];
    }
    w.cost[client] += pull * w.params.cost_pressure;
    w.tempo_factor[client] *= 1 - w.params.pressure_tempo_effect * pull;
  }
}

void set_tempo(World& w) {
  const Scenario& s = *w.scenario;
  std::vector<double>& camp_forces = w.camp_fighters;  // scratch: tempo weights
  std::fill(w.camp_tempo.begin(), w.camp_tempo.end(), 0);
  std::fill(camp_forces.begin(), camp_forces.end(), 0);
  for (int i = 0; i < w.actors; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    if (!w.armed[ui]) continue;
    const Strategy& st = s.actors[ui].strategy;
    double tempo = st.tempo[static_cast<std::size_t>(w.calendar)];
    if (w.talks == TalksState::exploratory) tempo *= st.leverage_seeking;
    if (w.talks == TalksState::formal && st.talks == TalksPolicy::ceasefire_in_talks)
      tempo = std::min(tempo, st.ceasefire_tempo);
    if (tempo > 1) tempo = 1 + (tempo - 1) * w.tempo_factor[ui];  // a patron urging an end to an offensive
    if (w.talks == TalksState::agreement && w.signatory_camp[static_cast<std::size_t>(w.camp_of[ui])]) tempo = 0;
    w.actor_tempo[ui] = tempo;
    const auto camp = static_cast<std::size_t>(w.camp_of[ui]);
    camp_forces[camp] += w.strength[ui];
    w.camp_tempo[camp] += tempo * w.strength[ui];
  }
  for (int c = 0; c < w.camps; ++c) {
    const auto uc = static_cast<std::size_t>(c);
    w.camp_tempo[uc] = camp_forces[uc] > 0 ? w.camp_tempo[uc] / camp_forces[uc] : 1.0;
  }
}

}  // namespace parley::sim
