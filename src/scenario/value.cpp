// YAML to located Value conversion, guarded against deep nesting and alias bombs.
#include "scenario/value.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace parley::scenario {

const Value* Value::find(const std::string& key) const {
  for (const auto& [k, v] : entries)
    if (k.text == key) return &v;
  return nullptr;
}

Value* Value::find(const std::string& key) {
  for (auto& [k, v] : entries)
    if (k.text == key) return &v;
  return nullptr;
}

std::string Value::describe() const {
  switch (kind) {
    case Kind::null: return "nothing";
    case Kind::scalar: return fmt::format("'{}'", text.size() > 40 ? text.substr(0, 37) + "..." : text);
    case Kind::sequence: return "a list";
    case Kind::mapping: return "a mapping";
  }
  return "a value";
}

namespace {

struct Converter {
  const std::string& path;
  Diagnostics& diags;
  std::size_t nodes = 0;
  bool aborted = false;

  SourceLocation loc(const YAML::Mark& m) const {
    if (m.is_null()) return {path, 0, 0};
    return {path, m.line + 1, m.column + 1};
  }

  void convert(const YAML::Node& node, Value& out, int depth) {
    if (aborted) return;
    if (++nodes > kMaxNodes) {
      diags.error(loc(node.Mark()), fmt::format("document too large: more than {} values (aliases "
                                                "expanding without bound?)", kMaxNodes));
      aborted = true;
      return;
    }
    if (depth > kMaxDepth) {
      diags.error(loc(node.Mark()), fmt::format("nesting deeper than {} levels", kMaxDepth));
      aborted = true;
      return;
    }
    out.where = loc(node.Mark());
    if (node.Tag() != "?" && node.Tag() != "!" && !node.Tag().empty()) out.tag = node.Tag();
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = Value::Kind::null;
        break;
      case YAML::NodeType::Scalar:
        out.kind = Value::Kind::scalar;
        out.text = node.Scalar();
        out.quoted = node.Tag() == "!";
        break;
      case YAML::NodeType::Sequence:
        out.kind = Value::Kind::sequence;
        out.items.reserve(node.size());
        for (const auto& item : node) {
          out.items.emplace_back();
          convert(item, out.items.back(), depth + 1);
          if (aborted) return;
        }
        break;
      case YAML::NodeType::Map:
        out.kind = Value::Kind::mapping;
        for (const auto& kv : node) {
          Key key;
          key.where = loc(kv.first.Mark());
          if (!kv.first.IsScalar()) {
            diags.error(key.where, "a mapping key must be a plain name, found a list or mapping");
            continue;
          }
          key.text = kv.first.Scalar();
          for (const auto& [existing, _] : out.entries) {
            if (existing.text == key.text) {
              diags.error(key.where, fmt::format("duplicate key '{}' (first given at line {})", key.text,
                                                 existing.where.line));
            }
          }
          Value v;
          convert(kv.second, v, depth + 1);
          if (aborted) return;
          out.entries.emplace_back(std::move(key), std::move(v));
        }
        break;
    }
  }
};

// yaml-cpp recurses once per nesting level while parsing; refuse absurd flow nesting
// before handing it the text so that no input can exhaust the stack.
bool nesting_within_limit(const std::string& text, const std::string& path, Diagnostics& diags) {
  int depth = 0;
  int line = 1, col = 0;
  char quote = 0;
  bool comment = false;
  for (char c : text) {
    ++col;
    if (c == '\n') {
      ++line;
      col = 0;
      comment = false;
      if (quote == 0) continue;
    }
    if (comment) continue;
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '#') comment = true;
    else if (c == '"' || c == '\'') quote = c;
    else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) {
        diags.error({path, line, col}, fmt::format("nesting deeper than {} levels", kMaxDepth));
        return false;
      }
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    }
  }
  return true;
}

}  // namespace

bool parse_yaml(const std::string& text, const std::string& path, Value& out, Diagnostics& diags) {
  if (text.size() > kMaxFileBytes) {
    diags.error({path, 0, 0}, fmt::format("file too large: {} bytes, the limit is {} bytes", text.size(),
                                          kMaxFileBytes));
    return false;
  }
  if (text.find('\0') != std::string::npos) {
    diags.error({path, 0, 0}, "file contains NUL bytes: expected a text file (YAML)");
    return false;
  }
  if (!nesting_within_limit(text, path, diags)) return false;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    SourceLocation where{path, 0, 0};
    if (!e.mark.is_null()) where = {path, e.mark.line + 1, e.mark.column + 1};
    diags.error(where, "YAML syntax: " + e.msg);
    return false;
  } catch (const std::exception& e) {
    diags.error({path, 0, 0}, std::string("YAML syntax: ") + e.what());
    return false;
  }
  std::size_t before = diags.error_count();
  try {
    Converter conv{path, diags};
    conv.convert(root, out, 0);
    if (conv.aborted) return false;
  } catch (const std::exception& e) {
    diags.error({path, 0, 0}, std::string("YAML: ") + e.what());
    return false;
  }
  return diags.error_count() == before;
}

}  // namespace parley::scenario
