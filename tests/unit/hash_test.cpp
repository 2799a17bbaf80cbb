// FNV-1a 64 against the published test vectors (www.isthe.com/chongo/tech/comp/fnv).
#include <gtest/gtest.h>

#include "parley/hash.hpp"

TEST(Hash, Fnv1a64MatchesThePublishedVectors) {
  EXPECT_EQ(parley::fnv1a_hex(""), "cbf29ce484222325");
  EXPECT_EQ(parley::fnv1a_hex("a"), "af63dc4c8601ec8c");
  EXPECT_EQ(parley::fnv1a_hex("foobar"), "85944171f73967e8");
  EXPECT_EQ(parley::fnv1a64("foobar"), 0x85944171f73967e8ull);
}

TEST(Hash, OneChangedDigitChangesTheHash) {
  EXPECT_NE(parley::fnv1a_hex("north,North,1000\n"), parley::fnv1a_hex("north,North,1001\n"));
}
