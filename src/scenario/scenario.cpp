// Scenario helpers: id look-ups, schedules, and names of enumerations.
#include "parley/scenario.hpp"

#include <algorithm>

namespace parley {

namespace {
template <class T>
int index_of(const std::vector<T>& items, const std::string& id) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].id == id) return static_cast<int>(i);
  return -1;
}
}  // namespace

double Schedule::at(int t) const {
  if (steps.empty()) return 0;
  double v = steps.front().value;
  for (const auto& s : steps) {
    if (s.month > t) break;
    v = s.value;
  }
  return v;
}

int Scenario::issue_index(const std::string& id) const { return index_of(issues, id); }
int Scenario::camp_index(const std::string& id) const { return index_of(camps, id); }
int Scenario::actor_index(const std::string& id) const { return index_of(actors, id); }
int Scenario::region_index(const std::string& id) const { return index_of(regions, id); }

const Scenario* ScenarioSet::find(const std::string& variant) const {
  if (variant.empty() || variant == "base") return &base;
  for (const auto& v : variants)
    if (v.variant == variant) return &v;
  return nullptr;
}

const char* to_string(Role r) {
  switch (r) {
    case Role::belligerent: return "belligerent";
    case Role::political: return "political";
    case Role::patron: return "patron";
    case Role::mediator: return "mediator";
    case Role::civil: return "civil";
  }
  return "?";
}

const char* to_string(TalksPolicy p) {
  switch (p) {
    case TalksPolicy::two_track: return "two_track";
    case TalksPolicy::ceasefire_in_talks: return "ceasefire_in_talks";
    case TalksPolicy::fight_first: return "fight_first";
  }
  return "?";
}

const char* to_string(TalksState s) {
  switch (s) {
    case TalksState::closed: return "closed";
    case TalksState::exploratory: return "exploratory";
    case TalksState::formal: return "formal";
    case TalksState::agreement: return "agreement";
    case TalksState::peace: return "peace";
    case TalksState::collapsed: return "collapsed";
  }
  return "?";
}

const char* to_string(BargainModelKind m) {
  switch (m) {
    case BargainModelKind::compromise: return "compromise";
    case BargainModelKind::median: return "median";
    case BargainModelKind::nash: return "nash";
    case BargainModelKind::eum: return "eum";
  }
  return "?";
}

const char* to_string(EventKind k) {
  switch (k) {
    case EventKind::set_parameter: return "set";
    case EventKind::scale_parameter: return "scale";
    case EventKind::talks_state: return "talks";
    case EventKind::pressure: return "pressure";
    case EventKind::forces: return "forces";
    case EventKind::shock: return "shock";
    case EventKind::cohesion: return "cohesion";
    case EventKind::position: return "position";
    case EventKind::deaths: return "deaths";
  }
  return "?";
}

}  // namespace parley
