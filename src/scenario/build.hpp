// Building a Scenario from a located document tree, checking everything on the way.
#pragma once

#include <string>
#include <vector>

#include "parley/scenario.hpp"
#include "scenario/value.hpp"

namespace parley::scenario {

// Builds the scenario described by `doc` (the whole file; `variants` is skipped here).
// Every problem goes to diags; the result is meaningful only when no error was added.
Scenario build_scenario(const Value& doc, const std::string& path, Diagnostics& diags);

// Replaces `regions: {file: x.csv}` in doc by the rows of the CSV, each a located mapping.
void expand_region_file(Value& doc, const std::string& scenario_path, Diagnostics& diags);

// Applies the overrides of one variant onto a copy of the base document.
Value apply_variant(const Value& base, const Value& overrides, const std::string& variant,
                    const std::string& scenario_path, Diagnostics& diags);

// Reads the GeoJSON file of each scenario's map (once per distinct file) and stores each
// region's geometry; a region without a feature, or a feature without a usable polygon, is
// an error at the map's 'file'.
void attach_map_geometry(std::vector<Scenario*> scenarios, Diagnostics& diags);

// True for ids usable in CSV headers and "<actor>.<field>" targets.
bool valid_id(const std::string& id);

}  // namespace parley::scenario
