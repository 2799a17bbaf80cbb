// Streaming aggregation of many runs, survival curves and paired comparisons (MODEL.md 9).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/experiment.hpp"
#include "parley/scenario.hpp"
#include "parley/simulation.hpp"

namespace parley {

// Kaplan-Meier estimate of the survival function S(t) = P(event after t).
struct Observation {
  int time = 0;        // months since the start at the event, or at censoring
  bool event = false;  // false: censored (the event had not happened by `time`)
};

struct SurvivalPoint {
  int time = 0;
  std::int64_t at_risk = 0;    // observations with time >= this one
  std::int64_t events = 0;
  std::int64_t censored = 0;
  double survival = 1;         // S(time), just after the events at `time`
  double lower = 1, upper = 1; // pointwise 95% interval (Greenwood variance, log-log transform)
};

// One point per distinct time, in increasing order.
std::vector<SurvivalPoint> kaplan_meier(const std::vector<Observation>& observations);

// The same from counts per month: events[t] and censored[t] observations at time t.
std::vector<SurvivalPoint> kaplan_meier_counts(const std::vector<std::int64_t>& events,
                                               const std::vector<std::int64_t>& censored);

// The median time (first time S <= 0.5) and its 95% interval (first times the lower and the
// upper band reach 0.5, as R's survfit does); empty when not reached.
struct MedianTime {
  std::optional<int> median, lower, upper;
};
MedianTime median_time(const std::vector<SurvivalPoint>& curve);

// Wilson's 95% interval for a proportion of k in n: unlike the normal one it stays inside
// [0, 1] and is sensible when no run or every run has the outcome.
std::pair<double, double> wilson_interval(std::int64_t k, std::int64_t n);

// Mean, standard deviation and a normal 95% interval of the mean of a stream of numbers
// (Welford's update, so long streams keep their precision).
class MeanInterval {
 public:
  void add(double x);
  std::int64_t n() const { return n_; }
  double mean() const { return mean_; }
  double sd() const;
  double half_width() const;  // 1.96 * sd / sqrt(n)
 private:
  std::int64_t n_ = 0;
  double mean_ = 0, m2_ = 0;
};

// A fixed-bin histogram of a nonnegative quantity for streamed quantiles: bin 0 holds [0, 1),
// then bins 0.02 wide in log10 up to 1e8 (each bin spans a factor of 1.047, so a quantile is
// within 2.3% of the true value), and one overflow bin.
class LogHistogram {
 public:
  static constexpr int kBins = 402;
  static int bin(double x);
  static double bin_low(int b);
  static double bin_high(int b);
};

// The same for shares in [0, 1]: 100 bins 0.01 wide (1.0 goes into the last).
struct ShareHistogram {
  static constexpr int kBins = 100;
  static int bin(double x);
};

// The agenda items of each talks track of `scenario`, in track order: a scenario without tracks
// has the one default track, and a track without an agenda one item of every issue.
std::vector<int> agenda_items(const Scenario& scenario);
// The ids of the tracks (the default track's "talks" for a scenario without tracks).
std::vector<std::string> track_ids(const Scenario& scenario);

// The ways a military victory comes, in the order of the monthly_victory table (VictoryKind
// without `none`).
inline constexpr VictoryKind kVictoryKinds[] = {VictoryKind::attrition, VictoryKind::collapse, VictoryKind::capital};
inline constexpr int kVictoryKindCount = 3;

// What one variant's runs add up to, folded one run at a time; its state can be saved and
// loaded as bytes, so an interrupted experiment resumes with the same totals.
class VariantAggregate {
 public:
  explicit VariantAggregate(const Scenario& scenario);

  void add(const RunResult& result, const RunMonths& months);

  std::string save() const;                // the state as bytes
  bool load(std::string_view bytes);       // false when the bytes do not fit this scenario

  std::int64_t runs() const { return runs_; }
  int months() const { return months_; }
  int camps() const { return camps_; }
  int regions() const { return regions_; }

  // Share of runs in talks state `state` at the end of `month`.
  double talks_share(int month, TalksState state) const;
  double deaths_mean(int month) const;
  double deaths_quantile(int month, double q) const;
  double share_mean(int month, int camp) const;
  double share_quantile(int month, int camp, double q) const;
  double holding_probability(int month, int region, int camp) const;
  // The mean over runs of `camp`'s control share of `region` at the end of `month`.
  double control_mean(int month, int region, int camp) const;
  // Battle deaths within 12-month years counted from the forecast's origin (meta.origin; the
  // start without one): index `year` from 0 covers history years first (year numbers 0, -1, ...
  // going back from the origin, the earliest possibly shorter), then the forecast's years 1, 2,
  // ... (the last possibly shorter). Without an origin, year index y is year number y + 1,
  // months 12*y to 12*y + 11. Mean and quantiles over runs.
  int years() const { return history_years() + (months_ - origin_ + 11) / 12; }
  int history_years() const { return (origin_ + 11) / 12; }
  int year_number(int year) const { return year - history_years() + 1; }
  int year_first_month(int year) const;   // months since the start
  int year_last_month(int year) const;
  int origin() const { return origin_; }
  double year_deaths_mean(int year) const;
  double year_deaths_quantile(int year, double q) const;
  // The agenda: items over all tracks in track order (agenda_items), and the share of runs
  // with item `item` (of that flat list) closed at the end of `month` (RunMonths::closed).
  int items() const { return items_; }
  double closed_share(int month, int item) const;
  // The share of runs won by `camp` by the end of `month` (the victory came in that month or
  // before: a run won ends in the month of the victory, months_simulated - 1), in the way `kind`.
  double victory_probability(int month, int camp, VictoryKind kind) const;

  // Time to the first agreement and to peace, censored at the horizon.
  std::vector<SurvivalPoint> agreement_curve() const;
  std::vector<SurvivalPoint> peace_curve() const;

 private:
  static constexpr int kStates = 6;  // TalksState values
  std::vector<SurvivalPoint> curve(const std::vector<std::int64_t>& events) const;

  int months_, camps_, regions_, origin_;
  std::int64_t runs_ = 0;
  std::vector<std::int64_t> talks_;         // [month * kStates + state]
  std::vector<double> deaths_sum_;          // [month]
  std::vector<std::int64_t> deaths_hist_;   // [month * LogHistogram::kBins + bin]
  std::vector<double> share_sum_;           // [month * camps + camp]
  std::vector<std::int64_t> share_hist_;    // [(month * camps + camp) * ShareHistogram::kBins + bin]
  std::vector<std::int64_t> holder_;        // [(month * regions + region) * camps + camp]
  std::vector<double> control_sum_;         // [(month * regions + region) * camps + camp]: control shares summed
  std::vector<double> year_sum_;            // [year]: deaths within the year, summed over runs
  std::vector<std::int64_t> year_hist_;     // [year * LogHistogram::kBins + bin]
  std::vector<std::int64_t> agreement_at_;  // [month]: runs whose first agreement came then
  std::vector<std::int64_t> peace_at_;      // [month]
  int items_ = 0;
  std::vector<std::int64_t> closed_;        // [month * items + item]: runs with the item closed
  std::vector<std::int64_t> victory_at_;    // [(month * camps + camp) * kVictoryKindCount + kind]: runs won then
};

// The headline figures of one variant, from runs streamed one at a time (from memory or from
// a results database): outcomes, times to agreement and peace, terms, deaths.
struct RunSummaryInput {
  RunOutcome outcome = RunOutcome::war;
  std::string victor;          // the winning camp's id for a victory ("" when unknown)
  int first_agreement = -1;
  int peace_month = -1;
  std::vector<double> terms;   // empty without an agreement
  double battle_deaths = 0;
  VictoryKind victory_by = VictoryKind::none;  // how a victory came
  int months_formal = 0;       // months in formal talks on the first track
  int first_formal = -1;       // months since the start; -1: never
  double history_deaths = 0;   // battle deaths before the origin (of battle_deaths)
  int months_simulated = 0;    // the run's length (it ends early at victory or peace)
};

// With `start` (meta.start) months are shown with their dates; with an `origin` (meta.origin,
// months after the start) the runs are counted from it: months to agreement and peace are
// months after the origin, milestones reached in the history are reported as such, and
// battle deaths are those from the origin on.
class VariantSummary {
 public:
  VariantSummary(std::string name, int months, std::vector<std::string> issues,
                 std::optional<YearMonth> start = std::nullopt, int origin = 0);
  void add(const RunSummaryInput& run);
  std::string text() const;    // a few lines for an analyst

  std::int64_t runs() const { return deaths_.n(); }
  MedianTime median_agreement() const;
  MedianTime median_peace() const;

 private:
  std::string name_;
  int months_;
  std::vector<std::string> issues_;
  std::optional<YearMonth> start_;
  int origin_ = 0;
  std::int64_t formal_before_ = 0, agreement_before_ = 0, peace_before_ = 0, ended_before_ = 0;
  MeanInterval history_deaths_;
  struct OutcomeCount {
    RunOutcome outcome;
    std::string victor;
    std::int64_t runs;
  };
  std::vector<OutcomeCount> outcomes_;  // in order of first appearance
  std::vector<std::int64_t> agreement_at_, peace_at_;  // [month after the origin]: first agreement, peace
  std::vector<MeanInterval> terms_;
  MeanInterval deaths_;
  std::vector<std::int64_t> deaths_hist_;
  std::int64_t victories_by_[kVictoryKindCount] = {};  // runs won, by how (kVictoryKinds order)
  MeanInterval months_formal_;
  std::int64_t with_formal_ = 0;                        // runs with a month in formal talks (first track)
};

// Months for people, one convention everywhere (summary, compare, the report; docs/report.md
// "Months and dates"): months are counted from the forecast's origin (meta.origin; the start
// without one), month 0 being the origin's own calendar month, and each is shown with its
// date: "month 14 (Jul 2016)". "By month m" means by the end of month m.
std::optional<YearMonth> parse_year_month(const std::string& text);  // "YYYY-MM"; nullopt otherwise
std::string calendar_name(const YearMonth& month);                   // "Jul 2016"
// "month 14 (Jul 2016)", or "month 14" when month 0 is not known.
std::string month_label(const std::optional<YearMonth>& month0, int month);

// A run as a results database stores it (one row of `runs`), as its readers see it.
struct StoredRun {
  std::int64_t run = 0;
  RunOutcome outcome = RunOutcome::war;
  int victor = -1;              // camp index (position in `camps`); -1 when none
  int first_formal = -1;        // months since the start; -1: never
  int first_agreement = -1;
  int peace_month = -1;
  std::int64_t collapses = 0;
  double battle_deaths = 0;
  std::vector<double> terms;    // per issue; NaN where the row has none (no agreement)
  std::vector<double> shares;   // per camp: population share held at the end
  double history_deaths = 0;    // battle deaths before meta.origin (0 without one)
  int months_simulated = 0;
  // Version 4 of the schema (model version 2).
  VictoryKind victory_by = VictoryKind::none;  // none unless a victory
  int months_formal = 0;        // months in formal talks on the first track (run_tracks)
  std::int64_t cascades = 0, exit_deals = 0, splinters = 0, shocks = 0, capitals_lost = 0;
  std::vector<double> camp_deaths;  // per camp: its fighters killed in battle
  // Version 6: draws of the history (RunResult::history_draws; more than 1 when histories that
  // ended the war before the origin were drawn again).
  int history_draws = 1;
};

// Paired comparison of two variants run by run (run n of each drew the same random numbers):
// used by `parley compare` and by the report.
struct PairedLayout {
  std::vector<std::string> issues, camps;  // ids in order
  int months = 0;                          // the baseline's horizon: "never" counts as this month
  int variant_months = -1;                 // the variant's own horizon (-1: the same as the baseline's)
  // Counting from the origin (meta.origin, months after the start; 0: none): months are months
  // after it, deaths those from it on, and a run whose first agreement (peace) came before it
  // is left out of the measures of the first agreement (peace). `start` ("YYYY-MM", meta.start)
  // dates the months in the measures' names ("" for none).
  int origin = 0, variant_origin = -1;     // -1: the same as the baseline's
  std::string start{};
};

// One measure of a run: a key for code ("peace", "agreement", "agreement_2y", "war",
// "victory:<camp>", "months_to_agreement", "months_to_peace", "months_formal", "battle_deaths", "term:<issue>",
// "share:<camp>"), a name for people, whether it is a probability (shown in points), and the
// words for a higher and a lower value.
struct PairedMeasure {
  std::string key, name;
  bool probability = false;
  std::string higher, lower;
  MeanInterval base, variant, difference;  // difference = variant - base, run by run
};

struct PairedComparison {
  std::int64_t pairs = 0;
  std::vector<PairedMeasure> measures;
  const PairedMeasure* find(const std::string& key) const;
};

// Pairs the runs with the same run number (both lists in run order) and compares them.
PairedComparison compare_paired(const PairedLayout& layout, const std::vector<StoredRun>& baseline,
                                const std::vector<StoredRun>& variant);

// `parley compare`'s words for one comparison: a heading and one line per measure.
std::string paired_text(const PairedComparison& comparison, const std::string& baseline, const std::string& variant);

}  // namespace parley
