// Loading a scenario file: parse, expand region CSV, build and check the base, then each variant.
#include "parley/scenario_loader.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/ranges.h>
#include <map>
#include <fmt/format.h>
#include <set>
#include <tuple>

#include "parley/csv.hpp"
#include "parley/hash.hpp"
#include "scenario/build.hpp"
#include "scenario/value.hpp"

namespace parley {

using scenario::Value;

namespace {

// The name under which overrides (load_scenario_text's third argument) appear in messages.
constexpr const char* kOverrides = "overrides";

// Variant errors that the base already has are not repeated; the rest say which variant.
void add_variant_diagnostics(const Diagnostics& from, const std::set<std::string>& base_seen,
                             const std::string& variant, Diagnostics& to) {
  for (const auto& d : from.items()) {
    if (base_seen.count(d.str())) continue;
    Diagnostic copy = d;
    if (copy.message.rfind("variant '", 0) != 0) copy.message += fmt::format(" (in variant '{}')", variant);
    to.add(std::move(copy));
  }
}

// The ids of a list of issues or camps, in order.
template <class Items>
std::vector<std::string> ids_of(const Items& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.id);
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Issue and camp ids name columns of the results database (term_<issue>, share_<camp>), and
// SQLite's column names ignore case: 'power' and 'Power' could be simulated but not stored.
void check_ids_differ_in_more_than_case(const Value& doc, Diagnostics& diags) {
  for (const char* list : {"issues", "camps"}) {
    const Value* items = doc.find(list);
    if (!items || !items->is_sequence()) continue;
    std::map<std::string, std::pair<std::string, int>> seen;
    for (const auto& item : items->items) {
      const Value* id = item.is_mapping() ? item.find("id") : nullptr;
      if (!id || !id->is_scalar()) continue;
      auto [it, fresh] = seen.emplace(lower(id->text), std::pair{id->text, id->where.line});
      if (!fresh && it->second.first != id->text)
        diags.error(id->where, fmt::format("{}: id '{}' differs from '{}' (line {}) only in case; the results "
                                           "database names a column after each, and its column names ignore case",
                                           list, id->text, it->second.first, it->second.second));
    }
  }
}

void load_variants(const Value& doc, const Value* extra, const std::string& path, const Diagnostics& base_diags,
                   LoadResult& out, std::vector<Scenario>& variants, const Scenario& base) {
  const Value* list = doc.find("variants");
  if (!list || list->is_null()) return;
  if (!list->is_mapping()) {
    out.diagnostics.error(list->where, fmt::format("variants: found {}, expected a mapping of variant name to "
                                                   "overrides", list->describe()));
    return;
  }
  if (list->entries.size() > scenario::kMaxVariants) {
    out.diagnostics.error(list->where, fmt::format("variants: {} variants, more than the limit of {} (each is the "
                                                   "whole scenario built again; see Limits in docs/robustness.md)",
                                                   list->entries.size(), scenario::kMaxVariants));
    return;
  }
  const std::size_t values = scenario::count_values(doc);
  if (values * (list->entries.size() + 1) > scenario::kMaxBuiltValues) {
    out.diagnostics.error(list->where,
                          fmt::format("variants: the base scenario has {} values (after aliases and region files are "
                                      "expanded) and each of its {} variants builds them all again: {} in all, more "
                                      "than the limit of {} (see Limits in docs/robustness.md)",
                                      values, list->entries.size(), values * (list->entries.size() + 1),
                                      scenario::kMaxBuiltValues));
    return;
  }
  std::set<std::string> base_seen;
  for (const auto& d : base_diags.items()) base_seen.insert(d.str());
  for (const auto& [key, overrides] : list->entries) {
    if (!scenario::valid_id(key.text)) {
      out.diagnostics.error(key.where, fmt::format("variants: '{}' is not a valid variant name, expected letters, "
                                                   "digits, '_' or '-'", key.text));
      continue;
    }
    if (key.text == "base") {
      out.diagnostics.error(key.where, "variants: 'base' is the name of the base scenario (parley run --variant base, "
                                       "the results database), expected another name for this variant");
      continue;
    }
    Diagnostics vd;
    Value merged = scenario::apply_variant(doc, overrides, key.text, path, vd, out.files);
    if (extra) merged = scenario::apply_variant(merged, *extra, kOverrides, path, vd, out.files);
    if (Value* v = merged.find("variants")) *v = Value{};
    Scenario s = scenario::build_scenario(merged, path, vd);
    s.variant = key.text;
    if (overrides.is_mapping())
      if (const Value* d = overrides.find("description"); d && d->is_scalar()) s.variant_description = d->text;
    add_variant_diagnostics(vd, base_seen, key.text, out.diagnostics);
    // One results database holds every variant with the base's issues and camps (its tables and
    // the runs table's term_/share_ columns); a variant with others could be run but not stored.
    if (!vd.has_errors() && !base_diags.has_errors()) {
      for (const auto& [what, mine, theirs] :
           {std::tuple{"issues", ids_of(s.issues), ids_of(base.issues)}, std::tuple{"camps", ids_of(s.camps), ids_of(base.camps)}})
        if (mine != theirs)
          out.diagnostics.error(key.where, fmt::format("variant '{}': its {} ({}) are not the base scenario's ({}); a "
                                                       "variant may change what the {} are like but not which there "
                                                       "are, since all variants are stored and compared together",
                                                       key.text, what, fmt::join(mine, ", "), fmt::join(theirs, ", "),
                                                       what));
    }
    variants.push_back(std::move(s));
  }
}

// Diagnostics in reading order: by file (in order of first mention), then line and column.
void sort_by_location(Diagnostics& diags) {
  std::vector<std::string> files;
  for (const auto& d : diags.items())
    if (std::find(files.begin(), files.end(), d.where.path) == files.end()) files.push_back(d.where.path);
  std::vector<Diagnostic> items = diags.items();
  auto rank = [&](const Diagnostic& d) {
    auto f = std::find(files.begin(), files.end(), d.where.path) - files.begin();
    return std::tuple(f, d.where.line, d.where.column);
  };
  std::stable_sort(items.begin(), items.end(), [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
  Diagnostics sorted;
  for (auto& d : items) sorted.add(std::move(d));
  diags = std::move(sorted);
}

}  // namespace

LoadResult load_scenario_text(const std::string& text, const std::string& path, const std::string& overrides) {
  LoadResult out;
  scenario::record_file(out.files, SourceRole::scenario, path, text);
  Value doc;
  if (!scenario::parse_yaml(text, path, doc, out.diagnostics)) return out;
  if (doc.is_null()) {
    out.diagnostics.error({path, 1, 1}, "the file is empty, expected a scenario (meta, issues, camps, actors, "
                                        "regions, ...)");
    return out;
  }
  scenario::expand_region_file(doc, path, out.diagnostics, out.files);
  // Overrides merge like a variant, onto the base and (after its own overrides) every variant.
  Value extra;
  if (!overrides.empty()) {
    if (!scenario::parse_yaml(overrides, kOverrides, extra, out.diagnostics)) return out;
    if (extra.is_null()) extra.kind = Value::Kind::mapping;
  }
  const Value* extra_ptr = overrides.empty() ? nullptr : &extra;
  if (extra_ptr) scenario::record_file(out.files, SourceRole::overrides, kOverrides, overrides);
  Value base_doc =
      extra_ptr ? scenario::apply_variant(doc, extra, kOverrides, path, out.diagnostics, out.files) : Value{};
  Scenario base = scenario::build_scenario(extra_ptr ? base_doc : doc, path, out.diagnostics);
  std::vector<Scenario> variants;
  if (doc.is_mapping()) check_ids_differ_in_more_than_case(doc, out.diagnostics);
  if (doc.is_mapping()) load_variants(doc, extra_ptr, path, out.diagnostics, out, variants, base);
  if (!out.diagnostics.has_errors()) {
    std::vector<Scenario*> all{&base};
    for (auto& v : variants) all.push_back(&v);
    scenario::attach_map_geometry(all, out.diagnostics, out.files);
    for (const Scenario* sc : all)  // the observations files the builder read
      if (!sc->observations_file.empty())
        if (auto obs = read_text_file(sc->observations_file))
          scenario::record_file(out.files, SourceRole::observations, sc->observations_file, *obs);
  }
  sort_by_location(out.diagnostics);
  if (out.diagnostics.has_errors()) return out;
  out.scenarios = ScenarioSet{std::move(base), std::move(variants)};
  return out;
}

LoadResult load_scenario_file(const std::string& path, const std::string& overrides) {
  std::string why;
  auto text = read_text_file(path, &why);
  if (!text) {
    LoadResult out;
    out.diagnostics.error({path, 0, 0}, "cannot read file: " + why);
    return out;
  }
  return load_scenario_text(*text, path, overrides);
}

namespace scenario {

void record_file(std::vector<SourceFile>& files, SourceRole role, const std::string& path, const std::string& text) {
  for (const auto& f : files)
    if (f.path == path) return;
  files.push_back({role, path, text, fnv1a_hex(text)});
}

}  // namespace scenario

ScenarioSet load_scenario_or_throw(const std::string& path) {
  LoadResult r = load_scenario_file(path);
  if (!r.scenarios) throw InputError(std::move(r.diagnostics));
  return std::move(*r.scenarios);
}

}  // namespace parley
