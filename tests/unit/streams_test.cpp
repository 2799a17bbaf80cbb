// The random-stream registry (parley/random.hpp): every stream purpose's first draws are
// pinned, so that a change of how a stream is derived cannot pass silently. The expected
// numbers were computed outside parley, by an independent Python transcription of the
// documented derivation (splitmix64 key mixing, then the PCG reference seeding and
// pcg32 XSH RR, itself checked against pcg-cpp in random_test.cpp):
//   key = mix64(mix64(mix64(seed) ^ run) ^ (month * 0xD1B54A32D192ED03)) ^ purpose
//   keyed stream:  pcg32(initstate = mix64(key), initseq = mix64(key ^ 0xA5A5A5A5A5A5A5A5))
//   sub-stream k:  key' = key ^ ((k + 1) * 0x9E3779B97F4A7C15),
//                  pcg32(initstate = mix64(key'), initseq = key' ^ 0xA5A5A5A5A5A5A5A5)
// at seed 2015, run 3, month 7, sub-key 5.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <map>

#include "parley/random.hpp"

namespace {

using parley::Stream;

struct Pinned {
  std::array<std::uint32_t, 4> keyed;
  std::array<std::uint32_t, 4> sub5;
};

const std::map<Stream, Pinned>& pinned() {
  static const std::map<Stream, Pinned> table = {
      {Stream::war, {{0xb1c7bd5e, 0xa6c8c1e5, 0x2af262e8, 0x718b925e}, {0x8a458377, 0xa213dc52, 0x53c8a275, 0xf0a66870}}},
      {Stream::talks, {{0xdd5858d7, 0x98a1985d, 0x8029b45a, 0x42970ea3}, {0x8fef55ae, 0x6229e081, 0x828b31dc, 0x81238dce}}},
      {Stream::ratification, {{0xc5da1b91, 0x558d5ecf, 0xdb1d5993, 0x3cf9ba2b}, {0x1532af64, 0xa53f4f08, 0x3a97622e, 0x0dc0c7ab}}},
      {Stream::collapse, {{0x596bc2da, 0x09739ed4, 0x640d34e2, 0xead57ada}, {0x3195b342, 0xf3224513, 0x5e9949a4, 0x32a42767}}},
      {Stream::shocks, {{0x21f35b0c, 0x9cbc91a5, 0x6db0b11c, 0x8993ea83}, {0x162bc869, 0xf8ed37e6, 0xb6dc3834, 0x0e9b58c6}}},
      {Stream::exit, {{0x44a79262, 0xd2c70d68, 0x8a25e7ca, 0x1b6e9336}, {0xd9ff35d6, 0xc597a5fc, 0x8dd53a90, 0xaf464069}}},
      {Stream::inputs, {{0xb7268308, 0x18fc1142, 0x837a2e45, 0xdcd905e1}, {0xd740922a, 0xb7b30580, 0x73d45bdc, 0xbb6a0f8e}}},
      {Stream::calibration, {{0xfbc1acfd, 0x3426b9ac, 0xb56d9d02, 0xbd3c27fe}, {0xbb5d23c5, 0x2c64e420, 0xf036ce1d, 0x95248f8d}}},
      {Stream::sensitivity, {{0xeb6e7600, 0x383d90d8, 0x0a242a2f, 0x4ec4be6a}, {0xb42d39be, 0x65bbe704, 0x72400b43, 0x030d175b}}},
  };
  return table;
}

TEST(Streams, EveryStreamIsPinned) {
  for (Stream s : parley::kStreams)
    EXPECT_TRUE(pinned().count(s)) << "stream '" << parley::to_string(s)
                                   << "' has no pinned first draws: compute them outside parley and add them here";
}

TEST(Streams, FirstDrawsArePinned) {
  for (const auto& [purpose, expected] : pinned()) {
    const parley::StreamId id{2015, 3, 7, purpose};
    parley::Rng keyed = parley::make_stream(id);
    for (std::uint32_t v : expected.keyed) EXPECT_EQ(keyed.next_u32(), v) << parley::to_string(purpose);
    parley::Rng sub = parley::make_stream(id, 5);
    for (std::uint32_t v : expected.sub5) EXPECT_EQ(sub.next_u32(), v) << parley::to_string(purpose) << " sub-stream 5";
    parley::Rng family = parley::StreamFamily(id).sub(5);
    for (std::uint32_t v : expected.sub5) EXPECT_EQ(family.next_u32(), v) << parley::to_string(purpose) << " family";
  }
}

TEST(Streams, PurposesRunsMonthsAndSubKeysAreDistinct) {
  const auto first = [](parley::Rng r) { return r.next_u32(); };
  const parley::StreamId base{1, 0, 0, Stream::war};
  EXPECT_NE(first(parley::make_stream(base)), first(parley::make_stream({1, 0, 0, Stream::talks})));
  EXPECT_NE(first(parley::make_stream(base)), first(parley::make_stream({1, 1, 0, Stream::war})));
  EXPECT_NE(first(parley::make_stream(base)), first(parley::make_stream({1, 0, 1, Stream::war})));
  EXPECT_NE(first(parley::make_stream(base, 0)), first(parley::make_stream(base, 1)));
}

}  // namespace
