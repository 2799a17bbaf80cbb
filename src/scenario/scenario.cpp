// Scenario helpers: id look-ups, schedules, and names of enumerations.
#include "parley/scenario.hpp"

#include <fmt/format.h>

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

const TalksSetup& Scenario::talks() const {
  static const TalksSetup none;
  return tracks.empty() ? none : tracks.front();
}

const Scenario* ScenarioSet::find(const std::string& variant) const {
  if (variant.empty() || variant == "base") return &base;
  for (const auto& v : variants)
    if (v.variant == variant) return &v;
  return nullptr;
}

// The tables' names are string literals, so their data() ends with a NUL.
const char* to_string(Role r) { return enum_name(r).data(); }
const char* to_string(TalksPolicy p) { return enum_name(p).data(); }
const char* to_string(TalksState s) { return enum_name(s).data(); }
const char* to_string(EventKind k) { return enum_name(k).data(); }

std::string YearMonth::to_string() const { return fmt::format("{:04}-{:02}", year, month); }

std::vector<CalendarYear> calendar_years(YearMonth start, int months) {
  std::vector<CalendarYear> out;
  for (int m = 0; m < months;) {
    const int left_in_year = 12 - (start.plus(m).month - 1);
    const int last = std::min(months - 1, m + left_in_year - 1);
    out.push_back({start.plus(m).year, m, last});
    m = last + 1;
  }
  return out;
}

const char* to_string(ObservedQuantity q) {
  switch (q) {
    case ObservedQuantity::battle_deaths: return "battle_deaths";
    case ObservedQuantity::population_share: return "population_share";
    case ObservedQuantity::control: return "control";
    case ObservedQuantity::forces: return "forces";
    case ObservedQuantity::milestone: return "milestone";
  }
  return "?";
}

const char* to_string(Milestone m) {
  switch (m) {
    case Milestone::exploratory_talks: return "exploratory_talks";
    case Milestone::formal_talks: return "formal_talks";
    case Milestone::agreement: return "agreement";
    case Milestone::collapse: return "collapse";
    case Milestone::victory: return "victory";
    case Milestone::peace: return "peace";
    case Milestone::exit_deal: return "exit_deal";
  }
  return "?";
}

}  // namespace parley
