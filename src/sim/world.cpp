// Building the start-of-run world from a scenario, the utility function of MODEL.md
// section 1, population shares, and the run log.
#include <algorithm>
#include <cmath>

#include "parley/parameters.hpp"
#include "sim/detail/world.hpp"
#include "sim/detail/stages.hpp"

namespace parley::sim {

namespace {

int pick_disarming_camp(const Scenario& s, const World& w) {
  for (int c = 0; c < w.camps; ++c)
    if (s.camps[idx(c)].disarms) return c;
  int smallest = -1;  // latent splinter slots hold nothing and are not candidates
  for (int c = 0; c < w.camps; ++c)
    if (!s.camps[idx(c)].latent && (smallest < 0 || population_share(w, c) < population_share(w, smallest))) smallest = c;
  return std::max(0, smallest);
}

bool parameter_changes(const Scenario& s, const std::string& name);

// Version 2 state (MODEL.md 13-16): cohesion, backers, capitals, splinter slots.
void init_v2(const Scenario& s, World& w) {
  ActorState& a = w.actor;
  a.fighting.assign(w.actors, 0);
  a.cohesion.assign(w.actors, 1);
  a.backs.assign(w.actors, -1);
  for (int i = 0; i < w.actors; ++i) {
    const Actor& spec = s.actors[idx(i)];
    a.fighting[i] = a.armed[i] && (spec.splinter_of < 0);
    a.cohesion[i] = spec.cohesion;
    if (spec.outside && a.armed[i]) a.backs[i] = a.camp[i];
  }
  // A patron backs a war when it sends fighters (a relation with support > 0); one that only
  // presses (support 0) has no involvement to leave.
  for (const auto& rel : s.patrons)
    if (a.backs[rel.patron] < 0 && rel.support > 0 && s.actors[idx(rel.patron)].role == Role::patron)
      a.backs[rel.patron] = s.actors[idx(rel.client)].camp;
  a.cohesion_target = a.cohesion;
  a.results.assign(w.actors, 0);
  a.funding.assign(w.actors, 1);
  a.inflow.assign(w.actors, 0);
  w.patron.sent.assign(w.relations, 0);
  a.start_forces.assign(w.actors, 0);
  for (int i = 0; i < w.actors; ++i) a.start_forces[i] = total_forces(w, i);
  a.casualties.assign(w.actors, 0);
  a.leave_value.assign(w.actors, 0);
  a.leave_win.assign(w.actors, 0);
  a.exit_track.assign(w.actors, -1);
  for (int t = 0; t < static_cast<int>(w.talks.tracks.size()); ++t) {
    const Track& tr = w.talks.tracks[idx(t)];
    if (tr.kind == TrackKind::exit && tr.backer >= 0) a.exit_track[tr.backer] = t;
  }
  a.exit_streak.assign(w.actors, 0);
  a.exit_state.assign(w.actors, exit_none);
  a.exit_month.assign(w.actors, -1);
  a.withdraw_from.assign(w.actors, 0);
  a.split.assign(w.actors, 0);
  CampState& c = w.camp;
  c.active.assign(w.camps, 1);
  for (int k = 0; k < w.camps; ++k) c.active[k] = !s.camps[idx(k)].latent;
  c.contagion.assign(w.camps, 0);
  c.capital_held.assign(w.camps, 0);
  for (int k = 0; k < w.camps; ++k) {
    const int cap = s.camps[idx(k)].capital;
    c.capital_held[k] = cap >= 0 && w.region.control(cap, k) >= 0.5;
  }
  c.cascade_start.assign(w.camps, -1);
  c.cascade_last.assign(w.camps, -1);
  c.cascade_regions.assign(w.camps, 0);
  c.last_holder.assign(w.regions, 0);
  for (int r = 0; r < w.regions; ++r) c.last_holder[r] = holder(w, r);
  w.shock_struck.assign(static_cast<int>(s.shocks.size()), 0);
  w.cohesion_still = w.params.cohesion_rate == 0 && w.params.collapse_threshold == 0 &&
                     !parameter_changes(s, "cohesion_rate") && !parameter_changes(s, "collapse_threshold");
}

void init_actors(const Scenario& s, World& w) {
  ActorState& a = w.actor;
  a.camp.assign(w.actors, -1);
  a.armed.assign(w.actors, 0);
  a.participant.assign(w.actors, 0);
  a.veto.assign(w.actors, 0);
  a.own_position.assign(w.actors, w.issues, 0.0);
  a.position.assign(w.actors, w.issues, 0.0);
  a.salience.assign(w.actors, w.issues, 0.0);
  a.issue_weight.assign(w.actors, w.issues, 0.0);
  for (int i = 0; i < w.actors; ++i) {
    const Actor& spec = s.actors[idx(i)];
    a.camp[i] = spec.camp;
    a.armed[i] = spec.role == Role::belligerent;
    a.clout.push_back(spec.clout);
    a.military_share.push_back(spec.military_share);
    a.effectiveness.push_back(spec.effectiveness);
    a.cost_of_war.push_back(spec.cost_of_war);
    a.recruitment_rate.push_back(spec.recruitment_rate);
    a.spoiler_capacity.push_back(spec.spoiler_capacity);
    double sum = 0;
    for (double x : spec.salience) sum += x;
    for (int k = 0; k < w.issues; ++k) {
      a.own_position(i, k) = a.position(i, k) = spec.positions[idx(k)];
      a.salience(i, k) = spec.salience[idx(k)];
      a.issue_weight(i, k) = sum > 0 ? spec.salience[idx(k)] / sum : 0.0;
    }
    const double mean = spec.belief ? spec.belief->mean : 0.5;
    const double strength = spec.belief ? spec.belief->strength : 2.0;
    a.alpha.push_back(mean * strength);
    a.beta.push_back((1 - mean) * strength);
  }
  a.posture_tempo.assign(w.actors, 1.0);
  a.posture_until.assign(w.actors, 0);
}

// Each track's table, agenda and state (MODEL.md 11-12).
void init_tracks(const Scenario& s, World& w) {
  static const TalksSetup none;
  const std::size_t n = std::max<std::size_t>(1, s.tracks.size());
  w.talks.tracks.assign(n, Track{});
  for (const auto& issue : s.issues) w.talks.status_quo.push_back(issue.status_quo);
  for (std::size_t t = 0; t < n; ++t) {
    Track& tr = w.talks.tracks[t];
    tr.setup = t < s.tracks.size() ? &s.tracks[t] : &none;
    const TalksSetup& setup = *tr.setup;
    tr.participant.assign(w.actors, 0);
    tr.veto.assign(w.actors, 0);
    tr.signatory.assign(w.camps, 0);
    for (int p : setup.participants) {
      tr.participant[p] = 1;
      tr.veto[p] = s.actors[idx(p)].veto;
      w.actor.participant[p] = 1;
      w.actor.veto[p] = w.actor.veto[p] || tr.veto[p];
      if (s.actors[idx(p)].role == Role::belligerent && s.actors[idx(p)].camp >= 0) tr.signatory[s.actors[idx(p)].camp] = 1;
    }
    tr.kind = setup.kind;
    tr.backer = setup.backer;
    if (tr.kind == TrackKind::exit && tr.backer >= 0) tr.veto[tr.backer] = 1;  // its own deal: it must agree
    tr.deal.assign(w.issues, 50);
    tr.surplus.assign(w.actors, 0);
    tr.state = setup.initial_state;
    tr.items = setup.agenda;
    if (tr.items.empty()) {
      tr.items.emplace_back();
      for (int k = 0; k < w.issues; ++k) tr.items.back().push_back(k);
    }
    tr.item_closed.assign(static_cast<int>(tr.items.size()), 0);
    tr.demand.assign(w.actors, w.issues, 0.0);
    tr.proposal.assign(w.issues, 50);
    tr.package.assign(w.issues, 50);
  }
  w.result.tracks.assign(n, TrackResult{});
}

void init_scratch(World& w) {
  Scratch& x = w.scratch;
  const std::size_t n = idx(w.actors), issues = idx(std::max(1, w.issues));
  x.camp_weight.assign(w.camps, 0);
  x.camp_fighters.assign(w.camps, 0);
  x.camp_belief_sum.assign(w.camps, 0);
  x.camp_belief_n.assign(w.camps, 0);
  x.camp_ruin.assign(w.camps, {});
  x.camp_ruin_done.assign(w.camps, 0);
  x.defect_draws.assign(w.actors, 0);
  x.region_weight.assign(w.regions, 0);
  x.weights.resize(n + 1);
  x.seat_actor.resize(n + 1);
  x.positions.resize((n + 1) * issues);
  x.saliences.resize((n + 1) * issues);
  x.disagreements.resize(n + 1);
  x.outcome.resize(issues);
  x.kernel.resize(4 * (n + 1) + idx(w.issues) + 16);
  x.spans.assign(issues, 100.0);
  x.belief_next.assign(w.actors, 0);
  x.war_pairs.reserve(static_cast<std::size_t>(w.camps) * static_cast<std::size_t>(std::max(0, w.camps - 1)));
  x.fighters.reserve(idx(w.actors));
  x.fighter_begin.reserve(idx(w.camps) + 1);
}

// Some event or shock of the scenario sets or scales parameter `name`.
bool parameter_changes(const Scenario& s, const std::string& name) {
  auto targets = [&](const Event& e) {
    return (e.kind == EventKind::set_parameter || e.kind == EventKind::scale_parameter) && e.parameter &&
           e.parameter->name == name;
  };
  for (const Event& e : s.events)
    if (targets(e)) return true;
  for (const Shock& sh : s.shocks)
    for (const Event& e : sh.effects)
      if (targets(e)) return true;
  return false;
}

}  // namespace

void update_shares(World& w) {
  Vec<double>& share = w.camp.share;
  share.fill(0.0);
  for (int r = 0; r < w.regions; ++r) {
    const double pop = w.scenario->regions[idx(r)].population;
    for (int c = 0; c < w.camps; ++c) share[c] += pop * w.region.control(r, c);
  }
  const double total = w.camp.total_population;
  for (double& s : share) s = total > 0 ? s / total : 0.0;
}

int holder(const World& w, int r) {
  int best = 0;
  for (int c = 1; c < w.camps; ++c)
    if (w.region.control(r, c) > w.region.control(r, best)) best = c;
  return best;
}

void log_event(World& w, const RunEvent& e) {
  if (!w.log) return;
  w.log->events.push_back(e);
  w.log->events.back().month = w.month;
}

double utility(const World& w, int actor, const double* y) {
  const auto position = w.actor.position.row(actor), weight = w.actor.issue_weight.row(actor);
  double loss = 0;
  for (int k = 0; k < w.issues; ++k) {
    double d = std::fabs(y[k] - position[idx(k)]) / 100.0;
    loss += weight[idx(k)] * (w.params.loss == UtilityLoss::quadratic ? d * d : d);
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
  init_tracks(s, w);
  ActorState& a = w.actor;
  CampState& camp = w.camp;
  camp.members.assign(idx(w.camps), {});
  for (int i = 0; i < w.actors; ++i)
    if (a.armed[i] && a.camp[i] >= 0) camp.members[idx(a.camp[i])].push_back(i);
  for (const auto& g : s.regions) {
    w.region.forces.push_row(g.forces);
    w.region.control.push_row(g.control);
  }
  if (w.regions == 0) {
    w.region.forces.assign(0, w.actors, 0.0);
    w.region.control.assign(0, w.camps, 0.0);
  }
  a.strength.assign(w.actors, 0);
  camp.tempo.assign(w.camps, 1);
  camp.strength.assign(w.camps, 0);
  init_scratch(w);
  init_v2(s, w);
  compute_strength(w);
  a.strength0 = a.strength;
  a.tempo.assign(w.actors, 1);
  camp.wins.assign(w.camps, 0);
  camp.losses.assign(w.camps, 0);
  a.losses.assign(w.actors, 0);
  camp.ratio_ref.assign(w.camps, 0);  // set by the first value_war
  camp.ratio.assign(w.camps, 0);
  for (int j = 0; j < w.relations; ++j) w.patron.pressure.push_back(s.patrons[idx(j)].pressure.at(0));
  w.patron.pressure_eff = w.patron.pressure;  // pressure already in force at the start is already felt
  a.support_boost.assign(w.actors, 1);
  a.cost = a.cost_of_war;
  a.tempo_factor.assign(w.actors, 1);
  a.weight.assign(w.actors, 0);
  a.value_of_war.assign(w.actors, 0);
  a.war_months.assign(w.actors, 0);
  a.win_probability.assign(w.actors, 0);
  a.surplus.assign(w.actors, 0);
  for (const auto& g : s.regions) camp.total_population += g.population;
  camp.share.assign(w.camps, 0);
  update_shares(w);
  camp.disarming = pick_disarming_camp(s, w);
  camp.signatory.assign(w.camps, 0);
  for (int i = 0; i < w.actors; ++i)
    if (a.participant[i] && a.armed[i] && a.camp[i] >= 0) camp.signatory[a.camp[i]] = 1;
  camp.hostile.assign(w.camps, w.camps, 0);
  for (int c = 0; c < w.camps; ++c)
    for (int e : s.camps[idx(c)].hostile_to) {
      camp.hostile(c, e) = 1;
      camp.hostile(e, c) = 1;  // hostility takes one side to start
    }
  w.war.pair_deaths.assign(w.camps, w.camps, 0.0);
  w.result.deaths_by_year.assign(idx((s.months + 11) / 12), 0);
  w.result.calendar_deaths.assign(idx((s.start.month - 1 + s.months + 11) / 12), 0);
  w.result.camp_deaths.assign(idx(w.camps), 0);
  return w;
}

}  // namespace parley::sim
