// The results database (SQLite): an experiment's metadata, one row per run, and its aggregates.
// The tables and columns are documented in docs/results-format.md.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "parley/analysis.hpp"
#include "parley/scenario.hpp"
#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"

namespace parley {

// A results database that cannot be created, read or written, with a message for the user.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A file the store writes (the database, an exported table) could not be written: a full disk,
// a file size limit, permissions. The fault is the machine's, not the input's, so the
// commands exit with status 1 for it rather than 2.
class StoreWriteError : public StoreError {
 public:
  using StoreError::StoreError;
};

// What describes an experiment; stored in the `experiment`, `files` and `variants` tables.
struct ExperimentInfo {
  std::string scenario_path;
  std::string scenario_name;         // meta: name
  std::string scenario_description;  // meta: description
  // Every file the loader read for the experiment (LoadResult::files), with its text and hash:
  // what --resume compares with the files the loader reads now.
  std::vector<SourceFile> files;
  std::vector<std::string> variants;  // names; "base" for the base scenario
  std::uint64_t seed = 1;
  std::uint64_t runs = 0;
  std::uint64_t trace_runs = 0;
  std::string parley_version;
  std::string command_line;
  std::string started_at;      // ISO 8601, UTC
  std::string finished_at;     // empty until the experiment ends or stops
  bool complete = false;
  std::uint64_t items_done = 0;  // runs x variants stored so far (a prefix of the item order)
};

std::string utc_now();  // "2026-11-28T02:40:00Z"

class ResultsStore {
 public:
  struct Impl;
  // Creates a new database at `path` (which must not exist: nothing at `path` is ever replaced)
  // and opens its first transaction. The file appears at `path` only once its schema is
  // written, and is locked against other writers (another run, a --resume) until the store is
  // closed.
  static std::unique_ptr<ResultsStore> create(const std::string& path, const ExperimentInfo& info,
                                              const std::vector<const Scenario*>& variants);
  // Opens an existing parley results database; StoreError when it is not one.
  static std::unique_ptr<ResultsStore> open(const std::string& path);
  ~ResultsStore();

  const ExperimentInfo& info() const;
  // The saved aggregate state of each variant (same order as info().variants).
  std::vector<std::string> checkpoints() const;

  // A commit waits for readers of the database as long as they read, unless *stop becomes true.
  void set_stop_flag(const std::atomic<bool>* stop);
  // The number of rows in the runs table (checked against items_done before a resume).
  std::uint64_t run_rows() const;
  // Continues an incomplete experiment: takes the write lock (StoreError when another run
  // holds it) and opens a transaction for further runs.
  void begin_resume(const std::vector<const Scenario*>& variants);
  void add_run(const std::string& variant, const Scenario& scenario, const RunResult& result);
  // Commits the runs added so far with the aggregate state that includes them.
  void checkpoint(std::uint64_t items_done, const std::vector<std::string>& states);
  // Writes the aggregate tables, marks the experiment complete and commits.
  void finish(std::uint64_t items_done, const std::vector<const Scenario*>& variants,
              const std::vector<VariantAggregate>& aggregates);
  // Commits and records the time an interrupted experiment stopped; it stays incomplete.
  void stop(std::uint64_t items_done, const std::vector<std::string>& states);

 private:
  explicit ResultsStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// parley export: every table as CSV files or JSON files (arrays of records) in `dir`.
enum class ExportFormat { csv, json };
std::vector<std::string> export_results(const std::string& path, const std::string& dir, ExportFormat format);

}  // namespace parley
