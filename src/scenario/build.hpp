// Building a Scenario from a located document tree, checking everything on the way.
#pragma once

#include <string>
#include <vector>

#include "parley/scenario.hpp"
#include "parley/scenario_loader.hpp"
#include "scenario/value.hpp"

namespace parley::scenario {

// Builds the scenario described by `doc` (the whole file; `variants` is skipped here).
// Every problem goes to diags; the result is meaningful only when no error was added.
Scenario build_scenario(const Value& doc, const std::string& path, Diagnostics& diags);

// Adds a file read to `files` unless a file of that path is there already.
void record_file(std::vector<SourceFile>& files, SourceRole role, const std::string& path, const std::string& text);

// Replaces `regions: {file: x.csv}` in doc by the rows of the CSV, each a located mapping; the
// CSV read is added to `files`.
void expand_region_file(Value& doc, const std::string& scenario_path, Diagnostics& diags,
                        std::vector<SourceFile>& files);

// Applies the overrides of one variant onto a copy of the base document.
Value apply_variant(const Value& base, const Value& overrides, const std::string& variant,
                    const std::string& scenario_path, Diagnostics& diags, std::vector<SourceFile>& files);

// Reads the GeoJSON file of each scenario's map (once per distinct file) and stores each
// region's geometry; a region without a feature, or a feature without a usable polygon, is
// an error at the map's 'file'. The files read are added to `files`.
void attach_map_geometry(std::vector<Scenario*> scenarios, Diagnostics& diags, std::vector<SourceFile>& files);

// True for ids usable in CSV headers and "<actor>.<field>" targets.
bool valid_id(const std::string& id);

}  // namespace parley::scenario
