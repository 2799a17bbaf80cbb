// Stage 1, scripted events (MODEL.md section 8): applied at the start of their month, in
// file order. Targets were resolved by the loader; nothing here looks a name up.
#include <algorithm>
#include <cmath>

#include "parley/parameters.hpp"
#include "sim/detail/stages.hpp"

namespace parley::sim {

namespace {

double& actor_field(World& w, int actor, ActorField field) {
  ActorState& a = w.actor;
  switch (field) {
    case ActorField::clout: return a.clout[actor];
    case ActorField::military_share: return a.military_share[actor];
    case ActorField::effectiveness: return a.effectiveness[actor];
    case ActorField::cost_of_war: return a.cost_of_war[actor];
    case ActorField::recruitment_rate: return a.recruitment_rate[actor];
    case ActorField::spoiler_capacity: break;
    case ActorField::none: break;
  }
  return a.spoiler_capacity[actor];
}

// Keeps a set or scaled value inside its documented range: a closed bound by clamping, an
// open lower bound just inside it, and whole-number parameters whole.
double within_range(double value, double lo, double hi, bool lo_open, bool integer) {
  if (integer) value = std::round(value);
  value = std::clamp(value, lo, hi);
  if (lo_open && value <= lo) value = integer ? lo + 1 : lo + 1e-6 * (std::fabs(lo) + 1);
  return std::min(value, hi);
}

void set_or_scale(World& w, const Event& e) {
  double* target = nullptr;
  double lo = 0, hi = 0;
  bool lo_open = false, integer = false;
  if (e.parameter) {
    const ParameterSpec& spec = *e.parameter;
    target = &(w.params.*spec.member);
    lo = spec.min;
    hi = spec.max;
    lo_open = spec.min_open;
    integer = spec.integer;
  } else if (const ActorFieldSpec* spec = actor_field_spec(e.target_field); spec && e.target_actor >= 0) {
    target = &actor_field(w, e.target_actor, e.target_field);
    lo = spec->min;
    hi = spec->max;
  } else {
    return;
  }
  const double value = e.kind == EventKind::set_parameter ? e.value : *target * e.value;
  *target = within_range(value, lo, hi, lo_open, integer);
}

void change_forces(World& w, const Event& e) {
  Grid<double>& forces = w.region.forces;
  const int i = e.actor;
  if (e.region >= 0) {
    double& f = forces(e.region, i);
    f = std::max(0.0, f + e.value);
    return;
  }
  double total = 0, pop = 0;
  for (int r = 0; r < w.regions; ++r) {
    total += forces(r, i);
    pop += w.scenario->regions[idx(r)].population;
  }
  for (int r = 0; r < w.regions; ++r) {
    double& f = forces(r, i);
    // In proportion to where the actor is; by population if it is nowhere yet.
    double share = total > 0 ? f / total : (pop > 0 ? w.scenario->regions[idx(r)].population / pop : 0.0);
    f = std::max(0.0, f + e.value * share);
  }
}

// A new salience, and the actor's issue weights s_ik / sum_k s_ik with it.
void set_salience(World& w, int i, int issue, double value) {
  w.actor.salience(i, issue) = value;
  double sum = 0;
  for (int k = 0; k < w.issues; ++k) sum += w.actor.salience(i, k);
  for (int k = 0; k < w.issues; ++k) w.actor.issue_weight(i, k) = sum > 0 ? w.actor.salience(i, k) / sum : 0.0;
}

}  // namespace

void apply_events(World& w) {
  for (Track& t : w.talks.tracks) t.shock = 0;
  // Schedules first: a pressure step dated this month takes over from any earlier event.
  for (int j = 0; j < w.relations; ++j) {
    const Schedule& sched = w.scenario->patrons[idx(j)].pressure;
    for (const auto& step : sched.steps)
      if (step.month == w.month) w.patron.pressure[j] = step.value;
  }
  const auto& events = w.scenario->events;
  for (std::size_t n = 0; n < events.size(); ++n) {
    const Event& e = events[n];
    if (e.month != w.month) continue;
    if (!e.note.empty()) log_event(w, {.kind = RunEventKind::scripted_note, .index = static_cast<int>(n)});
    apply_effect(w, e);
  }
}

void apply_effect(World& w, const Event& e) {
  switch (e.kind) {
    case EventKind::set_parameter:
    case EventKind::scale_parameter: set_or_scale(w, e); break;
    case EventKind::talks_state: force_talks_state(w, std::max(0, e.track), e.state, RunEventKind::talks_scripted); break;
    case EventKind::pressure: w.patron.pressure[e.relation] = e.value; break;
    case EventKind::forces: change_forces(w, e); break;
    case EventKind::shock:
      for (int t = 0; t < static_cast<int>(w.talks.tracks.size()); ++t)
        if (e.track < 0 || e.track == t) w.talks.tracks[idx(t)].shock += e.value;
      break;
    case EventKind::tempo:  // a posture for a period (MODEL.md 12): a truce, an offensive
      w.actor.posture_tempo[e.actor] = e.value;
      w.actor.posture_until[e.actor] = w.month + e.duration;
      log_event(w, {.kind = RunEventKind::posture_set, .actor = e.actor, .months = e.duration, .value = e.value});
      break;
    case EventKind::position:  // a new line, a successor's (MODEL.md 12, 16)
      for (int k = 0; k < w.issues; ++k)
        if (!std::isnan(e.positions[idx(k)])) w.actor.own_position(e.actor, k) = e.positions[idx(k)];
      break;
    case EventKind::salience: set_salience(w, e.actor, e.issue, e.value); break;
    case EventKind::cohesion: {  // a leader killed, a purge, a new commander (MODEL.md 16)
      double& h = w.actor.cohesion[e.actor];
      h = std::clamp(h + e.value, 0.0, 1.0);
      compute_strength(w);
      break;
    }
    case EventKind::deaths: w.war.pending_deaths += e.value; break;  // counted in this month's fight
  }
}

}  // namespace parley::sim
