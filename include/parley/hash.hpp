// FNV-1a 64: a small, fast change detector for the bytes of a file (not a cryptographic digest).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace parley {

std::uint64_t fnv1a64(std::string_view bytes);
// The same as 16 lower-case hex digits.
std::string fnv1a_hex(std::string_view bytes);

}  // namespace parley
