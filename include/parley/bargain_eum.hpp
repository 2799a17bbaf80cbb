// Bueno de Mesquita's expected-utility ("challenge") model, every ambiguity a named option.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parley::bargain {

// The ambiguities A1-A12 of data/bargaining/EUM-NOTES.md section 1.11, one enum each.
// A1: whose salience is the chance of resistance in E^j(U_ji).
enum class ResistSalience {
  target,   // s of the actor challenged, by the symmetry of eq (6): the corrected typo
  printed,  // s_j as printed in Scholz et al. eq (25b): the challenger's own salience
};
// A2: perspective of the security sum S_i = sum_j E(U_ji). Both are evaluated with every
// r = 1 in the first pass, where they coincide, so this option cannot change a result.
enum class SecurityPerspective { challenger, target };
// A3: sign of b in the condition for the j-upper-hand compromise.
enum class CompromiseSign {
  figure,  // b > 0, as in the figure and by symmetry
  text,    // b < 0 as printed in the text; the condition can then never hold
};
// A4: what a conflict does to the loser.
enum class ConflictMove {
  full,      // the loser moves to the winner's position (BDM 1984, Scholz et al.)
  none,      // nobody moves: the outcome is uncertain (BDM 1997)
  expected,  // the loser moves to P x_loser + (1 - P) x_winner, P its chance of prevailing
};
// A5: where a compromise lands.
enum class CompromisePosition {
  literal,   // x_m + (x_p - x_m) |e_m / e_p|, eqs (35)/(36)
  weighted,  // (|e_m| x_m + |e_p| x_p) / (|e_m| + |e_p|)
};
// A6: the probability that i prevails over j.
enum class WinProbability {
  literal,   // eqs (30)/(31): supporters' votes over everyone's absolute votes
  net_vote,  // max(0, net votes) over absolute votes
  velev,     // risk-adjusted votes over the sum over all triples (k, a, b) (Velev's code)
};
// A7: whose risk exponent evaluates the proposer's EU in the mover's chart.
enum class Perspective {
  own,    // each EU with its owner's r (BDM 1985, Scholz et al. fig. 10)
  mover,  // both EUs with the mover's r (Velev: "from the actor's perspective")
};
// A8: the range R that scales distances.
enum class RangeRule {
  initial,  // max - min of the initial positions, fixed for the run
  current,  // max - min of the current positions, each round
  scale,    // the scale, `EumOptions::scale_span`
};
// A9: the position mu to which an unchallenged actor is expected to move (U_b, U_w, T).
enum class MoveTarget { median, mean };
// A10: how an actor picks among the offers it receives.
enum class OfferSelection {
  scholz,       // conflict, then compromise, then capitulation; least move; then higher EU
  velev,        // conflict by least move; compromise by lowest (|e_m| x_m + |e_p| x_p)/(|e_m|+|e_p|)
  enforceable,  // the offer whose proposer has the highest EU; least move breaks ties
};
// A11: what the security level is compared across to set the risk exponent.
enum class RiskBasis {
  actors,     // across actors (BDM 1985 text, Scholz et al.)
  positions,  // across 11 hypothetical positions of the same actor, r clipped to [0.5, 2]
};
// A12 is the pair (q, stopping rule) below.
enum class StopRule {
  fixed,     // exactly max_rounds rounds
  converge,  // stop when the median moves by at most `tolerance` for `stable_rounds` rounds
};

struct EumOptions {
  ResistSalience a1 = ResistSalience::target;
  SecurityPerspective a2 = SecurityPerspective::challenger;
  CompromiseSign a3 = CompromiseSign::figure;
  ConflictMove a4 = ConflictMove::full;
  CompromisePosition a5 = CompromisePosition::literal;
  WinProbability a6 = WinProbability::literal;
  Perspective a7 = Perspective::own;
  RangeRule a8 = RangeRule::initial;
  MoveTarget a9 = MoveTarget::median;
  OfferSelection a10 = OfferSelection::scholz;
  RiskBasis a11 = RiskBasis::actors;
  double q = 1.0;  // A12: probability that an unchallenged actor stays put
  StopRule stop = StopRule::fixed;
  int max_rounds = 10;
  double tolerance = 1e-6;
  int stable_rounds = 3;
  double scale_span = 100.0;  // used by RangeRule::scale
  // Capitulation offers are allowed. Velev's code never makes one (it tests
  // `eu_ji < abs(eu_ji)`, a typo); `capitulation=off` reproduces that behaviour.
  bool capitulation = true;
};

// scholz: the equations of Scholz et al. (2011) as printed, typos corrected.
// velev: Velev's code (jmckib/bdm-scholz-expected-utility-model) exactly, typo included,
// so capitulation never happens. velev_corrected: the same with capitulation restored.
enum class EumPreset { scholz, velev, velev_corrected };
EumOptions preset_options(EumPreset preset);
std::optional<EumPreset> parse_preset(std::string_view name);

// Sets one ambiguity from text such as "A4=none" or "A12=0.5"; returns an error message,
// empty on success.
std::string apply_option(EumOptions& options, std::string_view assignment);
// "A1=target A2=challenger ..." for output headers.
std::string describe(const EumOptions& options);

struct EumRound {
  int round = 0;
  double median = 0;
  double mean = 0;
  std::vector<double> positions;
  std::vector<double> risk;  // exponents used in this round; empty for round 0
};

struct EumResult {
  std::vector<EumRound> rounds;  // round 0 is the input
  bool converged = false;        // the convergence rule fired (StopRule::converge)
  double forecast = 0;           // the median after the last round
};

// Runs the model on one issue. Saliences must be on 0-1; capabilities non-negative.
EumResult run_eum(std::span<const double> capabilities, std::span<const double> positions,
                  std::span<const double> saliences, const EumOptions& options);

}  // namespace parley::bargain
