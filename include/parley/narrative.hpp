// The story of a run in sentences, written from its typed run events (the model records,
// this writes): "YYYY-MM  what happened", one line per event, in order.
#pragma once

#include <string>
#include <vector>

#include "parley/scenario.hpp"
#include "parley/simulation.hpp"

namespace parley {

std::string narrate(const Scenario& scenario, const RunEvent& event);
std::vector<std::string> narrate(const Scenario& scenario, const RunLog& log);

}  // namespace parley
