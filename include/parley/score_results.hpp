// parley score: a results database's forecast scored against an observations file, each
// row from the runs' own stored values (run_yearly_deaths, run_observations, the runs'
// milestone months), next to the persistence, trend and climatology baselines built from the
// file's rows before the origin (FORECASTING.md section 4; formulas in docs/forecasting.md).
// The text and JSON of the command, and the report's "How the forecast scored" section.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parley/scenario.hpp"
#include "parley/score.hpp"

namespace parley {

struct ScoreSettings {
  std::string variant;                       // "": the first variant stored (the base when it was run)
  double floor = kDefaultProbabilityFloor;   // of the ignorance and the log score
  std::vector<double> count_bins;            // ignorance bins for deaths and forces; empty: kDefaultCountBins
  bool include_history = false;              // also score rows ending before the origin (in-sample)
  std::optional<std::uint64_t> seed;         // the PIT's randomisation; default: the experiment's seed
};

// Half decades: [0, 1), [1, 3), [3, 10), ..., [300000, 1000000), [1000000, inf].
extern const std::vector<double> kDefaultCountBins;
// Tenths of [0, 1] for shares and control.
extern const std::vector<double> kShareBins;

struct BaselineRowScore {
  bool available = false;       // the baseline had pre-origin rows to build from
  std::size_t members = 0;
  double median = 0;
  double crps = 0, ignorance = 0, pit = 0;
  bool in50 = false, in90 = false;
};

// One observation row that was scored.
struct ScoredRow {
  int line = 0;                 // in the observations file
  std::string quantity, period; // as written / "YYYY-MM" or "YYYY-MM..YYYY-MM" (a whole year "YYYY")
  ObservedQuantity kind = ObservedQuantity::battle_deaths;
  double value = 0;
  std::optional<double> low, high;
  std::string source;
  bool history = false;         // ends before the origin: an in-sample check (--include-history)
  std::string from;             // the table the runs' values came from
  std::size_t group = 0;        // index into ScoreResult::groups (quantities) or 0 (milestones)
  // Quantities: the runs' ensemble against the value.
  std::size_t members = 0;
  double q05 = 0, q25 = 0, median = 0, q75 = 0, q95 = 0;
  double crps = 0, ignorance = 0, pit = 0;
  bool in50 = false, in90 = false;
  std::array<BaselineRowScore, 3> baselines{};  // in kBaselines order; none for history rows
  // Milestones: the share of runs that reached it by the period's end against 0 or 1.
  double probability = 0, brier = 0, log_score = 0;
  double base_rate = 0.5;       // the file's base_rate, else 50%
  bool base_rate_given = false;
  double base_brier = 0, base_log = 0;
};

struct BaselineMeans {
  double crps = 0, ignorance = 0;
  Coverage coverage;
  bool available = false;       // for every forecast row of the group
};

// The rows of one quantity with periods of one length (a 6-month and a 12-month sum of deaths
// are different series); its means over the rows at or after the origin.
struct ScoreGroup {
  std::string quantity;
  ObservedQuantity kind = ObservedQuantity::battle_deaths;
  int period_months = 1;
  std::vector<double> bins;
  std::vector<std::size_t> rows;     // into ScoreResult::rows, forecast and history rows
  std::size_t forecast_rows = 0;     // at or after the origin
  std::size_t baseline_points = 0;   // the file's rows of the series before the origin
  double crps = 0, ignorance = 0;    // forecast means over the forecast rows
  Coverage coverage;
  std::array<BaselineMeans, 3> baselines{};
  double crps_skill = 0, ignorance_skill = 0;  // against the best baseline (NaN: none)
  std::string best_crps, best_ignorance;       // the best baseline's name ("" none)
  // History rows (--include-history): forecast means, in sample.
  std::size_t history_rows = 0;
  double history_crps = 0;
  Coverage history_coverage;
};

struct MilestoneSummary {
  std::size_t rows = 0;              // at or after the origin
  double brier = 0, log_score = 0;   // forecast means
  double base_brier = 0, base_log = 0;
  double brier_skill = 0, log_skill = 0;
};

struct UnscoredRow {
  int line = 0;
  std::string quantity, period, reason;
};

// A calendar year of the forecast fan: quantiles over runs of its battle deaths.
struct FanYear {
  int year = 0;
  int months = 12;
  double q05 = 0, q25 = 0, median = 0, q75 = 0, q95 = 0;
};

// A row of overall battle deaths within one calendar year (the whole year, or the part of it
// the horizon covers), for drawing on the fan; rows before the start too.
struct YearObservation {
  int year = 0;
  int months = 12;
  double value = 0;
  std::optional<double> low, high;
  bool before_origin = false;
};

struct ScoreResult {
  std::string database, observations, variant;
  std::uint64_t runs = 0, seed = 0;
  std::string start, origin;         // "YYYY-MM"; origin is the start when the scenario has none
  bool origin_given = false;
  bool include_history = false;
  double floor = kDefaultProbabilityFloor;
  std::vector<double> count_bins;
  std::vector<ScoredRow> rows;       // in file order
  std::vector<ScoreGroup> groups;    // in order of first appearance
  MilestoneSummary milestones;
  std::vector<UnscoredRow> unscored; // in file order, with the reason
  std::size_t history_rows = 0;      // rows ending before the origin, not scored (without --include-history)
  std::vector<double> pit;           // the forecast rows' PIT values, in row order
  std::vector<FanYear> fan;          // every calendar year of the horizon
  std::vector<YearObservation> year_observations;  // in file order
};

// Reads the database and the observations file (rows located against the database's own
// camps, actors, regions and months) and scores every row it can. Throws StoreError for a
// database that cannot be read (not one, incomplete, no such variant) and InputError, with
// every located error, for a bad observations file.
ScoreResult score_results(const std::string& database, const std::string& observations, const ScoreSettings& settings);

// parley score's text: a table per quantity, the milestones, the rows not scored and why,
// then a line of skill.
std::string score_text(const ScoreResult& result);
// The same as JSON (an object; docs/forecasting.md lists its keys). NaN and inf are null.
std::string score_json(const ScoreResult& result);

}  // namespace parley
