// EUM presets and the text form of the ambiguity options ("A4=none").
#include <array>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "parley/bargain_eum.hpp"
#include "parley/csv.hpp"

namespace parley::bargain {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// Looks `value` up among `names` (in enum order) and stores the match in `out`.
template <typename Enum, std::size_t N>
std::string pick(Enum& out, std::string_view key, const std::string& value,
                 const std::array<const char*, N>& names) {
  for (std::size_t i = 0; i < N; ++i) {
    if (value == names[i]) {
      out = static_cast<Enum>(i);
      return {};
    }
  }
  std::string list;
  for (std::size_t i = 0; i < N; ++i) list += (i ? ", " : "") + std::string(names[i]);
  return fmt::format("option {}: unknown value '{}' (expected one of: {})", key, value, list);
}

constexpr std::array<const char*, 2> kA1{"target", "printed"};
constexpr std::array<const char*, 2> kA2{"challenger", "target"};
constexpr std::array<const char*, 2> kA3{"figure", "text"};
constexpr std::array<const char*, 3> kA4{"full", "none", "expected"};
constexpr std::array<const char*, 2> kA5{"literal", "weighted"};
constexpr std::array<const char*, 3> kA6{"literal", "net-vote", "velev"};
constexpr std::array<const char*, 2> kA7{"own", "mover"};
constexpr std::array<const char*, 3> kA8{"initial", "current", "scale"};
constexpr std::array<const char*, 2> kA9{"median", "mean"};
constexpr std::array<const char*, 3> kA10{"scholz", "velev", "enforceable"};
constexpr std::array<const char*, 2> kA11{"actors", "positions"};

}  // namespace

EumOptions preset_options(EumPreset preset) {
  EumOptions o;  // the defaults are the scholz preset
  if (preset == EumPreset::velev || preset == EumPreset::velev_corrected) {
    // Velev's bdm_scholz_model.py (jmckib, commit 55f63e9): the line numbers are cited in
    // docs/bargaining.md for every choice. P: risk-adjusted votes over the all-triples
    // denominator (l.286-291); both EUs from the mover's perspective (l.189-191);
    // confrontation by least move, compromise by the lowest EU-weighted position
    // (l.146-161).
    o.a6 = WinProbability::velev;
    o.a7 = Perspective::mover;
    o.a10 = OfferSelection::velev;
    // The capitulation test of l.200 compares eu_ji with abs(eu_ji), so it never holds:
    // the reference never capitulates. velev-corrected restores capitulation.
    o.capitulation = preset == EumPreset::velev_corrected;
  }
  return o;
}

std::optional<EumPreset> parse_preset(std::string_view name) {
  const std::string n = lower(name);
  if (n == "scholz") return EumPreset::scholz;
  if (n == "velev") return EumPreset::velev;
  if (n == "velev-corrected") return EumPreset::velev_corrected;
  return std::nullopt;
}

std::string apply_option(EumOptions& o, std::string_view assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos)
    return fmt::format("option '{}': expected KEY=VALUE, e.g. A4=none", assignment);
  const std::string key = lower(assignment.substr(0, eq));
  const std::string value = lower(assignment.substr(eq + 1));
  if (key == "a1") return pick(o.a1, "A1", value, kA1);
  if (key == "a2") return pick(o.a2, "A2", value, kA2);
  if (key == "a3") return pick(o.a3, "A3", value, kA3);
  if (key == "a4") return pick(o.a4, "A4", value, kA4);
  if (key == "a5") return pick(o.a5, "A5", value, kA5);
  if (key == "a6") return pick(o.a6, "A6", value, kA6);
  if (key == "a7") return pick(o.a7, "A7", value, kA7);
  if (key == "a8") return pick(o.a8, "A8", value, kA8);
  if (key == "a9") return pick(o.a9, "A9", value, kA9);
  if (key == "a10") return pick(o.a10, "A10", value, kA10);
  if (key == "a11") return pick(o.a11, "A11", value, kA11);
  if (key == "a12" || key == "q") {
    auto q = parse_number(value);
    if (!q || *q < 0 || *q > 1) return fmt::format("option A12: Q must be a number in [0, 1], got '{}'", value);
    o.q = *q;
    return {};
  }
  if (key == "capitulation") {
    if (value == "on" || value == "off") {
      o.capitulation = value == "on";
      return {};
    }
    return fmt::format("option capitulation: expected on or off, got '{}'", value);
  }
  return fmt::format("unknown option '{}' (expected A1 to A12 or capitulation)", key);
}

std::string describe(const EumOptions& o) {
  auto at = [](const auto& names, auto e) { return names[static_cast<std::size_t>(e)]; };
  return fmt::format("A1={} A2={} A3={} A4={} A5={} A6={} A7={} A8={} A9={} A10={} A11={} A12={} capitulation={}",
                     at(kA1, o.a1), at(kA2, o.a2), at(kA3, o.a3), at(kA4, o.a4), at(kA5, o.a5),
                     at(kA6, o.a6), at(kA7, o.a7), at(kA8, o.a8), at(kA9, o.a9), at(kA10, o.a10),
                     at(kA11, o.a11), o.q, o.capitulation ? "on" : "off");
}

}  // namespace parley::bargain
