// Reading a scenario's map: a GeoJSON FeatureCollection whose features are matched to the
// regions by one property. Each file is read once, however many variants use it.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>

#include "parley/csv.hpp"
#include "scenario/build.hpp"

namespace parley::scenario {

namespace {

using nlohmann::json;

SourceLocation location_of_byte(const std::string& file, const std::string& text, std::size_t byte) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {file, line, column};
}

// Deepest nesting of [ and { outside strings; nlohmann's parser is not bounded by itself.
int nesting_depth(const std::string& text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

// A ring: at least 4 [x, y] positions of finite numbers.
bool valid_ring(const json& ring) {
  if (!ring.is_array() || ring.size() < 4) return false;
  return std::all_of(ring.begin(), ring.end(), [](const json& p) {
    return p.is_array() && p.size() >= 2 && p[0].is_number() && p[1].is_number() &&
           std::isfinite(p[0].get<double>()) && std::isfinite(p[1].get<double>());
  });
}

bool valid_polygon(const json& rings) {
  return rings.is_array() && !rings.empty() && std::all_of(rings.begin(), rings.end(), valid_ring);
}

// "" when the geometry is a usable Polygon or MultiPolygon, else what is wrong with it.
std::string geometry_problem(const json& g) {
  if (!g.is_object() || !g.contains("type") || !g["type"].is_string() || !g.contains("coordinates"))
    return "no geometry with 'type' and 'coordinates'";
  const std::string type = g["type"].get<std::string>();
  const json& c = g["coordinates"];
  if (type == "Polygon") return valid_polygon(c) ? "" : "a Polygon whose rings are not lists of [x, y] numbers";
  if (type == "MultiPolygon")
    return c.is_array() && !c.empty() && std::all_of(c.begin(), c.end(), valid_polygon)
               ? ""
               : "a MultiPolygon whose polygons are not lists of rings of [x, y] numbers";
  return fmt::format("a {}, expected a Polygon or MultiPolygon", type);
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct LoadedFile {
  bool ok = false;
  std::vector<std::string> names;  // per feature: its key property ("" when absent)
  std::vector<json> geometry;      // per feature
};

LoadedFile read_features(const RegionMap& m, Diagnostics& diags, std::vector<SourceFile>& files) {
  LoadedFile out;
  std::string why;
  auto text = read_text_file(m.file, &why, kMaxFileBytes);
  if (!text) {
    diags.error(m.where, fmt::format("map: 'file': cannot read '{}': {}", m.file, why));
    return out;
  }
  record_file(files, SourceRole::map, m.file, *text);
  if (nesting_depth(*text) > kMaxDepth) {
    diags.error({m.file, 1, 1}, fmt::format("nesting deeper than {} levels, expected a GeoJSON FeatureCollection",
                                            kMaxDepth));
    return out;
  }
  json doc;
  try {
    doc = json::parse(*text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    if (auto at = what.find("syntax error"); at != std::string::npos) what = what.substr(at);
    diags.error(location_of_byte(m.file, *text, e.byte > 0 ? e.byte - 1 : 0),
                fmt::format("not valid JSON ({}), expected a GeoJSON FeatureCollection", what));
    return out;
  } catch (const json::exception& e) {
    // Not a syntax error but a value the parser cannot hold, e.g. out_of_range 406 "number
    // overflow parsing '1e400'": located at the number when the message quotes it.
    std::string what = e.what();
    if (auto at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
    std::size_t byte = 0;
    if (auto q = what.find('\''); q != std::string::npos)
      if (auto q2 = what.find('\'', q + 1); q2 != std::string::npos)
        if (auto found = text->find(what.substr(q + 1, q2 - q - 1)); found != std::string::npos) byte = found;
    diags.error(location_of_byte(m.file, *text, byte),
                fmt::format("not a usable GeoJSON file ({}), expected numbers a double can hold", what));
    return out;
  }
  if (!doc.is_object() || !doc.contains("features") || !doc["features"].is_array()) {
    diags.error({m.file, 1, 1}, "found no 'features' list, expected a GeoJSON FeatureCollection");
    return out;
  }
  for (const json& f : doc["features"]) {
    std::string name;
    if (f.is_object() && f.contains("properties") && f["properties"].is_object()) {
      const json& p = f["properties"];
      if (p.contains(m.key) && p[m.key].is_string()) name = p[m.key].get<std::string>();
      else if (p.contains(m.key) && p[m.key].is_number()) name = p[m.key].dump();
    }
    out.names.push_back(name);
    out.geometry.push_back(f.is_object() && f.contains("geometry") ? f["geometry"] : json());
  }
  out.ok = true;
  return out;
}

}  // namespace

void attach_map_geometry(std::vector<Scenario*> scenarios, Diagnostics& diags, std::vector<SourceFile>& files) {
  // Scenarios whose map reads the same file the same way share the result and its messages.
  std::map<std::tuple<std::string, std::string, std::vector<std::string>>,
           std::shared_ptr<const std::vector<std::string>>>
      done;
  for (Scenario* s : scenarios) {
    if (!s->map) continue;
    RegionMap& m = *s->map;
    auto cache_key = std::tuple(m.file, m.key, m.names);
    if (auto it = done.find(cache_key); it != done.end()) {
      m.geometry = it->second;
      continue;
    }
    std::vector<std::string> geometry(m.names.size());
    LoadedFile f = read_features(m, diags, files);
    if (f.ok) {
      std::vector<std::string> available;
      for (const auto& n : f.names)
        if (!n.empty()) available.push_back(n);
      std::vector<bool> used(f.names.size(), false);
      if (available.empty() && !f.names.empty()) {
        // Said once, not once per region: the key is absent from the file, not from a feature.
        diags.error(m.where, fmt::format("map: no feature in '{}' has the property '{}' (as text or a number), so "
                                         "no region can be matched; set 'key' to a property the features have",
                                         m.file, m.key));
        m.geometry = std::make_shared<const std::vector<std::string>>(std::move(geometry));
        done.emplace(std::move(cache_key), m.geometry);
        continue;
      }
      for (std::size_t g = 0; g < m.names.size() && g < s->regions.size(); ++g) {
        auto match = [&](bool fold) {
          for (std::size_t k = 0; k < f.names.size(); ++k)
            if (fold ? lower(f.names[k]) == lower(m.names[g]) : f.names[k] == m.names[g]) return k;
          return f.names.size();
        };
        std::size_t k = match(false);
        if (k == f.names.size()) k = match(true);
        if (k == f.names.size()) {
          std::string hint = closest_match(m.names[g], available);
          diags.error(m.where, fmt::format("map: region '{}' ({}) has no feature in '{}' whose '{}' is '{}'{}; map "
                                           "it with 'names: {{{}: <the feature's {}>}}'",
                                           s->regions[g].id, s->regions[g].name, m.file, m.key, m.names[g],
                                           hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint),
                                           s->regions[g].id, m.key));
          continue;
        }
        if (used[k]) {
          diags.error(m.where, fmt::format("map: region '{}' matches the feature '{}' that another region already "
                                           "uses, expected one feature per region", s->regions[g].id, f.names[k]));
          continue;
        }
        used[k] = true;
        if (std::string why = geometry_problem(f.geometry[k]); !why.empty()) {
          diags.error(m.where, fmt::format("map: the feature '{}' in '{}' (region '{}') has {}", f.names[k], m.file,
                                           s->regions[g].id, why));
          continue;
        }
        geometry[g] = f.geometry[k].dump();
      }
      std::size_t unused = static_cast<std::size_t>(std::count(used.begin(), used.end(), false));
      if (unused > 0)
        diags.warning(m.where, fmt::format("map: {} of the {} features in '{}' match no region and will not be "
                                           "drawn", unused, f.names.size(), m.file));
    }
    m.geometry = std::make_shared<const std::vector<std::string>>(std::move(geometry));
    done.emplace(std::move(cache_key), m.geometry);
  }
}

}  // namespace parley::scenario
