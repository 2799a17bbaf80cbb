// libFuzzer harness for the results-database reader behind summary, compare and export.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "entry_points.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::results(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
