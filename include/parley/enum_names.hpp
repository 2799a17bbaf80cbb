// Names both ways from one table per enum (DuckDB's EnumUtil idea): a constexpr array beside
// each enum gives every value its name, and printing, parsing and the lists of choices in
// messages all read that one array.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

template <typename E>
struct EnumName {
  E value;
  std::string_view name;
};

template <typename E, std::size_t N>
using EnumNames = std::array<EnumName<E>, N>;

// True when the table lists values 0, 1, ..., N-1 in order, each once: a static_assert beside
// each table then catches a value added to the enum and forgotten in its table.
template <typename E, std::size_t N>
constexpr bool covers_in_order(const EnumNames<E, N>& table) {
  for (std::size_t i = 0; i < N; ++i)
    if (static_cast<std::size_t>(table[i].value) != i || table[i].name.empty()) return false;
  return true;
}

template <typename E, std::size_t N>
constexpr std::string_view name_in(const EnumNames<E, N>& table, E value) {
  for (const auto& entry : table)
    if (entry.value == value) return entry.name;
  return "?";
}

template <typename E, std::size_t N>
constexpr std::optional<E> parse_in(const EnumNames<E, N>& table, std::string_view name) {
  for (const auto& entry : table)
    if (entry.name == name) return entry.value;
  return std::nullopt;
}

template <typename E, std::size_t N>
std::vector<std::string> names_in(const EnumNames<E, N>& table) {
  std::vector<std::string> out;
  for (const auto& entry : table) out.emplace_back(entry.name);
  return out;
}

// For an enum whose table is found by `enum_names(E{})` (a constexpr function beside the enum,
// found by argument-dependent lookup): its name, the value a name stands for, every name.
template <typename E>
constexpr std::string_view enum_name(E value) {
  return name_in(enum_names(E{}), value);
}
template <typename E>
constexpr std::optional<E> parse_enum(std::string_view name) {
  return parse_in(enum_names(E{}), name);
}
template <typename E>
std::vector<std::string> enum_choices() {
  return names_in(enum_names(E{}));
}

}  // namespace parley
