// Loading and validating scenario files: every error collected in one pass.
#pragma once

#include <optional>
#include <string>

#include "parley/diagnostics.hpp"
#include "parley/scenario.hpp"

namespace parley {

struct LoadResult {
  std::optional<ScenarioSet> scenarios;  // set only when there are no errors
  Diagnostics diagnostics;               // errors and warnings, in file order per pass
};

// Loads a scenario file (YAML), any region CSV it references (relative to the file), and
// its variants. Never throws for bad input: every problem is a diagnostic.
LoadResult load_scenario_file(const std::string& path);

// Loads from text already in memory; `path` names it in messages and anchors relative CSV paths.
LoadResult load_scenario_text(const std::string& text, const std::string& path);

// Loads and throws InputError on any error (for callers that only want a valid scenario).
ScenarioSet load_scenario_or_throw(const std::string& path);

}  // namespace parley
