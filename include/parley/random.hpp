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

// Every purpose a random stream serves, in one place (OpenMC's random_lcg.h keeps its
// STREAM_TRACKING, STREAM_SOURCE, ... together the same way). Each kind of draw has its own
// stream, so that common random numbers stay aligned between variants even when one variant
// draws more in some place. The numbers are part of every stored result: never renumber.
enum class Stream : std::uint64_t {
  war = 1,    // engagements and their outcomes, one sub-stream per region and month
  talks = 2,  // talks opening, derailment, formal talks and defection, a fixed count a month
              // (track 0 the stream itself, track t > 0 its sub-stream t)
  ratification = 3,  // the ratifier's vote: one draw per track and month (sub-stream = track)
  inputs = 20,  // uncertain inputs, drawn before the first month: one sub-stream per input, keyed by its name
  calibration = 21,  // ABC-SMC proposals: "run" is the generation, "month" the attempt
  sensitivity = 22,  // Morris and Sobol designs and their bootstrap: "run" is the phase (0 the
                     // Sobol matrices, 1 the Morris trajectories, 2 the bootstrap), "month" the
                     // row, trajectory or resample
  // Version 2 of the model adds its streams here (shocks, uncertain inputs, ratification, ...).
  collapse = 10,  // surrender, desertion and defection: one sub-stream per region and actor a month
  shocks = 11,    // random shocks: one sub-stream per shock, one draw a month
  exit = 12,      // retired: drawn by the stand-in for exit deals, now talks tracks (kept so no number moves)
};

// Every stream, for the test that pins their first draws (tests/unit/streams_test.cpp).
inline constexpr Stream kStreams[] = {Stream::war,      Stream::talks,  Stream::ratification, Stream::collapse,
                                       Stream::shocks,   Stream::exit,   Stream::inputs,       Stream::calibration,
                                       Stream::sensitivity};

// Names of the streams, for messages.
const char* to_string(Stream s);

// Where a stream belongs: the experiment's seed, the run, the month (0 for draws made before
// the first month) and the purpose.
struct StreamId {
  std::uint64_t seed = 0;
  std::uint64_t run = 0;
  std::uint64_t month = 0;
  Stream purpose = Stream::war;
};

// The one way the model derives a random stream: from (seed, run, month, purpose), and, for
// a purpose with many parallel draws (the regions of a month), from a sub-key as well.
Rng make_stream(const StreamId& id);
Rng make_stream(const StreamId& id, std::uint64_t sub_key);

// The sub-streams of one (seed, run, month, purpose), with the shared part of the key mixed
// once: make_stream(id, k) == StreamFamily(id).sub(k), cheaper in a loop over regions.
class StreamFamily {
 public:
  explicit StreamFamily(const StreamId& id);
  Rng sub(std::uint64_t sub_key) const;

 private:
  std::uint64_t key_;
};

// splitmix64: the mixing function used to derive stream seeds.
std::uint64_t mix64(std::uint64_t x);

// log(k!) without the C library's lgamma (table below 32, Stirling series above).
double log_factorial(std::int64_t k);

}  // namespace parley
