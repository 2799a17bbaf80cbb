// Our pcg32 Rng against the reference pcg32 of pcg-cpp, and the samplers' edge cases.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <pcg_random.hpp>
#include <set>
#include <utility>

#include "parley/random.hpp"

namespace {

using parley::Rng;

// The first 10,000 outputs equal pcg-cpp's pcg32(initstate, initseq) for several seeds,
// including 0 and all-ones (the extremes of the seeding arithmetic).
TEST(Rng, MatchesReferencePcg32) {
  const std::pair<std::uint64_t, std::uint64_t> seeds[] = {
      {42u, 54u}, {0u, 0u}, {1u, 1u}, {0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFFFFFFFFFFull},
      {0x853C49E6748FEA9Bull, 0xDA3E39CB94B95BDBull}, {123456789u, 987654321u}};
  for (auto [state, seq] : seeds) {
    pcg32 ref(state, seq);
    Rng ours = Rng::from_pcg_seed(state, seq);
    for (int i = 0; i < 10000; ++i) {
      const std::uint32_t expected = ref();
      ASSERT_EQ(ours.next_u32(), expected) << "seed (" << state << ", " << seq << ") output " << i;
    }
  }
}

// Published values: pcg32-demo of the PCG C library with seed 42, sequence 54 prints
// 0xa15c02b7 0x7b47f409 0xba1d3330 0x83d2f293 0xbfa4784b 0xcbed606e as its first outputs.
TEST(Rng, MatchesPublishedDemoOutputs) {
  Rng r = Rng::from_pcg_seed(42u, 54u);
  const std::uint32_t published[] = {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u, 0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
  for (std::uint32_t v : published) EXPECT_EQ(r.next_u32(), v);
}

// uniform() takes the top 53 bits of two consecutive outputs (first one high) over 2^53:
// checked bit for bit against the reference generator, and always inside [0, 1).
TEST(Rng, UniformIsTop53BitsOfTwoOutputs) {
  pcg32 ref(7u, 11u);
  Rng ours = Rng::from_pcg_seed(7u, 11u);
  double lo = 1, hi = 0;
  for (int i = 0; i < 100000; ++i) {
    const std::uint64_t a = ref(), b = ref();
    const double expected = static_cast<double>(((a << 32) | b) >> 11) / 9007199254740992.0;  // 2^53
    const double u = ours.uniform();
    ASSERT_EQ(u, expected) << i;
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  // 100,000 draws cover the interval: the extremes are within 1e-3 of the ends
  // (chance of missing either end: 2 * (1 - 1e-3)^100000 ~ 7e-44).
  EXPECT_LT(lo, 1e-3);
  EXPECT_GT(hi, 1 - 1e-3);
}

// Keyed streams: the same keys reproduce the stream; changing any key (or the seed, or
// the order of keys) gives a different one.
TEST(Rng, KeyedStreamsDifferAndRepeat) {
  auto first = [](Rng r) {
    std::uint64_t a = r.next_u32();
    std::uint64_t b = r.next_u32();
    return (a << 32) | b;
  };
  EXPECT_EQ(first(Rng(5, 1, 2, 3)), first(Rng(5, 1, 2, 3)));
  std::set<std::uint64_t> seen;
  const std::uint64_t keys[][4] = {{5, 1, 2, 3}, {6, 1, 2, 3}, {5, 0, 2, 3}, {5, 1, 0, 3}, {5, 1, 2, 0},
                                   {5, 2, 1, 3}, {5, 3, 2, 1}, {5, 1, 3, 2}, {0, 0, 0, 0}, {0, 0, 0, 1}};
  for (const auto& k : keys) seen.insert(first(Rng(k[0], k[1], k[2], k[3])));
  EXPECT_EQ(seen.size(), std::size(keys));
  // Whole streams agree for the same keys (1000 outputs).
  Rng a(99, 7, 8, 9), b(99, 7, 8, 9);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.next_u32(), b.next_u32());
  // And neighbouring run keys (as the simulation uses them) share no output in their first 1000.
  Rng c(99, 7, 8, 9), d(99, 8, 8, 9);
  std::set<std::uint32_t> outs;
  for (int i = 0; i < 1000; ++i) outs.insert(c.next_u32());
  int shared = 0;
  for (int i = 0; i < 1000; ++i) shared += outs.count(d.next_u32()) ? 1 : 0;
  // Two independent sets of 1000 32-bit values share one value with chance ~2.3e-4.
  EXPECT_EQ(shared, 0);
}

TEST(Rng, BinomialEdgeCases) {
  Rng r(1);
  EXPECT_EQ(r.binomial(0, 0.3), 0);
  EXPECT_EQ(r.binomial(-5, 0.3), 0);
  EXPECT_EQ(r.binomial(10, 0.0), 0);
  EXPECT_EQ(r.binomial(10, -0.5), 0);
  EXPECT_EQ(r.binomial(10, std::numeric_limits<double>::quiet_NaN()), 0);
  EXPECT_EQ(r.binomial(10, 1.0), 10);
  EXPECT_EQ(r.binomial(10, 1.5), 10);
  EXPECT_EQ(r.binomial(1000000000000LL, 1.0), 1000000000000LL);
  for (int i = 0; i < 1000; ++i) {
    const auto x = r.binomial(7, 0.4);
    ASSERT_GE(x, 0);
    ASSERT_LE(x, 7);
  }
}

// p > 1/2 takes the path n - Binomial(n, 1 - p): with the same stream it must give exactly
// n minus the draw for 1 - p (1 - 0.7 is 0.30000000000000004 in doubles, the same value
// the code computes, so both calls invert the same cdf with the same uniform).
TEST(Rng, BinomialSymmetryPath) {
  for (std::uint64_t s = 0; s < 200; ++s) {
    Rng a(s, 1), b(s, 1);
    const auto hi = a.binomial(30, 0.7);
    const auto lo = b.binomial(30, 1 - 0.7);
    ASSERT_EQ(hi, 30 - lo) << s;
  }
}

// Very large n (10^9, p = 0.001): q^n = e^-1000500 underflows, so the sampler splits n
// (about 2^11 pieces); the result is still within 6 standard deviations of n p
// (mean 10^6, sd = sqrt(n p q) = 999.5).
TEST(Rng, BinomialVeryLargeN) {
  const std::int64_t n = 1000000000;
  const double p = 0.001;
  const double mean = static_cast<double>(n) * p, sd = std::sqrt(mean * (1 - p));  // 10^6, 999.5
  Rng r(2024);
  for (int i = 0; i < 3; ++i) {
    const auto x = r.binomial(n, p);
    EXPECT_GE(x, 0);
    EXPECT_LE(x, n);
    EXPECT_LT(std::fabs(static_cast<double>(x) - mean), 6 * sd) << x;
  }
  // With p > 1/2 as well: symmetry path then split path.
  const auto y = r.binomial(n, 0.999);
  EXPECT_LT(std::fabs(static_cast<double>(n - y) - mean), 6 * sd) << y;
}

TEST(Rng, PoissonEdgeCases) {
  Rng r(3);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(r.poisson(0.0), 0);
  EXPECT_EQ(r.poisson(-2.0), 0);
  EXPECT_EQ(r.poisson(std::numeric_limits<double>::quiet_NaN()), 0);
  // A draw at mean 0 consumes no randomness: the stream continues as if it were not made.
  Rng a(4), b(4);
  (void)a.poisson(0.0);
  EXPECT_EQ(a.next_u32(), b.next_u32());
  for (int i = 0; i < 1000; ++i) {
    ASSERT_GE(r.poisson(3.0), 0);
    ASSERT_GE(r.poisson(50.0), 0);
  }
}

// log_factorial against exact sums of logs on both sides of its table/Stirling switch at 32.
TEST(Rng, LogFactorial) {
  double acc = 0;
  for (int k = 1; k <= 200; ++k) {
    acc += std::log(static_cast<double>(k));
    ASSERT_NEAR(parley::log_factorial(k), acc, 1e-10 * std::max(1.0, acc)) << k;
  }
  EXPECT_EQ(parley::log_factorial(0), 0.0);
}

}  // namespace

namespace {

// The per-region streams of a month come from one mixed key and a region sub-key: the same
// keys give the same stream, and different regions or months different ones.
TEST(Rng, SubKeyedStreamsDifferAndRepeat) {
  const std::uint64_t month3 = parley::Rng::stream_key(7, 1, 3, 1), month4 = parley::Rng::stream_key(7, 1, 4, 1);
  auto first = [](std::uint64_t key) {
    parley::Rng r = parley::Rng::from_key(key);
    std::vector<std::uint32_t> out;
    for (int i = 0; i < 8; ++i) out.push_back(r.next_u32());
    return out;
  };
  EXPECT_EQ(first(parley::Rng::sub_key(month3, 5)), first(parley::Rng::sub_key(month3, 5)));
  EXPECT_NE(first(parley::Rng::sub_key(month3, 5)), first(parley::Rng::sub_key(month3, 6)));
  EXPECT_NE(first(parley::Rng::sub_key(month3, 5)), first(parley::Rng::sub_key(month4, 5)));
  EXPECT_NE(first(parley::Rng::sub_key(month3, 0)), first(month3));
}

}  // namespace
