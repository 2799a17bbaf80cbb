// parley bargain: placeholder until the bargaining module lands.
#include <cstdio>

#include "cli/commands.hpp"

namespace parley::cli {
int bargain(const BargainOptions&) {
  std::fprintf(stderr, "parley bargain: not built yet (the bargaining issue)\n");
  return kExitNotBuilt;
}
}  // namespace parley::cli
