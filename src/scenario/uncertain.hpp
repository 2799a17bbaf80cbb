// Distributions where the scenario format expects a number (uncertain inputs, MODEL.md 17).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parley/scenario.hpp"
#include "parley/uncertain.hpp"
#include "scenario/reader.hpp"
#include "scenario/value.hpp"

namespace parley::scenario {

// A mapping with one key naming a distribution: uniform, normal, lognormal, beta,
// triangular or choice.
bool is_distribution(const Value& v);

// The distribution written at v (is_distribution(v) must hold), with its support checked
// against `range`; errors go to d.
std::optional<Distribution> read_distribution(const Value& v, const std::string& what, Diagnostics& d,
                                              const Range& range);

// Every distribution in `doc` (the merged document of the base or a variant), resolved to
// its place in the built scenario `s`; a distribution anywhere else is an error.
void collect_inputs(const Value& doc, const Scenario& s, Diagnostics& diags, std::vector<UncertainInput>& out);

}  // namespace parley::scenario
