// SMP options by KTAB's names ("VotingRule=PropCbc"), as in KTAB's XML <ModelParameters>.
#include <array>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "parley/bargain_smp.hpp"

namespace parley::bargain {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

struct Choice {
  const char* key;
  std::vector<const char*> values;  // KTAB's names, in KTAB's enum order
};

// KTAB/kmodel/libsrc/kmodel.h (VPModelNames, PCEModelNames, StateTransModeNames,
// VotingRuleNames, BigRAdjustNames, BigRRangeNames, ThirdPartyCommitNames) and smp.h
// (InterVecBrgnNames, SMPBargnModelNames).
const std::array<Choice, 9>& choices() {
  static const std::array<Choice, 9> c{{
      {"VictoryProbModel", {"Linear", "Square", "Quartic", "Octic", "Binary"}},
      {"PCEModel", {"Conditional", "MarkovIncentive", "MarkovUniform"}},
      {"StateTransitions", {"Deterministic", "Stochastic"}},
      {"VotingRule", {"Binary", "PropBin", "Proportional", "PropCbc", "Cubic", "ASymProsp"}},
      {"BigRAdjust", {"None", "OneThird", "Half", "TwoThirds", "Full"}},
      {"BigRRange", {"Min", "Mid", "Max"}},
      {"ThirdPartyCommit", {"NoCommit", "SemiCommit", "FullCommit"}},
      {"InterVecBrgn", {"S1P1", "S2P2", "S2PMax"}},
      {"BargnModel", {"InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"}},
  }};
  return c;
}

void set(SmpOptions& o, std::size_t k, int v) {
  switch (k) {
    case 0: o.victory = static_cast<SmpVictoryProb>(v); break;
    case 1: o.pce = static_cast<SmpPce>(v); break;
    case 2: o.transitions = static_cast<SmpTransitions>(v); break;
    case 3: o.voting = static_cast<SmpVotingRule>(v); break;
    case 4: o.big_r_adjust = static_cast<SmpBigRAdjust>(v); break;
    case 5: o.big_r_range = static_cast<SmpBigRRange>(v); break;
    case 6: o.commit = static_cast<SmpCommit>(v); break;
    case 7: o.interp = static_cast<SmpInterp>(v); break;
    default: o.bargain = static_cast<SmpBargain>(v); break;
  }
}

int value_of(const SmpOptions& o, std::size_t k) {
  switch (k) {
    case 0: return static_cast<int>(o.victory);
    case 1: return static_cast<int>(o.pce);
    case 2: return static_cast<int>(o.transitions);
    case 3: return static_cast<int>(o.voting);
    case 4: return static_cast<int>(o.big_r_adjust);
    case 5: return static_cast<int>(o.big_r_range);
    case 6: return static_cast<int>(o.commit);
    case 7: return static_cast<int>(o.interp);
    default: return static_cast<int>(o.bargain);
  }
}

}  // namespace

std::string apply_smp_option(SmpOptions& o, std::string_view assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos)
    return fmt::format("option '{}': expected KEY=VALUE, e.g. VotingRule=PropCbc", assignment);
  const std::string key = lower(assignment.substr(0, eq));
  const std::string value = lower(assignment.substr(eq + 1));
  if (key == "seed") {
    std::uint64_t v = 0;
    const auto* end = value.data() + value.size();
    auto [ptr, ec] = std::from_chars(value.data(), end, v);
    if (ec != std::errc() || ptr != end || value.empty())
      return fmt::format("option seed: expected a non-negative integer, got '{}'", value);
    o.seed = v;
    return {};
  }
  const auto& cs = choices();
  for (std::size_t k = 0; k < cs.size(); ++k) {
    if (key != lower(cs[k].key)) continue;
    for (std::size_t v = 0; v < cs[k].values.size(); ++v) {
      if (value == lower(cs[k].values[v])) {
        set(o, k, static_cast<int>(v));
        return {};
      }
    }
    std::string list;
    for (std::size_t v = 0; v < cs[k].values.size(); ++v) list += (v ? ", " : "") + std::string(cs[k].values[v]);
    return fmt::format("option {}: unknown value '{}' (expected one of: {})", cs[k].key, value, list);
  }
  std::string keys;
  for (const auto& c : cs) keys += std::string(keys.empty() ? "" : ", ") + c.key;
  return fmt::format("unknown SMP option '{}' (expected one of: {}, seed)", assignment.substr(0, eq), keys);
}

std::string describe(const SmpOptions& o) {
  std::string out;
  const auto& cs = choices();
  for (std::size_t k = 0; k < cs.size(); ++k)
    out += fmt::format("{}{}={}", k ? " " : "", cs[k].key, cs[k].values[static_cast<std::size_t>(value_of(o, k))]);
  if (o.transitions == SmpTransitions::stochastic) out += fmt::format(" seed={}", o.seed);
  return out;
}

std::vector<std::pair<std::string, std::vector<std::string>>> smp_option_choices() {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& c : choices()) out.emplace_back(c.key, std::vector<std::string>(c.values.begin(), c.values.end()));
  return out;
}

std::vector<std::string> smp_option_names() {
  std::vector<std::string> out;
  for (const auto& c : choices()) {
    std::string line = std::string(c.key) + " ";
    for (std::size_t v = 0; v < c.values.size(); ++v) line += (v ? "|" : "") + std::string(c.values[v]);
    out.push_back(line);
  }
  return out;
}

}  // namespace parley::bargain
