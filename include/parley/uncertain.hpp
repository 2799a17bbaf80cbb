// Uncertain inputs (MODEL.md section 17, FORECASTING.md): a scenario value given as a
// distribution instead of a number, drawn once per run before the first month from a stream
// of its own (keyed by the value's place in the scenario, so every variant draws the same),
// and recorded with the run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parley/random.hpp"

namespace parley {

struct ParameterSpec;  // parley/parameters.hpp
struct Scenario;

enum class DistributionKind { uniform, normal, lognormal, beta, triangular, choice };
const char* to_string(DistributionKind k);

// A distribution with its support [low, high] (possibly infinite for normal and lognormal).
struct Distribution {
  DistributionKind kind = DistributionKind::uniform;
  // uniform: a = low, b = high. normal: a = mean, b = sd. lognormal: a = median, b = sigma
  // of the log. beta: a, b the shapes, scaled to [low, high]. triangular: a = mode.
  double a = 0, b = 0;
  double low = 0, high = 0;
  std::vector<double> values{};   // choice: the values
  std::vector<double> weights{};  // choice: their weights (empty: equal)
  bool integer = false;         // draws are rounded (whole-number parameters)

  // A value inside the support that stands for the distribution where one number is needed
  // (validation, the summary of `parley validate`): the median for the continuous
  // distributions, the first value of a choice.
  double nominal() const;
  // One draw, from `rng` only.
  double draw(Rng& rng) const;
  // The exact CDF, for tests and for the report's priors (choice: a step function).
  double cdf(double x) const;
  // The density (choice: the probability of x), 0 outside the support.
  double pdf(double x) const;
  // "normal(mean 0.002, sd 0.0005) in [0, 0.01]" for messages and tables.
  std::string describe() const;
};

// Where an uncertain value goes in the scenario, resolved at load (no names at run time).
struct InputTarget {
  enum class Kind {
    parameter,         // parameter: the table entry
    actor_field,       // index: actor; field: ActorField (as an int)
    actor_position,    // index: actor; sub: issue
    actor_salience,    // index: actor; sub: issue
    belief_mean,       // index: actor
    belief_strength,   // index: actor
    leverage_seeking,  // index: actor
    ceasefire_tempo,   // index: actor
    issue_status_quo,  // index: issue
    region_population, // index: region
    region_terrain,    // index: region
    region_forces,     // index: region; sub: actor
    patron_support,    // index: relation
    patron_leverage,   // index: relation
    patron_lag,        // index: relation
    event_value,       // index: the event's place in the scenario's (sorted) event list
    mediator_factor,
  };
  Kind kind = Kind::parameter;
  const ParameterSpec* parameter = nullptr;
  int index = -1, sub = -1, field = 0;
};

struct UncertainInput {
  std::string name;  // its place in the scenario, e.g. "actors.taliban.cost_of_war"
  Distribution distribution;
  InputTarget target;
  std::uint64_t stream_key = 0;  // sub-key of its stream: fnv1a64(name) (parley/hash.hpp)
};

// Joint draws from a calibrated posterior (parley run --posterior, parley/posterior.hpp): each
// run picks one particle by weight, from a sub-stream of the inputs stream of its own
// (kPosteriorStreamKey), the same in every variant, and takes the inputs it covers from it.
struct PosteriorSample {
  std::vector<int> input;                  // per posterior column: its index in scenario.inputs
  std::vector<std::vector<double>> theta;  // per particle, per column
  std::vector<double> cumulative;          // cumulative normalised weights, the last 1
};
// fnv1a64("posterior"): no input's name ("actors.<id>.<field>", ...) is that word.
inline constexpr std::uint64_t kPosteriorStreamKey = 0xdcfac423778eced6ull;

// Draws every uncertain input of `scenario` for run `run` of `seed` and writes the draws into
// `scenario` (a per-run copy); `drawn` gets the values in the order of scenario.inputs.
void draw_inputs(Scenario& scenario, std::uint64_t seed, std::uint64_t run, std::vector<double>* drawn);

// Writes one value into its target (the same path draw_inputs takes).
void set_input(Scenario& scenario, const InputTarget& target, double value);

// A copy of `base` with every uncertain input fixed at theta[k] (clamped to its support,
// rounded when whole) and nothing left to draw: no inputs, no posterior. What calibration
// and sensitivity simulate at a point of the inputs' space.
Scenario with_inputs(const Scenario& base, const std::vector<double>& theta);

}  // namespace parley
