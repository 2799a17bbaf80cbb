// Building the start-of-run world from a scenario, and the utility function of MODEL.md section 1.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "sim/world.hpp"

namespace parley::sim {

namespace {

int pick_disarming_camp(const Scenario& s, const World& w) {
  for (std::size_t c = 0; c < s.camps.size(); ++c)
    if (s.camps[c].disarms) return static_cast<int>(c);
  int smallest = 0;
  for (int c = 1; c < w.camps; ++c)
    if (population_share(w, c) < population_share(w, smallest)) smallest = c;
  return smallest;
}

void init_actors(const Scenario& s, World& w) {
  const auto n = static_cast<std::size_t>(w.actors);
  w.camp_of.resize(n);
  w.armed.resize(n);
  w.participant.assign(n, 0);
  w.veto_participant.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const Actor& a = s.actors[i];
    w.camp_of[i] = a.camp;
    w.armed[i] = a.role == Role::belligerent;
    w.clout.push_back(a.clout);
    w.military_share.push_back(a.military_share);
    w.effectiveness.push_back(a.effectiveness);
    w.cost_of_war.push_back(a.cost_of_war);
    w.recruitment_rate.push_back(a.recruitment_rate);
    w.spoiler_capacity.push_back(a.spoiler_capacity);
    double sum = 0;
    for (double x : a.salience) sum += x;
    for (int k = 0; k < w.issues; ++k) {
      w.position.push_back(a.positions[static_cast<std::size_t>(k)]);
      w.issue_weight.push_back(sum > 0 ? a.salience[static_cast<std::size_t>(k)] / sum : 0.0);
    }
    const double mean = a.belief ? a.belief->mean : 0.5;
    const double strength = a.belief ? a.belief->strength : 2.0;
    w.alpha.push_back(mean * strength);
    w.beta.push_back((1 - mean) * strength);
  }
  for (int p : s.talks.participants) {
    w.participant[static_cast<std::size_t>(p)] = 1;
    w.veto_participant[static_cast<std::size_t>(p)] = s.actors[static_cast<std::size_t>(p)].veto;
  }
}

}  // namespace

std::string date_of(const World& w) {
  YearMonth ym = YearMonth::from_index(w.scenario->start.index() + w.month);
  return fmt::format("{:04}-{:02}", ym.year, ym.month);
}

double population_share(const World& w, int camp) { return w.camp_share[static_cast<std::size_t>(camp)]; }

void update_shares(World& w) {
  std::fill(w.camp_share.begin(), w.camp_share.end(), 0.0);
  const auto& regions = w.scenario->regions;
  const auto C = static_cast<std::size_t>(w.camps);
  for (std::size_t r = 0; r < static_cast<std::size_t>(w.regions); ++r) {
    const double pop = regions[r].population;
    for (std::size_t c = 0; c < C; ++c) w.camp_share[c] += pop * w.control[r * C + c];
  }
  for (double& s : w.camp_share) s = w.total_population > 0 ? s / w.total_population : 0.0;
}

double utility(const World& w, int actor, const double* y) {
  const std::size_t base = static_cast<std::size_t>(actor) * static_cast<std::size_t>(w.issues);
  double loss = 0;
  for (int k = 0; k < w.issues; ++k) {
    double d = std::fabs(y[k] - w.position[base + static_cast<std::size_t>(k)]) / 100.0;
    loss += w.issue_weight[base + static_cast<std::size_t>(k)] * (w.params.loss == UtilityLoss::quadratic ? d * d : d);
  }
  return 1.0 - loss;
}

World make_world(const Scenario& s, std::uint64_t seed, std::uint64_t run) {
  World w;
  w.scenario = &s;
  w.seed = seed;
  w.run = run;
  w.actors = static_cast<int>(s.actors.size());
  w.camps = static_cast<int>(s.camps.size());
  w.regions = static_cast<int>(s.regions.size());
  w.issues = static_cast<int>(s.issues.size());
  w.relations = static_cast<int>(s.patrons.size());
  w.params = s.parameters;
  w.calendar = s.start.month - 1;
  init_actors(s, w);
  const auto A = static_cast<std::size_t>(w.actors), C = static_cast<std::size_t>(w.camps);
  w.camp_members.assign(C, {});
  for (std::size_t i = 0; i < A; ++i)
    if (w.armed[i] && w.camp_of[i] >= 0) w.camp_members[static_cast<std::size_t>(w.camp_of[i])].push_back(static_cast<int>(i));
  for (const auto& g : s.regions) {
    w.forces.insert(w.forces.end(), g.forces.begin(), g.forces.end());
    w.control.insert(w.control.end(), g.control.begin(), g.control.end());
  }
  w.strength.assign(A, 0);
  w.camp_tempo.assign(C, 1);
  w.camp_strength.assign(C, 0);
  w.camp_fighters.assign(C, 0);
  compute_strength(w);
  w.strength0 = w.strength;
  w.actor_tempo.assign(A, 1);
  w.wins.assign(C, 0);
  w.losses.assign(C, 0);
  w.losses_of.assign(A, 0);
  w.ratio_ref.assign(C, 0);  // set by the first value_war
  w.camp_ratio.assign(C, 0);
  w.camp_belief_sum.assign(C, 0);
  w.camp_belief_n.assign(C, 0);
  w.camp_ruin.assign(C, {});
  w.camp_ruin_done.assign(C, 0);
  w.pressure.resize(static_cast<std::size_t>(w.relations));
  for (int j = 0; j < w.relations; ++j) w.pressure[static_cast<std::size_t>(j)] = s.patrons[static_cast<std::size_t>(j)].pressure.at(0);
  w.pressure_eff = w.pressure;  // pressure already in force at the start is already felt
  w.support_boost.assign(A, 1);
  w.cost = w.cost_of_war;
  w.tempo_factor.assign(A, 1);
  w.weight.assign(A, 0);
  w.value_of_war.assign(A, 0);
  w.war_months.assign(A, 0);
  w.win_probability.assign(A, 0);
  w.deal.assign(static_cast<std::size_t>(w.issues), 50);
  for (const auto& issue : s.issues) w.status_quo.push_back(issue.status_quo);
  w.surplus.assign(A, 0);
  w.talks = s.talks.initial_state;
  for (const auto& g : s.regions) w.total_population += g.population;
  w.camp_share.assign(C, 0);
  update_shares(w);
  w.disarming_camp = pick_disarming_camp(s, w);
  w.signatory_camp.assign(C, 0);
  for (std::size_t i = 0; i < A; ++i)
    if (w.participant[i] && w.armed[i] && w.camp_of[i] >= 0) w.signatory_camp[static_cast<std::size_t>(w.camp_of[i])] = 1;
  const std::size_t n = A;
  w.scratch_w.resize(n);
  w.scratch_u.resize(n);
  w.region_scratch.resize(static_cast<std::size_t>(w.regions));
  w.scratch_x.resize(n * static_cast<std::size_t>(std::max(1, w.issues)));
  w.scratch_s.resize(n * static_cast<std::size_t>(std::max(1, w.issues)));
  w.scratch_d.resize(n);
  w.scratch_y.resize(static_cast<std::size_t>(std::max(1, w.issues)));
  w.scratch_big.resize(4 * n + static_cast<std::size_t>(w.issues) + 16);
  w.scratch_spans.assign(static_cast<std::size_t>(std::max(1, w.issues)), 100.0);
  w.result.deaths_by_year.assign(static_cast<std::size_t>((s.months + 11) / 12), 0);
  return w;
}

}  // namespace parley::sim
