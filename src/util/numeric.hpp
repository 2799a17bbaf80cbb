// Small numeric helpers shared by the war, the value of war and the samplers.
#pragma once

#include <cstdint>

namespace parley {

// x^n for a whole n >= 0 by repeated squaring: a handful of multiplications, accurate to a
// few ulps, and cheaper than pow for the counts and walk lengths the model raises to.
inline double power_of(double x, std::uint64_t n) {
  double result = 1;
  while (n > 0) {
    if (n & 1u) result *= x;
    x *= x;
    n >>= 1;
  }
  return result;
}

}  // namespace parley
