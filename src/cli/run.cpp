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
#include <optional>
#include <sstream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/mpi.hpp"
#include "cli/progress.hpp"
#include "parley/posterior.hpp"
#include "parley/analysis.hpp"
#include "parley/csv.hpp"
#include "parley/experiment.hpp"
#include "parley/narrative.hpp"
#include "parley/output_file.hpp"
#include "parley/report.hpp"
#include "parley/results_store.hpp"
#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"
#include "parley/version.hpp"

namespace parley::cli {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
// Items in the database as of its last commit, for the message of a stuck MPI rank 0 (below).
std::atomic<std::uint64_t> g_committed{0};

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
  // Runs of this session whose history was drawn again (RunOptions::condition_on_origin), and
  // those of them whose every draw ended the war before the origin.
  std::uint64_t redrawn = 0, unreached = 0;

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
      if (rec.result.history_draws > 1) {
        const bool unreached = ended_before_origin(rec.result.outcome, rec.result.months_simulated, s.origin);
        std::cout << fmt::format("  (its history was drawn {} times: {} before the origin, {})\n",
                                 rec.result.history_draws, unreached ? "each ended the war" : "the first ended the war",
                                 unreached ? "and this is the last" : "and this one reached it");
      }
      for (const auto& line : parley::narrate(s, rec.trace->log)) std::cout << "  " << line << '\n';
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
    if (rec.result.history_draws > 1) {
      ++redrawn;
      // Drawn again and still ended: every draw did (a draw that reaches the origin stops them).
      if (ended_before_origin(rec.result.outcome, rec.result.months_simulated, s.origin)) ++unreached;
    }
    aggregates[rec.variant].add(rec.result, rec.months);
    if (store) {
      store->add_run(names[rec.variant], s, rec.result);
      // Commit about once a second: a kill then loses at most a second of work.
      if (std::chrono::steady_clock::now() - last_commit > std::chrono::seconds(1)) {
        store->checkpoint(rec.item + 1, states());
        g_committed = rec.item + 1;
        last_commit = std::chrono::steady_clock::now();
      }
    } else {
      const std::string victor = rec.result.outcome == RunOutcome::victory && rec.result.victor >= 0
                                     ? s.camps[static_cast<std::size_t>(rec.result.victor)].id
                                     : "";
      summaries[rec.variant].add({rec.result.outcome, victor, rec.result.first_agreement, rec.result.peace_month,
                                  rec.result.terms, rec.result.battle_deaths, rec.result.victory_by,
                                  rec.result.tracks.empty() ? 0 : rec.result.tracks.front().months_formal,
                                  rec.result.first_formal, rec.result.history_deaths, rec.result.months_simulated});
    }
    if (rec.trace) narrate(rec, progress);
  }
};

std::string command_line(const RunCommandOptions& o) {
  return o.command_line.empty() ? "parley run " + o.scenario : o.command_line;
}

// The first file the experiment read that the loader now reads differently ("" when none):
// one changed, gone or new since the experiment started.
std::string changed_file(const std::vector<SourceFile>& stored, const std::vector<SourceFile>& now) {
  for (std::size_t i = 0; i < std::max(stored.size(), now.size()); ++i) {
    if (i >= now.size())
      return fmt::format("{} (read by the experiment, no longer named by the scenario)", stored[i].path);
    if (i >= stored.size()) return fmt::format("{} (named by the scenario now, not when it started)", now[i].path);
    if (stored[i].role != now[i].role || stored[i].hash != now[i].hash) return now[i].path;
  }
  return "";
}

// Opens the database of an incomplete experiment and checks that the scenario and every file
// it read are as they were when the experiment started.
std::unique_ptr<ResultsStore> open_for_resume(const RunCommandOptions& o, const std::vector<SourceFile>& files) {
  auto store = ResultsStore::open(o.out);
  const std::string changed = changed_file(store->info().files, files);
  if (!changed.empty())
    throw StoreError(fmt::format("{} was made from a different scenario than {}: {} changed since the experiment "
                                 "started; run the experiment again into a new database", o.out, o.scenario, changed));
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
  if (Cluster::join().size() > 1)
    std::cerr << fmt::format(" (signal {}: under mpirun, Ctrl-C or a process of the job that failed, as mpirun "
                             "reports)", g_signal.load() ? g_signal.load() : SIGINT);
  if (s.store)
    std::cerr << fmt::format("; {} holds them and is marked incomplete.\n  Finish it with: parley run {} --out {} --resume"
                             "{}\n", s.o.out, s.o.scenario, s.o.out,
                             Cluster::join().size() > 1 ? " (under mpirun or not)" : "");
  else
    std::cerr << "; nothing was saved (no --out).\n";
  return 128 + (g_signal.load() ? g_signal.load() : SIGINT);
}

// What rank 0 tells the other ranks of an MPI job before the runs: an exit status (they stop
// with it, quietly), or "go" with the experiment as resolved (a resume changes it).
std::string go_message(int status, const RunCommandOptions& o, std::uint64_t first_item) {
  std::string text = fmt::format("{}\n{}\n{}\n{}\n", status, o.seed, o.runs, first_item);
  for (const auto& v : o.variants) text += v + "\n";
  return text;
}

constexpr int kGo = -1;

// Under mpirun, a process that dies makes mpirun stop the others (SIGTERM, then SIGKILL), and
// rank 0 may then be inside an MPI call waiting for the dead one, where it cannot see the
// stop. This thread notices the signal and, if rank 0 has not got back to saving within a
// moment, says what the database holds (its last commit, which SQLite keeps whole) and exits.
class StuckWatch {
 public:
  StuckWatch(const RunCommandOptions& o, std::uint64_t items) : o_(o), items_(items), thread_([this] { watch(); }) {}
  ~StuckWatch() { release(); }
  // Rank 0 is back from the runs and handles the end itself.
  void release() {
    back_ = true;
    if (thread_.joinable()) thread_.join();
  }

 private:
  void watch() {
    while (!back_ && !g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (back_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    if (back_) return;
    const int sig = g_signal.load() ? g_signal.load() : SIGTERM;
    std::cerr << fmt::format(
        "\nparley run: stopped by signal {} while waiting for another process of the MPI job (one may have "
        "failed: see mpirun's message)", sig);
    if (!o_.out.empty())
      std::cerr << fmt::format("; interrupted after {} of {} runs: {} holds them (its last commit) and is marked "
                               "incomplete.\n  Finish it with: parley run {} --out {} --resume (under mpirun or not)\n",
                               g_committed.load(), items_, o_.out, o_.scenario, o_.out);
    else
      std::cerr << "; nothing was saved (no --out).\n";
    std::_Exit(128 + sig);
  }
  const RunCommandOptions& o_;
  const std::uint64_t items_;
  std::atomic<bool> back_{false};
  std::thread thread_;
};

// A rank other than 0: simulates its share of the experiment rank 0 announces, sends it to rank 0.
int follow(const Cluster& cluster, RunCommandOptions o, const ScenarioSet& set) {
  std::string message;
  cluster.broadcast(message);
  std::istringstream in(message);
  int status = 0;
  std::uint64_t first_item = 0;
  in >> status >> o.seed >> o.runs >> first_item;
  if (status != kGo) return status;
  o.variants.clear();
  for (std::string name; in >> name;) o.variants.push_back(name);
  std::vector<const Scenario*> variants;
  for (const auto& name : o.variants) variants.push_back(name == "base" ? &set.base : set.find(name));
  ExperimentPlan plan;
  plan.variants = variants;
  plan.seed = o.seed;
  plan.runs = static_cast<std::uint64_t>(o.runs);
  plan.first_item = first_item;
  plan.threads = o.threads ? o.threads : cluster.default_threads();
  g_stop = false;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  ExperimentHooks hooks;
  hooks.stop = &g_stop;
  try {
    if (cluster.run(plan, hooks) < plan.items()) cluster.wait_for_end(128 + (g_signal ? g_signal.load() : SIGINT));
  } catch (const std::exception& e) {
    std::cerr << fmt::format("parley run: MPI rank {}: {}\n", cluster.rank(), e.what());
    cluster.abort(kExitFailure);
  }
  return kExitOk;
}

}  // namespace


int run(const RunCommandOptions& o_in) {
  RunCommandOptions o = o_in;
  const Cluster& cluster = Cluster::join();
  const bool many = cluster.size() > 1;
  LoadResult loaded = load_scenario_file(o.scenario);
  if (cluster.rank() == 0)
    for (const auto& d : loaded.diagnostics.items()) std::cerr << d.str() << '\n';
  if (!loaded.scenarios) return kExitInvalidInput;
  if (!o.posterior.empty()) {
    const std::string why = attach_posterior(*loaded.scenarios, o.posterior);
    if (!why.empty()) {
      if (cluster.rank() == 0) std::cerr << "parley run: " << why << '\n';
      return kExitInvalidInput;
    }
  }
  if (many && o.trace > 0) {
    if (cluster.rank() == 0)
      std::cerr << "parley run: --trace narrates runs in one process; run it without mpirun\n";
    return kExitInvalidInput;
  }
  if (many && cluster.rank() != 0) return follow(cluster, o, *loaded.scenarios);
  // From here on, rank 0 of an MPI job tells the others how to end (release) or what to run.
  auto release = [&](int status) {
    std::string message = go_message(status, o, 0);
    cluster.broadcast(message);
    return status;
  };
  std::unique_ptr<ResultsStore> resumed;
  try {
    if (o.resume) {
      if (o.out.empty()) {
        std::cerr << "parley run: --resume needs --out DATABASE (the incomplete results database)\n";
        return release(kExitInvalidInput);
      }
      resumed = open_for_resume(o, loaded.files);
      const ExperimentInfo& info = resumed->info();
      if (o.posterior.empty() && info.command_line.find(" --posterior") != std::string::npos) {
        std::cerr << fmt::format("parley run: {} was made with --posterior ({}): give the same --posterior to "
                                 "resume it, or its remaining runs would draw from the priors\n",
                                 o.out, info.command_line);
        return release(kExitInvalidInput);
      }
      if (info.complete) {
        std::cout << fmt::format("{} is already complete ({} runs); nothing to do.\n", o.out, info.runs);
        return release(kExitOk);
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
    return release(kExitInvalidInput);
  }
  bool ok = true;
  Session session(o, chosen(*loaded.scenarios, o.scenario, o.all_variants, o.variants, ok));
  if (!ok) return release(kExitInvalidInput);
  {
    std::vector<std::string> seen;
    std::int64_t cells = 0;
    for (const Scenario* s : session.variants) {
      const std::string name = variant_name(*s);
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
        std::cerr << fmt::format("parley run: --variant {} is given twice: each variant runs once\n", name);
        return release(kExitInvalidInput);
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
      return release(kExitInvalidInput);
    }
  }
  for (const Scenario* s : session.variants) {
    session.names.push_back(variant_name(*s));
    session.aggregates.emplace_back(*s);
    std::vector<std::string> issues;
    for (const auto& i : s->issues) issues.push_back(i.id);
    session.summaries.emplace_back(s->variant.empty() ? "base scenario" : "variant " + s->variant, s->months, issues,
                                   s->start, s->origin);
  }

  ExperimentPlan plan;
  plan.variants = session.variants;
  plan.seed = o.seed;
  plan.runs = static_cast<std::uint64_t>(o.runs);
  plan.threads = o.threads ? o.threads : cluster.default_threads();
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
      info.scenario_name = loaded.scenarios->base.name;
      info.scenario_description = loaded.scenarios->base.description;
      info.files = loaded.files;
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
    return release(kExitFailure);
  }
  if (many) {
    RunCommandOptions announced = o;
    announced.variants = session.names;
    std::string message = go_message(kGo, announced, plan.first_item);
    cluster.broadcast(message);
  }
  // After the runs have started on other ranks, a failure on rank 0 ends the whole job.
  auto end_job = [&](int status) {
    if (many) cluster.abort(status);
    return status;
  };

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
  g_committed = plan.first_item;
  std::optional<StuckWatch> watch;
  if (many) watch.emplace(o, plan.items());
  try {
    done = cluster.run(plan, hooks);
  } catch (const StoreError& e) {
    if (watch) watch->release();
    progress.finish();
    return end_job(store_failed(session, e));
  } catch (const std::exception& e) {
    if (watch) watch->release();
    progress.finish();
    std::cerr << "parley run: " << e.what() << '\n';
    return end_job(kExitFailure);
  }
  if (watch) watch->release();
  progress.finish();
  std::signal(SIGINT, old_int);
  std::signal(SIGTERM, old_term);
  if (done < plan.items()) return end_job(finish_interrupted(session, done, plan.items()));

  if (session.store) {
    try {
      session.store->finish(done, session.variants, session.aggregates);
    } catch (const StoreError& e) {
      return end_job(store_failed(session, e));
    }
  }
  try {
    if (session.store) {
      std::cout << '\n' << summarise_results(o.out);
      std::cout << fmt::format("\nresults written to {}\n", o.out);
    } else {
      for (const auto& s : session.summaries) std::cout << '\n' << s.text();
    }
    if (session.redrawn > 0) {
      const std::uint64_t simulated = done - plan.first_item;
      std::cout << fmt::format(
          "\nhistory: {} of the {} runs simulated now ({:.1f}%) ended the war before the origin and were drawn again "
          "(inputs and dice), so that the forecast starts from a war still going on, as it was at the origin",
          session.redrawn, simulated, simulated > 0 ? 100.0 * static_cast<double>(session.redrawn) / static_cast<double>(simulated) : 0.0);
      if (session.unreached > 0)
        std::cout << fmt::format("; {} did not reach it in {} draws and are counted as ended before the origin",
                                 session.unreached, kMaxHistoryDraws);
      std::cout << ".\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "parley run: " << e.what() << '\n';
    return kExitFailure;
  }
  return session.trace_failed ? kExitFailure : kExitOk;
}

}  // namespace parley::cli
