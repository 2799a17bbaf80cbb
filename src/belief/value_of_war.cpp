// Gambler's ruin: P(win) = (1 - r^k)/(1 - r^N) and the expected duration, r = q/p, computed
// through log r with expm1 so that neither p near 1/2 nor large N loses the answer.
#include "parley/value_of_war.hpp"

#include <algorithm>
#include <cmath>

namespace parley {

RuinValue gamblers_ruin(int k, int n, double p) {
  if (n <= 0) return {0.5, 0};
  k = std::clamp(k, 0, n);
  p = std::clamp(p, 0.0, 1.0);
  if (k == 0) return {0, 0};
  if (k == n) return {1, 0};
  const double q = 1 - p;
  const double kd = k, nd = n;
  if (p <= 0) return {0, kd};          // every step down: k steps to ruin
  if (q <= 0) return {1, nd - kd};     // every step up
  const double lr = std::log1p((q - p) / p);  // log r, exact to rounding even when tiny
  // So close to a fair walk that the general formula would cancel every digit: the fair
  // walk's values, exact to a relative O((N log r)^2) < 1e-10.
  if (std::fabs(lr) * nd < 1e-5) return {kd / nd, kd * (nd - kd)};
  double win;
  if (lr < 0) {
    win = std::expm1(kd * lr) / std::expm1(nd * lr);  // (1 - r^k)/(1 - r^N), r < 1
  } else {
    // r > 1: multiply through by r^-N, i.e. s^(N-k) (1 - s^k) / (1 - s^N) with s = 1/r.
    win = std::exp(-(nd - kd) * lr) * std::expm1(-kd * lr) / std::expm1(-nd * lr);
  }
  const double steps = (kd - nd * win) / (q - p);
  return {win, std::max(0.0, steps)};
}

}  // namespace parley
