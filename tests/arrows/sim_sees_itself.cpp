// Must compile (the control of the probes above): a module sees its own private headers,
// those of the modules it may use, and the public ones.
#include "parley/scenario.hpp"
#include "sim/detail/stages.hpp"
#include "util/numeric.hpp"
