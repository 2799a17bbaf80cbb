// The posterior database of `parley calibrate` (include/parley/posterior.hpp).
#include "parley/posterior.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <stdexcept>

#include "parley/scenario.hpp"
#include "parley/uncertain.hpp"
#include "store/sqlite.hpp"

namespace parley {

namespace {

constexpr std::int64_t kPosteriorVersion = 2;  // 2: calibration.settings
// "PRLP" in ASCII: tells a posterior database from a results database ("parley" results use
// their own application_id) and from any other SQLite file.
constexpr std::int64_t kPosteriorApplicationId = 0x50524C50;

const char* kSchema = R"(
CREATE TABLE calibration (id INTEGER PRIMARY KEY CHECK (id = 1), scenario_path TEXT NOT NULL,
  scenario_name TEXT NOT NULL, origin TEXT NOT NULL, seed INTEGER NOT NULL, simulations INTEGER NOT NULL,
  stopped TEXT NOT NULL, command_line TEXT NOT NULL, settings TEXT NOT NULL);
CREATE TABLE inputs (input TEXT PRIMARY KEY, position INTEGER NOT NULL, prior TEXT NOT NULL);
CREATE TABLE statistics (position INTEGER PRIMARY KEY, scale REAL NOT NULL);
CREATE TABLE generations (generation INTEGER PRIMARY KEY, tolerance REAL, simulations INTEGER NOT NULL,
  acceptance REAL NOT NULL, ess REAL NOT NULL);
CREATE TABLE particles (particle INTEGER PRIMARY KEY, weight REAL NOT NULL, distance REAL NOT NULL);
CREATE TABLE particle_values (particle INTEGER NOT NULL, input TEXT NOT NULL, value REAL NOT NULL,
  PRIMARY KEY (particle, input)) WITHOUT ROWID;
CREATE TABLE predictive (row INTEGER PRIMARY KEY, quantity TEXT NOT NULL, period TEXT NOT NULL,
  used INTEGER NOT NULL, observed REAL NOT NULL, low REAL, high REAL, prior_mean REAL, prior_p05 REAL,
  prior_p95 REAL, mean REAL, p05 REAL, p50 REAL, p95 REAL);
)";

void bind_real(store::Statement& st, int i, double v) {
  if (std::isfinite(v)) st.bind(i, v);
  else st.bind_null(i);
}

double real_or_nan(const store::Statement& st, int c) {
  return st.is_null(c) ? std::numeric_limits<double>::quiet_NaN() : st.real(c);
}

}  // namespace

void write_posterior(const std::string& path, const Posterior& p, bool replace) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (replace && fs::exists(fs::symlink_status(path, ec)) && !fs::is_regular_file(fs::symlink_status(path, ec)))
    throw std::runtime_error(fmt::format("{} is not a regular file: give a file for the posterior", path));
  if (!replace && fs::exists(fs::symlink_status(path, ec)))
    throw std::runtime_error(fmt::format("{} exists already: give a new file for the posterior (it is never "
                                         "overwritten)", path));
  try {
    store::write_new_database(path, kPosteriorApplicationId, kPosteriorVersion, kSchema, [&](store::Database& db) {
      db.prepare("INSERT INTO calibration VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)")
          .bind(1, p.scenario_path)
          .bind(2, p.scenario_name)
          .bind(3, p.origin)
          .bind(4, static_cast<std::int64_t>(p.seed))
          .bind(5, static_cast<std::int64_t>(p.simulations))
          .bind(6, p.stopped)
          .bind(7, p.command_line)
          .bind(8, p.settings)
          .run();
      store::Statement in = db.prepare("INSERT INTO inputs VALUES (?, ?, ?)");
      for (std::size_t k = 0; k < p.inputs.size(); ++k)
        in.bind(1, p.inputs[k]).bind(2, static_cast<std::int64_t>(k)).bind(3, p.priors[k]).run();
      store::Statement sc = db.prepare("INSERT INTO statistics VALUES (?, ?)");
      for (std::size_t k = 0; k < p.scales.size(); ++k) sc.bind(1, static_cast<std::int64_t>(k)).bind(2, p.scales[k]).run();
      store::Statement ge = db.prepare("INSERT INTO generations VALUES (?, ?, ?, ?, ?)");
      for (std::size_t g = 0; g < p.generations.size(); ++g) {
        const PosteriorGeneration& x = p.generations[g];
        ge.bind(1, static_cast<std::int64_t>(g));
        bind_real(ge, 2, x.tolerance);
        ge.bind(3, static_cast<std::int64_t>(x.simulations)).bind(4, x.acceptance).bind(5, x.ess).run();
      }
      store::Statement pa = db.prepare("INSERT INTO particles VALUES (?, ?, ?)");
      store::Statement pv = db.prepare("INSERT INTO particle_values VALUES (?, ?, ?)");
      for (std::size_t n = 0; n < p.particles.size(); ++n) {
        const PosteriorParticle& x = p.particles[n];
        pa.bind(1, static_cast<std::int64_t>(n)).bind(2, x.weight).bind(3, x.distance).run();
        for (std::size_t k = 0; k < p.inputs.size(); ++k)
          pv.bind(1, static_cast<std::int64_t>(n)).bind(2, p.inputs[k]).bind(3, x.theta[k]).run();
      }
      store::Statement pr = db.prepare("INSERT INTO predictive VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      for (const PredictiveCheck& c : p.checks) {
        pr.bind(1, c.row).bind(2, c.quantity).bind(3, c.period).bind(4, c.used ? 1 : 0).bind(5, c.observed);
        bind_real(pr, 6, c.low);
        bind_real(pr, 7, c.high);
        int col = 8;
        for (double v : {c.prior_mean, c.prior_p05, c.prior_p95, c.mean, c.p05, c.p50, c.p95}) bind_real(pr, col++, v);
        pr.run();
      }
    });
  } catch (const store::SqliteError& e) {
    throw std::runtime_error(fmt::format("cannot write {}: {}", path, e.reason()));
  }
}

Posterior read_posterior(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw std::runtime_error(fmt::format("{}: no such file (a posterior database written by parley calibrate)", path));
  Posterior p;
  try {
    store::Database db(path, store::Database::Mode::open_existing);
    {
      store::Statement id = db.prepare("PRAGMA application_id");
      id.step();
      if (id.integer(0) != kPosteriorApplicationId)
        throw std::runtime_error(fmt::format("{} is not a posterior database: expected one written by parley "
                                             "calibrate", path));
      store::Statement v = db.prepare("PRAGMA user_version");
      v.step();
      if (v.integer(0) != kPosteriorVersion)
        throw std::runtime_error(fmt::format("{} is a posterior database of version {}, expected {}: calibrate again",
                                             path, v.integer(0), kPosteriorVersion));
    }
    store::Statement c = db.prepare(
        "SELECT scenario_path, scenario_name, origin, seed, simulations, stopped, command_line, settings FROM calibration");
    if (!c.step()) throw std::runtime_error(fmt::format("{} is damaged: its calibration row is missing", path));
    p.scenario_path = c.text(0);
    p.scenario_name = c.text(1);
    p.origin = c.text(2);
    p.seed = static_cast<std::uint64_t>(c.integer(3));
    p.simulations = static_cast<std::uint64_t>(c.integer(4));
    p.stopped = c.text(5);
    p.command_line = c.text(6);
    p.settings = c.text(7);
    store::Statement in = db.prepare("SELECT input, prior FROM inputs ORDER BY position");
    while (in.step()) {
      p.inputs.push_back(in.text(0));
      p.priors.push_back(in.text(1));
    }
    store::Statement sc = db.prepare("SELECT scale FROM statistics ORDER BY position");
    while (sc.step()) p.scales.push_back(sc.real(0));
    store::Statement ge = db.prepare("SELECT tolerance, simulations, acceptance, ess FROM generations ORDER BY generation");
    while (ge.step())
      p.generations.push_back({real_or_nan(ge, 0), static_cast<std::uint64_t>(ge.integer(1)), ge.real(2), ge.real(3)});
    store::Statement pa = db.prepare("SELECT weight, distance FROM particles ORDER BY particle");
    while (pa.step()) p.particles.push_back({std::vector<double>(p.inputs.size(), std::numeric_limits<double>::quiet_NaN()),
                                             pa.real(0), pa.real(1)});
    store::Statement pv = db.prepare(
        "SELECT particle, inputs.position, value FROM particle_values JOIN inputs USING (input)");
    while (pv.step()) {
      const auto n = pv.integer(0), k = pv.integer(1);
      if (n < 0 || n >= static_cast<std::int64_t>(p.particles.size()) || k < 0 ||
          k >= static_cast<std::int64_t>(p.inputs.size()))
        throw std::runtime_error(fmt::format("{} is damaged: particle_values names particle {} of {}", path, n,
                                             p.particles.size()));
      p.particles[static_cast<std::size_t>(n)].theta[static_cast<std::size_t>(k)] = pv.real(2);
    }
    double total = 0;
    for (const auto& x : p.particles) {
      for (double v : x.theta)
        if (std::isnan(v)) throw std::runtime_error(fmt::format("{} is damaged: a particle lacks a value", path));
      if (!(x.weight >= 0)) throw std::runtime_error(fmt::format("{} is damaged: a negative weight", path));
      total += x.weight;
    }
    if (p.particles.empty() || !(total > 0))
      throw std::runtime_error(fmt::format("{} holds no particles with weight: calibrate again", path));
    store::Statement pr = db.prepare(
        "SELECT row, quantity, period, used, observed, low, high, prior_mean, prior_p05, prior_p95, mean, p05, p50, p95 "
        "FROM predictive ORDER BY row");
    while (pr.step()) {
      PredictiveCheck k;
      k.row = static_cast<int>(pr.integer(0));
      k.quantity = pr.text(1);
      k.period = pr.text(2);
      k.used = pr.integer(3) != 0;
      k.observed = pr.real(4);
      k.low = real_or_nan(pr, 5);
      k.high = real_or_nan(pr, 6);
      double* out[] = {&k.prior_mean, &k.prior_p05, &k.prior_p95, &k.mean, &k.p05, &k.p50, &k.p95};
      for (int col = 0; col < 7; ++col) *out[col] = real_or_nan(pr, 7 + col);
      p.checks.push_back(std::move(k));
    }
  } catch (const store::SqliteError& e) {
    throw std::runtime_error(fmt::format("{}: {}", path, e.reason()));
  }
  return p;
}

// Reads a posterior written by parley calibrate and has every scenario of the set draw its
// uncertain values from it. Returns "" or why it cannot.
std::string attach_posterior(ScenarioSet& set, const std::string& path) {
  Posterior post;
  try {
    post = read_posterior(path);
  } catch (const std::exception& e) {
    return e.what();
  }
  if (post.stopped == kPosteriorInProgress)
    return fmt::format("{}: the calibration that writes it has not finished (it was stopped or is still running "
                       "after {} generations): finish it with `parley calibrate ... --resume`",
                       path, post.generations.size());
  auto sample = std::make_shared<PosteriorSample>();
  const Scenario& base = set.base;
  for (const std::string& name : post.inputs) {
    int found = -1;
    for (std::size_t k = 0; k < base.inputs.size(); ++k)
      if (base.inputs[k].name == name) found = static_cast<int>(k);
    if (found < 0)
      return fmt::format("{}: the posterior's input '{}' is not an uncertain value of {} (calibrated from {}): "
                         "give it as a distribution, or calibrate this scenario", path, name, base.source_path,
                         post.scenario_path);
    sample->input.push_back(found);
  }
  double total = 0;
  for (const PosteriorParticle& p : post.particles) {
    sample->theta.push_back(p.theta);
    sample->cumulative.push_back(total += p.weight);
  }
  for (double& c : sample->cumulative) c /= total;
  sample->cumulative.back() = 1.0;
  std::shared_ptr<const PosteriorSample> shared = sample;
  set.base.posterior = shared;
  for (Scenario& v : set.variants) {
    // A variant must have the same uncertain values in the same places for the columns to mean the same.
    if (v.inputs.size() != base.inputs.size())
      return fmt::format("variant '{}' has {} uncertain values and the base scenario {}: a posterior covers one "
                         "set of values", v.variant, v.inputs.size(), base.inputs.size());
    for (std::size_t k = 0; k < v.inputs.size(); ++k)
      if (v.inputs[k].name != base.inputs[k].name)
        return fmt::format("variant '{}' has uncertain value '{}' where the base scenario has '{}'", v.variant,
                           v.inputs[k].name, base.inputs[k].name);
    v.posterior = shared;
  }
  return "";
}

}  // namespace parley
