// Typed, located reads from a Value: every wrong type, bad range, unknown or missing key
// becomes a diagnostic and reading goes on, so one pass finds every error.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parley/scenario.hpp"
#include "scenario/value.hpp"

namespace parley::scenario {

struct Range {
  double min = -1e300;
  double max = 1e300;
  bool min_open = false;  // min itself excluded
  bool max_open = false;
  std::string describe() const;
  bool contains(double x) const;
};

// Reads a scalar as a finite number; reports "found X, expected a number" otherwise.
std::optional<double> read_number(const Value& v, const std::string& what, Diagnostics& d,
                                  const Range& range = {});
std::optional<int> read_integer(const Value& v, const std::string& what, Diagnostics& d,
                                const Range& range = {});
std::optional<bool> read_bool(const Value& v, const std::string& what, Diagnostics& d);
std::optional<std::string> read_string(const Value& v, const std::string& what, Diagnostics& d);
// One of a fixed set of words; a near miss gets a did-you-mean.
std::optional<int> read_choice(const Value& v, const std::string& what,
                               const std::vector<std::string>& choices, Diagnostics& d);
// One of the names in E's table (parley/enum_names.hpp): the value the name stands for.
template <typename E>
std::optional<E> read_enum(const Value& v, const std::string& what, Diagnostics& d) {
  const auto& table = enum_names(E{});
  const auto i = read_choice(v, what, names_in(table), d);
  if (!i) return std::nullopt;
  return table[static_cast<std::size_t>(*i)].value;
}
// "YYYY-MM".
std::optional<YearMonth> read_year_month(const Value& v, const std::string& what, Diagnostics& d);

// Reads the keys of one mapping, remembering which were used; finish() reports the rest
// as unknown with a did-you-mean from the known keys.
class MapReader {
 public:
  // `context` names the mapping in messages, e.g. "actor 'gov'".
  MapReader(const Value& map, std::string context, Diagnostics& d);
  bool ok() const { return ok_; }
  const Value& value() const { return map_; }
  const std::string& context() const { return context_; }
  // Renames the mapping in later messages, e.g. once its id is known.
  void set_context(std::string context) { context_ = std::move(context); }

  // The value under key, or nullptr; `required` reports a missing key.
  const Value* get(const std::string& key, bool required = false);
  std::optional<double> number(const std::string& key, const Range& range = {}, bool required = false);
  std::optional<int> integer(const std::string& key, const Range& range = {}, bool required = false);
  std::optional<bool> boolean(const std::string& key, bool required = false);
  std::optional<std::string> string(const std::string& key, bool required = false);
  std::optional<int> choice(const std::string& key, const std::vector<std::string>& choices,
                            bool required = false);
  // One of the names in E's table: the value the name stands for.
  template <typename E>
  std::optional<E> choice(const std::string& key, bool required = false) {
    const auto& table = enum_names(E{});
    const auto i = choice(key, names_in(table), required);
    if (!i) return std::nullopt;
    return table[static_cast<std::size_t>(*i)].value;
  }

  // Declares a key as known without reading it (read elsewhere).
  void allow(const std::string& key);
  // Reports unknown keys; call once after all reads.
  void finish();

 private:
  const Value& map_;
  std::string context_;
  Diagnostics& diags_;
  std::vector<std::string> known_;
  bool ok_ = true;
};

}  // namespace parley::scenario
