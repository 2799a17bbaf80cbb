// Monthly force dynamics (recruitment, patron support, attrition, ceilings, demobilisation,
// allocation to regions) and the military-victory check of MODEL.md section 3.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "sim/world.hpp"

namespace parley::sim {

namespace {

double camp_population(const World& w, int camp) {
  double held = 0;
  for (int r = 0; r < w.regions; ++r)
    held += w.scenario->regions[static_cast<std::size_t>(r)].population * w.control[static_cast<std::size_t>(r * w.camps + camp)];
  return held;
}

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

// Spreads `added` fighters of actor i over regions by the actor's allocation rule.
void allocate(World& w, int i, double added) {
  if (added <= 0) return;
  const auto A = static_cast<std::size_t>(w.actors);
  const int camp = w.camp_of[static_cast<std::size_t>(i)];
  const bool contest = w.scenario->actors[static_cast<std::size_t>(i)].allocation == Allocation::contest;
  double total = 0;
  auto share = [&](int r) {
    double pop = w.scenario->regions[static_cast<std::size_t>(r)].population;
    double theta = camp >= 0 ? w.control[static_cast<std::size_t>(r * w.camps + camp)] : 0.0;
    return contest ? pop * theta * (1 - theta) : pop * theta;
  };
  for (int r = 0; r < w.regions; ++r) total += share(r);
  for (int r = 0; r < w.regions; ++r) {
    double pop = w.scenario->regions[static_cast<std::size_t>(r)].population;
    double frac = total > 0 ? share(r) / total : 1.0 / w.regions;
    if (total <= 0) {
      double all = 0;
      for (const auto& g : w.scenario->regions) all += g.population;
      frac = all > 0 ? pop / all : 1.0 / w.regions;
    }
    w.forces[static_cast<std::size_t>(r) * A + static_cast<std::size_t>(i)] += added * frac;
  }
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
    scale_forces(w, i, 1 - w.params.attrition_rate - (disarming ? w.params.ddr_rate : 0.0));
    if (!disarming) {
      double recruits = w.recruitment_rate[static_cast<std::size_t>(i)] * camp_population(w, camp) / 1000;
      allocate(w, i, recruits + support_for(w, i, recruits));
    }
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
  const auto A = static_cast<std::size_t>(w.actors);
  for (int r = 0; r < w.regions; ++r)
    for (std::size_t i = 0; i < A; ++i) w.strength[i] += w.effectiveness[i] * w.forces[static_cast<std::size_t>(r) * A + i];
  for (std::size_t i = 0; i < A; ++i)
    if (w.armed[i] && w.camp_of[i] >= 0) w.camp_strength[static_cast<std::size_t>(w.camp_of[i])] += w.strength[i];
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
