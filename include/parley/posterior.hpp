// What `parley calibrate` writes and `parley run --posterior` reads: the ABC-SMC posterior of
// a scenario's uncertain inputs, fitted to its observations before the origin
// (FORECASTING.md section 3), as a small SQLite database (docs/forecasting.md, "The
// posterior database").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace parley {

struct PosteriorGeneration {
  double tolerance = 0;           // infinite for generation 0 (stored as NULL)
  std::uint64_t simulations = 0;
  double acceptance = 1;
  double ess = 0;
};

struct PosteriorParticle {
  std::vector<double> theta;  // one value per input, in `inputs` order
  double weight = 0;          // normalised
  double distance = 0;
};

// The posterior predictive check of one observation row (calibrated on or held for scoring).
struct PredictiveCheck {
  int row = 0;                 // the row's line in the observations file
  std::string quantity, period;
  bool used = false;           // used to calibrate (dated before the origin, not `use: score`)
  double observed = 0;
  double low = 0, high = 0;    // the source's own interval; NaN when not given
  double prior_mean = 0, prior_p05 = 0, prior_p95 = 0;  // over draws from the priors
  double mean = 0, p05 = 0, p50 = 0, p95 = 0;           // over draws from the posterior
};

struct Posterior {
  std::string scenario_path, scenario_name, origin;  // origin as YYYY-MM
  std::string command_line;
  std::uint64_t seed = 0;
  std::uint64_t simulations = 0;
  std::string stopped;                    // why the sampler stopped (AbcResult::Stop), or kPosteriorInProgress
  // The settings a resumed calibration must share (particles, quantile, minimum acceptance,
  // variant), as `key=value` words; the seed is `seed`.
  std::string settings;
  std::vector<std::string> inputs;        // the uncertain inputs' names
  std::vector<std::string> priors;        // their prior distributions, described
  std::vector<double> scales;             // each statistic's spread under the prior
  std::vector<PosteriorGeneration> generations;
  std::vector<PosteriorParticle> particles;  // the last generation: the posterior
  std::vector<PredictiveCheck> checks;
};

// `stopped` of a posterior written after a generation while the calibration goes on: it can
// be resumed (`parley calibrate --resume`) but not drawn from.
inline constexpr const char* kPosteriorInProgress = "in progress";

// Writes a new database at `path` (it must not exist, unless `replace`: then an existing one
// is replaced, atomically by rename); nothing is left under `path` on failure, and a replaced
// file is untouched.
void write_posterior(const std::string& path, const Posterior& posterior, bool replace = false);
// Reads one back; std::runtime_error naming the file and the problem when it is not one.
Posterior read_posterior(const std::string& path);

struct ScenarioSet;
// Reads the posterior at `path` and has every scenario of the set draw its uncertain values
// jointly from it (`parley run --posterior`). Returns "" or why it cannot (not a posterior,
// one still in progress, an input the scenario lacks, variants with other uncertain values).
std::string attach_posterior(ScenarioSet& set, const std::string& path);

}  // namespace parley
