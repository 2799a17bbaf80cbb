// parley validate: placeholder, replaced by the scenario loader.
#include <cstdio>

#include "cli/commands.hpp"

namespace parley::cli {
int validate(const ValidateOptions&) { return kExitNotBuilt; }
}  // namespace parley::cli
