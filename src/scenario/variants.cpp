// Region CSV expansion and variant overrides, both as edits of the located document tree.
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <optional>
#include <unordered_map>

#include "parley/csv.hpp"
#include "scenario/build.hpp"

namespace parley::scenario {

namespace {

Value scalar_at(const std::string& text, SourceLocation where) {
  Value v;
  v.kind = Value::Kind::scalar;
  v.text = text;
  v.where = std::move(where);
  return v;
}

Value& add_entry(Value& map, const std::string& key, Value v) {
  Key k{key, v.where};
  map.entries.emplace_back(std::move(k), std::move(v));
  return map.entries.back().second;
}

const std::vector<std::string> kRegionColumns{"id", "name", "population", "terrain"};

// One CSV row as a region mapping; "control:<camp>" and "forces:<actor>" columns become
// nested mappings, so the same checks apply as to regions written in YAML.
Value region_from_row(const CsvRow& header, const CsvRow& row, const std::string& path) {
  Value region;
  region.kind = Value::Kind::mapping;
  region.where = {path, row.line, 1};
  Value control, forces;
  control.kind = forces.kind = Value::Kind::mapping;
  control.where = forces.where = region.where;
  for (std::size_t c = 0; c < header.cells.size() && c < row.cells.size(); ++c) {
    const std::string& name = header.cells[c].text;
    const CsvCell& cell = row.cells[c];
    Value v = scalar_at(cell.text, {path, cell.line, cell.column});
    auto colon = name.find(':');
    // A nested mapping is located at its first cell, so a bad control sum points there.
    if (colon != std::string::npos && name.substr(0, colon) == "control") {
      if (control.entries.empty()) control.where = v.where;
      add_entry(control, name.substr(colon + 1), std::move(v));
    } else if (colon != std::string::npos && name.substr(0, colon) == "forces") {
      if (forces.entries.empty()) forces.where = v.where;
      add_entry(forces, name.substr(colon + 1), std::move(v));
    }
    else if (!(name == "name" && cell.text.empty()))
      add_entry(region, name, std::move(v));
  }
  if (!control.entries.empty()) add_entry(region, "control", std::move(control));
  if (!forces.entries.empty()) add_entry(region, "forces", std::move(forces));
  return region;
}

bool check_header(const CsvRow& header, const std::string& path, Diagnostics& diags) {
  bool ok = true;
  // A hash keeps the duplicate check linear: 200,000 columns took 52 s with a list.
  std::unordered_map<std::string, int> seen;
  for (const auto& cell : header.cells) {
    SourceLocation where{path, cell.line, cell.column};
    auto colon = cell.text.find(':');
    std::string prefix = colon == std::string::npos ? cell.text : cell.text.substr(0, colon);
    bool known = colon == std::string::npos
                     ? std::find(kRegionColumns.begin(), kRegionColumns.end(), cell.text) != kRegionColumns.end()
                     : (prefix == "control" || prefix == "forces") && colon + 1 < cell.text.size();
    if (!known) {
      std::string hint = closest_match(prefix, {"id", "name", "population", "terrain", "control", "forces"});
      diags.error(where, fmt::format("unknown column '{}', expected id, name, population, terrain, "
                                     "control:<camp> or forces:<actor>{}", cell.text,
                                     hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
      ok = false;
    }
    if (!seen.emplace(cell.text, cell.column).second) {
      diags.error(where, fmt::format("duplicate column '{}'", cell.text));
      ok = false;
    }
  }
  return ok;
}

}  // namespace

void expand_region_file(Value& doc, const std::string& scenario_path, Diagnostics& diags,
                        std::vector<SourceFile>& files) {
  Value* regions = doc.is_mapping() ? doc.find("regions") : nullptr;
  if (!regions || !regions->is_mapping()) return;
  const Value* file = regions->find("file");
  if (!file || !file->is_scalar()) {
    diags.error(regions->where, "regions: found a mapping without 'file', expected a list of regions or "
                                "{file: regions.csv}");
    return;
  }
  for (const auto& [key, _] : regions->entries)
    if (key.text != "file")
      diags.error(key.where, fmt::format("regions: unknown key '{}', expected only 'file' beside a CSV file",
                                         key.text));
  namespace fs = std::filesystem;
  fs::path csv_path = fs::path(file->text).is_absolute()
                          ? fs::path(file->text)
                          : fs::path(scenario_path).parent_path() / file->text;
  std::string csv = csv_path.lexically_normal().string();
  Value list;
  list.kind = Value::Kind::sequence;
  list.where = regions->where;
  list.tag = kUnreadable;  // cleared once rows are read, so no "empty list" error repeats this one
  // The reader refuses a directory, FIFO or device and a file over the limit before reading it,
  // and says why (a symlink loop is "too many levels of symbolic links", not "no such file").
  std::string why;
  auto text = read_text_file(csv, &why, kMaxFileBytes);
  if (!text) {
    diags.error(file->where, fmt::format("regions: 'file': cannot read '{}': {}", csv, why));
    *regions = std::move(list);
    return;
  }
  record_file(files, SourceRole::regions, csv, *text);
  std::optional<CsvTable> table = parse_csv(*text, csv, diags);
  if (table->rows.empty()) {
    diags.error({csv, 1, 1}, "empty region file, expected a header row and one row per region");
    *regions = std::move(list);
    return;
  }
  list.tag.clear();
  const CsvRow& header = table->rows[0];
  check_header(header, csv, diags);
  for (std::size_t i = 1; i < table->rows.size(); ++i) {
    const CsvRow& row = table->rows[i];
    if (row.cells.size() != header.cells.size()) {
      diags.error({csv, row.line, 1}, fmt::format("found {} cells, expected {} as in the header", row.cells.size(),
                                                 header.cells.size()));
      continue;
    }
    list.items.push_back(region_from_row(header, row, csv));
  }
  if (list.items.empty()) diags.error({csv, 1, 1}, "the region file has a header but no regions");
  *regions = std::move(list);
}

namespace {

bool is_id_list(const std::string& path) {  // lists addressed by id in a variant's mapping
  return path == "issues" || path == "camps" || path == "actors" || path == "regions" || path == "patrons" ||
         path == "tracks";
}

std::string item_id(const Value& item, const std::string& list) {
  if (!item.is_mapping()) return {};
  if (const Value* id = item.find("id"); id && id->is_scalar()) return id->text;
  if (list == "patrons") {
    const Value* p = item.find("patron");
    const Value* c = item.find("client");
    if (p && c && p->is_scalar() && c->is_scalar()) return p->text + ">" + c->text;
  }
  return {};
}

struct Merger {
  const std::string& variant;
  Diagnostics& diags;

  void merge_id_list(Value& list, const Value& patches, const std::string& path) {
    for (const auto& [key, patch] : patches.entries) {
      Value* target = nullptr;
      std::vector<std::string> ids;
      for (auto& item : list.items) {
        std::string id = item_id(item, path);
        ids.push_back(id);
        if (id == key.text) target = &item;
      }
      if (!target) {
        std::string hint = closest_match(key.text, ids);
        diags.error(key.where, fmt::format("variant '{}': {}: no item with id '{}' in the base scenario{}; "
                                           "to add one use '{}+: [...]'", variant, path, key.text,
                                           hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint), path));
        continue;
      }
      merge(*target, patch, path + "." + key.text);
    }
  }

  void merge(Value& base, const Value& over, const std::string& path) {
    if (!base.is_mapping() || !over.is_mapping()) {
      base = over;
      return;
    }
    // A variant that switches the bargaining model switches its options with it: the base's
    // options belong to the base's model (merged into another model's, they were unknown keys
    // reported at the base's lines), so they are dropped, and options the variant gives replace
    // them whole.
    if (path == "talks") {
      const Value* model = over.find("model");
      const Value* base_model = base.find("model");
      if (model && model->is_scalar() && (!base_model || !base_model->is_scalar() || base_model->text != model->text))
        std::erase_if(base.entries, [](const auto& kv) { return kv.first.text == "options"; });
    }
    for (const auto& [key, value] : over.entries) {
      std::string sub = path.empty() ? key.text : path + "." + key.text;
      if (key.text.size() > 1 && key.text.back() == '+') {
        append(base, key, value, sub.substr(0, sub.size() - 1));
        continue;
      }
      if (key.text.size() > 1 && key.text.back() == '-') {
        remove(base, key, value, sub.substr(0, sub.size() - 1));
        continue;
      }
      Value* existing = base.find(key.text);
      if (value.tag == "!replace" && existing) {
        // "!replace" swaps a whole mapping instead of merging into it (e.g. model options).
        *existing = value;
      } else if (!existing) {
        // A key not in the base: accepted here; the builder checks it against the format
        // and reports an unknown key at its place in the variant.
        base.entries.emplace_back(key, value);
      } else if (is_id_list(sub) && existing->is_sequence() && value.is_mapping()) {
        merge_id_list(*existing, value, sub);
      } else if (existing->is_mapping() && value.is_mapping()) {
        merge(*existing, value, sub);
      } else {
        *existing = value;
      }
    }
  }

  // `actors-: [id, ...]` removes the items with those ids (issues, camps, actors, regions,
  // patrons, and events that have an `id`).
  void remove(Value& base, const Key& key, const Value& value, const std::string& path) {
    const std::string name = key.text.substr(0, key.text.size() - 1);
    if (!value.is_sequence()) {
      diags.error(value.where, fmt::format("variant '{}': '{}' removes items by id, found {}, expected a list of ids",
                                           variant, key.text, value.describe()));
      return;
    }
    Value* existing = base.find(name);
    if (!existing || !existing->is_sequence() || !(is_id_list(path) || path == "events")) {
      diags.error(key.where, fmt::format("variant '{}': '{}' is not a list of items with ids in the base scenario, so "
                                         "nothing can be removed from it (lists with ids: issues, camps, actors, "
                                         "regions, patrons, tracks, events)", variant, path));
      return;
    }
    for (const auto& id : value.items) {
      if (!id.is_scalar()) {
        diags.error(id.where, fmt::format("variant '{}': '{}': found {}, expected an id", variant, key.text,
                                          id.describe()));
        continue;
      }
      std::vector<std::string> ids;
      for (const auto& item : existing->items) ids.push_back(item_id(item, path));
      auto at = std::find(ids.begin(), ids.end(), id.text);
      if (at == ids.end()) {
        std::string hint = closest_match(id.text, ids);
        diags.error(id.where, fmt::format("variant '{}': {}: no item with id '{}' in the base scenario to remove{}",
                                          variant, path, id.text,
                                          hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
        continue;
      }
      existing->items.erase(existing->items.begin() + (at - ids.begin()));
    }
  }

  void append(Value& base, const Key& key, const Value& value, const std::string& path) {
    std::string name = key.text.substr(0, key.text.size() - 1);
    if (!value.is_sequence()) {
      diags.error(value.where, fmt::format("variant '{}': '{}' appends to a list, found {}, expected a list",
                                           variant, key.text, value.describe()));
      return;
    }
    Value* existing = base.find(name);
    if (!existing) {
      Value list;
      list.kind = Value::Kind::sequence;
      list.where = value.where;
      existing = &base.entries.emplace_back(Key{name, key.where}, std::move(list)).second;
    }
    if (!existing->is_sequence()) {
      diags.error(key.where, fmt::format("variant '{}': '{}' is not a list in the base scenario, so it cannot be "
                                         "appended to", variant, path));
      return;
    }
    existing->items.insert(existing->items.end(), value.items.begin(), value.items.end());
  }
};

}  // namespace

Value apply_variant(const Value& base, const Value& overrides, const std::string& variant,
                    const std::string& scenario_path, Diagnostics& diags, std::vector<SourceFile>& files) {
  Value doc = base;
  if (!overrides.is_mapping()) {
    diags.error(overrides.where, fmt::format("variant '{}': found {}, expected a mapping of overrides", variant,
                                             overrides.describe()));
    return doc;
  }
  Value patch = overrides;
  std::erase_if(patch.entries, [](const auto& kv) { return kv.first.text == "description"; });
  if (const Value* regions = patch.find("regions"); regions && regions->is_mapping() && regions->find("file")) {
    expand_region_file(patch, scenario_path, diags, files);
  }
  Merger{variant, diags}.merge(doc, patch, "");
  return doc;
}

}  // namespace parley::scenario
