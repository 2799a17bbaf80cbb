// Monthly force dynamics (recruitment, patron support, attrition, ceilings, demobilisation,
// allocation to regions) and the military-victory check of MODEL.md section 3.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "sim/world.hpp"

namespace parley::sim {

namespace {

double camp_population(const World& w, int camp) { return population_share(w, camp) * w.total_population; }

// Fighters a patron sends its client this month (after pressure and any spoiler boost).
double support_for(const World& w, int client, double recruits) {
  double total = 0;
  for (int j = 0; j < w.relations; ++j) {
    const PatronRelation& rel = w.scenario->patrons[static_cast<std::size_t>(j)];
    if (rel.client != client) continue;
    double sent = rel.support * (1 - std::min(1.0, w.pressure_eff[static_cast<std::size_t>(j)]));
    if (rel.support_unit == SupportUnit::recruitment_share) sent *= recruits;
    total += sent * w.support_boost[static_cast<std::size_t>(rel.patron)];
  }
  return total;
}

// Keeps `factor` of actor i's fighters in every region and spreads `added` new ones by the
// actor's allocation rule: own-controlled population (defend) or contested population
// P theta (1 - theta) (contest); by population when the rule gives every region zero.
void attrit_and_allocate(World& w, int i, double factor, double added) {
  const auto A = static_cast<std::size_t>(w.actors), R = static_cast<std::size_t>(w.regions);
  const auto C = static_cast<std::size_t>(w.camps), ui = static_cast<std::size_t>(i);
  const auto camp = static_cast<std::size_t>(w.camp_of[ui]);
  const bool contest = w.scenario->actors[ui].allocation == Allocation::contest;
  std::vector<double>& weight = w.region_scratch;
  double total = 0;
  for (std::size_t r = 0; r < R; ++r) {
    const double pop = w.scenario->regions[r].population, theta = w.control[r * C + camp];
    weight[r] = contest ? pop * theta * (1 - theta) : pop * theta;
    total += weight[r];
  }
  const bool by_population = !(total > 0);
  if (by_population) total = w.total_population;
  const double per_weight = added > 0 && total > 0 ? added / total : 0.0;
  for (std::size_t r = 0; r < R; ++r) {
    double& f = w.forces[r * A + ui];
    const double share = by_population ? w.scenario->regions[r].population : weight[r];
    f = f * factor + share * per_weight;
  }
  if (added > 0 && !(total > 0))  // no population anywhere: spread evenly
    for (std::size_t r = 0; r < R; ++r) w.forces[r * A + ui] += added / static_cast<double>(R);
}

void scale_forces(World& w, int i, double factor) {
  const auto A = static_cast<std::size_t>(w.actors);
  for (int r = 0; r < w.regions; ++r) w.forces[static_cast<std::size_t>(r) * A + static_cast<std::size_t>(i)] *= factor;
}

double total_forces(const World& w, int i) {
  const auto A = static_cast<std::size_t>(w.actors);
  double t = 0;
  for (int r = 0; r < w.regions; ++r) t += w.forces[static_cast<std::size_t>(r) * A + static_cast<std::size_t>(i)];
  return t;
}

}  // namespace

void update_forces(World& w) {
  const bool implementing = w.talks == TalksState::agreement;
  for (int i = 0; i < w.actors; ++i) {
    if (!w.armed[static_cast<std::size_t>(i)]) continue;
    const int camp = w.camp_of[static_cast<std::size_t>(i)];
    const bool disarming = implementing && camp == w.disarming_camp;
    const double keep = 1 - w.params.attrition_rate - (disarming ? w.params.ddr_rate : 0.0);
    double added = 0;
    if (!disarming) {
      const double recruits = w.recruitment_rate[static_cast<std::size_t>(i)] * camp_population(w, camp) / 1000;
      added = recruits + support_for(w, i, recruits);
    }
    attrit_and_allocate(w, i, std::max(0.0, keep), added);
    const Schedule& ceiling = w.scenario->actors[static_cast<std::size_t>(i)].funding_ceiling;
    if (!ceiling.empty()) {
      double cap = ceiling.at(w.month), now = total_forces(w, i);
      if (now > cap) scale_forces(w, i, now > 0 ? cap / now : 0.0);
    }
  }
  compute_strength(w);
}

void compute_strength(World& w) {
  std::fill(w.strength.begin(), w.strength.end(), 0);
  std::fill(w.camp_strength.begin(), w.camp_strength.end(), 0);
  const auto A = static_cast<std::size_t>(w.actors), R = static_cast<std::size_t>(w.regions);
  for (std::size_t c = 0; c < w.camp_members.size(); ++c) {
    for (int member : w.camp_members[c]) {  // only belligerents hold forces
      const auto i = static_cast<std::size_t>(member);
      double total = 0;
      for (std::size_t r = 0; r < R; ++r) total += w.forces[r * A + i];
      w.strength[i] = w.effectiveness[i] * total;
      w.camp_strength[c] += w.strength[i];
    }
  }
}

bool check_victory(World& w, Trace* trace) {
  // During implementation one side disarms by design; that is not a defeat.
  if (w.talks == TalksState::agreement || w.talks == TalksState::peace) return false;
  std::vector<double>& camp_forces = w.camp_fighters;
  std::fill(camp_forces.begin(), camp_forces.end(), 0.0);
  for (int i = 0; i < w.actors; ++i)
    if (w.armed[static_cast<std::size_t>(i)] && w.camp_of[static_cast<std::size_t>(i)] >= 0)
      camp_forces[static_cast<std::size_t>(w.camp_of[static_cast<std::size_t>(i)])] += total_forces(w, i);
  int victor = -1;
  for (int c = 0; c < w.camps && victor < 0; ++c) {
    if (population_share(w, c) >= w.params.victory_control) victor = c;
    bool others_broken = camp_forces[static_cast<std::size_t>(c)] >= w.params.victory_min_forces;
    for (int e = 0; e < w.camps; ++e)
      if (e != c && camp_forces[static_cast<std::size_t>(e)] >= w.params.victory_min_forces) others_broken = false;
    if (others_broken) victor = c;
  }
  if (victor < 0) return false;
  w.result.outcome = RunOutcome::victory;
  w.result.victor = victor;
  if (trace) {
    YearMonth ym = YearMonth::from_index(w.scenario->start.index() + w.month);
    trace->narrative.push_back(fmt::format("{:04}-{:02}  Military victory: {} holds {:.0f}% of the population.", ym.year,
                                           ym.month, w.scenario->camps[static_cast<std::size_t>(victor)].name,
                                           100 * population_share(w, victor)));
  }
  return true;
}

}  // namespace parley::sim
