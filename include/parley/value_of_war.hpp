// The value of war as a gambler's-ruin random walk of control (Smith and Stam 2004; MODEL.md section 7).
#pragma once

namespace parley {

struct RuinValue {
  double win_probability = 0;  // chance of reaching N before 0
  double expected_steps = 0;   // expected steps until either end
};

// A walk on 0..N starting at k, stepping up with probability p. k is clamped to [0, N];
// p to [0, 1]. Stable for large N and extreme p (no overflow of r^N).
RuinValue gamblers_ruin(int k, int n, double p);

}  // namespace parley
