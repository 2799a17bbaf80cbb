// Global sensitivity of a model f(theta) -> outputs over independent uncertain inputs, the
// engine of `parley sensitivity` (FORECASTING.md section 5; formulas in docs/forecasting.md):
//
// * Morris elementary effects (Morris 1991), with mu* (Campolongo, Cariboni and Saltelli
//   2007), to screen many inputs cheaply: r trajectories of k + 1 points on a p-level grid;
// * Sobol first-order and total indices from Saltelli's design (matrices A, B and A_B^(i),
//   N (k + 2) evaluations) with Jansen's (1999) estimators for both, as listed in Table 2 of
//   Saltelli et al. (2010), "Variance based sensitivity analysis of model output. Design and
//   estimator for the total sensitivity index" (which finds Jansen's the best total-effect
//   estimator), and bootstrap percentile intervals. The first-order form that paper proposes,
//   1/N sum f(B)(f(A_B^i) - f(A)), is reported beside Jansen's for comparison.
//
// Like abc_smc, it knows nothing of conflicts. Determinism: every design point is drawn from
// its own keyed stream (Stream::sensitivity), every evaluation gets a key that depends only on
// its place in the design, and reductions run in a fixed order, so results are identical for
// any number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "parley/uncertain.hpp"

namespace parley {

struct SensitivityProblem {
  std::vector<Distribution> inputs;  // independent, one per input
  std::vector<std::string> names;    // optional, for tables (empty or one per input)
  // The outputs for inputs theta; `key` identifies the evaluation (it must depend on nothing
  // else, so that results are the same for any thread count). A stochastic model derives its
  // streams from the key (and its own seed). Every call must return the same number of outputs.
  std::function<std::vector<double>(const std::vector<double>& theta, std::uint64_t key)> model;
};

struct SensitivityRun {
  std::uint64_t seed = 1;
  unsigned threads = 0;  // 0: every core
  // Common random numbers: every point of one Morris trajectory gets the same key (the
  // trajectory), and the points A_j and A_B^(i)_j of one Sobol row j get key j while B_j gets
  // key N + j, so that the differences the estimators take do not carry the model's own noise
  // twice and the noise counts as one more factor (taken from A, never swapped): the total index
  // of an input the model ignores is then exactly 0 and no first-order index absorbs the noise.
  // Off: every evaluation its own key.
  bool common_random_numbers = true;
};

// ---- Morris ----

struct MorrisOptions : SensitivityRun {
  std::size_t trajectories = 20;  // r
  int levels = 4;                 // p, even (the jump is p/2 levels)
};

struct MorrisEffect {
  double mu = 0;       // mean elementary effect
  double mu_star = 0;  // mean absolute elementary effect (the ranking measure)
  double sigma = 0;    // standard deviation of the elementary effects (n - 1; 0 for one trajectory)
};

struct MorrisResult {
  // effects[output][input]
  std::vector<std::vector<MorrisEffect>> effects;
  // elementary[output][input][trajectory]: the elementary effects themselves
  std::vector<std::vector<std::vector<double>>> elementary;
  std::size_t evaluations = 0;  // r (k + 1)
};

// Level l of p is u = l / (p - 1) on Morris's grid, a step moves p/2 levels (Morris's
// Delta = p / (2 (p - 1))); u maps to the input's quantile q = u for a bounded support (the
// grid spans the whole range, as in Morris's unit cube), q = 1/(2p) + u (1 - 1/p) (the centres
// of p equally likely cells) when either side is unbounded. An elementary effect is the
// change of the output over the change of the input's probability q in the step.
MorrisResult morris(const SensitivityProblem& problem, const MorrisOptions& options);

// ---- Sobol ----

struct SobolOptions : SensitivityRun {
  std::size_t samples = 4096;   // N, rows of A and of B
  std::size_t bootstrap = 200;  // resamples of the N rows for the intervals (0: none)
  double confidence = 0.95;     // the intervals' level (percentile bootstrap)
};

struct Interval {
  double low = 0, high = 0;
};

struct SobolIndex {
  double first = 0;             // S_i, Jansen: (V - 1/(2N) sum (f(B) - f(A_B^i))^2) / V
  double total = 0;             // S_Ti, Jansen: 1/(2N) sum (f(A) - f(A_B^i))^2 / V
  Interval first_interval;      // bootstrap percentile intervals (equal to the estimate without bootstrap)
  Interval total_interval;
  double first_saltelli = 0;    // S_i by Saltelli et al. (2010): 1/N sum f(B)(f(A_B^i) - f(A)) / V
};

struct SobolResult {
  std::vector<std::vector<SobolIndex>> indices;  // indices[output][input]
  std::vector<double> mean;                      // each output's mean over A and B
  std::vector<double> variance;                  // each output's variance over A and B (the V above)
  std::size_t evaluations = 0;                   // N (k + 2)
};

SobolResult sobol(const SensitivityProblem& problem, const SobolOptions& options);

// The p-quantile of a distribution (inverse of Distribution::cdf by bisection; a choice's
// smallest value whose CDF reaches p; rounded for whole-number inputs).
double distribution_quantile(const Distribution& d, double p);

}  // namespace parley
