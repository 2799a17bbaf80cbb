// Uncertain inputs (MODEL.md 17): the samplers of each distribution, all our own code over
// the uniform draws of parley's streams, and the per-run draw of every input into its place.
#include "parley/uncertain.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "parley/parameters.hpp"
#include "parley/scenario.hpp"

namespace parley {

namespace {

constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kSqrt2Pi = 2.50662827463100050242;

double phi(double z) { return 0.5 * std::erfc(-z / kSqrt2); }

// The standard normal quantile: Acklam's rational approximation (relative error below
// 1.2e-9), refined by one Halley step on the exact CDF, which takes it to full precision.
double phi_inverse(double p) {
  if (p <= 0) return -std::numeric_limits<double>::infinity();
  if (p >= 1) return std::numeric_limits<double>::infinity();
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  double x;
  if (p < p_low) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - p_low) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double e = phi(x) - p;
  const double u = e * kSqrt2Pi * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

// A uniform draw strictly inside (0, 1), for quantile functions that are infinite at the ends.
double open_uniform(Rng& rng) {
  for (;;) {
    const double u = rng.uniform();
    if (u > 0) return u;
  }
}

// Quantile of a normal(mean, sd) truncated to [low, high], at u in (0, 1). The tail the
// bounds sit in is mirrored to the lower side, where the CDF keeps its digits.
double truncated_normal_quantile(double mean, double sd, double low, double high, double u) {
  if (!(sd > 0)) return std::clamp(mean, low, high);
  double za = (low - mean) / sd, zb = (high - mean) / sd;
  const bool mirror = za > 0;  // both bounds above the mean: work with -z
  if (mirror) {
    std::swap(za, zb);
    za = -za;
    zb = -zb;
  }
  const double pa = phi(za), pb = phi(zb);
  const double z = phi_inverse(pa + (mirror ? 1 - u : u) * (pb - pa));
  return std::clamp(mean + sd * (mirror ? -z : z), low, high);
}

double truncated_normal_cdf(double mean, double sd, double low, double high, double x) {
  if (x < low) return 0;
  if (x >= high) return 1;
  if (!(sd > 0)) return x >= mean ? 1 : 0;
  const double pa = phi((low - mean) / sd), pb = phi((high - mean) / sd);
  return std::clamp((phi((x - mean) / sd) - pa) / (pb - pa), 0.0, 1.0);
}

// Gamma(k, 1) by Marsaglia and Tsang (2000), "A simple method for generating gamma
// variables", with the boost G(k) = G(k + 1) U^(1/k) for k < 1.
double gamma_draw(double k, Rng& rng) {
  if (k < 1) return gamma_draw(k + 1, rng) * std::pow(open_uniform(rng), 1 / k);
  const double d = k - 1.0 / 3, c = 1 / std::sqrt(9 * d);
  for (;;) {
    const double x = phi_inverse(open_uniform(rng));
    double v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const double u = open_uniform(rng);
    if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
  }
}

// The regularised incomplete beta I_x(a, b) by its continued fraction (modified Lentz),
// with the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges slowly.
double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incomplete_beta(b, a, 1 - x);
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) +
                                b * std::log1p(-x)) / a;
  constexpr double tiny = 1e-300;
  double f = 1, C = 1, D = 0;
  for (int i = 0; i <= 400; ++i) {
    const int m = i / 2;
    double numerator;
    if (i == 0) numerator = 1;
    else if (i % 2 == 0) numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
    else numerator = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    D = 1 + numerator * D;
    if (std::fabs(D) < tiny) D = tiny;
    D = 1 / D;
    C = 1 + numerator / C;
    if (std::fabs(C) < tiny) C = tiny;
    const double cd = C * D;
    f *= cd;
    if (std::fabs(1 - cd) < 1e-15) break;
  }
  return front * (f - 1);
}

std::string num(double x) { return fmt::format("{:.6g}", x); }

}  // namespace

const char* to_string(DistributionKind k) {
  switch (k) {
    case DistributionKind::uniform: return "uniform";
    case DistributionKind::normal: return "normal";
    case DistributionKind::lognormal: return "lognormal";
    case DistributionKind::beta: return "beta";
    case DistributionKind::triangular: return "triangular";
    case DistributionKind::choice: return "choice";
  }
  return "?";
}

double Distribution::nominal() const {
  double x = 0;
  switch (kind) {
    case DistributionKind::uniform: x = (low + high) / 2; break;
    case DistributionKind::normal: x = truncated_normal_quantile(a, b, low, high, 0.5); break;
    case DistributionKind::lognormal:
      x = std::exp(truncated_normal_quantile(std::log(a), b, low > 0 ? std::log(low) : -INFINITY, std::log(high), 0.5));
      break;
    case DistributionKind::beta: x = low + (high - low) * a / (a + b); break;  // the mean
    case DistributionKind::triangular: {
      const double mid = (low + high) / 2;
      x = a >= mid ? low + std::sqrt((high - low) * (a - low) / 2) : high - std::sqrt((high - low) * (high - a) / 2);
      break;
    }
    case DistributionKind::choice: x = values.empty() ? 0 : values.front(); break;
  }
  return integer ? std::round(x) : x;
}

double Distribution::draw(Rng& rng) const {
  double x = 0;
  switch (kind) {
    case DistributionKind::uniform: x = low + (high - low) * rng.uniform(); break;
    case DistributionKind::normal: x = truncated_normal_quantile(a, b, low, high, open_uniform(rng)); break;
    case DistributionKind::lognormal:
      x = std::exp(truncated_normal_quantile(std::log(a), b, low > 0 ? std::log(low) : -INFINITY, std::log(high),
                                             open_uniform(rng)));
      x = std::clamp(x, low, high);
      break;
    case DistributionKind::beta: {
      const double g1 = gamma_draw(a, rng), g2 = gamma_draw(b, rng);
      x = low + (high - low) * (g1 / (g1 + g2));
      break;
    }
    case DistributionKind::triangular: {
      const double u = rng.uniform(), span = high - low;
      if (!(span > 0)) {
        x = low;
      } else {
        const double f = (a - low) / span;
        x = u < f ? low + std::sqrt(u * span * (a - low)) : high - std::sqrt((1 - u) * span * (high - a));
      }
      break;
    }
    case DistributionKind::choice: {
      const double u = rng.uniform();
      if (weights.empty()) {
        x = values[std::min(values.size() - 1, static_cast<std::size_t>(u * static_cast<double>(values.size())))];
      } else {
        double total = 0;
        for (double w : weights) total += w;
        double acc = 0;
        x = values.back();
        for (std::size_t i = 0; i < values.size(); ++i) {
          acc += weights[i];
          if (u * total < acc) {
            x = values[i];
            break;
          }
        }
      }
      break;
    }
  }
  return integer ? std::round(x) : x;
}

double Distribution::cdf(double x) const {
  switch (kind) {
    case DistributionKind::uniform:
      if (x < low) return 0;
      if (x >= high) return 1;
      return (x - low) / (high - low);
    case DistributionKind::normal: return truncated_normal_cdf(a, b, low, high, x);
    case DistributionKind::lognormal:
      if (!(x > 0) || x < low) return 0;
      return truncated_normal_cdf(std::log(a), b, low > 0 ? std::log(low) : -INFINITY, std::log(high), std::log(x));
    case DistributionKind::beta:
      if (x <= low) return 0;
      if (x >= high) return 1;
      return incomplete_beta(a, b, (x - low) / (high - low));
    case DistributionKind::triangular: {
      if (x <= low) return 0;
      if (x >= high) return 1;
      const double span = high - low;
      return x <= a ? (x - low) * (x - low) / (span * (a - low)) : 1 - (high - x) * (high - x) / (span * (high - a));
    }
    case DistributionKind::choice: {
      double total = 0, below = 0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        const double w = weights.empty() ? 1.0 : weights[i];
        total += w;
        if (values[i] <= x) below += w;
      }
      return total > 0 ? below / total : 0;
    }
  }
  return 0;
}

double Distribution::pdf(double x) const {
  if (x < low || x > high) return 0;
  switch (kind) {
    case DistributionKind::uniform: return high > low ? 1 / (high - low) : 1;
    case DistributionKind::normal: {
      if (!(b > 0)) return x == a ? 1 : 0;
      const double mass = phi((high - a) / b) - phi((low - a) / b);
      const double z = (x - a) / b;
      return std::exp(-z * z / 2) / (kSqrt2Pi * b * mass);
    }
    case DistributionKind::lognormal: {
      if (!(x > 0)) return 0;
      const double mu = std::log(a);
      const double lo = low > 0 ? std::log(low) : -INFINITY;
      if (!(b > 0)) return x == a ? 1 : 0;
      const double mass = phi((std::log(high) - mu) / b) - phi((lo - mu) / b);
      const double z = (std::log(x) - mu) / b;
      return std::exp(-z * z / 2) / (kSqrt2Pi * b * x * mass);
    }
    case DistributionKind::beta: {
      const double t = (x - low) / (high - low);
      if (t <= 0 || t >= 1) return 0;
      return std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + (a - 1) * std::log(t) +
                      (b - 1) * std::log1p(-t)) / (high - low);
    }
    case DistributionKind::triangular: {
      const double span = high - low;
      if (!(span > 0)) return 1;
      return x <= a ? (a > low ? 2 * (x - low) / (span * (a - low)) : 2 / span)
                    : (high > a ? 2 * (high - x) / (span * (high - a)) : 2 / span);
    }
    case DistributionKind::choice: {
      double total = 0, at = 0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        const double w = weights.empty() ? 1.0 : weights[i];
        total += w;
        if (values[i] == x) at += w;
      }
      return total > 0 ? at / total : 0;
    }
  }
  return 0;
}

std::string Distribution::describe() const {
  const std::string support = fmt::format(" in [{}, {}]", num(low), num(high));
  switch (kind) {
    case DistributionKind::uniform: return fmt::format("uniform [{}, {}]", num(low), num(high));
    case DistributionKind::normal: return fmt::format("normal(mean {}, sd {})", num(a), num(b)) + support;
    case DistributionKind::lognormal: return fmt::format("lognormal(median {}, sigma {})", num(a), num(b)) + support;
    case DistributionKind::beta: return fmt::format("beta({}, {})", num(a), num(b)) + support;
    case DistributionKind::triangular: return fmt::format("triangular(mode {})", num(a)) + support;
    case DistributionKind::choice: {
      std::string s = "choice of";
      for (std::size_t i = 0; i < values.size(); ++i)
        s += fmt::format("{} {}", i ? "," : "", num(values[i])) +
             (weights.empty() ? std::string() : fmt::format(" (weight {})", num(weights[i])));
      return s;
    }
  }
  return "?";
}

void set_input(Scenario& s, const InputTarget& t, double value) {
  using K = InputTarget::Kind;
  const auto i = static_cast<std::size_t>(t.index);
  switch (t.kind) {
    case K::parameter: s.parameters.*(t.parameter->member) = value; break;
    case K::actor_field:
      if (const ActorFieldSpec* f = actor_field_spec(static_cast<ActorField>(t.field))) s.actors[i].*(f->member) = value;
      break;
    case K::actor_position: s.actors[i].positions[static_cast<std::size_t>(t.sub)] = value; break;
    case K::actor_salience: s.actors[i].salience[static_cast<std::size_t>(t.sub)] = value; break;
    case K::belief_mean:
      if (s.actors[i].belief) s.actors[i].belief->mean = value;
      break;
    case K::belief_strength:
      if (s.actors[i].belief) s.actors[i].belief->strength = value;
      break;
    case K::leverage_seeking: s.actors[i].strategy.leverage_seeking = value; break;
    case K::ceasefire_tempo: s.actors[i].strategy.ceasefire_tempo = value; break;
    case K::issue_status_quo: s.issues[i].status_quo = value; break;
    case K::region_population: s.regions[i].population = value; break;
    case K::region_terrain: s.regions[i].terrain = value; break;
    case K::region_forces: s.regions[i].forces[static_cast<std::size_t>(t.sub)] = value; break;
    case K::patron_support: s.patrons[i].support = value; break;
    case K::patron_leverage: s.patrons[i].leverage = value; break;
    case K::patron_lag: s.patrons[i].lag = value; break;
    case K::event_value: s.events[i].value = value; break;
    case K::mediator_factor:  // the scenario's `talks:`, its first track
      if (!s.tracks.empty()) s.tracks.front().mediator_factor = value;
      break;
  }
}

void draw_inputs(Scenario& s, std::uint64_t seed, std::uint64_t run, std::vector<double>* drawn) {
  if (drawn) drawn->clear();
  const StreamFamily streams({seed, run, 0, Stream::inputs});
  // From a posterior: one particle for the run, its values for the inputs it covers.
  const PosteriorSample* post = s.posterior.get();
  const std::vector<double>* particle = nullptr;
  if (post && !post->theta.empty()) {
    Rng rng = streams.sub(kPosteriorStreamKey);
    const double u = rng.uniform();
    const auto at = std::upper_bound(post->cumulative.begin(), post->cumulative.end(), u);
    const auto n = std::min<std::size_t>(static_cast<std::size_t>(at - post->cumulative.begin()), post->theta.size() - 1);
    particle = &post->theta[n];
  }
  for (std::size_t k = 0; k < s.inputs.size(); ++k) {
    const UncertainInput& in = s.inputs[k];
    double x = 0;
    bool given = false;
    if (particle)
      for (std::size_t col = 0; col < post->input.size() && !given; ++col)
        if (post->input[col] == static_cast<int>(k)) x = (*particle)[col], given = true;
    if (!given) {
      Rng rng = streams.sub(in.stream_key);
      x = in.distribution.draw(rng);
    }
    set_input(s, in.target, x);
    if (drawn) drawn->push_back(x);
  }
}

Scenario with_inputs(const Scenario& base, const std::vector<double>& theta) {
  Scenario s = base;
  for (std::size_t k = 0; k < s.inputs.size() && k < theta.size(); ++k) {
    const Distribution& d = s.inputs[k].distribution;
    double x = std::clamp(theta[k], d.low, d.high);
    if (d.integer) x = std::round(x);
    set_input(s, s.inputs[k].target, x);
  }
  s.inputs.clear();
  s.posterior.reset();
  return s;
}

}  // namespace parley
