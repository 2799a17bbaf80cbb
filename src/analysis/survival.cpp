// Kaplan-Meier survival curves with Greenwood intervals, medians, and streamed means.
#include <algorithm>
#include <cmath>

#include "parley/analysis.hpp"

namespace parley {

namespace {

constexpr double kZ95 = 1.959963984540054;  // the two-sided 95% normal quantile

// The log-log interval keeps the band inside [0, 1]; it is degenerate at S = 0 and S = 1.
void set_band(SurvivalPoint& p, double greenwood) {
  if (p.survival <= 0 || p.survival >= 1) {
    p.lower = p.upper = p.survival;
    return;
  }
  const double log_s = std::log(p.survival);
  const double se = std::sqrt(greenwood) / std::fabs(log_s);
  const double c = std::exp(kZ95 * se);
  p.lower = std::pow(p.survival, c);
  p.upper = std::pow(p.survival, 1 / c);
}

}  // namespace

std::vector<SurvivalPoint> kaplan_meier_counts(const std::vector<std::int64_t>& events,
                                               const std::vector<std::int64_t>& censored) {
  const std::size_t times = std::max(events.size(), censored.size());
  std::int64_t at_risk = 0;
  for (auto e : events) at_risk += e;
  for (auto c : censored) at_risk += c;
  std::vector<SurvivalPoint> curve;
  double s = 1, greenwood = 0;
  for (std::size_t t = 0; t < times; ++t) {
    SurvivalPoint p;
    p.time = static_cast<int>(t);
    p.events = t < events.size() ? events[t] : 0;
    p.censored = t < censored.size() ? censored[t] : 0;
    if (p.events == 0 && p.censored == 0) continue;
    p.at_risk = at_risk;
    const auto d = static_cast<double>(p.events), n = static_cast<double>(at_risk);
    s *= 1 - d / n;
    if (n > d) greenwood += d / (n * (n - d));
    p.survival = s;
    set_band(p, greenwood);
    curve.push_back(p);
    at_risk -= p.events + p.censored;
  }
  return curve;
}

std::vector<SurvivalPoint> kaplan_meier(const std::vector<Observation>& observations) {
  std::vector<std::int64_t> events, censored;
  for (const auto& o : observations) {
    const auto t = static_cast<std::size_t>(std::max(o.time, 0));
    if (events.size() <= t) {
      events.resize(t + 1, 0);
      censored.resize(t + 1, 0);
    }
    ++(o.event ? events : censored)[t];
  }
  return kaplan_meier_counts(events, censored);
}

MedianTime median_time(const std::vector<SurvivalPoint>& curve) {
  MedianTime m;
  for (const auto& p : curve) {
    if (!m.median && p.survival <= 0.5) m.median = p.time;
    // The band is above and below S: the lower band reaches 0.5 first, the upper one last.
    if (!m.lower && p.lower <= 0.5) m.lower = p.time;
    if (!m.upper && p.upper <= 0.5) m.upper = p.time;
  }
  return m;
}

void MeanInterval::add(double x) {
  ++n_;
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(n_);
  m2_ += delta * (x - mean_);
}

double MeanInterval::sd() const { return n_ > 1 ? std::sqrt(m2_ / static_cast<double>(n_ - 1)) : 0.0; }

double MeanInterval::half_width() const {
  return n_ > 1 ? kZ95 * sd() / std::sqrt(static_cast<double>(n_)) : 0.0;
}

}  // namespace parley
