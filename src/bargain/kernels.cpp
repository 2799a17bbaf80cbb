// The weighted mean and weighted median kernels, and the names of the bargaining enums.
#include <cmath>

#include "parley/bargain.hpp"

namespace parley::bargain {

std::string_view to_string(Model m) { return enum_name(m); }

std::string_view to_string(Loss l) { return enum_name(l); }

std::string_view to_string(Status s) {
  switch (s) {
    case Status::ok: return "ok";
    case Status::no_weight: return "no_weight";
    case Status::no_agreement: return "no_agreement";
  }
  return "?";
}

Outcome compromise(std::span<const double> weights, std::span<const double> positions,
                   std::span<const double> saliences) {
  double num = 0, den = 0;
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const double w = weights[i] * saliences[i];
    num += w * positions[i];
    den += w;
  }
  if (!(den > 0)) return {0, Status::no_weight};
  return {num / den, Status::ok};
}

Outcome median(std::span<const double> weights, std::span<const double> positions,
               std::span<const double> saliences, std::span<double> scratch) {
  const std::size_t n = positions.size();
  double* xs = scratch.data();
  double* ws = scratch.data() + n;
  double total = 0;
  // Insertion sort by position: n is about 10 in the month step, where it beats std::sort
  // and needs no index array.
  for (std::size_t i = 0; i < n; ++i) {
    const double x = positions[i];
    const double w = weights[i] * saliences[i];
    total += w;
    std::size_t j = i;
    for (; j > 0 && xs[j - 1] > x; --j) {
      xs[j] = xs[j - 1];
      ws[j] = ws[j - 1];
    }
    xs[j] = x;
    ws[j] = w;
  }
  if (!(total > 0)) return {0, Status::no_weight};
  // An exact tie (cumulative == half) stops at the lower position. The comparison allows
  // 1e-12 of the total so that a tie in exact arithmetic is not lost to rounding in the
  // running sum. Zero-weight actors are skipped because they cannot be the median.
  const double half = 0.5 * total - 1e-12 * total;
  double cumulative = 0;
  for (std::size_t i = 0; i < n; ++i) {
    cumulative += ws[i];
    if (ws[i] > 0 && cumulative >= half) return {xs[i], Status::ok};
  }
  return {xs[n - 1], Status::ok};  // unreachable unless rounding leaves cumulative < half
}

}  // namespace parley::bargain
