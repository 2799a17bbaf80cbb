// YAML to located Value conversion, guarded against deep nesting and alias bombs.
#include "scenario/value.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <sstream>
#include <unordered_map>

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

std::size_t count_values(const Value& v) {
  std::size_t n = 1;
  for (const auto& item : v.items) n += count_values(item);
  for (const auto& [_, value] : v.entries) n += count_values(value);
  return n;
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
    const std::string& tag = node.Tag();
    bool as_string = false;
    if (tag == "tag:yaml.org,2002:str") {
      as_string = true;  // `!!str 24` is the text "24", refused where a number is expected
    } else if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" ||
               tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null" ||
               tag == "tag:yaml.org,2002:map" || tag == "tag:yaml.org,2002:seq") {
      // A standard tag that says what the value already is: nothing to do.
    } else if (tag == "!replace") {
      out.tag = tag;
    } else if (tag != "?" && tag != "!" && !tag.empty()) {
      diags.error(out.where, fmt::format("unknown tag '{}', expected none, '!replace' (in a variant) or a standard "
                                         "one such as '!!str'", tag.rfind("tag:yaml.org,2002:", 0) == 0
                                                                     ? "!!" + tag.substr(18)
                                                                     : tag));
    }
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = Value::Kind::null;
        break;
      case YAML::NodeType::Scalar:
        out.kind = Value::Kind::scalar;
        out.text = node.Scalar();
        out.quoted = tag == "!" || as_string;
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
        // Keys seen so far, by text: a hash keeps the duplicate check linear (a mapping of
        // 100,000 keys took 35 s when each key was compared with every earlier one).
        std::unordered_map<std::string, int> first_line;
        for (const auto& kv : node) {
          Key key;
          key.where = loc(kv.first.Mark());
          if (!kv.first.IsScalar()) {
            diags.error(key.where, "a mapping key must be a plain name, found a list or mapping");
            continue;
          }
          key.text = kv.first.Scalar();
          if (auto [it, fresh] = first_line.emplace(key.text, key.where.line); !fresh)
            diags.error(key.where, fmt::format("duplicate key '{}' (first given at line {})", key.text, it->second));
          Value v;
          convert(kv.second, v, depth + 1);
          if (aborted) return;
          out.entries.emplace_back(std::move(key), std::move(v));
        }
        break;
    }
  }
};

SourceLocation loc(const YAML::Mark& m, const std::string& path) {
  if (m.is_null()) return {path, 0, 0};
  return {path, m.line + 1, m.column + 1};
}

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

// The deepest nesting of block indentation: the number of ever deeper indents open at a line.
// Used only to explain a syntax error that yaml-cpp gives for very deep block nesting.
std::pair<int, int> deepest_indentation(const std::string& text) {
  std::vector<std::size_t> open;
  int deepest = 0, deepest_line = 0, line = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line;
    const std::size_t first = text.find_first_not_of(" -", start);
    const bool blank = first == std::string::npos || first >= end || text[first] == '#' || text[first] == '\r';
    if (!blank) {
      const std::size_t indent = first - start;
      while (!open.empty() && open.back() >= indent) open.pop_back();
      open.push_back(indent);
      int depth = static_cast<int>(open.size());
      // "- - - x" opens a level per dash, as indentation does.
      for (std::size_t i = start; i < start + indent; ++i) depth += text[i] == '-';
      if (depth > deepest) deepest = depth, deepest_line = line;
    }
    start = end + 1;
  }
  return {deepest, deepest_line};
}

// Sees one document's events: where it starts, and whether it holds anything but a null.
struct DocumentProbe final : YAML::EventHandler {
  YAML::Mark start;
  YAML::Mark first;  // where its first node that is not a null starts
  bool content = false;
  void saw(const YAML::Mark& mark) {
    if (!content) first = mark;
    content = true;
  }
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { saw(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string&) override { saw(m); }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    saw(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    saw(m);
  }
  void OnMapEnd() override {}
};

}  // namespace

bool parse_yaml(const std::string& raw, const std::string& path, Value& out, Diagnostics& diags) {
  // Line ends of CR alone (old Mac files) are line ends, as YAML itself says; yaml-cpp would read
  // the whole file as one line (often one comment, so "the file is empty").
  std::string normalised;
  if (raw.find('\r') != std::string::npos) {
    normalised.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i)
      normalised += raw[i] == '\r' && (i + 1 == raw.size() || raw[i + 1] != '\n') ? '\n' : raw[i];
  }
  const std::string& text = normalised.empty() ? raw : normalised;
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
    // yaml-cpp 0.7's LoadAll never returns on a ',' outside any [ ] or { } (at the start of a
    // document or after a block sequence): the parser leaves that token unread and starts one
    // empty document after another at it, until memory runs out (found by fuzzing). So the
    // documents are walked here one at a time, and a document that starts where the previous one
    // did is the parser standing still.
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    int previous_start = -1;
    for (int k = 0;; ++k) {
      DocumentProbe probe;
      if (!parser.HandleNextDocument(probe)) break;
      if (k > 0 && probe.start.pos == previous_start) {
        auto at = static_cast<std::size_t>(probe.start.pos);
        std::string found = at < text.size() ? fmt::format("'{}'", text[at]) : "the end of the file";
        diags.error(loc(probe.start, path),
                    fmt::format("YAML syntax: found {}, expected a value (a ',' belongs between the "
                                "items of a [ ] list or a {{ }} mapping)", found));
        return false;
      }
      // A second document would be silently ignored: say so instead (an empty one is harmless).
      if (k > 0 && probe.content) {
        diags.error(loc(probe.first, path),
                    "a second YAML document (after '---'), expected one scenario per file");
        return false;
      }
      previous_start = probe.start.pos;
    }
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    SourceLocation where{path, 0, 0};
    if (!e.mark.is_null()) where = {path, e.mark.line + 1, e.mark.column + 1};
    if (auto [depth, line] = deepest_indentation(text); depth > kMaxDepth) {
      diags.error({path, line, 1}, fmt::format("nesting deeper than {} levels (block indentation {} levels deep; "
                                               "YAML syntax: {})", kMaxDepth, depth, e.msg));
      return false;
    }
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
