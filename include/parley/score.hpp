// Proper scores of ensemble forecasts against observations, and the baselines they are
// measured against (FORECASTING.md section 4; the formulas are in docs/forecasting.md).
// Every score here is negatively oriented (lower is better), so that the skill against a
// baseline is 1 - score / baseline score. Pure computation: no database, no scenario; the
// caller brings the runs' values and the observations.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "parley/random.hpp"

namespace parley {

// ---- Quantities: an ensemble (the runs' values) against one observed value y ----

// The continuous ranked probability score of the ensemble's empirical distribution,
// CRPS = E|X - y| - 1/2 E|X - X'|, exact, in O(n log n) (sorts a copy). One member x gives
// |x - y|. An empty ensemble gives NaN.
double crps_ensemble(std::vector<double> members, double y);
// The same on members already sorted ascending, in O(n).
double crps_sorted(const std::vector<double>& sorted, double y);
// The "fair" CRPS (Ferro 2014): E|X - X'| over distinct pairs, n(n-1) in place of n^2; an
// unbiased estimate of the CRPS of the distribution the members are drawn from. Needs n >= 2.
double crps_ensemble_fair(std::vector<double> members, double y);
// A weighted ensemble (ABC posterior particles, say): weights >= 0, normalised here.
double crps_weighted(const std::vector<double>& members, const std::vector<double>& weights, double y);

// Ignorance: -log2 of the predictive probability of the bin the observation fell in,
// max(p, floor) so that one miss does not score infinity (no renormalisation).
inline constexpr double kDefaultProbabilityFloor = 1e-3;  // ignorance at most 9.97 bits
// Bins are [edges[k], edges[k+1]), the last one closed above; edges ascending, at least two
// (they may be -inf and +inf). A value outside every bin has bin std::nullopt.
std::optional<std::size_t> bin_of(const std::vector<double>& edges, double y);
// The share of the members in each bin (members outside every bin count in none).
std::vector<double> bin_probabilities(const std::vector<double>& members, const std::vector<double>& edges);
double ignorance(const std::vector<double>& probabilities, std::optional<std::size_t> observed_bin,
                 double floor = kDefaultProbabilityFloor);
double ignorance_ensemble(const std::vector<double>& members, const std::vector<double>& edges, double y,
                          double floor = kDefaultProbabilityFloor);

// The q-quantile of the members, by linear interpolation between order statistics (Hyndman
// and Fan's type 7, R's default): sorted[(n-1)q].
double ensemble_quantile(const std::vector<double>& sorted, double q);
// Whether y lies in the central interval of probability `level` ([q(0.5 - level/2),
// q(0.5 + level/2)], closed).
bool in_central_interval(const std::vector<double>& members, double y, double level);
struct Coverage {
  double central50 = 0;  // share of observations in the central 50% interval (nominal 0.5)
  double central90 = 0;  // ... in the central 90% interval (nominal 0.9)
  std::size_t n = 0;
};
// Over pairs (ensembles[k], observations[k]); the sizes must agree.
Coverage coverage(const std::vector<std::vector<double>>& ensembles, const std::vector<double>& observations);

// The randomised probability integral transform: F(y-) + V (F(y) - F(y-)), V uniform from
// `rng`, with F the ensemble's empirical CDF, so that ties and the ensemble's steps give a
// uniform PIT under a calibrated forecast (Czado, Gneiting and Held 2009). One draw per call.
double pit(const std::vector<double>& members, double y, Rng& rng);
std::vector<double> pit_values(const std::vector<std::vector<double>>& ensembles, const std::vector<double>& observations,
                               Rng& rng);

// ---- Milestones: the probability of an event by a date against whether it happened ----

double brier(double probability, bool happened);  // (p - o)^2
// -log2 of the probability given to what happened, that probability floored at `floor`
// (so p is effectively clamped to [floor, 1 - floor]); in bits like the ignorance.
double log_score(double probability, bool happened, double floor = kDefaultProbabilityFloor);
// Means over several milestones (sizes must agree; empty gives NaN).
double mean_brier(const std::vector<double>& probabilities, const std::vector<bool>& happened);
double mean_log_score(const std::vector<double>& probabilities, const std::vector<bool>& happened,
                      double floor = kDefaultProbabilityFloor);
// The CRPS of the time to an event, with censoring: `times` holds each run's time of the
// event (std::nullopt: it did not happen by the run's end), `observed` the observed time
// (std::nullopt: not by the end of the observations). Since neither side is known beyond the
// horizon, the score is the CRPS integral restricted to [start, horizon] (a threshold-weighted
// CRPS, Gneiting and Ranjan 2011, with weight 1 on the window): the integral of
// (F(t) - 1{t >= observed})^2 over it, F the share of runs with the event by t. In the units
// of the times (months, say). With no censoring and a window around every time it is the
// ensemble CRPS of the times. Needs at least one run and start <= horizon.
double crps_event_time(const std::vector<std::optional<double>>& times, std::optional<double> observed, double start,
                       double horizon);
// The milestone baseline: the base rate given in the observations file, else 50%.
double milestone_base_rate(std::optional<double> given);

// ---- Baselines for quantities, from observations before the origin only ----

struct TimedValue {
  double time = 0;   // the period (a year, a month index): any increasing scale
  double value = 0;
};

enum class Baseline { persistence, trend, climatology };
const char* to_string(Baseline b);
inline constexpr Baseline kBaselines[] = {Baseline::persistence, Baseline::trend, Baseline::climatology};

struct BaselineOptions {
  // Use only the last `window` observations before the origin (0: all of them).
  std::size_t window = 0;
  // Persistence and trend are point forecasts. With `spread`, each gets a predictive ensemble:
  // the point plus the residuals of the same method within the pre-origin data (persistence:
  // the h-step changes y[t+h] - y[t]; trend: the fit's residuals). Without, the ensemble is
  // the point alone, whose CRPS is the absolute error.
  bool spread = true;
};

struct LinearFit {
  double intercept = 0, slope = 0;  // value = intercept + slope * time
  std::vector<double> residuals;    // value - fitted, in the order of the points used
  double at(double time) const { return intercept + slope * time; }
};
// Least squares over the points (one point: slope 0; none: NaN).
LinearFit fit_line(const std::vector<TimedValue>& points);

// The observations strictly before `origin`, in time order, the last `window` of them.
std::vector<TimedValue> before_origin(const std::vector<TimedValue>& observations, double origin, std::size_t window = 0);

// A baseline's predictive ensemble for the value at `time` (after the origin), built from the
// observations strictly before `origin` (later ones are ignored, whatever is passed).
// Climatology: the pre-origin values themselves. Empty when there is no pre-origin data.
std::vector<double> baseline_ensemble(Baseline b, const std::vector<TimedValue>& observations, double origin, double time,
                                      const BaselineOptions& options = {});

// ---- Skill ----

// 1 - score / baseline_score (1 perfect, 0 as good as the baseline, negative worse); NaN when
// the baseline scores 0 or less.
double skill(double score, double baseline_score);
// Skill against the best (lowest) of several baseline scores (NaNs ignored).
double skill_vs_best(double score, const std::vector<double>& baseline_scores);

// ---- A whole forecast of one quantity over periods after the origin ----

struct PeriodForecast {
  double time = 0;              // the period, on the observations' scale
  std::vector<double> members;  // the runs' values for that period
};

struct QuantityScores {
  double crps = 0;        // mean over the scored periods
  double ignorance = 0;   // mean, on the caller's bins (NaN without bins)
  Coverage coverage;
  std::vector<double> pit;  // one per scored period, in order
  std::size_t periods = 0;  // periods with both a forecast and an observation
};

struct ScoreOptions {
  double origin = 0;                 // observations before it feed the baselines, after it are scored
  std::vector<double> bin_edges;     // for the ignorance (empty: not computed)
  double floor = kDefaultProbabilityFloor;
  BaselineOptions baseline;
};

struct BaselineScores {
  Baseline baseline = Baseline::persistence;
  QuantityScores scores;
};

struct ScoreReport {
  QuantityScores forecast;
  std::vector<BaselineScores> baselines;  // in the order of kBaselines
  double crps_skill = 0;                  // against the best baseline by CRPS
  double ignorance_skill = 0;             // against the best baseline by ignorance (NaN without bins)
};

// Scores each forecast period that has an observation at the same time at or after the
// origin (times matched exactly), and each baseline on the same periods. PIT draws come from
// `rng` in period order, forecast first then each baseline.
ScoreReport score_quantity(const std::vector<PeriodForecast>& forecast, const std::vector<TimedValue>& observations,
                           const ScoreOptions& options, Rng& rng);

}  // namespace parley
