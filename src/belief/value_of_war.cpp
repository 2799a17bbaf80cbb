// Gambler's ruin: P(win) = (1 - r^k)/(1 - r^N) and the expected duration, r = q/p.
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
  if (std::fabs(p - q) < 1e-12) return {kd / nd, kd * (nd - kd)};
  double win;
  if (p > q) {
    // r < 1: r^k and r^N are small and safe.
    const double r = q / p;
    win = (1 - std::pow(r, kd)) / (1 - std::pow(r, nd));
  } else {
    // r > 1: divide through by r^N, written with s = 1/r < 1: (s^(N-k) - s^N) / (1 - s^N).
    const double s = p / q;
    win = (std::pow(s, nd - kd) - std::pow(s, nd)) / (1 - std::pow(s, nd));
  }
  const double steps = kd / (q - p) - (nd / (q - p)) * win;
  return {win, std::max(0.0, steps)};
}

}  // namespace parley
