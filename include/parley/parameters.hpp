// The table of model parameters: name, default, range, unit and meaning of each.
// It is the one source for loading, scripted events, variants, and the docs test.
#pragma once

#include <span>
#include <string>

#include "parley/scenario.hpp"

namespace parley {

struct ParameterSpec {
  const char* name;
  double Parameters::*member;
  double min;
  double max;
  bool min_open;   // min itself excluded
  bool integer;
  const char* unit;
  const char* section;  // MODEL.md section
  const char* meaning;
};

std::span<const ParameterSpec> parameter_specs();
const ParameterSpec* find_parameter(const std::string& name);

// The settable actor fields (ActorField) with their names and ranges.
struct ActorFieldSpec {
  const char* name;
  ActorField field;
  double Actor::*member;
  double min;
  double max;
};
std::span<const ActorFieldSpec> actor_field_specs();
const ActorFieldSpec* find_actor_field(const std::string& name);
// The spec of a settable field (nullptr for ActorField::none).
const ActorFieldSpec* actor_field_spec(ActorField field);

}  // namespace parley
