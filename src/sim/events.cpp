// Scripted events (MODEL.md section 8): applied at the start of their month, in file order.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "parley/parameters.hpp"
#include "sim/world.hpp"

namespace parley::sim {

namespace {

double* actor_field(World& w, int actor, const std::string& field) {
  const auto a = static_cast<std::size_t>(actor);
  if (field == "clout") return &w.clout[a];
  if (field == "military_share") return &w.military_share[a];
  if (field == "effectiveness") return &w.effectiveness[a];
  if (field == "cost_of_war") return &w.cost_of_war[a];
  if (field == "recruitment_rate") return &w.recruitment_rate[a];
  if (field == "spoiler_capacity") return &w.spoiler_capacity[a];
  return nullptr;
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
  if (e.target_actor < 0) {
    const ParameterSpec* spec = find_parameter(e.target);
    if (!spec) return;
    target = &(w.params.*spec->member);
    lo = spec->min;
    hi = spec->max;
    lo_open = spec->min_open;
    integer = spec->integer;
  } else {
    const std::string field = e.target.substr(e.target.find('.') + 1);
    const ActorFieldSpec* spec = find_actor_field(field);
    target = actor_field(w, e.target_actor, field);
    if (!spec || !target) return;
    lo = spec->min;
    hi = spec->max;
  }
  const double value = e.kind == EventKind::set_parameter ? e.value : *target * e.value;
  *target = within_range(value, lo, hi, lo_open, integer);
}

void change_forces(World& w, const Event& e) {
  const auto A = static_cast<std::size_t>(w.actors), i = static_cast<std::size_t>(e.actor);
  if (e.region >= 0) {
    double& f = w.forces[static_cast<std::size_t>(e.region) * A + i];
    f = std::max(0.0, f + e.value);
    return;
  }
  double total = 0, pop = 0;
  for (int r = 0; r < w.regions; ++r) {
    total += w.forces[static_cast<std::size_t>(r) * A + i];
    pop += w.scenario->regions[static_cast<std::size_t>(r)].population;
  }
  for (int r = 0; r < w.regions; ++r) {
    double& f = w.forces[static_cast<std::size_t>(r) * A + i];
    // In proportion to where the actor is; by population if it is nowhere yet.
    double share = total > 0 ? f / total : (pop > 0 ? w.scenario->regions[static_cast<std::size_t>(r)].population / pop : 0.0);
    f = std::max(0.0, f + e.value * share);
  }
}

}  // namespace

void force_talks_state(World& w, TalksState state, Trace* trace, const std::string& why);

void apply_events(World& w, Trace* trace) {
  w.shock = 0;
  // Schedules first: a pressure step dated this month takes over from any earlier event.
  for (int j = 0; j < w.relations; ++j) {
    const Schedule& sched = w.scenario->patrons[static_cast<std::size_t>(j)].pressure;
    for (const auto& step : sched.steps)
      if (step.month == w.month) w.pressure[static_cast<std::size_t>(j)] = step.value;
  }
  for (const Event& e : w.scenario->events) {
    if (e.month != w.month) continue;
    if (trace && !e.note.empty()) trace->narrative.push_back(date_of(w) + "  " + e.note);
    switch (e.kind) {
      case EventKind::set_parameter:
      case EventKind::scale_parameter: set_or_scale(w, e); break;
      case EventKind::talks_state:
        force_talks_state(w, e.state, trace, fmt::format("Talks set to {} by a scripted event.", to_string(e.state)));
        break;
      case EventKind::pressure: w.pressure[static_cast<std::size_t>(e.relation)] = e.value; break;
      case EventKind::forces: change_forces(w, e); break;
      case EventKind::shock: w.shock += e.value; break;
    }
  }
}

}  // namespace parley::sim
