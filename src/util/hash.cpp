// FNV-1a 64 (Fowler, Noll, Vo): xor each byte into the state, then multiply by the FNV prime.
#include "parley/hash.hpp"

#include <fmt/format.h>

namespace parley {

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // the 64-bit offset basis
  for (unsigned char ch : bytes) {
    h ^= ch;
    h *= 0x100000001b3ull;  // the 64-bit FNV prime
  }
  return h;
}

std::string fnv1a_hex(std::string_view bytes) { return fmt::format("{:016x}", fnv1a64(bytes)); }

}  // namespace parley
