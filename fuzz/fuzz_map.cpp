// libFuzzer harness for the GeoJSON map reader (a scenario's 'map: file').
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "entry_points.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::map(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
