// Reproducible random streams (pcg32) and our own distributions, so that results are
// identical across standard libraries and machines. No global random state anywhere.
#pragma once

#include <cstdint>

namespace parley {

// A pcg32 generator (O'Neill's PCG XSH RR 64/32), written out here so that the stream is
// fixed by this file alone.
class Rng {
 public:
  // A stream identified by a seed and up to three keys (run, month, purpose, ...). Streams
  // with different keys are independent; the same keys always give the same stream.
  Rng(std::uint64_t seed, std::uint64_t key1 = 0, std::uint64_t key2 = 0, std::uint64_t key3 = 0);

  // A stream from an already mixed 64-bit key (see stream_key): cheaper than the keyed
  // constructor when many streams share their first keys (the regions of one month).
  static Rng from_key(std::uint64_t key);
  // The key of the stream Rng(seed, key1, key2, key3) would use; pass it, combined with a
  // further key by sub_key, to from_key.
  static std::uint64_t stream_key(std::uint64_t seed, std::uint64_t key1, std::uint64_t key2, std::uint64_t key3);
  static std::uint64_t sub_key(std::uint64_t key, std::uint64_t sub) { return key ^ ((sub + 1) * 0x9E3779B97F4A7C15ull); }

  // The PCG reference seeding pcg32(initstate, initseq), for comparison with pcg-cpp.
  static Rng from_pcg_seed(std::uint64_t initstate, std::uint64_t initseq);

  std::uint32_t next_u32();
  // Uniform on [0, 1) with 53 random bits.
  double uniform();
  bool bernoulli(double p) { return uniform() < p; }
  // Poisson(mean): inversion below mean 12, Hoermann's PTRS transformed rejection above.
  std::int64_t poisson(double mean);
  // Binomial(n, p) by inversion (exact), splitting very large n.
  std::int64_t binomial(std::int64_t n, double p);

 private:
  Rng() = default;
  void reseed(std::uint64_t initstate, std::uint64_t initseq);
  std::uint64_t state_ = 0;
  std::uint64_t inc_ = 1;
};

// splitmix64: the mixing function used to derive stream seeds.
std::uint64_t mix64(std::uint64_t x);

// log(k!) without the C library's lgamma (table below 32, Stirling series above).
double log_factorial(std::int64_t k);

}  // namespace parley
