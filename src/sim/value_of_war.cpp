// Stage 8, the value of war (MODEL.md section 7): each actor's expected outcome of fighting
// on, a gambler's-ruin walk of population control seen with its belief of winning.
#include <algorithm>
#include <cmath>

#include "parley/value_of_war.hpp"
#include "sim/detail/stages.hpp"

namespace parley::sim {

namespace {

// The chance of winning an engagement that camp c's belligerent expects: its belief mean,
// moved by the change in the force balance since the camp last fought (so that one side
// disarming during implementation raises the other's value of war).
double engagement_belief(const World& w, int i, double ratio_now) {
  const double b = w.actor.alpha[i] / (w.actor.alpha[i] + w.actor.beta[i]);
  const double ref = w.camp.ratio_ref[w.actor.camp[i]];
  if (!(ref > 0) || !std::isfinite(ref)) return b;
  if (!std::isfinite(ratio_now)) return 1.0;
  const double rel = ratio_now / ref;
  return b * rel / (b * rel + (1 - b));
}

double terms_utility(const World& w, int actor, int camp) {
  return utility(w, actor, w.scenario->camps[idx(camp)].victory_terms.data());
}

RuinValue ruin_from(const World& w, double standing_share, double p) {
  const int n = static_cast<int>(w.params.war_steps);
  const int k = static_cast<int>(std::lround(standing_share * n));
  return gamblers_ruin(k, n, p);
}

RuinValue camp_ruin(const World& w, int camp, double p) { return ruin_from(w, standing(w, camp, w.camp.strength[camp]), p); }

void set_war_value(World& w, int i, int camp, const RuinValue& ruin) {
  ActorState& a = w.actor;
  const int enemy = enemy_of(w, camp);
  const double months = ruin.expected_steps * w.params.months_per_step;
  const double lose = enemy >= 0 ? terms_utility(w, i, enemy) : terms_utility(w, i, camp);
  a.win_probability[i] = ruin.win_probability;
  a.war_months[i] = months;
  a.value_of_war[i] = ruin.win_probability * terms_utility(w, i, camp) + (1 - ruin.win_probability) * lose - a.cost[i] * months;
}

}  // namespace

int enemy_of(const World& w, int camp) {
  int best = -1;
  for (int c = 0; c < w.camps; ++c)
    if (hostile(w, camp, c) && w.camp.active[c] && (best < 0 || population_share(w, c) > population_share(w, best))) best = c;
  return best;
}

// Version 2's standing (MODEL.md 7): T = mu popshare + (1 - mu) own / (own + enemy's
// effective strength); the population share alone when neither side has any strength.
double standing(const World& w, int camp, double own) {
  const double mu = w.params.standing_population_weight;
  const double pop = population_share(w, camp);
  if (mu >= 1) return pop;
  const int e = enemy_of(w, camp);
  const double other = e >= 0 ? w.camp.strength[e] : 0.0;
  if (!(own + other > 0)) return pop;
  return mu * pop + (1 - mu) * own / (own + other);
}

void value_war(World& w) {
  const double g = w.params.csf_exponent;
  const ActorState& a = w.actor;
  Vec<double>& ratio = w.camp.ratio;
  for (int c = 0; c < w.camps; ++c) {
    const int e = enemy_of(w, c);
    const double own = w.camp.strength[c], other = e >= 0 ? w.camp.strength[e] : 0.0;
    const double rho = other > 0 ? std::pow(own / other, g) : INFINITY;
    ratio[c] = rho;
    if (w.month == 0 || w.camp.wins[c] + w.camp.losses[c] > 0) w.camp.ratio_ref[c] = rho;
  }
  // Belligerents first; then everyone else with the belief of the camp they back.
  Vec<double>& belief_sum = w.scratch.camp_belief_sum;
  Vec<double>& belief_n = w.scratch.camp_belief_n;
  belief_sum.fill(0);
  belief_n.fill(0);
  for (int i = 0; i < w.actors; ++i) {
    if (!a.armed[i] || a.camp[i] < 0) continue;
    const int camp = a.camp[i];
    const double p = engagement_belief(w, i, ratio[camp]);
    belief_sum[camp] += p;
    belief_n[camp] += 1;
    set_war_value(w, i, camp, camp_ruin(w, camp, p));
  }
  // Everyone else of a camp shares the camp's mean belief, so one walk per camp serves them all.
  Vec<RuinValue>& shared = w.scratch.camp_ruin;
  Vec<char>& done = w.scratch.camp_ruin_done;
  done.fill(0);
  for (int i = 0; i < w.actors; ++i) {
    if (a.armed[i] && a.camp[i] >= 0) continue;
    // Its own camp, or for a patron the camp it backs (MODEL.md 14: with its own utility).
    const int backed = a.camp[i] >= 0 ? a.camp[i] : a.backs[i];
    if (backed >= 0) {
      const int camp = backed;
      if (!done[camp]) {
        shared[camp] = camp_ruin(w, camp, belief_n[camp] > 0 ? belief_sum[camp] / belief_n[camp] : 0.5);
        done[camp] = 1;
      }
      set_war_value(w, i, camp, shared[camp]);
      continue;
    }
    // No camp: the chance that camp 0 wins, averaged over every belligerent's view of it.
    double sum = 0, count = 0;
    for (int c = 0; c < w.camps; ++c) {
      if (belief_n[c] <= 0 || !w.camp.active[c]) continue;
      sum += c == 0 ? belief_sum[c] : belief_n[c] - belief_sum[c];
      count += belief_n[c];
    }
    set_war_value(w, i, 0, camp_ruin(w, 0, count > 0 ? sum / count : 0.5));
  }
  // Backers (MODEL.md 14): the value of leaving is the same lottery without the cost of
  // involvement, seen with the backed camp's standing without the backer's part of its
  // strength: an outside belligerent's own strength; for a patron, each client's strength
  // times the patron's share of the client's inflow of fighters this month (the part of its
  // forces that depends on the patron).
  // Only a backer that can leave by a deal reads it (exit.cpp, track_surplus): the others skip
  // the walk.
  if (!(w.params.exit_deals > 0)) return;
  for (int j = 0; j < w.actors; ++j) {
    const int camp = a.backs[j];
    if (camp < 0 || a.exit_track[j] < 0) continue;
    const double p = a.armed[j] ? engagement_belief(w, j, ratio[camp])
                                : (belief_n[camp] > 0 ? belief_sum[camp] / belief_n[camp] : 0.5);
    double mine = a.armed[j] ? a.strength[j] : 0.0;
    for (int rel = 0; rel < w.relations; ++rel) {
      const PatronRelation& pr = w.scenario->patrons[idx(rel)];
      if (pr.patron != j || a.camp[pr.client] != camp || !(a.inflow[pr.client] > 0)) continue;
      mine += a.strength[pr.client] * std::min(1.0, w.patron.sent[rel] / a.inflow[pr.client]);
    }
    const double own = w.camp.strength[camp] - mine;
    const RuinValue without = ruin_from(w, standing(w, camp, std::max(0.0, own)), p);
    const int enemy = enemy_of(w, camp);
    const double lose = enemy >= 0 ? terms_utility(w, j, enemy) : terms_utility(w, j, camp);
    w.actor.leave_win[j] = without.win_probability;
    w.actor.leave_value[j] = without.win_probability * terms_utility(w, j, camp) + (1 - without.win_probability) * lose;
  }
}

}  // namespace parley::sim
