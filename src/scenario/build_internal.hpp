// The scenario builder's shared state: id tables and typed readers over located values.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "parley/scenario.hpp"
#include "scenario/reader.hpp"
#include "scenario/value.hpp"

namespace parley::scenario {

// The ids of one kind of thing, in definition order; the index is the dense id.
struct IdTable {
  std::string kind;  // "issue", "camp", ...
  std::vector<std::string> ids;
  std::vector<const Value*> first_seen;
  std::string list() const;
};

struct Builder {
  std::string path;
  Diagnostics& diags;
  IdTable issues{"issue", {}, {}};
  IdTable camps{"camp", {}, {}};
  IdTable actors{"actor", {}, {}};
  IdTable regions{"region", {}, {}};
  IdTable relations{"patron relation", {}, {}};
  IdTable questions{"question", {}, {}};
  IdTable tracks{"track", {}, {}};
  std::vector<const Value*> hostile_values{};  // per camp: its hostile_to list, or nullptr
  std::vector<const Value*> track_values{};    // per track: its mapping, for messages
  std::vector<char> track_complete{};         // per track: every participant resolved
  bool months_known = false;
  std::vector<std::pair<int, const Value*>> capitals{};  // (camp, its 'capital' value), resolved after regions

  void read_shocks(const Value* list, Scenario& s);
  // One effect of an event or a shock: exactly one of the event kinds in `item`.
  bool read_effect(const Value& item, Scenario& s, Event& e, const std::string& ctx);
  // Reserves a latent camp and actor for each belligerent with hardliners (MODEL.md 15).
  void add_latent_camps(const Value& doc, Scenario& s);

  std::string read_id(MapReader& r, const std::string& key);
  int resolve(const Value& v, const IdTable& table, const std::string& what);
  // A mapping key that names an id (e.g. an issue in `positions`).
  int resolve_key(const Key& key, const IdTable& table, const std::string& what);
  void check_duplicate(IdTable& table, const std::string& id, const Value& item);
  // A list under key; longer than `limit` items is an error and the list is ignored.
  const Value* sequence(MapReader& r, const std::string& key, bool required, std::size_t limit = 1000000);
  std::vector<double> per_issue(const Value* v, const std::string& what, const Range& range,
                                bool all_required, double fill);

  void read_meta(const Value& v, Scenario& s);
  void read_season(const Value& v, Scenario& s);
  void read_parameters(const Value& v, Parameters& p);
  void read_issues(const Value* list, Scenario& s);
  void read_camps(const Value* list, Scenario& s);
  void read_actors(const Value* list, Scenario& s);
  void read_actor(const Value& item, Scenario& s);
  void read_strategy(const Value& v, Actor& a);
  void read_regions(const Value* list, Scenario& s);
  void read_patrons(const Value* list, Scenario& s);
  void read_talks(const Value& v, Scenario& s);  // the version 1 block: one track
  void read_tracks(const Value* list, Scenario& s);
  void read_track(const Value& v, Scenario& s, TalksSetup& t, const std::string& ctx);
  bool check_exit_track(const Value& v, const Scenario& s, const TalksSetup& t, const std::string& ctx,
                        const Value* backer, const Value* agenda);
  void read_agenda(const Value& v, Scenario& s, TalksSetup& t, const std::string& ctx);
  void read_talks_model(MapReader& r, TalksSetup& t, const std::string& ctx);
  // Two camps at war with each other among a track's participants (or a located error).
  void check_track_camps(const Scenario& s);
  void check_tempo_periods(const Scenario& s);
  std::vector<std::pair<const Value*, Event>> tempo_events{};  // as read, for the overlap check
  void read_events(const Value* list, Scenario& s);
  void read_map(const Value& v, Scenario& s);
  // `variants`: the document's variants mapping, to check the names; nullptr inside a variant.
  void read_questions(const Value& v, Scenario& s, const Value* variants);
  void read_event(const Value& item, Scenario& s);
  // The observations file named by `observations:` (src/scenario/observations.cpp).
  void read_observations(const Value& v, Scenario& s);
  std::vector<double> per_id(const Value* v, const IdTable& table, const std::string& what,
                             const Range& range);
  // A month "YYYY-MM" inside the scenario, as months since the start; -1 when invalid.
  int scenario_month(const Value& v, const std::string& what, const Scenario& s);
  // A number (constant from the start) or a list of {from: YYYY-MM, value: x}.
  Schedule read_schedule(const Value& v, const std::string& what, const Range& range, const Scenario& s);
  void cross_checks(const Value& doc, Scenario& s);
};

}  // namespace parley::scenario
