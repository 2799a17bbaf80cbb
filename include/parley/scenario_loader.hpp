// Loading and validating scenario files: every error collected in one pass.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parley/diagnostics.hpp"
#include "parley/enum_names.hpp"
#include "parley/scenario.hpp"

namespace parley {

// What the loader read a file for.
enum class SourceRole { scenario, regions, map, observations, overrides };
inline constexpr EnumNames<SourceRole, 5> kSourceRoleNames{{{SourceRole::scenario, "scenario"},
                                                            {SourceRole::regions, "regions"},
                                                            {SourceRole::map, "map"},
                                                            {SourceRole::observations, "observations"},
                                                            {SourceRole::overrides, "overrides"}}};
static_assert(covers_in_order(kSourceRoleNames));
constexpr const auto& enum_names(SourceRole) { return kSourceRoleNames; }

// One file the loader read: the owner of "what did this scenario read", for --resume and the
// results database (nothing else guesses it from the scenario's text).
struct SourceFile {
  SourceRole role = SourceRole::scenario;
  std::string path;  // as the loader opened it (the scenario's own path for the scenario)
  std::string text;  // its bytes, as read
  std::string hash;  // fnv1a_hex(text)
};

struct LoadResult {
  std::optional<ScenarioSet> scenarios;  // set only when there are no errors
  Diagnostics diagnostics;               // errors and warnings, in file order per pass
  // Every file read, once each, in the order read: the scenario first, then region tables
  // (the base's, then any a variant names), then map files. Filled even when there are errors.
  std::vector<SourceFile> files;
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
