// The subcommands of the parley command, each a plain function over its options.
// Only main.cpp sees CLI11; the commands are ordinary code and can be tested as such.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parley::cli {

// Exit statuses shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;       // the command ran and failed (I/O, internal)
inline constexpr int kExitInvalidInput = 2;  // the input files are invalid

// The most runs per variant parley run accepts. Nothing in parley overflows above it (runs
// are counted in 64 bits); it is there because a count beyond it is almost surely a typing
// slip: 10^8 runs of the flagship scenario take about 6 hours on 2 cores and a 9 GB results
// database per variant, and its shares are already within 0.0001 (docs/robustness.md, Limits).
inline constexpr long long kMaxRuns = 100'000'000;

struct ValidateOptions {
  std::vector<std::string> files;
  bool quiet = false;  // errors only, no summary
};
int validate(const ValidateOptions& options);

struct BargainOptions {
  std::string table;
  std::string model = "eum";
  std::string preset = "scholz";
  std::optional<int> rounds;  // none: the model's default stopping rule
  std::string format = "text";
  std::string salience_scale = "auto";
  // eum
  std::vector<std::string> eum_options;  // "A4=none", applied after the preset
  std::optional<double> q;               // A12: overrides the preset's Q
  std::optional<double> tolerance;       // switches to the convergence stopping rule
  int stable_rounds = 3;
  // nash
  std::string loss = "linear";
  std::optional<double> status_quo;
  std::optional<double> span;  // utility span (nash) or issue scale (eum A8=scale)
  bool joint = false;
  // smp
  std::optional<std::uint64_t> seed;  // StateTransitions=Stochastic
};
int bargain(const BargainOptions& options);
int bargain_smp(const BargainOptions& options);

// EUM rounds and actors: its work grows with rounds x actors^2 x issues (10,000 actors took
// 122 s and 4.7 GB per round set), so each is bounded and so is their product.
inline constexpr int kMaxEumRounds = 10'000;
inline constexpr std::size_t kMaxEumActors = 1'000;
inline constexpr double kMaxEumWork = 1e8;  // rounds x actors^2 x issues: about 10 s

}  // namespace parley::cli

namespace parley::cli {

struct RunCommandOptions {
  std::string scenario;
  std::vector<std::string> variants;  // empty: the base scenario
  bool all_variants = false;
  long long runs = 1;
  unsigned long long seed = 1;
  unsigned threads = 0;                // 0: every core
  int trace = 0;                       // keep monthly traces of the first `trace` runs
  std::string trace_csv = "trace.csv"; // where a single trace goes; more get -run<N> (and -<variant>)
  std::string out;                     // results database; empty: none
  std::string posterior;               // draw the uncertain inputs from this calibrated posterior
  bool resume = false;                 // finish the incomplete experiment in `out`
  bool quiet = false;                  // no narrative, no progress line
  std::string command_line;            // as typed, for the database
};
int run(const RunCommandOptions& options);

struct CalibrateOptions {
  std::string scenario;
  std::string variant;                  // "": the base scenario
  std::string out;                      // the posterior database; must not exist
  int particles = 1000;
  int generations = 8;
  unsigned long long budget = 200'000;  // simulations at most
  double quantile = 0.5;                // each tolerance: this quantile of the last accepted distances
  double min_acceptance = 0.01;
  unsigned long long seed = 1;
  unsigned threads = 0;
  int checks = 200;                     // posterior predictive draws (and as many from the prior)
  bool resume = false;                  // continue the calibration in `out`
  bool quiet = false;
  std::string command_line;
};
int calibrate(const CalibrateOptions& options);

struct SensitivityOptions {
  std::string scenario;
  std::string variant;                    // "": the base scenario
  std::string out;                        // the sensitivity database; must not exist
  std::string csv_dir;                    // also write the tables as CSV here ("": no)
  std::string outputs;                    // comma-separated output names; "": every output
  unsigned long long trajectories = 20;   // Morris r
  unsigned long long samples = 1024;      // Sobol N
  unsigned long long bootstrap = 200;     // resamples for the intervals
  unsigned long long replicates = 8;      // runs averaged per model evaluation
  double screen_threshold = 0.1;          // keep inputs whose mu* reaches this share of the largest
  unsigned long long seed = 1;
  unsigned threads = 0;
  bool quiet = false;
  std::string command_line;
};
int sensitivity(const SensitivityOptions& options);

struct ResultsCommandOptions {
  std::string database;
  std::string baseline = "base";  // compare
  std::string csv_dir, json_dir;  // export
};
int summary(const ResultsCommandOptions& options);
int compare(const ResultsCommandOptions& options);
int export_results(const ResultsCommandOptions& options);

struct ScoreCommandOptions {
  std::string database;
  std::string observations;
  std::string variant;                 // "": the first variant stored
  bool json = false;
  std::string output;                  // "": standard output
  double floor = 1e-3;                 // of the ignorance and the log score
  std::string bins;                    // "": the default half-decade bins for deaths and forces
  bool include_history = false;        // also score rows ending before the origin
  std::optional<unsigned long long> seed;  // the PIT's randomisation; default the experiment's seed
};
int score(const ScoreCommandOptions& options);

struct ReportCommandOptions {
  std::string database;
  std::string output = "report.html";
  std::string observations;    // adds "How the forecast scored" (parley score's scores)
  std::string baseline;        // "": the first question's reference variant
  std::optional<int> month;    // the month the map opens at, counted from the origin (0 = its own month)
  std::string map = "share";   // what colours the map at first: "share" or "holder"
  std::string sensitivity;     // a sensitivity database to add ("": none)
};
int report(const ReportCommandOptions& options);

}  // namespace parley::cli
