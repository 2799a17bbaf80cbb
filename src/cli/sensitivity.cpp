// parley sensitivity: which uncertain inputs move which outputs (FORECASTING.md section 5).
// Morris screening of every uncertain input, then Sobol first-order and total indices with
// bootstrap intervals for the inputs that pass the screening (the engine is
// parley/sensitivity.hpp); written as a sensitivity database that `parley report
// --sensitivity` draws as a tornado chart.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <mutex>
#include <optional>
#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "parley/csv.hpp"
#include "parley/output_file.hpp"
#include "parley/results_store.hpp"
#include "parley/scenario_loader.hpp"
#include "parley/sensitivity.hpp"
#include "parley/sensitivity_db.hpp"
#include "parley/simulation.hpp"
#include "parley/uncertain.hpp"
#include "parley/version.hpp"

namespace parley::cli {

namespace {

std::atomic<bool> g_sensitivity_stop{false};
extern "C" void on_sensitivity_signal(int) { g_sensitivity_stop.store(true); }

struct Interrupted {};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The simulations of the Sobol phase are numbered from here (the Morris phase's from 0), so the
// two phases never share dice.
constexpr std::uint64_t kSobolRunBase = std::uint64_t{1} << 40;
// The most points of one design (Morris r (k + 1), Sobol N (k + 2)).
constexpr double kMaxDesignPoints = 20'000'000;

enum class OutputKind { peace, months_to_agreement, deaths_first_year, deaths_total, terms, victory };

struct OutputSpec {
  OutputKind kind = OutputKind::peace;
  int issue = -1;  // terms
  std::string name, description;
};

// Every output the scenario offers, in the order of the tables.
std::vector<OutputSpec> available_outputs(const Scenario& s) {
  const std::string from = s.origin > 0 ? "the origin " + s.start.plus(s.origin).to_string() : "the start " + s.start.to_string();
  const std::string end = s.start.plus(s.months - 1).to_string();
  std::vector<OutputSpec> v;
  v.push_back({OutputKind::peace, -1, "peace", fmt::format("durable peace by the horizon ({}): 1 or 0", end)});
  v.push_back({OutputKind::months_to_agreement, -1, "months_to_agreement",
               fmt::format("months from {} to the end of the month the first agreement is signed (0 if before), "
                           "a run without one counting the {} months to the horizon (a restricted mean)",
                           from, s.months - s.origin)});
  v.push_back({OutputKind::deaths_first_year, -1, "deaths_first_year",
               fmt::format("battle deaths in the 12 months from {}", from)});
  v.push_back({OutputKind::deaths_total, -1, "deaths_total", fmt::format("battle deaths from {} to the horizon ({})", from, end)});
  for (std::size_t k = 0; k < s.issues.size(); ++k)
    v.push_back({OutputKind::terms, static_cast<int>(k), "terms:" + s.issues[k].id,
                 fmt::format("terms on {} (0-100) of the last agreement signed; the status quo in a run without one",
                             s.issues[k].id)});
  v.push_back({OutputKind::victory, -1, "victory", "a military victory by any camp by the horizon: 1 or 0"});
  return v;
}

// --outputs: a comma-separated list of names; "terms" stands for every issue's terms.
std::optional<std::vector<OutputSpec>> choose_outputs(const std::vector<OutputSpec>& all, const std::string& list,
                                                      std::string& error) {
  if (list.empty()) return all;
  std::vector<OutputSpec> chosen;
  std::size_t at = 0;
  while (at <= list.size()) {
    const std::size_t comma = std::min(list.find(',', at), list.size());
    std::string name = list.substr(at, comma - at);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    at = comma + 1;
    if (name.empty()) continue;
    bool found = false;
    for (const OutputSpec& o : all)
      if (o.name == name || (name == "terms" && o.kind == OutputKind::terms)) {
        found = true;
        if (std::none_of(chosen.begin(), chosen.end(), [&](const OutputSpec& c) { return c.name == o.name; }))
          chosen.push_back(o);
      }
    if (!found) {
      std::string names;
      for (const OutputSpec& o : all) names += (names.empty() ? "" : ", ") + o.name;
      error = fmt::format("--outputs: '{}' is not an output of this scenario; expected a comma-separated list of {} "
                          "(or terms for every issue)", name, names);
      return std::nullopt;
    }
  }
  if (chosen.empty()) {
    error = "--outputs: the list is empty; name at least one output";
    return std::nullopt;
  }
  return chosen;
}


// The outputs of one run, counted from `from` (the origin, or 0).
std::vector<double> run_outputs(const Scenario& s, const std::vector<OutputSpec>& outputs, const RunResult& r,
                                const RunMonths& m, int from) {
  // Cumulative battle deaths at the end of month t, carried forward past the run's end.
  const auto deaths_by = [&](int t) {
    if (t < 0 || m.months <= 0 || m.deaths.empty()) return 0.0;
    return m.deaths[static_cast<std::size_t>(std::min(t, m.months - 1))];
  };
  const int horizon = s.months - from;
  std::vector<double> v;
  v.reserve(outputs.size());
  for (const OutputSpec& o : outputs) {
    switch (o.kind) {
      case OutputKind::peace: v.push_back(r.outcome == RunOutcome::peace ? 1.0 : 0.0); break;
      case OutputKind::months_to_agreement:
        v.push_back(r.first_agreement < 0 ? horizon : std::clamp(r.first_agreement + 1 - from, 0, horizon));
        break;
      case OutputKind::deaths_first_year:
        v.push_back(deaths_by(std::min(from + 11, s.months - 1)) - deaths_by(from - 1));
        break;
      case OutputKind::deaths_total: v.push_back(deaths_by(s.months - 1) - deaths_by(from - 1)); break;
      case OutputKind::terms: {
        const auto k = static_cast<std::size_t>(o.issue);
        v.push_back(k < r.terms.size() ? r.terms[k] : s.issues[k].status_quo);
        break;
      }
      case OutputKind::victory: v.push_back(r.outcome == RunOutcome::victory ? 1.0 : 0.0); break;
    }
  }
  return v;
}

// Progress of one phase over threads: a counter, and one thread at a time drawing the line.
class PhaseProgress {
 public:
  PhaseProgress(std::uint64_t total, bool enabled) : progress_(0, total, enabled) {}
  void add(std::uint64_t runs) {
    const std::uint64_t done = done_ += runs;
    std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock()) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    progress_.update(done);
  }
  void finish() { progress_.finish(); }

 private:
  Progress progress_;
  std::atomic<std::uint64_t> done_{0};
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_{};
};

// One model evaluation: the mean over `replicates` runs of the scenario with the inputs at
// theta, run n of replicate r numbered base + key * replicates + r.
struct Evaluator {
  const Scenario* scenario = nullptr;
  const std::vector<OutputSpec>* outputs = nullptr;
  std::uint64_t seed = 1, replicates = 1, base = 0;
  PhaseProgress* progress = nullptr;

  std::vector<double> operator()(const std::vector<double>& theta, std::uint64_t key) const {
    if (g_sensitivity_stop.load()) throw Interrupted{};
    const Scenario s = with_inputs(*scenario, theta);
    std::vector<double> mean(outputs->size(), 0.0);
    for (std::uint64_t r = 0; r < replicates; ++r) {
      if (g_sensitivity_stop.load()) throw Interrupted{};
      RunMonths months;
      RunOptions o;
      o.seed = seed;
      o.run = base + key * replicates + r;
      o.months = &months;
      const RunResult result = simulate_run(s, o);
      const std::vector<double> v = run_outputs(s, *outputs, result, months, s.origin);
      for (std::size_t q = 0; q < v.size(); ++q) mean[q] += v[q];
    }
    for (double& x : mean) x /= static_cast<double>(replicates);
    if (progress) progress->add(replicates);
    return mean;
  }
};

std::string cell(double v) { return std::isfinite(v) ? fmt::format("{:.17g}", v) : ""; }

// The tables as CSV files in `dir` (created when needed), for pandas and R.
void write_csv(const std::string& dir, const SensitivityTables& t) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir)) throw OutputError(fmt::format("cannot create the folder {}{}", dir, ec ? ": " + ec.message() : ""));
  std::string inputs = "input,position,distribution,nominal,screened_in\n";
  for (std::size_t k = 0; k < t.inputs.size(); ++k)
    inputs += fmt::format("{},{},{},{},{}\n", csv_field(t.inputs[k].name), k, csv_field(t.inputs[k].distribution),
                          cell(t.inputs[k].nominal), t.inputs[k].screened_in ? 1 : 0);
  std::string outputs = "output,position,description,mean,variance\n";
  for (std::size_t k = 0; k < t.outputs.size(); ++k)
    outputs += fmt::format("{},{},{},{},{}\n", csv_field(t.outputs[k].name), k, csv_field(t.outputs[k].description),
                           cell(t.outputs[k].mean), cell(t.outputs[k].variance));
  std::string morris = "input,output,mu,mu_star,sigma\n";
  for (const MorrisRow& m : t.morris)
    morris += fmt::format("{},{},{},{},{}\n", csv_field(m.input), csv_field(m.output), cell(m.mu), cell(m.mu_star), cell(m.sigma));
  std::string sobol = "input,output,first,first_low,first_high,total,total_low,total_high\n";
  for (const SobolRow& x : t.sobol)
    sobol += fmt::format("{},{},{},{},{},{},{},{}\n", csv_field(x.input), csv_field(x.output), cell(x.first),
                         cell(x.first_low), cell(x.first_high), cell(x.total), cell(x.total_low), cell(x.total_high));
  write_output_file((fs::path(dir) / "inputs.csv").string(), inputs);
  write_output_file((fs::path(dir) / "outputs.csv").string(), outputs);
  write_output_file((fs::path(dir) / "morris.csv").string(), morris);
  write_output_file((fs::path(dir) / "sobol.csv").string(), sobol);
}

// What it found, for a person: the screening, then per output the indices by total.
void print_tables(const SensitivityTables& t, const std::vector<std::vector<double>>& relative) {
  std::size_t width = 5;
  for (const auto& in : t.inputs) width = std::max(width, in.name.size());
  std::cout << fmt::format("Morris screening: mu* of each input relative to the largest on each output (kept: {:.2g} "
                           "or more on any output)\n", t.screen_threshold);
  std::cout << fmt::format("  {:<{}}", "input", width);
  for (const auto& o : t.outputs) std::cout << fmt::format(" {:>{}}", o.name, std::max<std::size_t>(8, o.name.size()));
  std::cout << "  kept\n";
  for (std::size_t j = 0; j < t.inputs.size(); ++j) {
    std::cout << fmt::format("  {:<{}}", t.inputs[j].name, width);
    for (std::size_t q = 0; q < t.outputs.size(); ++q)
      std::cout << fmt::format(" {:>{}.3f}", relative[q][j], std::max<std::size_t>(8, t.outputs[q].name.size()));
    std::cout << (t.inputs[j].screened_in ? "  yes\n" : "  no\n");
  }
  if (t.sobol.empty()) return;
  std::cout << fmt::format("Sobol indices ({} samples, {} replicate(s) per point; {:.0f}% bootstrap intervals from {} "
                           "resamples), by total index:\n",
                           t.samples, t.replicates, 100 * t.confidence, t.bootstrap);
  for (const auto& o : t.outputs) {
    if (!(o.variance > 0)) {
      std::cout << fmt::format("  {}: {:.4g} at every point of the design, so no input moves it (no indices)\n", o.name,
                               o.mean);
      continue;
    }
    std::cout << fmt::format("  {} (mean {:.4g}, sd {:.4g}): {}\n", o.name, o.mean, std::sqrt(o.variance), o.description);
    std::vector<const SobolRow*> rows;
    for (const SobolRow& x : t.sobol)
      if (x.output == o.name) rows.push_back(&x);
    std::stable_sort(rows.begin(), rows.end(), [](const SobolRow* a, const SobolRow* b) {
      const double ta = std::isnan(a->total) ? -1 : a->total, tb = std::isnan(b->total) ? -1 : b->total;
      return ta > tb;
    });
    for (const SobolRow* x : rows)
      std::cout << fmt::format("    {:<{}}  first {:6.3f} ({:6.3f} to {:6.3f})  total {:6.3f} ({:6.3f} to {:6.3f})\n",
                               x->input, width, x->first, x->first_low, x->first_high, x->total, x->total_low,
                               x->total_high);
  }
}

}  // namespace

int sensitivity(const SensitivityOptions& o) {
  namespace fs = std::filesystem;
  const std::string me = "parley sensitivity: " + o.scenario;
  LoadResult loaded = load_scenario_file(o.scenario);
  for (const auto& d : loaded.diagnostics.items()) std::cerr << d.str() << '\n';
  if (!loaded.scenarios) return kExitInvalidInput;
  const Scenario* chosen = loaded.scenarios->find(o.variant);
  if (!chosen) {
    std::cerr << fmt::format("parley sensitivity: {} has no variant '{}'\n", o.scenario, o.variant);
    return kExitInvalidInput;
  }
  const Scenario& s = *chosen;
  if (s.inputs.empty()) {
    std::cerr << me << ": no value is uncertain, so there is nothing to vary: give the values in doubt as "
                       "distributions (docs/scenario-format.md, \"Uncertain values\"), e.g. engagement_rate: "
                       "{uniform: [1, 10]}\n";
    return kExitInvalidInput;
  }
  std::string error;
  const auto outputs = choose_outputs(available_outputs(s), o.outputs, error);
  if (!outputs) {
    std::cerr << "parley sensitivity: " << error << '\n';
    return kExitInvalidInput;
  }
  // Every design point's outputs are held until the estimates are made (about 100 bytes a
  // point), so the designs are bounded before any simulation.
  const std::size_t inputs = s.inputs.size();
  const double points = std::max(static_cast<double>(o.trajectories) * static_cast<double>(inputs + 1),
                                 static_cast<double>(o.samples) * static_cast<double>(inputs + 2));
  if (points > kMaxDesignPoints) {
    std::cerr << fmt::format("parley sensitivity: {} inputs with --trajectories {} and --samples {} make {:.3g} design "
                             "points, more than the {:.0f} parley holds in memory (about 100 bytes each): lower "
                             "--samples or --trajectories\n",
                             inputs, o.trajectories, o.samples, points, kMaxDesignPoints);
    return kExitInvalidInput;
  }
  // The database is checked before the hours of work, not after.
  std::error_code ec;
  if (fs::exists(fs::symlink_status(o.out, ec))) {
    std::cerr << fmt::format("parley sensitivity: {} exists already: give a new file for --out (a sensitivity "
                             "database is never overwritten)\n", o.out);
    return kExitInvalidInput;
  }
  const fs::path folder = fs::path(o.out).parent_path().empty() ? fs::path(".") : fs::path(o.out).parent_path();
  if (!fs::is_directory(folder, ec)) {
    std::cerr << fmt::format("parley sensitivity: cannot write {}: the folder {} does not exist\n", o.out, folder.string());
    return kExitFailure;
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    std::cerr << fmt::format("parley sensitivity: cannot write {}: the folder {} is not writable\n", o.out, folder.string());
    return kExitFailure;
  }

  SensitivityTables t;
  t.scenario_path = o.scenario;
  t.scenario_name = s.name;
  t.variant = s.variant.empty() ? "base" : s.variant;
  t.start = s.start.to_string();
  t.origin = s.origin > 0 ? s.start.plus(s.origin).to_string() : "";
  t.horizon = s.start.plus(s.months - 1).to_string();
  for (const SourceFile& f : loaded.files) t.files.push_back({std::string(enum_name(f.role)), f.path, f.hash});
  t.parley_version = kVersion;
  t.command_line = o.command_line;
  t.seed = o.seed;
  t.trajectories = o.trajectories;
  t.samples = o.samples;
  t.bootstrap = o.bootstrap;
  t.replicates = o.replicates;
  t.levels = 4;
  t.confidence = 0.95;
  t.screen_threshold = o.screen_threshold;
  for (const UncertainInput& in : s.inputs)
    t.inputs.push_back({in.name, in.distribution.describe(), in.distribution.nominal(), false});
  for (const OutputSpec& out : *outputs) t.outputs.push_back({out.name, out.description, kNaN, kNaN});

  const std::size_t k = s.inputs.size();
  g_sensitivity_stop = false;
  auto previous_int = std::signal(SIGINT, on_sensitivity_signal);
  auto previous_term = std::signal(SIGTERM, on_sensitivity_signal);
  const auto restore = [&] {
    std::signal(SIGINT, previous_int);
    std::signal(SIGTERM, previous_term);
  };
  const auto started = std::chrono::steady_clock::now();
  const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };

  // Phase 1: Morris screening of every input.
  MorrisOptions mo;
  mo.trajectories = o.trajectories;
  mo.levels = t.levels;
  mo.seed = o.seed;
  mo.threads = o.threads;
  const std::uint64_t morris_runs = o.trajectories * (k + 1) * o.replicates;
  if (!o.quiet)
    std::cerr << fmt::format("screening {} uncertain input(s) of {} by Morris: {} trajectories x {} points x {} "
                             "replicate(s) = {} runs\n", k, s.name, o.trajectories, k + 1, o.replicates, morris_runs);
  PhaseProgress morris_progress(morris_runs, !o.quiet);
  SensitivityProblem problem;
  for (const UncertainInput& in : s.inputs) {
    problem.inputs.push_back(in.distribution);
    problem.names.push_back(in.name);
  }
  problem.model = Evaluator{&s, &*outputs, o.seed, o.replicates, 0, &morris_progress};
  MorrisResult morris;
  try {
    morris = parley::morris(problem, mo);
  } catch (const Interrupted&) {
    morris_progress.finish();
    restore();
    std::cerr << me << ": interrupted during the screening; nothing written\n";
    return 128 + SIGINT;
  } catch (const std::exception& e) {
    morris_progress.finish();
    restore();
    std::cerr << me << ": " << e.what() << '\n';
    return kExitFailure;
  }
  morris_progress.finish();
  t.morris_evaluations = morris.evaluations;
  t.simulations = morris.evaluations * o.replicates;

  // The screening: an input is kept when its mu* reaches the threshold times the largest mu*
  // on some output (threshold 0 keeps every input).
  std::vector<std::vector<double>> relative(outputs->size(), std::vector<double>(k, 0.0));
  std::vector<std::size_t> kept;
  for (std::size_t j = 0; j < k; ++j) {
    for (std::size_t q = 0; q < outputs->size(); ++q) {
      double largest = 0;
      for (std::size_t i = 0; i < k; ++i) largest = std::max(largest, morris.effects[q][i].mu_star);
      relative[q][j] = largest > 0 ? morris.effects[q][j].mu_star / largest : 0.0;
      if (largest > 0 && relative[q][j] >= o.screen_threshold) t.inputs[j].screened_in = true;
    }
    if (o.screen_threshold <= 0) t.inputs[j].screened_in = true;
    if (t.inputs[j].screened_in) kept.push_back(j);
    for (std::size_t q = 0; q < outputs->size(); ++q) {
      const MorrisEffect& e = morris.effects[q][j];
      t.morris.push_back({s.inputs[j].name, (*outputs)[q].name, e.mu, e.mu_star, e.sigma});
    }
  }

  // Phase 2: Sobol indices of the inputs kept, the others held at their nominal values.
  int status = kExitOk;
  if (kept.empty()) {
    t.stopped = "nothing screened in";
  } else {
    SobolOptions so;
    so.samples = o.samples;
    so.bootstrap = o.bootstrap;
    so.confidence = t.confidence;
    so.seed = o.seed;
    so.threads = o.threads;
    const std::uint64_t sobol_runs = o.samples * (kept.size() + 2) * o.replicates;
    if (!o.quiet)
      std::cerr << fmt::format("Sobol indices of {} input(s): {} samples x {} points x {} replicate(s) = {} runs\n",
                               kept.size(), o.samples, kept.size() + 2, o.replicates, sobol_runs);
    PhaseProgress sobol_progress(sobol_runs, !o.quiet);
    std::vector<double> nominal(k);
    for (std::size_t j = 0; j < k; ++j) nominal[j] = s.inputs[j].distribution.nominal();
    SensitivityProblem sub;
    for (std::size_t j : kept) {
      sub.inputs.push_back(s.inputs[j].distribution);
      sub.names.push_back(s.inputs[j].name);
    }
    const Evaluator whole{&s, &*outputs, o.seed, o.replicates, kSobolRunBase, &sobol_progress};
    sub.model = [&](const std::vector<double>& theta, std::uint64_t key) {
      std::vector<double> x = nominal;
      for (std::size_t i = 0; i < kept.size(); ++i) x[kept[i]] = theta[i];
      return whole(x, key);
    };
    try {
      const SobolResult sr = parley::sobol(sub, so);
      sobol_progress.finish();
      t.sobol_evaluations = sr.evaluations;
      t.simulations += sr.evaluations * o.replicates;
      for (std::size_t q = 0; q < outputs->size(); ++q) {
        t.outputs[q].mean = sr.mean[q];
        t.outputs[q].variance = sr.variance[q];
      }
      for (std::size_t i = 0; i < kept.size(); ++i)
        for (std::size_t q = 0; q < outputs->size(); ++q) {
          const SobolIndex& x = sr.indices[q][i];
          t.sobol.push_back({s.inputs[kept[i]].name, (*outputs)[q].name, x.first, x.first_interval.low,
                             x.first_interval.high, x.total, x.total_interval.low, x.total_interval.high});
        }
    } catch (const Interrupted&) {
      sobol_progress.finish();
      t.stopped = "interrupted";
      status = 128 + SIGINT;
    } catch (const std::exception& e) {
      sobol_progress.finish();
      restore();
      std::cerr << me << ": " << e.what() << '\n';
      return kExitFailure;
    }
  }
  restore();

  try {
    write_sensitivity(o.out, t);
    if (!o.csv_dir.empty()) write_csv(o.csv_dir, t);
  } catch (const std::exception& e) {
    std::cerr << "parley sensitivity: " << e.what() << '\n';
    return kExitFailure;
  }
  std::cout << fmt::format("{}: {} inputs, {} outputs, {} simulations in {:.1f} s; {} of {} inputs passed the "
                           "screening{}\n",
                           o.out, k, outputs->size(), t.simulations, seconds(), kept.size(), k,
                           t.stopped == "complete" ? "" : " (" + t.stopped + ")");
  print_tables(t, relative);
  if (t.stopped == "interrupted")
    std::cout << "  (interrupted during the Sobol phase: the database holds the screening only)\n";
  if (t.stopped == "nothing screened in")
    std::cout << "  (no input moved any output in the screening: no Sobol phase)\n";
  return status;
}

}  // namespace parley::cli
