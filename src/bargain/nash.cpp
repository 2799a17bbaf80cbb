// Asymmetric Nash bargaining: exact 1-D maximisation and joint multi-issue coordinate ascent.
#include <algorithm>
#include <cmath>
#include <limits>

#include "parley/bargain.hpp"

namespace parley::bargain {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// One term of a 1-D objective sum_i b_i log(a_i - v_i L(y - x_i)); strides let the joint
// solver pass one column of an n x K row-major matrix without copying it.
// The weight is b_i s_i (s may be null, meaning 1) and the budget a0 + a_sign * a_i, so the
// one-issue kernel can pass weights, saliences and disagreement points without copies.
struct Terms {
  std::size_t n = 0;
  const double* w = nullptr;  // weight; terms whose weight is not positive are ignored
  const double* s = nullptr;  // optional factor of the weight
  const double* x = nullptr;  // kink (ideal point)
  const double* a = nullptr;  // budget data: the gain at y = x_i is a0 + a_sign * a[i]
  const double* v = nullptr;  // slope of the loss
  std::size_t x_stride = 1;
  std::size_t v_stride = 1;
  double a0 = 0;
  double a_sign = 1;
  Loss loss = Loss::linear;

  double bi(std::size_t i) const { return s ? w[i] * s[i] : w[i]; }
  double ai(std::size_t i) const { return a0 + a_sign * a[i]; }
  double xi(std::size_t i) const { return x[i * x_stride]; }
  double vi(std::size_t i) const { return v[i * v_stride]; }
};

struct Interval {
  double lo = -kInf;
  double hi = kInf;
  bool empty = false;
};

// The open interval of y where every weighted term has a positive argument.
Interval feasible_interval(const Terms& t) {
  Interval r;
  for (std::size_t i = 0; i < t.n; ++i) {
    if (!(t.bi(i) > 0)) continue;
    const double ai = t.ai(i);
    if (!(ai > 0)) return {0, 0, true};
    const double vi = t.vi(i);
    if (vi <= 0) continue;
    const double reach = t.loss == Loss::linear ? ai / vi : std::sqrt(ai / vi);
    r.lo = std::max(r.lo, t.xi(i) - reach);
    r.hi = std::min(r.hi, t.xi(i) + reach);
  }
  r.empty = !(r.lo < r.hi);
  return r;
}

// First and second derivative of the objective at y. At a kink (y = x_i, linear loss) the
// one-sided derivative is taken: from the right, or from the left when `left` is set.
struct Slope {
  double d1 = 0, d2 = 0;
};
Slope derivatives(const Terms& t, double y, bool left = false) {
  Slope r;
  for (std::size_t i = 0; i < t.n; ++i) {
    const double bi = t.bi(i);
    if (!(bi > 0)) continue;
    const double vi = t.vi(i);
    if (vi <= 0) continue;
    const double z = y - t.xi(i);
    if (t.loss == Loss::linear) {
      const double sign = z > 0 || (z == 0 && !left) ? 1.0 : -1.0;
      const double g = t.ai(i) - vi * std::fabs(z);
      r.d1 -= bi * vi * sign / g;
      r.d2 -= bi * vi * vi / (g * g);
    } else {
      const double g = t.ai(i) - vi * z * z;
      const double gz = 2 * vi * z;  // minus the derivative of g
      r.d1 -= bi * gz / g;
      r.d2 -= bi * (2 * vi / g + gz * gz / (g * g));
    }
  }
  return r;
}

// Maximises the 1-D objective over its feasible interval. `fallback` is returned when no
// term depends on y (the objective is flat). With linear loss the kinks x_i inside the
// bracket are tested first: the sign of the right derivative there says on which side the
// maximum lies, so the bracket shrinks to one kink-free piece (or the maximum is a kink,
// returned exactly). On the smooth piece, Newton steps safeguarded by bisection converge
// quadratically; the loop ends when the bracket or the step is below `tolerance`.
Outcome maximise_1d(const Terms& t, double fallback, double tolerance) {
  bool any = false;
  for (std::size_t i = 0; i < t.n; ++i) any = any || t.bi(i) > 0;
  if (!any) return {fallback, Status::no_weight};
  const Interval iv = feasible_interval(t);
  if (iv.empty) return {fallback, Status::no_agreement};
  if (!std::isfinite(iv.lo) || !std::isfinite(iv.hi)) return {fallback, Status::ok};
  double lo = iv.lo, hi = iv.hi;
  bool hi_is_kink = false;
  if (t.loss == Loss::linear) {
    for (std::size_t i = 0; i < t.n; ++i) {
      const double xi = t.xi(i);
      if (!(t.bi(i) > 0) || t.vi(i) <= 0 || xi <= lo || xi >= hi) continue;
      if (derivatives(t, xi).d1 > 0) {
        lo = xi;
      } else {
        hi = xi;
        hi_is_kink = true;
      }
    }
    if (hi_is_kink && derivatives(t, hi, true).d1 >= 0) return {hi, Status::ok};
  }
  double y = 0.5 * (lo + hi);
  for (int it = 0; it < 200 && hi - lo > tolerance; ++it) {
    const Slope s = derivatives(t, y);
    if (s.d1 > 0) lo = y;
    else hi = y;
    if (s.d2 < 0 && std::fabs(s.d1 / s.d2) < 0.25 * tolerance) {
      y = std::clamp(y - s.d1 / s.d2, lo, hi);  // converged: y is the root (or next to it)
      break;
    }
    const double newton = s.d2 < 0 ? y - s.d1 / s.d2 : y;
    y = newton > lo && newton < hi ? newton : 0.5 * (lo + hi);
  }
  return {y, Status::ok};
}

}  // namespace

Outcome nash(std::span<const double> weights, std::span<const double> positions,
             std::span<const double> saliences, std::span<const double> disagreement, double span,
             Loss loss) {
  const std::size_t n = positions.size();
  if (n == 0 || !(span > 0)) return {0, Status::no_weight};
  const double v = loss == Loss::linear ? 1.0 / span : 1.0 / (span * span);
  Terms t;
  t.n = n;
  t.w = weights.data();
  t.s = saliences.data();
  t.x = positions.data();
  t.a = disagreement.data();
  t.v = &v;
  t.v_stride = 0;
  t.a0 = 1.0;
  t.a_sign = -1.0;
  t.loss = loss;
  return maximise_1d(t, positions[0], 1e-12 * span);
}

}  // namespace parley::bargain

namespace parley::bargain {

namespace {

// The joint problem, with views of the caller's arrays; g[i] holds actor i's current gain
// u_i(y) - d_i (minus the phase-one slack), recomputed each sweep so rounding cannot drift.
struct Joint {
  std::size_t n = 0, k = 0;
  const double* b = nullptr;
  const double* x = nullptr;  // n x K
  const double* w = nullptr;  // n x K issue weights
  const double* d = nullptr;
  const double* span = nullptr;  // K
  double* y = nullptr;           // K
  double* g = nullptr;           // n
  double* a = nullptr;           // n, budgets of the coordinate being solved
  double* ones = nullptr;        // n, phase-one weights

  double vik(std::size_t i, std::size_t c) const { return w[i * k + c] / span[c]; }
  void recompute_gains(double slack) {
    for (std::size_t i = 0; i < n; ++i) {
      double u = 1.0;
      for (std::size_t c = 0; c < k; ++c) u -= vik(i, c) * std::fabs(y[c] - x[i * k + c]);
      g[i] = u - d[i] - slack;
    }
  }
};

// Exact maximisation along axis c with weights `weights`; returns how far y_c moved.
double coordinate_step(Joint& j, std::size_t c, const double* weights) {
  for (std::size_t i = 0; i < j.n; ++i)
    j.a[i] = j.g[i] + j.vik(i, c) * std::fabs(j.y[c] - j.x[i * j.k + c]);
  // The slopes v_ic = w_ic / span_c: pass w's column with the span folded into the budget
  // instead, so no copy is needed: a_i - (w_ic/span) |z| > 0  <=>  span a_i - w_ic |z| > 0.
  for (std::size_t i = 0; i < j.n; ++i) j.a[i] *= j.span[c];
  Terms t;
  t.n = j.n;
  t.w = weights;
  t.x = j.x + c;
  t.x_stride = j.k;
  t.a = j.a;
  t.v = j.w + c;
  t.v_stride = j.k;
  const Outcome o = maximise_1d(t, j.y[c], 1e-13 * j.span[c]);
  const double moved = std::fabs(o.position - j.y[c]);
  if (o.status == Status::ok) j.y[c] = o.position;
  for (std::size_t i = 0; i < j.n; ++i)
    j.g[i] = j.a[i] / j.span[c] - j.vik(i, c) * std::fabs(j.y[c] - j.x[i * j.k + c]);
  return moved;
}

// Phase one: find y with every weighted actor's gain positive, by coordinate ascent on
// s + mu sum_i log(g_i(y) - s) over (y, s). Its directional derivative is separable by
// coordinate (each g_i is a sum of one-coordinate terms), so coordinate-wise optimality is
// optimality. Returns false when the best common margin stays at or below about 1e-9.
bool find_feasible(Joint& j, int& sweeps) {
  constexpr double mu = 1e-11;
  j.recompute_gains(0);
  double s = kInf;
  for (std::size_t i = 0; i < j.n; ++i)
    if (j.b[i] > 0) s = std::min(s, j.g[i]);
  if (s > 0) return true;
  s -= 1.0;
  for (; sweeps < 20000; ++sweeps) {
    j.recompute_gains(s);
    double moved = 0;
    for (std::size_t c = 0; c < j.k; ++c) moved = std::max(moved, coordinate_step(j, c, j.ones));
    // The slack step maximises s + mu sum log(m_i - s); its derivative 1 - mu sum 1/(m_i - s)
    // changes sign in [min m - n mu, min m).
    double m_min = kInf;
    for (std::size_t i = 0; i < j.n; ++i)
      if (j.b[i] > 0) m_min = std::min(m_min, j.g[i] + s);
    double lo = m_min - static_cast<double>(j.n) * mu, hi = m_min;
    for (int it = 0; it < 200 && lo < hi; ++it) {
      const double mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) break;
      double sum = 0;
      for (std::size_t i = 0; i < j.n; ++i)
        if (j.b[i] > 0) sum += 1.0 / (j.g[i] + s - mid);
      if (1.0 - mu * sum > 0) lo = mid;
      else hi = mid;
    }
    const double s_new = lo;
    moved = std::max(moved, std::fabs(s_new - s));
    s = s_new;
    if (m_min > 0) return true;
    if (moved < 1e-14) break;
  }
  j.recompute_gains(0);
  for (std::size_t i = 0; i < j.n; ++i)
    if (j.b[i] > 0 && !(j.g[i] > 0)) return false;
  return true;
}

// Largest one-sided derivative of sum b_i log g_i along +-e_c over all axes c.
double max_axis_slope(const Joint& j) {
  double worst = 0;
  for (std::size_t c = 0; c < j.k; ++c) {
    double right = 0, left = 0;
    for (std::size_t i = 0; i < j.n; ++i) {
      if (!(j.b[i] > 0)) continue;
      const double lam = j.b[i] * j.vik(i, c) / j.g[i];
      const double z = j.y[c] - j.x[i * j.k + c];
      right -= lam * (z >= 0 ? 1.0 : -1.0);
      left -= lam * (z > 0 ? 1.0 : -1.0);
    }
    worst = std::max({worst, right, -left});
  }
  return worst;
}

}  // namespace

JointNashResult nash_joint(std::span<const double> weights, std::span<const double> positions,
                           std::span<const double> issue_weights,
                           std::span<const double> disagreement, std::span<const double> spans,
                           std::span<double> y, std::span<double> scratch) {
  JointNashResult r;
  Joint j;
  j.n = weights.size();
  j.k = spans.size();
  j.b = weights.data();
  j.x = positions.data();
  j.w = issue_weights.data();
  j.d = disagreement.data();
  j.span = spans.data();
  j.y = y.data();
  j.g = scratch.data();
  j.a = scratch.data() + j.n;
  j.ones = scratch.data() + 2 * j.n;
  double total = 0;
  for (std::size_t i = 0; i < j.n; ++i) {
    j.ones[i] = weights[i] > 0 ? 1.0 : 0.0;
    total += std::max(0.0, weights[i]);
  }
  if (!(total > 0) || j.k == 0) {
    r.status = Status::no_weight;
    return r;
  }
  // Start at the weighted mean of ideal points on each issue, a point inside the hull.
  for (std::size_t c = 0; c < j.k; ++c) {
    double num = 0, den = 0;
    for (std::size_t i = 0; i < j.n; ++i) {
      const double wt = std::max(0.0, weights[i]) * (issue_weights[i * j.k + c] + 1e-300);
      num += wt * positions[i * j.k + c];
      den += wt;
    }
    y[c] = den > 0 ? num / den : positions[c];
  }
  if (!find_feasible(j, r.sweeps)) {
    r.status = Status::no_agreement;
    return r;
  }
  // Phase two: cyclic exact coordinate ascent. The objective's directional derivative is
  // the sum of its axis derivatives, so a point no axis move improves is the maximum; the
  // loop stops when a sweep moves no coordinate by more than 1e-12 of its issue's span.
  for (int sweep = 0; sweep < 100000; ++sweep, ++r.sweeps) {
    j.recompute_gains(0);
    double moved = 0;
    for (std::size_t c = 0; c < j.k; ++c)
      moved = std::max(moved, coordinate_step(j, c, weights.data()) / spans[c]);
    if (moved <= 1e-12) break;
  }
  j.recompute_gains(0);
  r.max_slope = max_axis_slope(j);
  return r;
}

}  // namespace parley::bargain
