// A located document tree: YAML (or CSV rows) converted into values that remember
// their file, line and column, so every later check can point at the exact spot.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "parley/diagnostics.hpp"

namespace parley::scenario {

struct Value;

// A mapping key with its own location (unknown-key errors point at the key).
struct Key {
  std::string text;
  SourceLocation where;
};

struct Value {
  enum class Kind { null, scalar, sequence, mapping };
  Kind kind = Kind::null;
  std::string text;     // scalar text
  bool quoted = false;  // a quoted scalar is always a string
  std::string tag;      // an explicit YAML tag such as "!replace", else empty
  std::vector<Value> items;
  std::vector<std::pair<Key, Value>> entries;
  SourceLocation where;

  // Declared here and defaulted below, once Value is complete: instantiating them inside the
  // class needs std::pair<Key, Value> of an incomplete Value, which clang with libstdc++ rejects.
  Value();
  Value(const Value&);
  Value(Value&&) noexcept;
  Value& operator=(const Value&);
  Value& operator=(Value&&) noexcept;
  ~Value();

  bool is_null() const { return kind == Kind::null; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_sequence() const { return kind == Kind::sequence; }
  bool is_mapping() const { return kind == Kind::mapping; }
  const Value* find(const std::string& key) const;
  Value* find(const std::string& key);
  // Human-readable kind for "found a sequence, expected a number" messages.
  std::string describe() const;
};

inline Value::Value() = default;
inline Value::Value(const Value&) = default;
inline Value::Value(Value&&) noexcept = default;
inline Value& Value::operator=(const Value&) = default;
inline Value& Value::operator=(Value&&) noexcept = default;
inline Value::~Value() = default;

// Tag of a region list whose CSV file could not be read (its error is already reported).
inline constexpr const char* kUnreadable = "!unreadable";

// Limits that keep hostile input from exhausting memory or the stack.
inline constexpr int kMaxDepth = 64;
inline constexpr std::size_t kMaxNodes = 2'000'000;
inline constexpr std::size_t kMaxFileBytes = 16u << 20;
// Sizes beyond which a scenario is refused: far above any real conflict, and low enough
// that the month step's arrays (regions x actors) and a run's time stay reasonable.
inline constexpr std::size_t kMaxIssues = 64;
inline constexpr std::size_t kMaxCamps = 16;
inline constexpr std::size_t kMaxActors = 500;
inline constexpr std::size_t kMaxRegions = 5000;
inline constexpr std::size_t kMaxPatrons = 2000;
inline constexpr std::size_t kMaxEvents = 100000;
// Variants: each is the base document copied, patched and built again, so the number of them and
// the values they build in all (the base's values once per variant, the base included) are
// bounded: an alias bomb of 1.9 million values in 1,000 empty variants took 354 s to validate.
inline constexpr std::size_t kMaxVariants = 1000;
inline constexpr std::size_t kMaxBuiltValues = 10'000'000;

// The number of values in a document (every scalar, list and mapping, keys not counted).
std::size_t count_values(const Value& v);

// Parses YAML text into a Value; syntax errors go to diags and give std::nullopt-like null.
bool parse_yaml(const std::string& text, const std::string& path, Value& out, Diagnostics& diags);

}  // namespace parley::scenario
