// What `parley sensitivity` writes and `parley report --sensitivity` reads: Morris screening
// and Sobol indices of a scenario's outputs over its uncertain inputs (FORECASTING.md section
// 5), as a small SQLite database with its own application id (docs/forecasting.md, "The
// sensitivity database").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace parley {

struct SensitivityFile {
  std::string role, path, hash;  // what the loader read the file for, where, and fnv1a_hex of its bytes
};

struct SensitivityInputRow {
  std::string name;          // e.g. "parameters.engagement_rate"
  std::string distribution;  // Distribution::describe()
  double nominal = 0;        // the value it is held at when screened out
  bool screened_in = false;  // passed the Morris screening (in the Sobol phase)
};

struct SensitivityOutputRow {
  std::string name;         // e.g. "deaths_first_year", "terms:power"
  std::string description;  // what it measures, in words
  double mean = 0;          // over the Sobol rows A and B (NaN without a Sobol phase)
  double variance = 0;      // the V of the indices (NaN without a Sobol phase)
};

struct MorrisRow {
  std::string input, output;
  double mu = 0, mu_star = 0, sigma = 0;
};

struct SobolRow {
  std::string input, output;
  double first = 0, first_low = 0, first_high = 0;
  double total = 0, total_low = 0, total_high = 0;
};

struct SensitivityTables {
  // The scenario's identity.
  std::string scenario_path, scenario_name, variant;  // variant "base" for the base scenario
  std::string start, origin, horizon;                 // YYYY-MM; origin "" without meta.origin
  std::vector<SensitivityFile> files;
  // The settings.
  std::string parley_version, command_line;
  std::uint64_t seed = 1;
  std::uint64_t trajectories = 0, samples = 0, bootstrap = 0, replicates = 1;
  int levels = 4;
  double confidence = 0.95, screen_threshold = 0.1;
  std::uint64_t morris_evaluations = 0, sobol_evaluations = 0, simulations = 0;
  // "complete", "interrupted" (Ctrl-C in the Sobol phase: no Sobol rows) or "nothing screened
  // in" (no input moved any output: no Sobol phase).
  std::string stopped = "complete";
  std::vector<SensitivityInputRow> inputs;    // every uncertain input, in the scenario's order
  std::vector<SensitivityOutputRow> outputs;  // the outputs asked for, in order
  std::vector<MorrisRow> morris;              // input-major: every input x every output
  std::vector<SobolRow> sobol;                // the screened-in inputs x every output
};

// Writes a new database at `path` (it must not exist); nothing is left under `path` on
// failure. Throws StoreWriteError (parley/results_store.hpp) when it cannot be written and
// StoreError when `path` exists.
void write_sensitivity(const std::string& path, const SensitivityTables& tables);
// Reads one back; StoreError naming the file and the problem when it is not one.
SensitivityTables read_sensitivity(const std::string& path);

}  // namespace parley
