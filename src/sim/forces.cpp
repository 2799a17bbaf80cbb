// Stage 6, monthly force dynamics (MODEL.md section 3): recruitment, patron support,
// attrition, funding ceilings, demobilisation, and the allocation of new fighters.
#include <algorithm>
#include <cmath>

#include "sim/detail/stages.hpp"

namespace parley::sim {

namespace {

double camp_population(const World& w, int camp) { return population_share(w, camp) * w.camp.total_population; }

struct Support {
  double sent = 0;      // fighters a patron sends its client this month (after pressure and any spoiler boost)
  double promised = 0;  // before pressure and exit deals (the funding term of cohesion)
};

// A patron that signed an exit deal sends nothing (MODEL.md 14).
Support support_for(World& w, int client, double recruits) {
  Support total;
  for (int j = 0; j < w.relations; ++j) {
    const PatronRelation& rel = w.scenario->patrons[idx(j)];
    if (rel.client != client) continue;
    double promised = rel.support;
    if (rel.support_unit == SupportUnit::recruitment_share) promised *= recruits;
    const bool exited = w.actor.exit_state[rel.patron] >= exit_withdrawing;
    const double sent = exited ? 0.0 : promised * (1 - std::min(1.0, w.patron.pressure_eff[j]));
    w.patron.sent[j] = sent * w.actor.support_boost[rel.patron];
    total.sent += w.patron.sent[j];
    total.promised += promised;
  }
  return total;
}

// Keeps `factor` of actor i's fighters in every region and spreads `added` new ones by the
// actor's allocation rule: own-controlled population (defend) or contested population
// P theta (1 - theta) (contest); by population when the rule gives every region zero.
void attrit_and_allocate(World& w, int i, double factor, double added) {
  const int camp = w.actor.camp[i];
  const bool contest = w.scenario->actors[idx(i)].allocation == Allocation::contest;
  Vec<double>& weight = w.scratch.region_weight;
  Grid<double>& forces = w.region.forces;
  double total = 0;
  for (int r = 0; r < w.regions; ++r) {
    const double pop = w.scenario->regions[idx(r)].population, theta = w.region.control(r, camp);
    weight[r] = contest ? pop * theta * (1 - theta) : pop * theta;
    total += weight[r];
  }
  const bool by_population = !(total > 0);
  if (by_population) total = w.camp.total_population;
  const double per_weight = added > 0 && total > 0 ? added / total : 0.0;
  for (int r = 0; r < w.regions; ++r) {
    double& f = forces(r, i);
    const double share = by_population ? w.scenario->regions[idx(r)].population : weight[r];
    f = f * factor + share * per_weight;
  }
  if (added > 0 && !(total > 0))  // no population anywhere: spread evenly
    for (int r = 0; r < w.regions; ++r) forces(r, i) += added / static_cast<double>(w.regions);
}

void scale_forces(World& w, int i, double factor) {
  for (int r = 0; r < w.regions; ++r) w.region.forces(r, i) *= factor;
}

}  // namespace

double total_forces(const World& w, int i) {
  double t = 0;
  for (int r = 0; r < w.regions; ++r) t += w.region.forces(r, i);
  return t;
}

void update_forces(World& w) {
  const bool implementing = disarming_now(w);
  for (int i = 0; i < w.actors; ++i) {
    if (!w.actor.armed[i]) continue;
    if (w.actor.exit_state[i] >= exit_withdrawing) {  // a backer leaving: linear withdrawal, no reinforcement
      const double left = w.actor.withdraw_from[i] *
                          std::max(0.0, 1 - (w.month - w.actor.exit_month[i]) / w.params.withdrawal_months);
      const double now = total_forces(w, i);
      scale_forces(w, i, now > 0 ? std::min(1.0, left / now) : 0.0);
      continue;
    }
    const int camp = w.actor.camp[i];
    const bool disarming = implementing && camp == w.camp.disarming;
    const double keep = 1 - w.params.attrition_rate - (disarming ? w.params.ddr_rate : 0.0);
    double added = 0, funded = 1;
    if (!disarming) {
      const double recruits = w.actor.recruitment_rate[i] * camp_population(w, camp) / 1000;
      const Support support = support_for(w, i, recruits);
      added = recruits + support.sent;
      w.actor.inflow[i] = added;
      // Support withheld weighs by its part in the inflow of fighters: losing a small donor's
      // aid is a small loss of funding.
      if (support.promised > 0) funded = std::min(1.0, (recruits + support.sent) / (recruits + support.promised));
    }
    attrit_and_allocate(w, i, std::max(0.0, keep), added);
    const Schedule& ceiling = w.scenario->actors[idx(i)].funding_ceiling;
    if (!ceiling.empty()) {
      const double cap = ceiling.at(w.month), now = total_forces(w, i);
      if (now > cap) {
        scale_forces(w, i, now > 0 ? cap / now : 0.0);
        funded *= now > 0 ? cap / now : 0.0;
      }
    }
    w.actor.funding[i] = funded;
  }
  compute_strength(w);
}

void compute_strength(World& w) {
  w.actor.strength.fill(0);
  w.camp.strength.fill(0);
  for (int c = 0; c < w.camps; ++c) {
    for (int i : w.camp.members[idx(c)]) {  // only belligerents hold forces
      // Effective strength tau_i F_i h_i (MODEL.md 13); a withdrawing backer no longer fights.
      if (!w.actor.fighting[i]) continue;
      w.actor.strength[i] = w.actor.effectiveness[i] * total_forces(w, i) * w.actor.cohesion[i];
      w.camp.strength[c] += w.actor.strength[i];
    }
  }
}

}  // namespace parley::sim
