// Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC), the engine of
// `parley calibrate` (FORECASTING.md section 3): Toni et al. (2009) with the importance
// weights of Beaumont et al. (2009), an adaptive tolerance (the alpha-quantile of the last
// generation's distances, after Del Moral et al. 2012) and a component-wise Gaussian kernel
// of twice the weighted variance (Beaumont et al. 2009). It knows nothing of conflicts: a
// problem is priors, a simulator of summary statistics, and the observed statistics.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "parley/uncertain.hpp"

namespace parley {

struct AbcProblem {
  std::vector<Distribution> priors;   // independent priors, one per parameter
  std::vector<double> observed;       // the observed summary statistics
  // Simulated statistics for parameters theta; `key` identifies the simulation (it must
  // depend on nothing else, so that results are the same for any thread count).
  std::function<std::vector<double>(const std::vector<double>& theta, std::uint64_t key)> simulate;
};

struct AbcOptions {
  int particles = 1000;
  int max_generations = 10;
  std::uint64_t budget = 1'000'000;   // simulations at most, over all generations
  double quantile = 0.5;              // the next tolerance: this quantile of the accepted distances
  double min_tolerance = 0;           // stop once the tolerance is at or below this
  double min_acceptance = 0.01;       // stop once a generation accepts less than this share
  std::uint64_t seed = 1;
  unsigned threads = 0;               // 0: every core
  const std::atomic<bool>* stop = nullptr;
  std::function<void(int generation, std::uint64_t simulations)> progress;  // may be empty
};

struct AbcResult;

// What a run continues from and reports to, so that it can be stopped and resumed
// (`parley calibrate --resume`). Proposals are keyed by (generation, attempt), so a run
// resumed after generation t gives the particles of one that never stopped.
struct AbcContinuation {
  // Continue after these generations (only the last one's particles are needed), with
  // these distance scales and this count of simulations already spent.
  const AbcResult* resume = nullptr;
  // Called after each complete generation, the first included (may be empty).
  std::function<void(const AbcResult&)> checkpoint;
};

struct AbcParticle {
  std::vector<double> theta;
  double weight = 0;    // normalised within its generation
  double distance = 0;
};

struct AbcGeneration {
  double tolerance = 0;           // distances accepted were at most this (infinite for generation 0)
  std::uint64_t simulations = 0;  // proposals simulated in this generation
  double acceptance = 1;          // accepted / simulated
  double ess = 0;                 // effective sample size, 1 / sum of squared weights
  std::vector<AbcParticle> particles;
};

struct AbcResult {
  std::vector<AbcGeneration> generations;  // the last one is the posterior
  std::vector<double> scales;              // each statistic's spread under the prior (distance scale)
  std::uint64_t simulations = 0;
  enum class Stop { generations, tolerance, acceptance, budget, interrupted } stopped = Stop::generations;
};
const char* to_string(AbcResult::Stop s);

// The distance between simulated and observed statistics: the sum of |sim - obs| / scale.
double abc_distance(const std::vector<double>& simulated, const std::vector<double>& observed,
                    const std::vector<double>& scales);

AbcResult abc_smc(const AbcProblem& problem, const AbcOptions& options, const AbcContinuation& continuation = {});

// The weighted q-quantile of one parameter in a generation (posterior intervals).
double weighted_quantile(const AbcGeneration& g, std::size_t parameter, double q);

}  // namespace parley
