// Typed reads from located values, each failure a diagnostic at the offending spot.
#include "scenario/reader.hpp"
#include "scenario/uncertain.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "parley/csv.hpp"

namespace parley::scenario {

namespace {
std::string fmt_num(double x) {
  if (x <= -1e299) return "-inf";
  if (x >= 1e299) return "inf";
  return fmt::format("{}", x);
}

std::string join(const std::vector<std::string>& words) {
  std::string s;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) s += i + 1 == words.size() ? " or " : ", ";
    s += "'" + words[i] + "'";
  }
  return s;
}
}  // namespace

std::string Range::describe() const {
  return fmt::format("{}{}, {}{}", min_open ? "(" : "[", fmt_num(min), fmt_num(max), max_open ? ")" : "]");
}

bool Range::contains(double x) const {
  if (min_open ? !(x > min) : !(x >= min)) return false;
  if (max_open ? !(x < max) : !(x <= max)) return false;
  return true;
}

std::optional<double> read_number(const Value& v, const std::string& what, Diagnostics& d,
                                  const Range& range) {
  if (is_distribution(v)) {  // an uncertain input: its nominal value stands here
    auto dist = read_distribution(v, what, d, range);
    return dist ? std::optional<double>(dist->nominal()) : std::nullopt;
  }
  if (!v.is_scalar() || v.quoted) {
    d.error(v.where, fmt::format("{}: found {}, expected a number", what,
                                 v.is_scalar() ? "the quoted string " + v.describe() : v.describe()));
    return std::nullopt;
  }
  auto x = parse_number(v.text);
  if (!x) {
    d.error(v.where, fmt::format("{}: found {}, expected a number", what, v.describe()));
    return std::nullopt;
  }
  if (!range.contains(*x)) {
    d.error(v.where, fmt::format("{}: {} is out of range, expected a number in {}", what, v.text,
                                 range.describe()));
    return std::nullopt;
  }
  return x;
}

std::optional<int> read_integer(const Value& v, const std::string& what, Diagnostics& d,
                                const Range& range) {
  auto x = read_number(v, what, d, range);
  if (!x) return std::nullopt;
  if (is_distribution(v)) return static_cast<int>(std::round(*x));  // whole-number draws are rounded
  if (*x != std::floor(*x) || std::fabs(*x) > 2e9) {
    d.error(v.where, fmt::format("{}: found {}, expected a whole number", what, v.text));
    return std::nullopt;
  }
  return static_cast<int>(*x);
}

std::optional<bool> read_bool(const Value& v, const std::string& what, Diagnostics& d) {
  if (v.is_scalar() && !v.quoted) {
    if (v.text == "true" || v.text == "yes") return true;
    if (v.text == "false" || v.text == "no") return false;
  }
  d.error(v.where, fmt::format("{}: found {}, expected true or false", what, v.describe()));
  return std::nullopt;
}

std::optional<std::string> read_string(const Value& v, const std::string& what, Diagnostics& d) {
  if (!v.is_scalar()) {
    d.error(v.where, fmt::format("{}: found {}, expected text", what, v.describe()));
    return std::nullopt;
  }
  return v.text;
}

std::optional<int> read_choice(const Value& v, const std::string& what,
                               const std::vector<std::string>& choices, Diagnostics& d) {
  if (!v.is_scalar()) {
    d.error(v.where, fmt::format("{}: found {}, expected one of {}", what, v.describe(), join(choices)));
    return std::nullopt;
  }
  auto it = std::find(choices.begin(), choices.end(), v.text);
  if (it != choices.end()) return static_cast<int>(it - choices.begin());
  std::string hint = closest_match(v.text, choices);
  d.error(v.where, fmt::format("{}: found {}, expected one of {}{}", what, v.describe(), join(choices),
                               hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
  return std::nullopt;
}

std::optional<YearMonth> read_year_month(const Value& v, const std::string& what, Diagnostics& d) {
  if (v.is_scalar() && v.text.size() == 7 && v.text[4] == '-') {
    auto digits = [&](std::size_t from, std::size_t n) {
      for (std::size_t i = from; i < from + n; ++i)
        if (v.text[i] < '0' || v.text[i] > '9') return false;
      return true;
    };
    if (digits(0, 4) && digits(5, 2)) {
      int year = std::stoi(v.text.substr(0, 4));
      int month = std::stoi(v.text.substr(5, 2));
      if (month >= 1 && month <= 12) return YearMonth{year, month};
    }
  }
  d.error(v.where, fmt::format("{}: found {}, expected a month as YYYY-MM (e.g. 2015-05)", what,
                               v.describe()));
  return std::nullopt;
}

MapReader::MapReader(const Value& map, std::string context, Diagnostics& d)
    : map_(map), context_(std::move(context)), diags_(d) {
  if (!map.is_mapping()) {
    d.error(map.where, fmt::format("{}: found {}, expected a mapping of keys to values", context_,
                                   map.describe()));
    ok_ = false;
  }
}

const Value* MapReader::get(const std::string& key, bool required) {
  allow(key);
  if (!ok_) return nullptr;
  const Value* v = map_.find(key);
  if (v && v->is_null() && required) v = nullptr;
  if (!v && required) {
    diags_.error(map_.where, fmt::format("{}: missing required key '{}'", context_, key));
  }
  return v;
}

std::optional<double> MapReader::number(const std::string& key, const Range& range, bool required) {
  const Value* v = get(key, required);
  if (!v) return std::nullopt;
  return read_number(*v, fmt::format("{}: '{}'", context_, key), diags_, range);
}

std::optional<int> MapReader::integer(const std::string& key, const Range& range, bool required) {
  const Value* v = get(key, required);
  if (!v) return std::nullopt;
  return read_integer(*v, fmt::format("{}: '{}'", context_, key), diags_, range);
}

std::optional<bool> MapReader::boolean(const std::string& key, bool required) {
  const Value* v = get(key, required);
  if (!v) return std::nullopt;
  return read_bool(*v, fmt::format("{}: '{}'", context_, key), diags_);
}

std::optional<std::string> MapReader::string(const std::string& key, bool required) {
  const Value* v = get(key, required);
  if (!v) return std::nullopt;
  return read_string(*v, fmt::format("{}: '{}'", context_, key), diags_);
}

std::optional<int> MapReader::choice(const std::string& key, const std::vector<std::string>& choices,
                                     bool required) {
  const Value* v = get(key, required);
  if (!v) return std::nullopt;
  return read_choice(*v, fmt::format("{}: '{}'", context_, key), choices, diags_);
}

void MapReader::allow(const std::string& key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.push_back(key);
}

void MapReader::finish() {
  if (!ok_) return;
  for (const auto& [key, _] : map_.entries) {
    if (std::find(known_.begin(), known_.end(), key.text) != known_.end()) continue;
    std::string hint = closest_match(key.text, known_);
    diags_.error(key.where, fmt::format("{}: unknown key '{}'{}", context_, key.text,
                                        known_.empty() ? ", expected no keys here"
                                        : hint.empty() ? fmt::format(", expected one of {}", join(known_))
                                                       : fmt::format(" (did you mean '{}'?)", hint)));
  }
}

}  // namespace parley::scenario
