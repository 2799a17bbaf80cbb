// Proper scores and baselines (see parley/score.hpp and docs/forecasting.md).
#include "parley/score.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace parley {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// sum over i of (2i - n - 1) x_(i), 1-based, on sorted members: n^2/2 E|X - X'|.
double spread_sum(const std::vector<double>& sorted) {
  const double n = static_cast<double>(sorted.size());
  double s = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) s += (2.0 * static_cast<double>(i + 1) - n - 1) * sorted[i];
  return s;
}

double mean_abs_error(const std::vector<double>& members, double y) {
  double s = 0;
  for (double x : members) s += std::fabs(x - y);
  return s / static_cast<double>(members.size());
}

bool same_time(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a)); }

}  // namespace

double crps_sorted(const std::vector<double>& sorted, double y) {
  if (sorted.empty()) return kNaN;
  const double n = static_cast<double>(sorted.size());
  return mean_abs_error(sorted, y) - spread_sum(sorted) / (n * n);
}

double crps_ensemble(std::vector<double> members, double y) {
  std::sort(members.begin(), members.end());
  return crps_sorted(members, y);
}

double crps_ensemble_fair(std::vector<double> members, double y) {
  if (members.size() < 2) return kNaN;
  std::sort(members.begin(), members.end());
  const double n = static_cast<double>(members.size());
  return mean_abs_error(members, y) - spread_sum(members) / (n * (n - 1));
}

double crps_weighted(const std::vector<double>& members, const std::vector<double>& weights, double y) {
  if (members.size() != weights.size()) throw std::invalid_argument("crps_weighted: members and weights differ in size");
  std::vector<std::pair<double, double>> xw;
  double total = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (!(weights[i] >= 0)) throw std::invalid_argument("crps_weighted: a weight is negative or NaN");
    if (weights[i] > 0) xw.emplace_back(members[i], weights[i]);
    total += weights[i];
  }
  if (xw.empty() || !(total > 0)) return kNaN;
  std::sort(xw.begin(), xw.end());
  // E|X - y| = sum w|x - y|; E|X - X'| = 2 sum_i w_i x_(i) (W_below(i) - W_above(i)).
  double abs_error = 0, spread = 0, below = 0;
  for (const auto& [x, w0] : xw) {
    const double w = w0 / total;
    abs_error += w * std::fabs(x - y);
    const double above = 1 - below - w;
    spread += w * x * (below - above);
    below += w;
  }
  return abs_error - spread;  // 1/2 E|X - X'| = sum_i w_i x_(i) (below - above)
}

std::optional<std::size_t> bin_of(const std::vector<double>& edges, double y) {
  if (edges.size() < 2 || std::isnan(y)) return std::nullopt;
  if (y < edges.front() || y > edges.back()) return std::nullopt;
  if (y == edges.back()) return edges.size() - 2;
  // The first edge greater than y closes y's bin.
  const auto it = std::upper_bound(edges.begin(), edges.end(), y);
  return static_cast<std::size_t>(it - edges.begin()) - 1;
}

std::vector<double> bin_probabilities(const std::vector<double>& members, const std::vector<double>& edges) {
  if (edges.size() < 2) throw std::invalid_argument("bin_probabilities: at least two edges are needed");
  if (!std::is_sorted(edges.begin(), edges.end())) throw std::invalid_argument("bin_probabilities: edges must ascend");
  std::vector<double> p(edges.size() - 1, 0.0);
  if (members.empty()) return p;
  const double share = 1.0 / static_cast<double>(members.size());
  for (double x : members)
    if (const auto b = bin_of(edges, x)) p[*b] += share;
  return p;
}

double ignorance(const std::vector<double>& probabilities, std::optional<std::size_t> observed_bin, double floor) {
  double p = observed_bin && *observed_bin < probabilities.size() ? probabilities[*observed_bin] : 0.0;
  return -std::log2(std::max(p, floor));
}

double ignorance_ensemble(const std::vector<double>& members, const std::vector<double>& edges, double y, double floor) {
  return ignorance(bin_probabilities(members, edges), bin_of(edges, y), floor);
}

double ensemble_quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return kNaN;
  q = std::clamp(q, 0.0, 1.0);
  const double h = (static_cast<double>(sorted.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

bool in_central_interval(const std::vector<double>& members, double y, double level) {
  std::vector<double> s = members;
  std::sort(s.begin(), s.end());
  return y >= ensemble_quantile(s, 0.5 - level / 2) && y <= ensemble_quantile(s, 0.5 + level / 2);
}

Coverage coverage(const std::vector<std::vector<double>>& ensembles, const std::vector<double>& observations) {
  if (ensembles.size() != observations.size()) throw std::invalid_argument("coverage: ensembles and observations differ in number");
  Coverage c;
  for (std::size_t k = 0; k < ensembles.size(); ++k) {
    if (ensembles[k].empty()) continue;
    std::vector<double> s = ensembles[k];
    std::sort(s.begin(), s.end());
    const double y = observations[k];
    c.central50 += (y >= ensemble_quantile(s, 0.25) && y <= ensemble_quantile(s, 0.75)) ? 1 : 0;
    c.central90 += (y >= ensemble_quantile(s, 0.05) && y <= ensemble_quantile(s, 0.95)) ? 1 : 0;
    ++c.n;
  }
  if (c.n > 0) {
    c.central50 /= static_cast<double>(c.n);
    c.central90 /= static_cast<double>(c.n);
  } else {
    c.central50 = c.central90 = kNaN;
  }
  return c;
}

double pit(const std::vector<double>& members, double y, Rng& rng) {
  const double v = rng.uniform();
  if (members.empty()) return kNaN;
  std::size_t below = 0, at_or_below = 0;
  for (double x : members) {
    below += x < y;
    at_or_below += x <= y;
  }
  const double n = static_cast<double>(members.size());
  return (static_cast<double>(below) + v * static_cast<double>(at_or_below - below)) / n;
}

std::vector<double> pit_values(const std::vector<std::vector<double>>& ensembles, const std::vector<double>& observations,
                               Rng& rng) {
  if (ensembles.size() != observations.size()) throw std::invalid_argument("pit_values: ensembles and observations differ in number");
  std::vector<double> out;
  out.reserve(ensembles.size());
  for (std::size_t k = 0; k < ensembles.size(); ++k) out.push_back(pit(ensembles[k], observations[k], rng));
  return out;
}

double brier(double probability, bool happened) {
  const double d = probability - (happened ? 1.0 : 0.0);
  return d * d;
}

double log_score(double probability, bool happened, double floor) {
  const double p = happened ? probability : 1 - probability;
  return -std::log2(std::max(p, floor));
}

double mean_brier(const std::vector<double>& probabilities, const std::vector<bool>& happened) {
  if (probabilities.size() != happened.size()) throw std::invalid_argument("mean_brier: sizes differ");
  if (probabilities.empty()) return kNaN;
  double s = 0;
  for (std::size_t k = 0; k < probabilities.size(); ++k) s += brier(probabilities[k], happened[k]);
  return s / static_cast<double>(probabilities.size());
}

double mean_log_score(const std::vector<double>& probabilities, const std::vector<bool>& happened, double floor) {
  if (probabilities.size() != happened.size()) throw std::invalid_argument("mean_log_score: sizes differ");
  if (probabilities.empty()) return kNaN;
  double s = 0;
  for (std::size_t k = 0; k < probabilities.size(); ++k) s += log_score(probabilities[k], happened[k], floor);
  return s / static_cast<double>(probabilities.size());
}

double crps_event_time(const std::vector<std::optional<double>>& times, std::optional<double> observed, double start,
                       double horizon) {
  if (times.empty() || !(start <= horizon)) return kNaN;
  // F is a step function with jumps at the event times; between consecutive breakpoints in
  // the window both F and the observation's indicator are constant.
  std::vector<double> happened, cuts{start, horizon};
  for (const auto& t : times)
    if (t) {
      happened.push_back(*t);
      if (*t > start && *t < horizon) cuts.push_back(*t);
    }
  if (observed && *observed > start && *observed < horizon) cuts.push_back(*observed);
  std::sort(happened.begin(), happened.end());
  std::sort(cuts.begin(), cuts.end());
  const double n = static_cast<double>(times.size());
  double total = 0;
  for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
    const double at = cuts[c], width = cuts[c + 1] - at;
    if (!(width > 0)) continue;
    const double f = static_cast<double>(std::upper_bound(happened.begin(), happened.end(), at) - happened.begin()) / n;
    const double indicator = observed && *observed <= at ? 1.0 : 0.0;
    total += (f - indicator) * (f - indicator) * width;
  }
  return total;
}

double milestone_base_rate(std::optional<double> given) { return given ? *given : 0.5; }

const char* to_string(Baseline b) {
  switch (b) {
    case Baseline::persistence: return "persistence";
    case Baseline::trend: return "trend";
    case Baseline::climatology: return "climatology";
  }
  return "?";
}

LinearFit fit_line(const std::vector<TimedValue>& points) {
  LinearFit fit;
  if (points.empty()) {
    fit.intercept = fit.slope = kNaN;
    return fit;
  }
  const double n = static_cast<double>(points.size());
  double mt = 0, mv = 0;
  for (const auto& p : points) {
    mt += p.time;
    mv += p.value;
  }
  mt /= n;
  mv /= n;
  double stt = 0, stv = 0;
  for (const auto& p : points) {
    stt += (p.time - mt) * (p.time - mt);
    stv += (p.time - mt) * (p.value - mv);
  }
  fit.slope = stt > 0 ? stv / stt : 0.0;
  fit.intercept = mv - fit.slope * mt;
  for (const auto& p : points) fit.residuals.push_back(p.value - fit.at(p.time));
  return fit;
}

std::vector<TimedValue> before_origin(const std::vector<TimedValue>& observations, double origin, std::size_t window) {
  std::vector<TimedValue> out;
  for (const auto& o : observations)
    if (o.time < origin && !std::isnan(o.value)) out.push_back(o);
  std::stable_sort(out.begin(), out.end(), [](const TimedValue& a, const TimedValue& b) { return a.time < b.time; });
  if (window > 0 && out.size() > window) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(window));
  return out;
}

std::vector<double> baseline_ensemble(Baseline b, const std::vector<TimedValue>& observations, double origin, double time,
                                      const BaselineOptions& options) {
  const std::vector<TimedValue> past = before_origin(observations, origin, options.window);
  std::vector<double> out;
  if (past.empty()) return out;
  switch (b) {
    case Baseline::persistence: {
      const TimedValue& last = past.back();
      if (options.spread) {
        // The h-step changes within the past, h the horizon from the last observation.
        const double h = time - last.time;
        for (std::size_t i = 0; i < past.size(); ++i)
          for (std::size_t j = i + 1; j < past.size(); ++j)
            if (same_time(past[j].time - past[i].time, h)) out.push_back(last.value + past[j].value - past[i].value);
      }
      if (out.empty()) out.push_back(last.value);
      break;
    }
    case Baseline::trend: {
      const LinearFit fit = fit_line(past);
      const double point = fit.at(time);
      if (options.spread && past.size() >= 3)
        for (double r : fit.residuals) out.push_back(point + r);
      if (out.empty()) out.push_back(point);
      break;
    }
    case Baseline::climatology:
      for (const auto& p : past) out.push_back(p.value);
      break;
  }
  return out;
}

double skill(double score, double baseline_score) {
  if (!(baseline_score > 0)) return kNaN;
  return 1 - score / baseline_score;
}

double skill_vs_best(double score, const std::vector<double>& baseline_scores) {
  double best = kNaN;
  for (double s : baseline_scores)
    if (!std::isnan(s) && (std::isnan(best) || s < best)) best = s;
  return skill(score, best);
}

namespace {

QuantityScores score_ensembles(const std::vector<std::vector<double>>& ensembles, const std::vector<double>& ys,
                               const ScoreOptions& o, Rng& rng) {
  QuantityScores s;
  s.periods = ensembles.size();
  if (ensembles.empty()) {
    s.crps = s.ignorance = kNaN;
    s.coverage = coverage(ensembles, ys);
    return s;
  }
  double crps = 0, ign = 0;
  for (std::size_t k = 0; k < ensembles.size(); ++k) {
    crps += crps_ensemble(ensembles[k], ys[k]);
    if (!o.bin_edges.empty()) ign += ignorance_ensemble(ensembles[k], o.bin_edges, ys[k], o.floor);
  }
  const double n = static_cast<double>(ensembles.size());
  s.crps = crps / n;
  s.ignorance = o.bin_edges.empty() ? kNaN : ign / n;
  s.coverage = coverage(ensembles, ys);
  s.pit = pit_values(ensembles, ys, rng);
  return s;
}

}  // namespace

ScoreReport score_quantity(const std::vector<PeriodForecast>& forecast, const std::vector<TimedValue>& observations,
                           const ScoreOptions& o, Rng& rng) {
  std::vector<double> times, ys;
  std::vector<std::vector<double>> ensembles;
  for (const auto& f : forecast) {
    if (f.time < o.origin || f.members.empty()) continue;
    for (const auto& obs : observations)
      if (same_time(obs.time, f.time) && !std::isnan(obs.value)) {
        times.push_back(f.time);
        ys.push_back(obs.value);
        ensembles.push_back(f.members);
        break;
      }
  }
  ScoreReport report;
  report.forecast = score_ensembles(ensembles, ys, o, rng);
  std::vector<double> crps_of, ign_of;
  for (Baseline b : kBaselines) {
    std::vector<std::vector<double>> be;
    for (double t : times) be.push_back(baseline_ensemble(b, observations, o.origin, t, o.baseline));
    BaselineScores bs{b, {}};
    const bool usable = std::all_of(be.begin(), be.end(), [](const auto& e) { return !e.empty(); });
    if (usable) {
      bs.scores = score_ensembles(be, ys, o, rng);
    } else {
      bs.scores.crps = bs.scores.ignorance = kNaN;
      bs.scores.coverage.central50 = bs.scores.coverage.central90 = kNaN;
    }
    crps_of.push_back(bs.scores.crps);
    ign_of.push_back(bs.scores.ignorance);
    report.baselines.push_back(std::move(bs));
  }
  report.crps_skill = skill_vs_best(report.forecast.crps, crps_of);
  report.ignorance_skill = skill_vs_best(report.forecast.ignorance, ign_of);
  return report;
}

}  // namespace parley
