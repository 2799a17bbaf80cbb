// The sensitivity database of `parley sensitivity` (include/parley/sensitivity_db.hpp).
#include "parley/sensitivity_db.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "parley/results_store.hpp"
#include "store/sqlite.hpp"

namespace parley {

namespace {

constexpr std::int64_t kSensitivityVersion = 1;
// "PRLS" in ASCII: tells a sensitivity database from a results database ("prly") and a
// posterior database ("PRLP").
constexpr std::int64_t kSensitivityApplicationId = 0x50524C53;

const char* kSchema = R"(
CREATE TABLE sensitivity (id INTEGER PRIMARY KEY CHECK (id = 1), scenario_path TEXT NOT NULL,
  scenario_name TEXT NOT NULL, variant TEXT NOT NULL, start TEXT NOT NULL, origin TEXT, horizon TEXT NOT NULL,
  parley_version TEXT NOT NULL, command_line TEXT NOT NULL, seed INTEGER NOT NULL, trajectories INTEGER NOT NULL,
  levels INTEGER NOT NULL, samples INTEGER NOT NULL, bootstrap INTEGER NOT NULL, confidence REAL NOT NULL,
  replicates INTEGER NOT NULL, screen_threshold REAL NOT NULL, morris_evaluations INTEGER NOT NULL,
  sobol_evaluations INTEGER NOT NULL, simulations INTEGER NOT NULL, stopped TEXT NOT NULL);
CREATE TABLE files (position INTEGER PRIMARY KEY, role TEXT NOT NULL, path TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE inputs (input TEXT PRIMARY KEY, position INTEGER NOT NULL, distribution TEXT NOT NULL,
  nominal REAL NOT NULL, screened_in INTEGER NOT NULL);
CREATE TABLE outputs (output TEXT PRIMARY KEY, position INTEGER NOT NULL, description TEXT NOT NULL,
  mean REAL, variance REAL);
CREATE TABLE morris (input TEXT NOT NULL, output TEXT NOT NULL, mu REAL, mu_star REAL, sigma REAL,
  PRIMARY KEY (input, output)) WITHOUT ROWID;
CREATE TABLE sobol (input TEXT NOT NULL, output TEXT NOT NULL, first REAL, first_low REAL, first_high REAL,
  total REAL, total_low REAL, total_high REAL, PRIMARY KEY (input, output)) WITHOUT ROWID;
)";

void bind_real(store::Statement& st, int i, double v) {
  if (std::isfinite(v)) st.bind(i, v);
  else st.bind_null(i);
}

double real_or_nan(const store::Statement& st, int c) {
  return st.is_null(c) ? std::numeric_limits<double>::quiet_NaN() : st.real(c);
}

std::int64_t i64(std::uint64_t v) { return static_cast<std::int64_t>(v); }
std::uint64_t u64(std::int64_t v) { return static_cast<std::uint64_t>(v); }

void write_tables(store::Database& db, const SensitivityTables& t) {
  store::Statement s = db.prepare("INSERT INTO sensitivity VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, t.scenario_path).bind(2, t.scenario_name).bind(3, t.variant).bind(4, t.start);
  if (t.origin.empty()) s.bind_null(5);
  else s.bind(5, t.origin);
  s.bind(6, t.horizon).bind(7, t.parley_version).bind(8, t.command_line).bind(9, i64(t.seed)).bind(10, i64(t.trajectories));
  s.bind(11, t.levels).bind(12, i64(t.samples)).bind(13, i64(t.bootstrap)).bind(14, t.confidence).bind(15, i64(t.replicates));
  s.bind(16, t.screen_threshold).bind(17, i64(t.morris_evaluations)).bind(18, i64(t.sobol_evaluations));
  s.bind(19, i64(t.simulations)).bind(20, t.stopped).run();
  store::Statement f = db.prepare("INSERT INTO files VALUES (?, ?, ?, ?)");
  for (std::size_t k = 0; k < t.files.size(); ++k)
    f.bind(1, static_cast<std::int64_t>(k)).bind(2, t.files[k].role).bind(3, t.files[k].path).bind(4, t.files[k].hash).run();
  store::Statement in = db.prepare("INSERT INTO inputs VALUES (?, ?, ?, ?, ?)");
  for (std::size_t k = 0; k < t.inputs.size(); ++k) {
    const SensitivityInputRow& x = t.inputs[k];
    in.bind(1, x.name).bind(2, static_cast<std::int64_t>(k)).bind(3, x.distribution).bind(4, x.nominal);
    in.bind(5, x.screened_in ? 1 : 0).run();
  }
  store::Statement out = db.prepare("INSERT INTO outputs VALUES (?, ?, ?, ?, ?)");
  for (std::size_t k = 0; k < t.outputs.size(); ++k) {
    const SensitivityOutputRow& x = t.outputs[k];
    out.bind(1, x.name).bind(2, static_cast<std::int64_t>(k)).bind(3, x.description);
    bind_real(out, 4, x.mean);
    bind_real(out, 5, x.variance);
    out.run();
  }
  store::Statement m = db.prepare("INSERT INTO morris VALUES (?, ?, ?, ?, ?)");
  for (const MorrisRow& x : t.morris) {
    m.bind(1, x.input).bind(2, x.output);
    bind_real(m, 3, x.mu);
    bind_real(m, 4, x.mu_star);
    bind_real(m, 5, x.sigma);
    m.run();
  }
  store::Statement so = db.prepare("INSERT INTO sobol VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  for (const SobolRow& x : t.sobol) {
    so.bind(1, x.input).bind(2, x.output);
    int col = 3;
    for (double v : {x.first, x.first_low, x.first_high, x.total, x.total_low, x.total_high}) bind_real(so, col++, v);
    so.run();
  }
}

}  // namespace

void write_sensitivity(const std::string& path, const SensitivityTables& t) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec)))
    throw StoreError(fmt::format("{} exists already: give a new file for the sensitivity database (it is never "
                                 "overwritten)", path));
  try {
    store::write_new_database(path, kSensitivityApplicationId, kSensitivityVersion, kSchema,
                              [&](store::Database& db) { write_tables(db, t); });
  } catch (const store::SqliteError& e) {
    throw StoreWriteError(fmt::format("cannot write {}: {}", path, e.reason()));
  }
}

SensitivityTables read_sensitivity(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw StoreError(fmt::format("{}: no such file (a sensitivity database written by parley sensitivity)", path));
  SensitivityTables t;
  try {
    store::Database db(path, store::Database::Mode::open_existing);
    {
      store::Statement id = db.prepare("PRAGMA application_id");
      id.step();
      if (id.integer(0) != kSensitivityApplicationId)
        throw StoreError(fmt::format("{} is not a sensitivity database: expected one written by parley sensitivity", path));
      store::Statement v = db.prepare("PRAGMA user_version");
      v.step();
      if (v.integer(0) != kSensitivityVersion)
        throw StoreError(fmt::format("{} is a sensitivity database of version {}, expected {}: run parley sensitivity "
                                     "again", path, v.integer(0), kSensitivityVersion));
    }
    store::Statement s = db.prepare(
        "SELECT scenario_path, scenario_name, variant, start, origin, horizon, parley_version, command_line, seed, "
        "trajectories, levels, samples, bootstrap, confidence, replicates, screen_threshold, morris_evaluations, "
        "sobol_evaluations, simulations, stopped FROM sensitivity");
    if (!s.step()) throw StoreError(fmt::format("{} is damaged: its sensitivity row is missing", path));
    t.scenario_path = s.text(0);
    t.scenario_name = s.text(1);
    t.variant = s.text(2);
    t.start = s.text(3);
    t.origin = s.is_null(4) ? "" : s.text(4);
    t.horizon = s.text(5);
    t.parley_version = s.text(6);
    t.command_line = s.text(7);
    t.seed = u64(s.integer(8));
    t.trajectories = u64(s.integer(9));
    t.levels = static_cast<int>(s.integer(10));
    t.samples = u64(s.integer(11));
    t.bootstrap = u64(s.integer(12));
    t.confidence = s.real(13);
    t.replicates = u64(s.integer(14));
    t.screen_threshold = s.real(15);
    t.morris_evaluations = u64(s.integer(16));
    t.sobol_evaluations = u64(s.integer(17));
    t.simulations = u64(s.integer(18));
    t.stopped = s.text(19);
    store::Statement f = db.prepare("SELECT role, path, hash FROM files ORDER BY position");
    while (f.step()) t.files.push_back({f.text(0), f.text(1), f.text(2)});
    store::Statement in = db.prepare("SELECT input, distribution, nominal, screened_in FROM inputs ORDER BY position");
    while (in.step()) t.inputs.push_back({in.text(0), in.text(1), in.real(2), in.integer(3) != 0});
    store::Statement out = db.prepare("SELECT output, description, mean, variance FROM outputs ORDER BY position");
    while (out.step()) t.outputs.push_back({out.text(0), out.text(1), real_or_nan(out, 2), real_or_nan(out, 3)});
    // In the order of the inputs, then of the outputs (the order they were written in).
    store::Statement m = db.prepare(
        "SELECT morris.input, morris.output, mu, mu_star, sigma FROM morris JOIN inputs USING (input) "
        "JOIN outputs USING (output) ORDER BY inputs.position, outputs.position");
    while (m.step()) t.morris.push_back({m.text(0), m.text(1), real_or_nan(m, 2), real_or_nan(m, 3), real_or_nan(m, 4)});
    store::Statement so = db.prepare(
        "SELECT sobol.input, sobol.output, first, first_low, first_high, total, total_low, total_high FROM sobol "
        "JOIN inputs USING (input) JOIN outputs USING (output) ORDER BY inputs.position, outputs.position");
    while (so.step())
      t.sobol.push_back({so.text(0), so.text(1), real_or_nan(so, 2), real_or_nan(so, 3), real_or_nan(so, 4),
                         real_or_nan(so, 5), real_or_nan(so, 6), real_or_nan(so, 7)});
  } catch (const store::SqliteError& e) {
    throw StoreError(fmt::format("{}: {}", path, e.reason()));
  }
  return t;
}

}  // namespace parley
