// Gambler's ruin: P(win) = (1 - r^k)/(1 - r^N) and the expected duration, r = q/p. Powers
// are taken by repeated squaring (k and N are whole), and a walk so close to fair that the
// formula would cancel its digits gets the fair walk's values.
#include "parley/value_of_war.hpp"

#include <algorithm>
#include <cmath>

#include "util/numeric.hpp"

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
  // |log r| is about |q - p| / min(p, q) near a fair walk. Below 1e-5 / N the general formula
  // loses its digits, and the fair walk's values are exact to a relative O((N log r)^2) < 1e-10.
  if (std::fabs(q - p) * nd < 1e-5 * std::min(p, q)) return {kd / nd, kd * (nd - kd)};
  const auto uk = static_cast<std::uint64_t>(k), un = static_cast<std::uint64_t>(n);
  double win;
  if (p > q) {
    const double r = q / p;  // r < 1: r^k and r^N are small and safe
    win = (1 - power_of(r, uk)) / (1 - power_of(r, un));
  } else {
    // r > 1: multiply through by r^-N, i.e. (s^(N-k) - s^N) / (1 - s^N) with s = 1/r < 1.
    const double s = p / q;
    const double s_n = power_of(s, un);
    win = (power_of(s, un - uk) - s_n) / (1 - s_n);
  }
  const double steps = (kd - nd * win) / (q - p);
  return {win, std::max(0.0, steps)};
}

}  // namespace parley
