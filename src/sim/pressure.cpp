// Stage 2, patron pressure with its lag and effects (MODEL.md section 5): effective
// positions, costs of war and tempo brakes of the clients. Version 2 (MODEL.md 14): backers'
// war weariness raises their cost of war, and a patron's pressure follows its stakes as well
// as its schedule.
#include <algorithm>
#include <cmath>

#include "sim/detail/stages.hpp"

namespace parley::sim {

namespace {

// War weariness of a backer (MODEL.md 14): its cost of involvement grows with the years it has
// been in the war and with the logarithm of its cumulative casualties (Mueller 1973).
double weariness(const World& w, int j) {
  if (w.actor.backs[j] < 0 || w.actor.exit_state[j] >= exit_withdrawing) return 0;
  const Actor& spec = w.scenario->actors[idx(j)];
  if (spec.weariness_per_year == 0 && spec.weariness_per_log_casualty == 0) return 0;
  return spec.weariness_per_year * w.month / 12.0 + spec.weariness_per_log_casualty * std::log1p(w.actor.casualties[j] / 100.0);
}

// The stake term: a patron whose surplus from the deal on the table exceeds its client's
// presses harder, one that prefers war (negative surplus) presses less; at most
// stake_pressure_max either way. Surpluses are last month's (the patron reacts to what it saw).
double stake_term(const World& w, const PatronRelation& rel) {
  const double max = w.params.stake_pressure_max;
  if (!(max > 0)) return 0;
  const double sp = w.actor.surplus[rel.patron], sc = w.actor.surplus[rel.client];
  const double z = sp >= 0 ? std::max(0.0, sp - sc) : sp;
  return max * std::tanh(w.params.stake_pressure_kappa * z);
}

}  // namespace

void update_pressure(World& w) {
  const Scenario& s = *w.scenario;
  ActorState& a = w.actor;
  // Effective positions, costs and tempo brakes start from the actors' own each month.
  for (int i = 0; i < w.actors; ++i) {
    for (int k = 0; k < w.issues; ++k) a.position(i, k) = a.own_position(i, k);
    a.cost[i] = a.cost_of_war[i] + weariness(w, i);
    a.tempo_factor[i] = 1;
  }
  for (int j = 0; j < w.relations; ++j) {
    const PatronRelation& rel = s.patrons[idx(j)];
    double& eff = w.patron.pressure_eff[j];
    const double wanted = std::clamp(w.patron.pressure[j] + stake_term(w, rel), 0.0, 1.0);
    if (w.month > 0) eff += (wanted - eff) / std::max(1.0, rel.lag);
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
