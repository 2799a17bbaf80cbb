// The one public reader of a results database: it opens the file, checks that it is a parley
// results database of this schema and not damaged in its dimensions, and reads its tables as
// plain values. summary, compare, export and report are its clients; SQLite stays inside
// src/store/. The tables are documented in docs/results-format.md.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parley/analysis.hpp"
#include "parley/enum_names.hpp"
#include "parley/results_store.hpp"

namespace parley {

struct StoredIssue {
  std::string id, label, low, high;
  double status_quo = 50;
};

struct StoredCamp {
  std::string id, name;
};

struct StoredRegion {
  std::string id, name;
  double population = 0;
  std::string geometry;  // GeoJSON geometry, "" without a map
};

struct StoredVariant {
  std::string name;         // "base" for the base scenario
  std::string description;
  int months = 0;           // the horizon, 1 to 1200
  std::string start;        // "YYYY-MM"
  int origin = 0;           // meta.origin, months after the start (0: none); the forecast counts from it
};

struct StoredActor {
  std::string id, name, camp;  // camp: "" for none
};

// A calendar year of a variant's horizon (calendar_years); the first and last may be partial.
struct StoredCalendarYear {
  int year = 0;
  std::string first, last;  // "YYYY-MM"
  int months = 0;           // 12 for a whole year
};

// One row of run_yearly_deaths.
struct StoredYearDeaths {
  std::int64_t run = 0;
  int year = 0;
  double deaths = 0;
};

// One row of a variant's observations table: a row of its scenario's observations file.
struct StoredObservation {
  int index = 0;                     // `observation`, its position in the file
  std::string quantity, period;      // as written / "YYYY-MM" or "YYYY-MM..YYYY-MM"
  std::string first, last;           // "YYYY-MM"
  double value = 0;
  std::optional<double> low, high, base_rate;
  std::string source;
  bool score_only = false;           // use = 'score'
  int line = 0;                      // its line in the file
};

// One row of run_observations.
struct StoredObservationValue {
  std::int64_t run = 0;
  int observation = 0;
  double value = 0;
};

// The months a run reached each milestone (in Milestone order; -1: never), from its runs row.
struct StoredMilestones {
  std::int64_t run = 0;
  std::array<int, 7> month{};
};

struct StoredQuestion {
  std::string id, text;
  std::vector<std::string> variants;  // the first is the reference
};

struct StoredYear {
  int year = 0;
  std::string first, last;  // "YYYY-MM"
  double mean = 0, p05 = 0, p25 = 0, median = 0, p75 = 0, p95 = 0;
};

// A talks track of a variant (tracks and agenda_items): its agenda items, each as the issue
// ids it covers ("power, troops").
struct StoredTrack {
  std::string id, participants;
  std::vector<std::string> items;
};

// An uncertain input of a variant (inputs), with its distribution as parley describes it.
struct StoredInput {
  std::string name, distribution;
};

// One row of run_tracks.
struct StoredTrackRun {
  std::int64_t run = 0;
  std::string track;
  TrackResult result;
};

// One row of run_inputs.
struct StoredInputValue {
  std::int64_t run = 0;
  std::string input;
  double value = 0;
};

enum class SurvivalEvent { agreement, peace };
inline constexpr EnumNames<SurvivalEvent, 2> kSurvivalEventNames{
    {{SurvivalEvent::agreement, "agreement"}, {SurvivalEvent::peace, "peace"}}};
static_assert(covers_in_order(kSurvivalEventNames));
constexpr const auto& enum_names(SurvivalEvent) { return kSurvivalEventNames; }

inline constexpr int kTalksStateCount = static_cast<int>(kTalksStateNames.size());  // monthly's p_<state> columns

// One cell of a table, for readers that take every column as it is (export).
struct StoredCell {
  enum class Type { null, integer, real, text };
  Type type = Type::null;
  std::int64_t integer = 0;
  double real = 0;
  std::string text;
};

class ResultsReader {
 public:
  // Opens `path` and checks it; StoreError (with a message for the user) when it does not
  // exist, is not a parley results database, has another schema version, or its dimension
  // tables are damaged (a horizon outside 1 to 1200, no camps, no variants, a question naming
  // a variant without results).
  explicit ResultsReader(const std::string& path);
  ~ResultsReader();
  ResultsReader(ResultsReader&&) noexcept;
  ResultsReader& operator=(ResultsReader&&) noexcept;

  const std::string& path() const;
  const ExperimentInfo& info() const;
  // StoreError, saying how to finish it, unless the experiment is complete.
  void require_complete() const;
  // "NOTE: ... is INCOMPLETE ..." for summaries of an incomplete database, "" when complete.
  std::string incomplete_note() const;

  const std::vector<StoredIssue>& issues() const;
  const std::vector<StoredCamp>& camps() const;
  const std::vector<StoredActor>& actors() const;
  const std::vector<StoredRegion>& regions() const;
  const std::vector<StoredVariant>& variants() const;
  const std::vector<StoredQuestion>& questions() const;
  const StoredVariant* find_variant(const std::string& name) const;
  // The variant, or StoreError "... has no variant 'x' (it holds: ...)".
  const StoredVariant& variant(const std::string& name) const;

  // The run rows of a variant in run order; StoreError when a row is damaged (an unknown
  // outcome or victor).
  void for_each_run(const std::string& variant, const std::function<void(const StoredRun&)>& visit) const;
  std::vector<StoredRun> runs(const std::string& variant) const;

  // The aggregate tables (empty for an incomplete database).
  // Per month of the variant's horizon: the share of runs in each talks state (0 when missing).
  std::vector<std::array<double, kTalksStateCount>> talks_shares(const std::string& variant) const;
  std::vector<SurvivalPoint> survival(const std::string& variant, SurvivalEvent event) const;
  std::vector<StoredYear> yearly_deaths(const std::string& variant) const;
  // [month * regions + region]: the share of runs in which `camp` holds the region.
  std::vector<double> holding(const std::string& variant, const std::string& camp) const;
  // [month * regions + region]: `camp`'s control share of the region, its mean over runs.
  std::vector<double> control_share(const std::string& variant, const std::string& camp) const;
  // The variant's tracks in order with their agenda items (tracks, agenda_items).
  std::vector<StoredTrack> tracks(const std::string& variant) const;
  // The variant's uncertain inputs in order (inputs).
  std::vector<StoredInput> inputs(const std::string& variant) const;
  // run_tracks and run_inputs rows of the variant, in run order (then track or input order).
  std::vector<StoredTrackRun> run_tracks(const std::string& variant) const;
  std::vector<StoredInputValue> run_inputs(const std::string& variant) const;
  // monthly_agenda: [month * items + item] over the items of every track in track order (as
  // tracks() lists them), the share of runs with the item closed (0 when missing).
  std::vector<double> agenda(const std::string& variant) const;
  // monthly_victory: [(month * camps + camp) * kVictoryKindCount + kind] (kinds in
  // kVictoryKinds order), the share of runs the camp has won by then in that way.
  std::vector<double> victory(const std::string& variant) const;
  // calendar_years, run_yearly_deaths (in run order, then year), observations and
  // run_observations (in run order, then observation) of a variant, and each run's
  // milestone months from its runs row.
  std::vector<StoredCalendarYear> calendar_years(const std::string& variant) const;
  std::vector<StoredYearDeaths> run_yearly_deaths(const std::string& variant) const;
  std::vector<StoredObservation> observations(const std::string& variant) const;
  std::vector<StoredObservationValue> run_observations(const std::string& variant) const;
  std::vector<StoredMilestones> milestones(const std::string& variant) const;

  // The tables an analyst reads, in order (the checkpoint, internal state for --resume, is not
  // one of them), and each row of one of them as stored.
  static const std::vector<std::string>& tables();
  void for_each_row(const std::string& table, const std::function<void(const std::vector<std::string>&)>& header,
                    const std::function<void(const std::vector<StoredCell>&)>& row) const;

 private:
  std::vector<double> region_values(const std::string& variant, const std::string& camp, const char* column) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley
