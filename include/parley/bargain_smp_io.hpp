// SMP scenarios from parley's tables (plain or KTAB CSV) and from KTAB's XML scenario files.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parley/bargain_smp.hpp"
#include "parley/bargain_table.hpp"
#include "parley/diagnostics.hpp"

namespace parley::bargain {

struct SmpInput {
  std::string path;
  std::string format;  // "table", "KTAB scenario CSV" or "KTAB scenario XML"
  std::vector<std::string> actors;
  std::vector<std::string> dims;
  SmpScenario scenario;   // on KTAB's internal scale: positions and saliences / 100
  SmpOptions options;     // KTAB's defaults, or the XML file's <ModelParameters>
  bool has_parameters = false;  // the XML file had <ModelParameters>
};

// From a loaded table: every issue is a dimension; positions must be on 0-100 (KTAB's
// scale), capabilities positive, and each actor's saliences (already on 0-1) sum to at most 1.
// Problems go to `diags` at the cells they come from.
std::optional<SmpInput> smp_from_table(const ActorTable& table, Diagnostics& diags);

// KTAB's XML scenario (smpSchema.xsd): <Scenario> with name, desc, prngSeed, optional
// <ModelParameters>, <Dimensions>, <Actors> and <IdealAdjustment>. Every problem is reported
// at its line and column.
std::optional<SmpInput> load_smp_xml(const std::string& path, Diagnostics& diags);

// A table or an XML file, by content (a file whose first non-blank character is '<').
std::optional<SmpInput> load_smp(const std::string& path, SalienceScale scale, Diagnostics& diags);

}  // namespace parley::bargain
