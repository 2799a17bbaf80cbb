// parley calibrate: ABC-SMC over a scenario's uncertain inputs against its observations
// dated before the origin (FORECASTING.md section 3; the engine is parley/abc.hpp), written
// as a posterior database that `parley run --posterior` draws each run's inputs from.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <cstdio>
#include <iostream>
#include <limits>
#include <unistd.h>

#include "cli/commands.hpp"
#include "parley/abc.hpp"
#include "parley/posterior.hpp"
#include "parley/random.hpp"
#include "parley/score.hpp"
#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"
#include "parley/uncertain.hpp"

namespace parley::cli {

namespace {

std::atomic<bool> g_calibrate_stop{false};
extern "C" void on_calibrate_signal(int) { g_calibrate_stop.store(true); }

std::string period_text(const Scenario& s, const ObservedValue& o) {
  const std::string a = s.start.plus(o.first_month).to_string();
  const std::string b = s.start.plus(o.last_month).to_string();
  return a == b ? a : a + ".." + b;
}


std::vector<double> observe(const Scenario& s, std::uint64_t seed, std::uint64_t run) {
  std::vector<double> values;
  RunOptions o;
  o.seed = seed;
  o.run = run;
  o.observed = &values;
  o.condition_on_origin = false;  // the history as it comes: ABC compares it with the record
  (void)simulate_run(s, o);
  return values;
}

// The q-quantile of a sample (the scoring library's ensemble quantile, type 7).
double quantile_of(std::vector<double> xs, double q) {
  if (xs.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(xs.begin(), xs.end());
  return ensemble_quantile(xs, q);
}

double mean_of(const std::vector<double>& xs) {
  double m = 0;
  for (double x : xs) m += x;
  return xs.empty() ? std::numeric_limits<double>::quiet_NaN() : m / static_cast<double>(xs.size());
}

// The settings a resumed calibration must share with the one it continues.
std::string settings_of(const CalibrateOptions& o) {
  return fmt::format("particles={} quantile={:.17g} min_acceptance={:.17g} variant={}", o.particles, o.quantile,
                     o.min_acceptance, o.variant);
}

// The posterior database's picture of a sampler's state (without the predictive checks).
Posterior posterior_of(const AbcResult& res, const Scenario& s, const CalibrateOptions& o, const std::string& stopped) {
  Posterior post;
  post.scenario_path = o.scenario;
  post.scenario_name = s.name;
  post.origin = s.start.plus(s.origin).to_string();
  post.command_line = o.command_line;
  post.seed = o.seed;
  post.simulations = res.simulations;
  post.stopped = stopped;
  post.settings = settings_of(o);
  for (const UncertainInput& in : s.inputs) {
    post.inputs.push_back(in.name);
    post.priors.push_back(in.distribution.describe());
  }
  post.scales = res.scales;
  for (const AbcGeneration& g : res.generations)
    post.generations.push_back({g.tolerance, g.simulations, g.acceptance, g.ess});
  for (const AbcParticle& p : res.generations.back().particles) post.particles.push_back({p.theta, p.weight, p.distance});
  return post;
}

// The sampler's state from a posterior database written by posterior_of, or why it is not
// one this calibration can continue.
std::string resume_state(const Posterior& post, const Scenario& s, const CalibrateOptions& o, std::size_t statistics,
                         AbcResult& out) {
  if (post.scenario_name != s.name)
    return fmt::format("it calibrates '{}', not '{}'", post.scenario_name, s.name);
  if (post.seed != o.seed) return fmt::format("it was made with --seed {}, not {}", post.seed, o.seed);
  if (post.settings != settings_of(o))
    return fmt::format("it was made with the settings '{}', not '{}'", post.settings, settings_of(o));
  if (post.inputs.size() != s.inputs.size()) return "its uncertain values are not the scenario's";
  for (std::size_t k = 0; k < s.inputs.size(); ++k)
    if (post.inputs[k] != s.inputs[k].name || post.priors[k] != s.inputs[k].distribution.describe())
      return fmt::format("its input {} is '{}' with prior {}, the scenario's is '{}' with prior {}", k + 1,
                         post.inputs[k], post.priors[k], s.inputs[k].name, s.inputs[k].distribution.describe());
  if (post.scales.size() != statistics)
    return fmt::format("it was fitted to {} observations, the scenario has {} to calibrate on", post.scales.size(),
                       statistics);
  if (post.generations.empty() || post.particles.size() != static_cast<std::size_t>(o.particles))
    return fmt::format("it holds {} particles, not --particles {}", post.particles.size(), o.particles);
  out = AbcResult{};
  out.scales = post.scales;
  out.simulations = post.simulations;
  for (const PosteriorGeneration& g : post.generations) {
    AbcGeneration x;
    x.tolerance = std::isnan(g.tolerance) ? INFINITY : g.tolerance;
    x.simulations = g.simulations;
    x.acceptance = g.acceptance;
    x.ess = g.ess;
    out.generations.push_back(std::move(x));
  }
  for (const PosteriorParticle& p : post.particles) out.generations.back().particles.push_back({p.theta, p.weight, p.distance});
  return "";
}

}  // namespace

int calibrate(const CalibrateOptions& o) {
  LoadResult loaded = load_scenario_file(o.scenario);
  for (const auto& d : loaded.diagnostics.items()) std::cerr << d.str() << '\n';
  if (!loaded.scenarios) return kExitInvalidInput;
  const Scenario* chosen = loaded.scenarios->find(o.variant);
  if (!chosen) {
    std::cerr << fmt::format("parley calibrate: {} has no variant '{}'\n", o.scenario, o.variant);
    return kExitInvalidInput;
  }
  const Scenario& s = *chosen;
  const std::string me = "parley calibrate: " + o.scenario;
  if (s.origin <= 0) {
    std::cerr << me << ": meta.origin is not set: calibration fits the months before the forecast's origin, "
                       "so the scenario needs one (and a start some months or years earlier: the history)\n";
    return kExitInvalidInput;
  }
  if (s.inputs.empty()) {
    std::cerr << me << ": no value is uncertain: give the values to calibrate as distributions (the priors; "
                       "docs/scenario-format.md, \"Uncertain values\")\n";
    return kExitInvalidInput;
  }
  // The history: rows dated before the origin and not kept for scoring. A row that reaches
  // the origin or later is refused unless it says `use: score`.
  std::vector<ObservedValue> used;
  int refused = 0;
  for (const ObservedValue& row : s.observations) {
    if (row.score_only) continue;
    if (row.last_month >= s.origin) {
      std::cerr << fmt::format("{}: error: observation '{}' for {} reaches the origin {} or later: only what "
                               "was known before the origin may calibrate a forecast; mark it `use: score` to "
                               "keep it for scoring\n",
                               fmt::format("{}:{}:{}", row.where.path, row.where.line, row.where.column), row.text, period_text(s, row), s.start.plus(s.origin).to_string());
      ++refused;
      continue;
    }
    used.push_back(row);
  }
  if (refused) return kExitInvalidInput;
  if (used.empty()) {
    std::cerr << me << ": no observation dated before the origin to calibrate on (an `observations:` file with "
                       "rows before " << s.start.plus(s.origin).to_string() << ")\n";
    return kExitInvalidInput;
  }
  // A new calibration never replaces a file; --resume continues the one in --out.
  AbcResult resumed;
  {
    namespace fs = std::filesystem;
    std::error_code ec;
    const bool exists = fs::exists(fs::symlink_status(o.out, ec));
    if (!o.resume && exists) {
      std::cerr << fmt::format("parley calibrate: {} exists already: give a new file, or --resume to continue the "
                               "calibration in it\n", o.out);
      return kExitFailure;  // as for any output that cannot be written
    }
    if (o.resume) {
      if (!exists) {
        std::cerr << fmt::format("parley calibrate: --resume: {} does not exist: there is no calibration to continue "
                                 "(run without --resume to start one)\n", o.out);
        return kExitInvalidInput;
      }
      std::string why;
      try {
        why = resume_state(read_posterior(o.out), s, o, used.size(), resumed);
      } catch (const std::exception& e) {
        why = e.what();
      }
      if (!why.empty()) {
        std::cerr << fmt::format("parley calibrate: --resume: {} cannot be continued: {}\n", o.out, why);
        return kExitInvalidInput;
      }
    }
  }
  Scenario history = s;
  history.months = s.origin;  // only the months before the origin are simulated
  history.observations = used;

  AbcProblem problem;
  for (const UncertainInput& in : s.inputs) problem.priors.push_back(in.distribution);
  for (const ObservedValue& row : used) problem.observed.push_back(row.value);
  const std::uint64_t seed = o.seed;
  problem.simulate = [&history, seed](const std::vector<double>& theta, std::uint64_t key) {
    return observe(with_inputs(history, theta), seed, key);
  };
  AbcOptions opt;
  opt.particles = o.particles;
  opt.max_generations = o.generations;
  opt.budget = o.budget;
  opt.quantile = o.quantile;
  opt.min_acceptance = o.min_acceptance;
  opt.seed = o.seed;
  opt.threads = o.threads;
  g_calibrate_stop = false;
  auto previous_int = std::signal(SIGINT, on_calibrate_signal);
  auto previous_term = std::signal(SIGTERM, on_calibrate_signal);
  opt.stop = &g_calibrate_stop;
  const bool tty = !o.quiet && ::isatty(STDERR_FILENO);
  if (!o.quiet)
    std::cerr << fmt::format("calibrating {} input(s) of {} on {} observation(s) before {}: {} particles, at most "
                             "{} generations and {} simulations\n",
                             s.inputs.size(), s.name, used.size(), s.start.plus(s.origin).to_string(),
                             o.particles, o.generations, o.budget);
  opt.progress = [&](int generation, std::uint64_t simulations) {
    if (o.quiet) return;
    std::fprintf(stderr, tty ? "\r  generation %d done, %llu simulations so far   " : "  generation %d done, %llu simulations so far\n",
                 generation, static_cast<unsigned long long>(simulations));
    std::fflush(stderr);
  };
  AbcContinuation cont;
  if (o.resume) {
    cont.resume = &resumed;
    if (!o.quiet)
      std::cerr << fmt::format("  resuming after generation {} ({} simulations so far)\n", resumed.generations.size() - 1,
                               resumed.simulations);
  }
  // After every generation the database holds the state so far, so that a kill loses at
  // most the generation under way.
  cont.checkpoint = [&](const AbcResult& r) { write_posterior(o.out, posterior_of(r, s, o, kPosteriorInProgress), true); };
  AbcResult res;
  try {
    res = abc_smc(problem, opt, cont);
  } catch (const std::exception& e) {
    std::signal(SIGINT, previous_int);
    std::signal(SIGTERM, previous_term);
    std::cerr << me << ": " << e.what() << '\n';
    return kExitFailure;
  }
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);
  if (tty) std::fprintf(stderr, "\n");
  if (res.generations.empty()) {
    std::cerr << me << ": stopped before the first generation was complete; nothing written\n";
    return 128 + SIGINT;
  }
  const AbcGeneration& last = res.generations.back();

  Posterior post = posterior_of(res, s, o, to_string(res.stopped));

  // The posterior predictive check at every observation (those used, and those held for
  // scoring or later): the whole horizon simulated from draws of the prior and the posterior.
  // Draw n uses stream `calibration` with run 1,000,000 + n (the sampler's own runs are its
  // generations, far below).
  Scenario whole = s;
  std::vector<std::vector<double>> prior_values(s.observations.size()), post_values(s.observations.size());
  std::vector<double> cumulative;
  double total = 0;
  for (const AbcParticle& p : last.particles) cumulative.push_back(total += p.weight);
  for (int n = 0; n < o.checks && !g_calibrate_stop; ++n) {
    const std::uint64_t run = 1'000'000 + static_cast<std::uint64_t>(n);
    const StreamFamily streams({o.seed, run, 0, Stream::calibration});
    std::vector<double> theta;
    for (std::size_t k = 0; k < s.inputs.size(); ++k) {
      Rng r = streams.sub(k);
      theta.push_back(s.inputs[k].distribution.draw(r));
    }
    const auto a = observe(with_inputs(whole, theta), o.seed, run);
    Rng pick = streams.sub(s.inputs.size());
    const double u = pick.uniform() * total;
    const auto at = static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
    const auto b = observe(with_inputs(whole, last.particles[std::min(at, last.particles.size() - 1)].theta), o.seed, run);
    for (std::size_t i = 0; i < s.observations.size(); ++i) {
      prior_values[i].push_back(a[i]);
      post_values[i].push_back(b[i]);
    }
  }
  for (std::size_t i = 0; i < s.observations.size(); ++i) {
    const ObservedValue& row = s.observations[i];
    PredictiveCheck c;
    c.row = row.where.line;
    c.quantity = row.text;
    c.period = period_text(s, row);
    c.used = !row.score_only && row.last_month < s.origin;
    c.observed = row.value;
    c.low = row.low.value_or(std::numeric_limits<double>::quiet_NaN());
    c.high = row.high.value_or(std::numeric_limits<double>::quiet_NaN());
    c.prior_mean = mean_of(prior_values[i]);
    c.prior_p05 = quantile_of(prior_values[i], 0.05);
    c.prior_p95 = quantile_of(prior_values[i], 0.95);
    c.mean = mean_of(post_values[i]);
    c.p05 = quantile_of(post_values[i], 0.05);
    c.p50 = quantile_of(post_values[i], 0.5);
    c.p95 = quantile_of(post_values[i], 0.95);
    post.checks.push_back(std::move(c));
  }
  try {
    write_posterior(o.out, post, true);
  } catch (const std::exception& e) {
    std::cerr << "parley calibrate: " << e.what() << '\n';
    return kExitFailure;
  }

  // What it found, for a person.
  std::cout << fmt::format("{}: {} generations, {} simulations, stopped: {}; final tolerance {:.4g}, acceptance "
                           "{:.1f}%, effective sample size {:.0f} of {}\n",
                           o.out, res.generations.size(), res.simulations, post.stopped, last.tolerance,
                           100 * last.acceptance, last.ess, last.particles.size());
  std::cout << fmt::format("  {:<44} {:>30}   {:>10} {:>10} {:>10}\n", "input", "prior", "post 5%", "post mean",
                           "post 95%");
  for (std::size_t k = 0; k < s.inputs.size(); ++k) {
    double m = 0;
    for (const AbcParticle& p : last.particles) m += p.weight * p.theta[k];
    std::cout << fmt::format("  {:<44} {:>30}   {:>10.4g} {:>10.4g} {:>10.4g}\n", s.inputs[k].name,
                             s.inputs[k].distribution.describe(), weighted_quantile(last, k, 0.05), m,
                             weighted_quantile(last, k, 0.95));
  }
  std::cout << fmt::format("  posterior predictive check ({} draws each from the prior and the posterior):\n", o.checks);
  for (const PredictiveCheck& c : post.checks)
    std::cout << fmt::format("    {:<36} {:<18} observed {:>10.4g}; prior 90% {:.4g} to {:.4g}; posterior 90% {:.4g} "
                             "to {:.4g}{}\n",
                             c.quantity, c.period, c.observed, c.prior_p05, c.prior_p95, c.p05, c.p95,
                             c.used ? "" : "  (not used: for scoring)");
  if (res.stopped == AbcResult::Stop::interrupted)
    std::cout << "  (interrupted: the posterior is the last complete generation)\n";
  return kExitOk;
}

}  // namespace parley::cli
