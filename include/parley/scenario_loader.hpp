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
// `overrides`, when not empty, is YAML text of a mapping merged like a variant's overrides
// (docs/scenario-format.md, "variants") onto the base and then onto every variant: a what-if
// without editing the file. Its problems are located in a file named "overrides".
LoadResult load_scenario_file(const std::string& path, const std::string& overrides = {});

// Loads from text already in memory; `path` names it in messages and anchors relative CSV paths.
LoadResult load_scenario_text(const std::string& text, const std::string& path, const std::string& overrides = {});

// Loads and throws InputError on any error (for callers that only want a valid scenario).
ScenarioSet load_scenario_or_throw(const std::string& path);

}  // namespace parley
