// gamblers_ruin against MODEL.md 10.9, the p = 1/2 closed forms, boundaries, symmetry and large N.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "parley/value_of_war.hpp"

namespace {

using parley::gamblers_ruin;

// MODEL.md 10.9: N = 10, k = 5, p = 0.55.
// By hand: r = q/p = 0.45/0.55 = 0.818182; r^5 = 0.366648; r^10 = 0.134431;
// P = (1 - 0.366648) / (1 - 0.134431) = 0.633352 / 0.865569 = 0.731717 -> 0.7317.
// Steps = k/(q-p) - (N/(q-p)) P = 5/(-0.1) + 100 * 0.731717 = -50 + 73.1717 = 23.1717 -> 23.17.
TEST(GamblersRuin, PublishedExampleN10K5P055) {
  const auto v = gamblers_ruin(5, 10, 0.55);
  EXPECT_NEAR(v.win_probability, 0.7317, 0.00005);
  EXPECT_NEAR(v.expected_steps, 23.17, 0.005);
  EXPECT_EQ(std::round(v.win_probability * 1e4) / 1e4, 0.7317);
  EXPECT_EQ(std::round(v.expected_steps * 1e2) / 1e2, 23.17);
}

// p = 1/2: P = k/N and E = k (N - k), exactly.
TEST(GamblersRuin, FairWalkClosedForms) {
  for (int n : {2, 10, 20, 101}) {
    for (int k = 0; k <= n; ++k) {
      const auto v = gamblers_ruin(k, n, 0.5);
      EXPECT_NEAR(v.win_probability, static_cast<double>(k) / n, 1e-12) << k << "/" << n;
      EXPECT_NEAR(v.expected_steps, static_cast<double>(k) * (n - k), 1e-9) << k << "/" << n;
    }
  }
  // And the general formula is continuous at 1/2: p = 0.5 +- 1e-7 is within 1e-5 of it.
  for (double p : {0.5 + 1e-7, 0.5 - 1e-7}) {
    const auto v = gamblers_ruin(3, 10, p);
    EXPECT_NEAR(v.win_probability, 0.3, 1e-5);
    EXPECT_NEAR(v.expected_steps, 21.0, 1e-3);
  }
}

TEST(GamblersRuin, Boundaries) {
  // At an end the walk is over: k = 0 lost, k = N won, no steps left, whatever p.
  for (double p : {0.0, 0.3, 0.5, 0.9, 1.0}) {
    EXPECT_EQ(gamblers_ruin(0, 10, p).win_probability, 0.0);
    EXPECT_EQ(gamblers_ruin(0, 10, p).expected_steps, 0.0);
    EXPECT_EQ(gamblers_ruin(10, 10, p).win_probability, 1.0);
    EXPECT_EQ(gamblers_ruin(10, 10, p).expected_steps, 0.0);
  }
  // p = 0: straight down in k steps; p = 1: straight up in N - k steps.
  EXPECT_EQ(gamblers_ruin(4, 10, 0.0).win_probability, 0.0);
  EXPECT_EQ(gamblers_ruin(4, 10, 0.0).expected_steps, 4.0);
  EXPECT_EQ(gamblers_ruin(4, 10, 1.0).win_probability, 1.0);
  EXPECT_EQ(gamblers_ruin(4, 10, 1.0).expected_steps, 6.0);
  // Out-of-range k and p are clamped, as documented.
  EXPECT_EQ(gamblers_ruin(-3, 10, 0.6).win_probability, 0.0);
  EXPECT_EQ(gamblers_ruin(13, 10, 0.6).win_probability, 1.0);
  EXPECT_EQ(gamblers_ruin(4, 10, -0.2).expected_steps, 4.0);
  EXPECT_EQ(gamblers_ruin(4, 10, 1.2).expected_steps, 6.0);
}

// P(k, p) = 1 - P(N - k, 1 - p): the same walk seen from the other side. The expected
// duration is the same from both sides.
TEST(GamblersRuin, Symmetry) {
  for (int n : {5, 20, 60}) {
    for (int k = 0; k <= n; ++k) {
      for (double p : {0.05, 0.3, 0.45, 0.55, 0.8, 0.97}) {
        const auto a = gamblers_ruin(k, n, p), b = gamblers_ruin(n - k, n, 1 - p);
        EXPECT_NEAR(a.win_probability, 1 - b.win_probability, 1e-12) << k << "/" << n << " p " << p;
        EXPECT_NEAR(a.expected_steps, b.expected_steps, 1e-9 * std::max(1.0, a.expected_steps));
      }
    }
  }
}

// Independent reference: solve the first-step equations P_j = p P_{j+1} + q P_{j-1}
// (P_0 = 0, P_N = 1) and E_j = 1 + p E_{j+1} + q E_{j-1} (E_0 = E_N = 0) as tridiagonal
// linear systems (Thomas algorithm), and compare at every start k.
TEST(GamblersRuin, MatchesFirstStepEquations) {
  auto solve = [](int n, double p, double rhs_const, double right_end) {
    // Unknowns x_1..x_{n-1}: -q x_{j-1} + x_j - p x_{j+1} = rhs_const (+ p * right_end at j = n-1).
    const double q = 1 - p;
    const int m = n - 1;
    std::vector<double> c(static_cast<std::size_t>(m)), d(static_cast<std::size_t>(m)), x(static_cast<std::size_t>(m));
    for (int j = 0; j < m; ++j) {
      const double rhs = rhs_const + (j == m - 1 ? p * right_end : 0.0);
      const double denom = 1 - (j > 0 ? -q * c[static_cast<std::size_t>(j - 1)] : 0.0);
      c[static_cast<std::size_t>(j)] = -p / denom;
      d[static_cast<std::size_t>(j)] = (rhs - (j > 0 ? -q * d[static_cast<std::size_t>(j - 1)] : 0.0)) / denom;
    }
    for (int j = m - 1; j >= 0; --j)
      x[static_cast<std::size_t>(j)] =
          d[static_cast<std::size_t>(j)] - (j < m - 1 ? c[static_cast<std::size_t>(j)] * x[static_cast<std::size_t>(j + 1)] : 0.0);
    return x;
  };
  for (int n : {10, 20, 50}) {
    for (double p : {0.2, 0.45, 0.55, 0.7}) {
      const auto win = solve(n, p, 0.0, 1.0), steps = solve(n, p, 1.0, 0.0);
      for (int k = 1; k < n; ++k) {
        const auto v = gamblers_ruin(k, n, p);
        EXPECT_NEAR(v.win_probability, win[static_cast<std::size_t>(k - 1)], 1e-10) << k << "/" << n << " p " << p;
        EXPECT_NEAR(v.expected_steps, steps[static_cast<std::size_t>(k - 1)], 1e-8 * std::max(1.0, v.expected_steps))
            << k << "/" << n << " p " << p;
      }
    }
  }
}

// N = 1000: r^N under- or overflows in a naive formula. From the middle (k = 500) with a
// drift of |p - q| = 0.8 the walk ends at the favoured end almost surely, after
// (distance)/(drift) = 500/0.8 = 625 steps.
TEST(GamblersRuin, LargeNStaysFinite) {
  for (double p : {0.1, 0.9}) {
    for (int k : {1, 500, 999}) {
      const auto v = gamblers_ruin(k, 1000, p);
      EXPECT_TRUE(std::isfinite(v.win_probability)) << p << " " << k;
      EXPECT_TRUE(std::isfinite(v.expected_steps)) << p << " " << k;
      EXPECT_GE(v.win_probability, 0.0);
      EXPECT_LE(v.win_probability, 1.0);
      EXPECT_GE(v.expected_steps, 0.0);
    }
  }
  EXPECT_NEAR(gamblers_ruin(500, 1000, 0.9).win_probability, 1.0, 1e-12);
  EXPECT_NEAR(gamblers_ruin(500, 1000, 0.9).expected_steps, 625.0, 1e-6);
  EXPECT_NEAR(gamblers_ruin(500, 1000, 0.1).win_probability, 0.0, 1e-12);
  EXPECT_NEAR(gamblers_ruin(500, 1000, 0.1).expected_steps, 625.0, 1e-6);
  // From k = 1 with p = 0.9 the first step decides most: P = (1 - 1/9) / (1 - (1/9)^1000) = 8/9.
  EXPECT_NEAR(gamblers_ruin(1, 1000, 0.9).win_probability, 8.0 / 9.0, 1e-12);
  // Mildly unfavourable, long walk: p = 0.49, N = 1000, k = 500: s = 0.49/0.51,
  // P = (s^500 - s^1000)/(1 - s^1000) = s^500 (approx.) = exp(500 ln 0.960784) = 2.0e-9.
  const double s = 0.49 / 0.51;
  EXPECT_NEAR(gamblers_ruin(500, 1000, 0.49).win_probability, std::pow(s, 500) * (1 - std::pow(s, 500)) / (1 - std::pow(s, 1000)),
              1e-20);
}

}  // namespace

namespace {

// Near p = 1/2 (but not within the 1e-12 the code treats as exactly 1/2) the general formula
// loses every digit of the expected duration. Hand calculation for N = 20, k = 10,
// p = 1/2 + 1e-10: r = q/p = 1 - 4e-10; 1 - r^10 = 4e-9 and 1 - r^20 = 8e-9, each with an
// absolute rounding error near 1e-16 (relative 3e-8), so win = 0.5 +- 1.5e-8; then
// steps = (k - N win)/(q - p) = (10 - 20 win)/(-2e-10) has an error of +-3e-7/2e-10 = +-1500.
// In doubles win comes out as exactly 0.5 and steps as 0. The true value is
// k (N - k) = 100 up to a relative O((N (p - q))^2) = 4e-18, and no walk from 10 can end in
// fewer than min(k, N - k) = 10 steps. For N = 1000, k = 500, p = 1/2 + 3e-12 the code
// gives 770,965 steps instead of 250,000.
TEST(GamblersRuin, NearHalfKeepsTheDurationAccurate) {
  struct Case {
    int k, n;
  };
  for (Case c : {Case{10, 20}, Case{3, 10}, Case{500, 1000}}) {
    for (double d : {1e-8, 1e-9, 1e-10, 1e-11, 3e-12}) {
      for (double p : {0.5 + d, 0.5 - d}) {
        const auto v = gamblers_ruin(c.k, c.n, p);
        const double fair = static_cast<double>(c.k) * (c.n - c.k);
        EXPECT_GE(v.expected_steps, std::min(c.k, c.n - c.k)) << c.k << "/" << c.n << " p - 1/2 = " << p - 0.5;
        EXPECT_NEAR(v.expected_steps, fair, 1e-3 * fair) << c.k << "/" << c.n << " p - 1/2 = " << p - 0.5;
        // P moves from k/N by about 2 (p - 1/2) k (N - k)/N to first order; allow twice that.
        EXPECT_NEAR(v.win_probability, static_cast<double>(c.k) / c.n, 4 * d * fair / c.n + 1e-8) << c.k << "/" << c.n;
      }
    }
  }
}

}  // namespace
