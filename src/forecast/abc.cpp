// ABC-SMC (see parley/abc.hpp for the method and its papers). Determinism: every proposal
// has a key (generation, attempt), every draw it needs comes from the stream of that key,
// and proposals are simulated in batches but accepted in attempt order, so the particles
// do not depend on the number of threads.
#include "parley/abc.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <thread>

#include "forecast/parallel.hpp"
#include "parley/random.hpp"

namespace parley {

namespace {

using forecast_detail::parallel_for;

constexpr double kSqrt2Pi = 2.50662827463100050242;
constexpr double kKeepChoice = 0.7;  // a discrete parameter keeps its value with this chance

std::uint64_t proposal_key(std::uint64_t generation, std::uint64_t attempt) { return (generation << 40) ^ attempt; }

Rng proposal_stream(const AbcOptions& o, std::uint64_t generation, std::uint64_t attempt) {
  return make_stream({o.seed, generation, attempt, Stream::calibration});
}

double standard_normal(Rng& rng) {
  static const Distribution unit{DistributionKind::normal, 0, 1, -INFINITY, INFINITY};
  return unit.draw(rng);
}

double prior_density(const AbcProblem& p, const std::vector<double>& theta) {
  double d = 1;
  for (std::size_t j = 0; j < theta.size(); ++j) d *= p.priors[j].pdf(theta[j]);
  return d;
}

double ess_of(const std::vector<AbcParticle>& ps) {
  double s = 0;
  for (const auto& p : ps) s += p.weight * p.weight;
  return s > 0 ? 1 / s : 0;
}

void normalise(std::vector<AbcParticle>& ps) {
  double total = 0;
  for (const auto& p : ps) total += p.weight;
  for (auto& p : ps) p.weight = total > 0 ? p.weight / total : 1.0 / static_cast<double>(ps.size());
}

// The robust spread of each statistic among the prior's simulations: 1.4826 MAD, else the
// standard deviation, else 1 (a statistic that never moves cannot be scaled).
std::vector<double> spreads(const std::vector<std::vector<double>>& stats, std::size_t n_stats) {
  std::vector<double> out(n_stats, 1.0);
  for (std::size_t s = 0; s < n_stats; ++s) {
    std::vector<double> xs;
    for (const auto& st : stats) xs.push_back(st[s]);
    if (xs.empty()) continue;
    std::sort(xs.begin(), xs.end());
    const double median = xs[xs.size() / 2];
    std::vector<double> dev;
    for (double x : xs) dev.push_back(std::fabs(x - median));
    std::sort(dev.begin(), dev.end());
    double scale = 1.4826 * dev[dev.size() / 2];
    if (!(scale > 0)) {
      double mean = 0, var = 0;
      for (double x : xs) mean += x;
      mean /= static_cast<double>(xs.size());
      for (double x : xs) var += (x - mean) * (x - mean);
      scale = std::sqrt(var / static_cast<double>(xs.size()));
    }
    out[s] = scale > 0 ? scale : 1.0;
  }
  return out;
}

struct Proposal {
  std::vector<double> theta;
  bool in_support = false;
  double distance = INFINITY;
};

}  // namespace

static void abc_generation_zero(const AbcProblem& problem, const AbcOptions& o, unsigned threads, std::size_t n,
                                AbcResult& result);
static AbcResult abc_continue(const AbcProblem& problem, const AbcOptions& o, unsigned threads, std::size_t n,
                       std::size_t dims, AbcResult& result, const AbcContinuation& cont);

const char* to_string(AbcResult::Stop s) {
  switch (s) {
    case AbcResult::Stop::generations: return "the last generation was reached";
    case AbcResult::Stop::tolerance: return "the tolerance reached its minimum";
    case AbcResult::Stop::acceptance: return "the acceptance rate fell below its minimum";
    case AbcResult::Stop::budget: return "the simulation budget was spent";
    case AbcResult::Stop::interrupted: return "interrupted";
  }
  return "?";
}

double abc_distance(const std::vector<double>& simulated, const std::vector<double>& observed,
                    const std::vector<double>& scales) {
  double d = 0;
  for (std::size_t s = 0; s < observed.size() && s < simulated.size(); ++s)
    d += std::fabs(simulated[s] - observed[s]) / scales[s];
  return d;
}

double weighted_quantile(const AbcGeneration& g, std::size_t parameter, double q) {
  std::vector<std::pair<double, double>> xs;
  for (const auto& p : g.particles) xs.emplace_back(p.theta[parameter], p.weight);
  std::sort(xs.begin(), xs.end());
  double acc = 0;
  for (const auto& [x, w] : xs) {
    acc += w;
    if (acc >= q) return x;
  }
  return xs.empty() ? NAN : xs.back().first;
}

AbcResult abc_smc(const AbcProblem& problem, const AbcOptions& o, const AbcContinuation& cont) {
  AbcResult result;
  const std::size_t n = static_cast<std::size_t>(std::max(1, o.particles)), dims = problem.priors.size();
  const unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  if (cont.resume && !cont.resume->generations.empty()) {
    const AbcGeneration& last = cont.resume->generations.back();
    if (last.particles.size() != n || cont.resume->scales.size() != problem.observed.size())
      throw std::invalid_argument("abc_smc: the generation to resume has another number of particles or statistics");
    for (const AbcParticle& p : last.particles)
      if (p.theta.size() != dims) throw std::invalid_argument("abc_smc: a particle to resume has another number of parameters");
    result = *cont.resume;
    result.stopped = AbcResult::Stop::generations;
  } else {
    abc_generation_zero(problem, o, threads, n, result);
    if (cont.checkpoint) cont.checkpoint(result);
  }
  return abc_continue(problem, o, threads, n, dims, result, cont);
}

// Generation 0: the prior, and the distance scales.
static void abc_generation_zero(const AbcProblem& problem, const AbcOptions& o, unsigned threads, std::size_t n,
                                AbcResult& result) {
  std::vector<std::vector<double>> theta0(n), stats0(n);
  parallel_for(n, threads, [&](std::size_t k) {
    Rng rng = proposal_stream(o, 0, k);
    for (const auto& prior : problem.priors) theta0[k].push_back(prior.draw(rng));
    stats0[k] = problem.simulate(theta0[k], proposal_key(0, k));
  });
  result.simulations = n;
  result.scales = spreads(stats0, problem.observed.size());
  AbcGeneration g0;
  g0.tolerance = INFINITY;
  g0.simulations = n;
  for (std::size_t k = 0; k < n; ++k)
    g0.particles.push_back({theta0[k], 1.0 / static_cast<double>(n), abc_distance(stats0[k], problem.observed, result.scales)});
  g0.ess = ess_of(g0.particles);
  result.generations.push_back(std::move(g0));
  if (o.progress) o.progress(0, result.simulations);
}

// Generations after the last one in `result`, up to o.max_generations.
static AbcResult abc_continue(const AbcProblem& problem, const AbcOptions& o, unsigned threads, std::size_t n,
                              std::size_t dims, AbcResult& result, const AbcContinuation& cont) {
  auto stopped = [&] { return o.stop && o.stop->load(); };
  for (int t = static_cast<int>(result.generations.size()); t < o.max_generations; ++t) {
    const AbcGeneration& prev = result.generations.back();
    std::vector<double> distances;
    for (const auto& p : prev.particles) distances.push_back(p.distance);
    std::sort(distances.begin(), distances.end());
    const double tolerance = distances[std::min(n - 1, static_cast<std::size_t>(o.quantile * static_cast<double>(n)))];
    if (tolerance <= o.min_tolerance && t > 1) {
      result.stopped = AbcResult::Stop::tolerance;
      return result;
    }
    // The kernel: per parameter, a Gaussian of twice the weighted variance.
    std::vector<double> sd(dims, 0);
    for (std::size_t j = 0; j < dims; ++j) {
      double mean = 0, var = 0;
      for (const auto& p : prev.particles) mean += p.weight * p.theta[j];
      for (const auto& p : prev.particles) var += p.weight * (p.theta[j] - mean) * (p.theta[j] - mean);
      sd[j] = std::sqrt(2 * var);
    }
    std::vector<double> cumulative;
    double acc = 0;
    for (const auto& p : prev.particles) cumulative.push_back(acc += p.weight);

    AbcGeneration next;
    next.tolerance = tolerance;
    std::uint64_t attempt = 0;
    const std::size_t batch = std::max<std::size_t>(n, 64);
    while (next.particles.size() < n) {
      if (stopped()) {
        result.stopped = AbcResult::Stop::interrupted;
        return result;
      }
      if (result.simulations + next.simulations >= o.budget) {
        result.simulations += next.simulations;
        result.stopped = AbcResult::Stop::budget;
        return result;
      }
      std::vector<Proposal> props(batch);
      parallel_for(batch, threads, [&](std::size_t b) {
        Proposal& pr = props[b];
        Rng rng = proposal_stream(o, static_cast<std::uint64_t>(t), attempt + b);
        const double u = rng.uniform() * acc;
        const std::size_t parent =
            std::min(n - 1, static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin()));
        for (std::size_t j = 0; j < dims; ++j) {
          const Distribution& prior = problem.priors[j];
          double x = prev.particles[parent].theta[j];
          if (prior.kind == DistributionKind::choice) {
            if (rng.uniform() >= kKeepChoice) x = prior.draw(rng);
          } else {
            x += sd[j] * standard_normal(rng);
            if (prior.integer) x = std::round(x);
          }
          pr.theta.push_back(x);
        }
        pr.in_support = prior_density(problem, pr.theta) > 0;
        if (!pr.in_support) return;
        pr.distance = abc_distance(problem.simulate(pr.theta, proposal_key(static_cast<std::uint64_t>(t), attempt + b)),
                                   problem.observed, result.scales);
      });
      for (std::size_t b = 0; b < batch && next.particles.size() < n; ++b) {
        if (props[b].in_support) ++next.simulations;
        if (props[b].in_support && props[b].distance <= tolerance)
          next.particles.push_back({std::move(props[b].theta), 0, props[b].distance});
      }
      attempt += batch;
    }
    // Importance weights: prior over the mixture of kernels around the last generation.
    parallel_for(n, threads, [&](std::size_t i) {
      AbcParticle& p = next.particles[i];
      double mixture = 0;
      for (const auto& q : prev.particles) {
        double k = q.weight;
        for (std::size_t j = 0; j < dims && k > 0; ++j) {
          const Distribution& prior = problem.priors[j];
          if (prior.kind == DistributionKind::choice) {
            k *= (p.theta[j] == q.theta[j] ? kKeepChoice : 0.0) + (1 - kKeepChoice) * prior.pdf(p.theta[j]);
          } else if (sd[j] > 0) {
            const double z = (p.theta[j] - q.theta[j]) / sd[j];
            k *= std::exp(-z * z / 2) / (kSqrt2Pi * sd[j]);
          } else {
            k *= p.theta[j] == q.theta[j] ? 1.0 : 0.0;
          }
        }
        mixture += k;
      }
      p.weight = mixture > 0 ? prior_density(problem, p.theta) / mixture : 0;
    });
    normalise(next.particles);
    next.ess = ess_of(next.particles);
    next.acceptance = next.simulations > 0 ? static_cast<double>(n) / static_cast<double>(next.simulations) : 0;
    result.simulations += next.simulations;
    const bool low_acceptance = next.acceptance < o.min_acceptance;
    result.generations.push_back(std::move(next));
    if (o.progress) o.progress(t, result.simulations);
    if (cont.checkpoint) cont.checkpoint(result);
    if (low_acceptance) {
      result.stopped = AbcResult::Stop::acceptance;
      return result;
    }
  }
  result.stopped = AbcResult::Stop::generations;
  return result;
}

}  // namespace parley
