// Morris screening and Sobol indices (see parley/sensitivity.hpp and docs/forecasting.md).
// Streams: Stream::sensitivity with run = phase (0 Sobol rows, 1 Morris trajectories, 2 the
// bootstrap) and month = the row, trajectory or resample; one stream each, drawn in a fixed
// order, so the design does not depend on the threads.
#include "parley/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "forecast/parallel.hpp"
#include "parley/random.hpp"

namespace parley {

namespace {

using forecast_detail::parallel_for;
using forecast_detail::thread_count;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint64_t kSobolPhase = 0, kMorrisPhase = 1, kBootstrapPhase = 2;

Rng design_stream(std::uint64_t seed, std::uint64_t phase, std::uint64_t index) {
  return make_stream({seed, phase, index, Stream::sensitivity});
}

void check_problem(const SensitivityProblem& p) {
  if (p.inputs.empty()) throw std::invalid_argument("sensitivity: no inputs");
  if (!p.model) throw std::invalid_argument("sensitivity: no model");
  if (!p.names.empty() && p.names.size() != p.inputs.size())
    throw std::invalid_argument("sensitivity: names must be empty or one per input");
}

// Evaluates the model at points 0..count-1 (in parallel), point(m) giving the inputs and
// key(m) the key of point m, and checks that every call gave the same number of outputs;
// returns outputs[point][output]. Points are made where they are evaluated, so a large
// design is never held in memory whole.
template <class Point, class Key>
std::vector<std::vector<double>> evaluate(const SensitivityProblem& p, std::size_t count, Point point, Key key,
                                          unsigned threads) {
  std::vector<std::vector<double>> out(count);
  parallel_for(count, thread_count(threads), [&](std::size_t i) { out[i] = p.model(point(i), key(i)); });
  for (const auto& o : out)
    if (o.size() != out.front().size()) throw std::runtime_error("sensitivity: the model returned different numbers of outputs");
  if (!out.empty() && out.front().empty()) throw std::runtime_error("sensitivity: the model returned no outputs");
  return out;
}

// The q-quantile of sorted values (type 7), for the bootstrap intervals.
double sorted_quantile(const std::vector<double>& s, double q) {
  if (s.empty()) return kNaN;
  const double h = (static_cast<double>(s.size()) - 1) * std::clamp(q, 0.0, 1.0);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, s.size() - 1);
  return s[lo] + (h - static_cast<double>(lo)) * (s[hi] - s[lo]);
}

}  // namespace

double distribution_quantile(const Distribution& d, double p) {
  p = std::clamp(p, 0.0, 1.0);
  if (d.kind == DistributionKind::choice) {
    if (d.values.empty()) return kNaN;
    std::vector<double> vs = d.values;
    std::sort(vs.begin(), vs.end());
    for (double v : vs)
      if (d.cdf(v) >= p - 1e-12) return v;
    return vs.back();
  }
  // Bracket [lo, hi] with cdf(lo) < p <= cdf(hi), then bisect.
  double lo = d.low, hi = d.high;
  const double centre = d.nominal();
  double step = std::max(1.0, std::fabs(d.b));
  if (!std::isfinite(lo)) {
    lo = centre - step;
    while (d.cdf(lo) >= p && std::isfinite(lo)) lo = centre - (step *= 2);
  }
  step = std::max(1.0, std::fabs(d.b));
  if (!std::isfinite(hi)) {
    hi = centre + step;
    while (d.cdf(hi) < p && std::isfinite(hi)) hi = centre + (step *= 2);
  }
  for (int it = 0; it < 200 && hi - lo > 1e-14 * std::max(1.0, std::fabs(lo) + std::fabs(hi)); ++it) {
    const double mid = lo + (hi - lo) / 2;
    if (d.cdf(mid) >= p) hi = mid;
    else lo = mid;
  }
  const double x = std::clamp(hi, d.low, d.high);
  return d.integer ? std::round(x) : x;
}

MorrisResult morris(const SensitivityProblem& problem, const MorrisOptions& o) {
  check_problem(problem);
  if (o.levels < 2 || o.levels % 2 != 0) throw std::invalid_argument("morris: the number of levels must be even and at least 2");
  if (o.trajectories < 1) throw std::invalid_argument("morris: at least one trajectory is needed");
  const std::size_t k = problem.inputs.size(), r = o.trajectories;
  const int p = o.levels, jump = p / 2;

  // Level l of p is u = l / (p - 1) on Morris's grid; u maps to the input's probability
  // q = lo + u (hi - lo), with [lo, hi] = [0, 1] when the support is bounded (the grid spans
  // the whole range) and [1/(2p), 1 - 1/(2p)] (the centres of p equally likely cells) when
  // either side is unbounded. A step of `jump` levels changes q by dq[j].
  std::vector<std::vector<double>> level_value(k, std::vector<double>(static_cast<std::size_t>(p)));
  std::vector<double> dq(k);
  for (std::size_t j = 0; j < k; ++j) {
    const Distribution& d = problem.inputs[j];
    const bool bounded = d.kind == DistributionKind::choice || (std::isfinite(d.low) && std::isfinite(d.high));
    const double lo = bounded ? 0.0 : 0.5 / p, hi = 1 - lo;
    dq[j] = (hi - lo) * jump / (p - 1);
    for (int l = 0; l < p; ++l)
      level_value[j][static_cast<std::size_t>(l)] = distribution_quantile(d, lo + (hi - lo) * l / (p - 1));
  }

  // The trajectories: a random start on the grid, a random order of the inputs and a random
  // direction for each; step m moves input order[m] by `jump` levels.
  std::vector<std::vector<double>> points(r * (k + 1));
  std::vector<std::uint64_t> keys(points.size());
  std::vector<std::vector<std::size_t>> order(r, std::vector<std::size_t>(k));
  std::vector<std::vector<int>> direction(r, std::vector<int>(k));
  for (std::size_t t = 0; t < r; ++t) {
    Rng rng = design_stream(o.seed, kMorrisPhase, t);
    std::vector<int> level(k);
    for (std::size_t j = 0; j < k; ++j) {
      const int base = std::min(p - jump - 1, static_cast<int>(rng.uniform() * static_cast<double>(p - jump)));
      direction[t][j] = rng.uniform() < 0.5 ? 1 : -1;
      level[j] = direction[t][j] > 0 ? base : base + jump;
    }
    std::iota(order[t].begin(), order[t].end(), std::size_t{0});
    for (std::size_t j = k; j > 1; --j) {  // Fisher-Yates
      const auto pick = std::min(j - 1, static_cast<std::size_t>(rng.uniform() * static_cast<double>(j)));
      std::swap(order[t][j - 1], order[t][pick]);
    }
    for (std::size_t m = 0; m <= k; ++m) {
      if (m > 0) level[order[t][m - 1]] += jump * direction[t][order[t][m - 1]];
      std::vector<double> x(k);
      for (std::size_t j = 0; j < k; ++j) x[j] = level_value[j][static_cast<std::size_t>(level[j])];
      points[t * (k + 1) + m] = std::move(x);
      keys[t * (k + 1) + m] = o.common_random_numbers ? t : t * (k + 1) + m;
    }
  }
  const auto y = evaluate(
      problem, points.size(), [&](std::size_t m) { return points[m]; }, [&](std::size_t m) { return keys[m]; }, o.threads);
  const std::size_t outputs = y.front().size();

  MorrisResult res;
  res.evaluations = points.size();
  res.elementary.assign(outputs, std::vector<std::vector<double>>(k, std::vector<double>(r)));
  res.effects.assign(outputs, std::vector<MorrisEffect>(k));
  for (std::size_t t = 0; t < r; ++t)
    for (std::size_t m = 1; m <= k; ++m) {
      const std::size_t j = order[t][m - 1];
      const auto& before = y[t * (k + 1) + m - 1];
      const auto& after = y[t * (k + 1) + m];
      for (std::size_t q = 0; q < outputs; ++q)
        res.elementary[q][j][t] = static_cast<double>(direction[t][j]) * (after[q] - before[q]) / dq[j];
    }
  for (std::size_t q = 0; q < outputs; ++q)
    for (std::size_t j = 0; j < k; ++j) {
      const auto& ee = res.elementary[q][j];
      double mu = 0, mu_star = 0;
      for (double e : ee) {
        mu += e;
        mu_star += std::fabs(e);
      }
      mu /= static_cast<double>(r);
      mu_star /= static_cast<double>(r);
      double ss = 0;
      for (double e : ee) ss += (e - mu) * (e - mu);
      res.effects[q][j] = {mu, mu_star, r > 1 ? std::sqrt(ss / static_cast<double>(r - 1)) : 0.0};
    }
  return res;
}

namespace {

struct SobolSums {
  std::vector<double> first, total, first_saltelli;  // per input
  double mean = 0, variance = 0;
};

// The estimators over rows `rows` (a bootstrap resample, or 0..N-1) for output q.
// fa[j], fb[j], fab[i][j]: the output at A_j, B_j, A_B^(i)_j.
SobolSums estimate(const std::vector<double>& fa, const std::vector<double>& fb, const std::vector<std::vector<double>>& fab,
                   const std::vector<std::size_t>& rows) {
  const std::size_t k = fab.size();
  const double n = static_cast<double>(rows.size());
  SobolSums s;
  double sum = 0;
  for (std::size_t j : rows) sum += fa[j] + fb[j];
  s.mean = sum / (2 * n);
  double ss = 0;
  for (std::size_t j : rows) ss += (fa[j] - s.mean) * (fa[j] - s.mean) + (fb[j] - s.mean) * (fb[j] - s.mean);
  s.variance = ss / (2 * n);
  s.first.resize(k);
  s.total.resize(k);
  s.first_saltelli.resize(k);
  for (std::size_t i = 0; i < k; ++i) {
    double d_first = 0, d_total = 0, saltelli = 0;
    for (std::size_t j : rows) {
      const double b_ab = fb[j] - fab[i][j], a_ab = fa[j] - fab[i][j];
      d_first += b_ab * b_ab;
      d_total += a_ab * a_ab;
      saltelli += fb[j] * (fab[i][j] - fa[j]);
    }
    const double v = s.variance;
    s.first[i] = v > 0 ? (v - d_first / (2 * n)) / v : kNaN;
    s.total[i] = v > 0 ? d_total / (2 * n) / v : kNaN;
    s.first_saltelli[i] = v > 0 ? saltelli / n / v : kNaN;
  }
  return s;
}

}  // namespace

SobolResult sobol(const SensitivityProblem& problem, const SobolOptions& o) {
  check_problem(problem);
  if (o.samples < 2) throw std::invalid_argument("sobol: at least two samples are needed");
  if (!(o.confidence > 0 && o.confidence < 1)) throw std::invalid_argument("sobol: the confidence must lie in (0, 1)");
  const std::size_t k = problem.inputs.size(), n = o.samples;

  // Rows of A and B: row j draws A_j's inputs then B_j's from its own stream.
  std::vector<std::vector<double>> a(n, std::vector<double>(k)), b(n, std::vector<double>(k));
  for (std::size_t j = 0; j < n; ++j) {
    Rng rng = design_stream(o.seed, kSobolPhase, j);
    for (std::size_t i = 0; i < k; ++i) a[j][i] = problem.inputs[i].draw(rng);
    for (std::size_t i = 0; i < k; ++i) b[j][i] = problem.inputs[i].draw(rng);
  }
  // The design: point m N + j is A_j (m = 0), B_j (m = 1), A_B^(i)_j (m = 2 + i).
  const std::size_t count = (k + 2) * n;
  const auto design_point = [&](std::size_t m) {
    const std::size_t j = m % n, block = m / n;
    if (block == 1) return b[j];
    std::vector<double> x = a[j];
    if (block >= 2) x[block - 2] = b[j][block - 2];
    return x;
  };
  // With common random numbers A_j and every A_B^(i)_j share key j and B_j has key N + j of its
  // own: the model's noise is then one more factor, which the design takes from A like every
  // column but i. Sharing B_j's key too would hand the noise to input i in the first-order
  // estimator (B_j and A_B^(i)_j would share it with input i) and inflate every S_i by the
  // noise's share of the variance.
  const auto key = [&](std::size_t m) -> std::uint64_t {
    if (!o.common_random_numbers) return m;
    return m / n == 1 ? m : m % n;
  };
  const auto y = evaluate(problem, count, design_point, key, o.threads);
  const std::size_t outputs = y.front().size();

  SobolResult res;
  res.evaluations = count;
  res.indices.assign(outputs, std::vector<SobolIndex>(k));
  res.mean.resize(outputs);
  res.variance.resize(outputs);

  // Bootstrap resamples of the rows, each from its own stream (drawn once, shared by outputs).
  std::vector<std::vector<std::size_t>> resamples(o.bootstrap, std::vector<std::size_t>(n));
  parallel_for(o.bootstrap, thread_count(o.threads), [&](std::size_t r) {
    Rng rng = design_stream(o.seed, kBootstrapPhase, r);
    for (auto& j : resamples[r]) j = std::min(n - 1, static_cast<std::size_t>(rng.uniform() * static_cast<double>(n)));
  });
  std::vector<std::size_t> all(n);
  std::iota(all.begin(), all.end(), std::size_t{0});
  const double tail = (1 - o.confidence) / 2;

  for (std::size_t q = 0; q < outputs; ++q) {
    std::vector<double> fa(n), fb(n);
    std::vector<std::vector<double>> fab(k, std::vector<double>(n));
    for (std::size_t j = 0; j < n; ++j) {
      fa[j] = y[j][q];
      fb[j] = y[n + j][q];
      for (std::size_t i = 0; i < k; ++i) fab[i][j] = y[(2 + i) * n + j][q];
    }
    const SobolSums point = estimate(fa, fb, fab, all);
    res.mean[q] = point.mean;
    res.variance[q] = point.variance;
    std::vector<SobolSums> boot(o.bootstrap);
    parallel_for(o.bootstrap, thread_count(o.threads), [&](std::size_t r) { boot[r] = estimate(fa, fb, fab, resamples[r]); });
    for (std::size_t i = 0; i < k; ++i) {
      SobolIndex& idx = res.indices[q][i];
      idx.first = point.first[i];
      idx.total = point.total[i];
      idx.first_saltelli = point.first_saltelli[i];
      idx.first_interval = {idx.first, idx.first};
      idx.total_interval = {idx.total, idx.total};
      if (o.bootstrap == 0) continue;
      std::vector<double> f, t;
      for (const auto& s : boot) {
        if (!std::isnan(s.first[i])) f.push_back(s.first[i]);
        if (!std::isnan(s.total[i])) t.push_back(s.total[i]);
      }
      std::sort(f.begin(), f.end());
      std::sort(t.begin(), t.end());
      idx.first_interval = {sorted_quantile(f, tail), sorted_quantile(f, 1 - tail)};
      idx.total_interval = {sorted_quantile(t, tail), sorted_quantile(t, 1 - tail)};
    }
  }
  return res;
}

}  // namespace parley
