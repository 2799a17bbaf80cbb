// Value -> Scenario: what the report needs beyond the model: a map of the regions and the
// questions the variants answer. The map's GeoJSON is read once per file, in the loader.
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

#include "scenario/build_internal.hpp"

namespace parley::scenario {

void Builder::read_map(const Value& v, Scenario& s) {
  MapReader r(v, "map", diags);
  if (!r.ok()) return;
  RegionMap m;
  if (const Value* file = r.get("file", true)) {
    if (auto name = read_string(*file, "map: 'file'", diags)) {
      namespace fs = std::filesystem;
      fs::path p = fs::path(*name).is_absolute() ? fs::path(*name) : fs::path(path).parent_path() / *name;
      m.file = p.lexically_normal().string();
      m.where = file->where;
    }
  }
  m.key = r.string("key").value_or("shapeName");
  m.names.resize(s.regions.size());
  for (std::size_t g = 0; g < s.regions.size(); ++g) m.names[g] = s.regions[g].name;
  if (const Value* names = r.get("names")) {
    if (!names->is_mapping()) {
      diags.error(names->where, fmt::format("map: 'names': found {}, expected a mapping of region id to the "
                                            "value of '{}' in the map file", names->describe(), m.key));
    } else {
      for (const auto& [key, val] : names->entries) {
        int g = resolve_key(key, regions, "map: 'names'");
        auto name = read_string(val, fmt::format("map: 'names': '{}'", key.text), diags);
        if (g >= 0 && name && static_cast<std::size_t>(g) < m.names.size()) m.names[static_cast<std::size_t>(g)] = *name;
      }
    }
  }
  r.finish();
  if (!m.file.empty()) s.map = std::move(m);
}

void Builder::read_questions(const Value& v, Scenario& s, const Value* variants) {
  if (!v.is_sequence()) {
    diags.error(v.where, fmt::format("questions: found {}, expected a list of {{id, text, variants}}", v.describe()));
    return;
  }
  std::vector<std::string> known{"base"};  // the base scenario, as the results call it
  if (variants && variants->is_mapping())
    for (const auto& [key, _] : variants->entries) known.push_back(key.text);
  for (const auto& item : v.items) {
    MapReader r(item, "question", diags);
    if (!r.ok()) continue;
    Question q;
    q.id = read_id(r, "id");
    check_duplicate(questions, q.id, item);
    const std::string ctx = fmt::format("question '{}'", q.id);
    r.set_context(ctx);
    q.text = r.string("text", true).value_or("");
    if (const Value* list = r.get("variants", true)) {
      if (!list->is_sequence() || list->items.size() < 2) {
        const std::string found = list->is_sequence() ? fmt::format("{} variant", list->items.size()) : list->describe();
        diags.error(list->where, fmt::format("{}: 'variants': found {}, expected a list of at least two variant "
                                             "names (the first is the reference)", ctx, found));
      } else {
        for (const auto& name_v : list->items) {
          auto name = read_string(name_v, ctx + ": 'variants'", diags);
          if (!name) continue;
          // Variants are only known in the base document (a variant's own copy has none).
          if (variants && std::find(known.begin(), known.end(), *name) == known.end()) {
            std::string hint = closest_match(*name, known);
            diags.error(name_v.where, fmt::format("{}: 'variants': unknown variant '{}'{}", ctx, *name,
                                                  hint.empty() ? " (the scenario's variants are listed under 'variants')"
                                                               : fmt::format(" (did you mean '{}'?)", hint)));
            continue;
          }
          q.variants.push_back(*name);
        }
      }
    }
    r.finish();
    s.questions.push_back(std::move(q));
  }
}

}  // namespace parley::scenario
