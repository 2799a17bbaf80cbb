// The report's "What the forecast depends on" section: one tornado chart per output of a
// sensitivity database (parley sensitivity), inputs sorted by their total Sobol index.
#pragma once

#include <string>

#include "parley/sensitivity_db.hpp"

namespace parley::report {

// An input "matters" for an output when its total index is at least this: it accounts for
// 5% or more of the output's variance, alone or with other inputs.
inline constexpr double kMattersTotal = 0.05;

// The section's HTML (<h2> and its charts). `report_scenario` is the results database's
// scenario name: a sensitivity database of another scenario is shown with a warning.
std::string sensitivity_section(const SensitivityTables& t, const std::string& report_scenario);

}  // namespace parley::report
