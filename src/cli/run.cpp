// parley run: a Monte Carlo experiment over threads with common random numbers, streamed into
// aggregates and (with --out) a results database; narrates and traces the first runs.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "parley/analysis.hpp"
#include "parley/csv.hpp"
#include "parley/experiment.hpp"
#include "parley/output_file.hpp"
#include "parley/results_store.hpp"
#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"
#include "parley/version.hpp"

namespace parley::cli {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};

extern "C" void on_signal(int sig) {
  g_signal.store(sig);
  g_stop.store(true);
}

std::string variant_name(const Scenario& s) { return s.variant.empty() ? "base" : s.variant; }

std::vector<const Scenario*> chosen(const ScenarioSet& set, const std::string& path, bool all,
                                    const std::vector<std::string>& names, bool& ok) {
  ok = true;
  if (all) {
    std::vector<const Scenario*> out{&set.base};
    for (const auto& v : set.variants) out.push_back(&v);
    return out;
  }
  if (names.empty()) return {&set.base};
  std::vector<const Scenario*> out;
  for (const auto& name : names) {
    const Scenario* s = set.find(name);
    if (!s) {
      std::string known = "base";
      for (const auto& v : set.variants) known += ", " + v.variant;
      std::cerr << fmt::format("parley run: {} has no variant '{}' (known: {})\n", path, name, known);
      ok = false;
      continue;
    }
    out.push_back(s);
  }
  return out;
}

// The file a line "file: regions.csv" names (quotes and comments removed), or "".
std::string named_file(const std::string& line) {
  const auto key = line.find_first_not_of(" \t");
  if (key == std::string::npos || line.compare(key, 5, "file:") != 0) return "";
  std::string value = line.substr(key + 5);
  value = value.substr(0, value.find('#'));
  const auto first = value.find_first_not_of(" \t\"'"), last = value.find_last_not_of(" \t\r\"'");
  return first == std::string::npos ? "" : value.substr(first, last - first + 1);
}

// The scenario file and every file it names (region tables), so that the stored text and its
// hash change whenever anything the experiment read changes.
std::string scenario_text(const std::string& path) {
  std::string text = read_text_file(path).value_or("");
  std::string all = text;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const std::string name = named_file(line);
    if (name.empty()) continue;
    auto other = (std::filesystem::path(path).parent_path() / name).string();
    all += "\n--- " + name + "\n" + read_text_file(other).value_or("");
  }
  return all;
}

std::string trace_path(const RunCommandOptions& o, const Scenario& s, std::size_t scenarios, std::uint64_t run) {
  if (o.trace <= 1 && scenarios == 1) return o.trace_csv;
  std::string stem = o.trace_csv, ext;
  if (auto dot = stem.rfind('.'); dot != std::string::npos && stem.find('/', dot) == std::string::npos) {
    ext = stem.substr(dot);
    stem = stem.substr(0, dot);
  }
  std::string variant = scenarios > 1 ? "-" + variant_name(s) : "";
  return fmt::format("{}{}-run{}{}", stem, variant, run, ext);
}

// A trace CSV is written under a temporary name and renamed when complete, so a full disk
// leaves no partial trace under the final name (see output_file.hpp).
bool write_file(const std::string& path, const std::string& text) {
  try {
    write_output_file(path, text);
    return true;
  } catch (const OutputError& e) {
    std::cerr << "parley run: " << e.what() << '\n';
    return false;
  }
}

// Everything one experiment holds while it runs.
struct Session {
  Session(const RunCommandOptions& options, std::vector<const Scenario*> chosen_variants)
      : o(options), variants(std::move(chosen_variants)) {}
  const RunCommandOptions& o;
  std::vector<const Scenario*> variants;
  std::vector<std::string> names;
  std::vector<VariantAggregate> aggregates;
  std::vector<VariantSummary> summaries;
  std::unique_ptr<ResultsStore> store;
  std::chrono::steady_clock::time_point last_commit = std::chrono::steady_clock::now();
  bool trace_failed = false;

  std::vector<std::string> states() const {
    std::vector<std::string> out;
    for (const auto& a : aggregates) out.push_back(a.save());
    return out;
  }

  void narrate(const RunRecord& rec, Progress& progress) {
    const Scenario& s = *variants[rec.variant];
    progress.finish();
    if (!o.quiet) {
      std::cout << fmt::format("{} run {} (seed {}):\n", s.variant.empty() ? s.name : s.name + " / " + s.variant,
                               rec.result.run, o.seed);
      for (const auto& line : rec.trace->narrative) std::cout << "  " << line << '\n';
    }
    std::string csv;
    write_trace_csv(s, *rec.trace, csv);
    std::string path = trace_path(o, s, variants.size(), rec.result.run);
    std::error_code ec;
    if (std::filesystem::equivalent(path, o.scenario, ec) || (!o.out.empty() && std::filesystem::equivalent(path, o.out, ec))) {
      std::cerr << fmt::format("parley run: cannot write the trace to {}: it is one of the experiment's own files "
                               "(the scenario or --out); give another --trace-csv\n", path);
      trace_failed = true;
    } else if (!write_file(path, csv)) trace_failed = true;
    else std::cout << fmt::format("  monthly trace ({} months) written to {}\n", rec.trace->rows.size(), path);
  }

  void take(RunRecord&& rec, Progress& progress) {
    const Scenario& s = *variants[rec.variant];
    aggregates[rec.variant].add(rec.result, rec.months);
    if (store) {
      store->add_run(names[rec.variant], s, rec.result);
      // Commit about once a second: a kill then loses at most a second of work.
      if (std::chrono::steady_clock::now() - last_commit > std::chrono::seconds(1)) {
        store->checkpoint(rec.item + 1, states());
        last_commit = std::chrono::steady_clock::now();
      }
    } else {
      summaries[rec.variant].add({outcome_label(s, rec.result), rec.result.first_agreement, rec.result.peace_month,
                                  rec.result.terms, rec.result.battle_deaths});
    }
    if (rec.trace) narrate(rec, progress);
  }
};

std::string command_line(const RunCommandOptions& o) {
  return o.command_line.empty() ? "parley run " + o.scenario : o.command_line;
}

// Opens the database of an incomplete experiment and checks it belongs to this scenario.
std::unique_ptr<ResultsStore> open_for_resume(const RunCommandOptions& o, const std::string& text) {
  auto store = ResultsStore::open(o.out);
  const ExperimentInfo& info = store->info();
  if (info.scenario_hash != fnv1a_hex(text))
    throw StoreError(fmt::format("{} was made from a different scenario than {} (the scenario changed?)", o.out,
                                 o.scenario));
  return store;
}

// The database could not be written (a full disk, a file size limit): what it keeps and how
// to finish it. Everything committed before the error stays; the rest is rolled back when the
// store is closed, so the database is incomplete, consistent and resumable.
int store_failed(Session& s, const std::exception& e) {
  std::cerr << "parley run: " << e.what() << '\n';
  if (s.store) {
    std::cerr << fmt::format(
        "parley run: {} keeps the {} runs committed before the error and is marked incomplete.\n"
        "  When there is room, finish it with: parley run {} --out {} --resume\n",
        s.o.out, s.store->info().items_done, s.o.scenario, s.o.out);
    s.store.reset();
  }
  return kExitFailure;
}

int finish_interrupted(Session& s, std::uint64_t done, std::uint64_t items) {
  if (s.store) {
    try {
      s.store->stop(done, s.states());
    } catch (const StoreError& e) {
      std::cerr << '\n';
      return store_failed(s, e);
    }
  }
  std::cerr << fmt::format("\nparley run: interrupted after {} of {} runs", done, items);
  if (s.store)
    std::cerr << fmt::format("; {} holds them and is marked incomplete.\n  Finish it with: parley run {} --out {} --resume\n",
                             s.o.out, s.o.scenario, s.o.out);
  else
    std::cerr << "; nothing was saved (no --out).\n";
  return 128 + (g_signal.load() ? g_signal.load() : SIGINT);
}

}  // namespace

int run(const RunCommandOptions& o_in) {
  RunCommandOptions o = o_in;
  LoadResult loaded = load_scenario_file(o.scenario);
  for (const auto& d : loaded.diagnostics.items()) std::cerr << d.str() << '\n';
  if (!loaded.scenarios) return kExitInvalidInput;
  const std::string text = scenario_text(o.scenario);
  std::unique_ptr<ResultsStore> resumed;
  try {
    if (o.resume) {
      if (o.out.empty()) {
        std::cerr << "parley run: --resume needs --out DATABASE (the incomplete results database)\n";
        return kExitInvalidInput;
      }
      resumed = open_for_resume(o, text);
      const ExperimentInfo& info = resumed->info();
      if (info.complete) {
        std::cout << fmt::format("{} is already complete ({} runs); nothing to do.\n", o.out, info.runs);
        return kExitOk;
      }
      // The experiment row says how much is left to do; a damaged or hand-edited row would have
      // the resume mark a database complete with most runs missing, or set off on 2^64 runs.
      const std::uint64_t rows = resumed->run_rows();
      if (info.variants.empty())
        throw StoreError(o.out + " is damaged: its variants table is empty; run the experiment again");
      if (info.runs < 1 || info.runs > static_cast<std::uint64_t>(kMaxRuns))
        throw StoreError(fmt::format("{} is damaged: its experiment row gives {} runs per variant, expected 1 to "
                                     "{}; run the experiment again", o.out,
                                     static_cast<std::int64_t>(info.runs), kMaxRuns));
      const std::uint64_t items = info.runs * info.variants.size();
      if (info.items_done > items || info.items_done != rows)
        throw StoreError(fmt::format("{} is damaged: its experiment row says {} of {} runs are done, but the runs "
                                     "table holds {}; run the experiment again", o.out,
                                     static_cast<std::int64_t>(info.items_done), items, rows));
      o.variants = info.variants;
      o.all_variants = false;
      o.seed = info.seed;
      o.runs = static_cast<long long>(info.runs);
      o.trace = 0;  // the traced runs were the first ones, done before the interruption
    }
  } catch (const StoreError& e) {
    std::cerr << "parley run: " << e.what() << '\n';
    return kExitInvalidInput;
  }
  bool ok = true;
  Session session(o, chosen(*loaded.scenarios, o.scenario, o.all_variants, o.variants, ok));
  if (!ok) return kExitInvalidInput;
  {
    std::vector<std::string> seen;
    std::int64_t cells = 0;
    for (const Scenario* s : session.variants) {
      const std::string name = variant_name(*s);
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
        std::cerr << fmt::format("parley run: --variant {} is given twice: each variant runs once\n", name);
        return kExitInvalidInput;
      }
      seen.push_back(name);
      cells += static_cast<std::int64_t>(s->months) * static_cast<std::int64_t>(s->regions.size()) *
               static_cast<std::int64_t>(s->camps.size());
    }
    if (cells > kMaxRunControlCells) {
      std::cerr << fmt::format("parley run: the {} variants chosen have {} months x regions x camps cells in all, "
                               "more than the limit of {} for one run (the memory and database they take grow "
                               "with it; see Limits in docs/robustness.md): run fewer variants at a time\n",
                               session.variants.size(), cells, kMaxRunControlCells);
      return kExitInvalidInput;
    }
  }
  for (const Scenario* s : session.variants) {
    session.names.push_back(variant_name(*s));
    session.aggregates.emplace_back(*s);
    std::vector<std::string> issues;
    for (const auto& i : s->issues) issues.push_back(i.id);
    session.summaries.emplace_back(s->variant.empty() ? "base scenario" : "variant " + s->variant, s->months, issues);
  }

  ExperimentPlan plan;
  plan.variants = session.variants;
  plan.seed = o.seed;
  plan.runs = static_cast<std::uint64_t>(o.runs);
  plan.threads = o.threads;
  plan.trace_runs = static_cast<std::uint64_t>(o.trace);
  void (*old_int)(int) = SIG_DFL;
  void (*old_term)(int) = SIG_DFL;
  bool signals_set = false;
  try {
    if (resumed) {
      auto states = resumed->checkpoints();
      // A database stopped before its first commit of runs (killed, or the disk full within
      // the first second) has no saved state yet: it resumes from the start, with empty
      // aggregates.
      const bool nothing_saved = resumed->info().items_done == 0;
      for (std::size_t v = 0; v < states.size(); ++v)
        if (!(nothing_saved && states[v].empty()) && !session.aggregates[v].load(states[v]))
          throw StoreError(o.out + ": the saved aggregates do not fit the scenario; run the experiment again");
      plan.first_item = resumed->info().items_done;
      resumed->begin_resume(session.variants);
      session.store = std::move(resumed);
    } else if (!o.out.empty()) {
      // A signal during creation stops the experiment after it, leaving an empty database that
      // --resume fills, rather than killing the process half way through creating it.
      g_stop = false;
      old_int = std::signal(SIGINT, on_signal);
      old_term = std::signal(SIGTERM, on_signal);
      signals_set = true;
      ExperimentInfo info;
      info.scenario_path = o.scenario;
      info.scenario_text = text;
      info.scenario_hash = fnv1a_hex(text);
      info.variants = session.names;
      info.seed = o.seed;
      info.runs = plan.runs;
      info.trace_runs = plan.trace_runs;
      info.parley_version = kVersion;
      info.command_line = command_line(o);
      info.started_at = utc_now();
      session.store = ResultsStore::create(o.out, info, session.variants);
    }
  } catch (const StoreError& e) {
    std::cerr << "parley run: " << e.what() << '\n';
    return kExitFailure;
  }

  if (!signals_set) {
    g_stop = false;
    old_int = std::signal(SIGINT, on_signal);
    old_term = std::signal(SIGTERM, on_signal);
  }
  if (session.store) session.store->set_stop_flag(&g_stop);
  Progress progress(plan.first_item, plan.items(), !o.quiet);
  ExperimentHooks hooks;
  hooks.sink = [&](RunRecord&& rec) { session.take(std::move(rec), progress); };
  hooks.tick = [&](std::uint64_t done) { progress.update(done); };
  hooks.stop = &g_stop;
  std::uint64_t done = 0;
  try {
    done = run_experiment(plan, hooks);
  } catch (const StoreError& e) {
    progress.finish();
    return store_failed(session, e);
  } catch (const std::exception& e) {
    progress.finish();
    std::cerr << "parley run: " << e.what() << '\n';
    return kExitFailure;
  }
  progress.finish();
  std::signal(SIGINT, old_int);
  std::signal(SIGTERM, old_term);
  if (done < plan.items()) return finish_interrupted(session, done, plan.items());

  if (session.store) {
    try {
      session.store->finish(done, session.variants, session.aggregates);
    } catch (const StoreError& e) {
      return store_failed(session, e);
    }
  }
  try {
    if (session.store) {
      std::cout << '\n' << summarise_results(o.out);
      std::cout << fmt::format("\nresults written to {}\n", o.out);
    } else {
      for (const auto& s : session.summaries) std::cout << '\n' << s.text();
    }
  } catch (const std::exception& e) {
    std::cerr << "parley run: " << e.what() << '\n';
    return kExitFailure;
  }
  return session.trace_failed ? kExitFailure : kExitOk;
}

}  // namespace parley::cli
