// The report's "How the forecast scored" section, from parley score's results.
#pragma once

#include <string>

#include "parley/score_results.hpp"

namespace parley::report {

std::string score_section(const ScoreResult& result);

}  // namespace parley::report
