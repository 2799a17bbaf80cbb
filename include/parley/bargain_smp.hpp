// KTAB's Spatial Model of Politics (SMP), in parley's own code: see docs/bargaining.md.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::bargain {

// Each enum lists KTAB's choices in KTAB's order; the names are KTAB's XML names
// (`<ModelParameters>`), matched without regard to case.
// VictoryProbModel: P[i > j] from coalition strengths (kmodel.cpp vProb).
enum class SmpVictoryProb { linear, square, quartic, octic, binary };
// PCEModel: the probabilistic Condorcet election over options.
enum class SmpPce { conditional, markov_incentive, markov_uniform };
// StateTransitions: the winning bargain is the most probable one, or drawn.
enum class SmpTransitions { deterministic, stochastic };
// VotingRule (KTAB's vrCltn, for coalitions over positions and bargains).
enum class SmpVotingRule { binary, prop_bin, proportional, prop_cbc, cubic, asym_prosp };
// BigRAdjust: h's estimate r_hi of i's risk attitude from R_h and R_i.
enum class SmpBigRAdjust { none, one_third, half, two_thirds, full };
// BigRRange: the interval the risk attitudes R are mapped to.
enum class SmpBigRRange { min, mid, max };
// ThirdPartyCommit: what a third party that joins the losing side must do.
enum class SmpCommit { no_commit, semi_commit, full_commit };
// InterVecBrgn: how a bargain interpolates the two positions, dimension by dimension.
enum class SmpInterp { s1p1, s2p2, s2pmax };
// BargnModel: whose estimate of the challenge forms the bargain.
enum class SmpBargain { init_only, init_rcvr, pw_comp };

struct SmpOptions {
  SmpVictoryProb victory = SmpVictoryProb::linear;
  SmpPce pce = SmpPce::conditional;
  SmpTransitions transitions = SmpTransitions::deterministic;
  SmpVotingRule voting = SmpVotingRule::proportional;
  SmpBigRAdjust big_r_adjust = SmpBigRAdjust::one_third;
  SmpBigRRange big_r_range = SmpBigRRange::mid;
  SmpCommit commit = SmpCommit::semi_commit;
  SmpInterp interp = SmpInterp::s2p2;
  SmpBargain bargain = SmpBargain::init_only;
  std::uint64_t seed = 1;  // stochastic transitions only
  // KTAB's stopping rule (smp.cpp configExec): at most max_turns turns; after at least
  // min_turns, stop when the last turn's total move is below min_delta_ratio of the first.
  int max_turns = 100;
  int min_turns = 2;
  double min_delta_ratio = 0.02;
};

// Sets one option from "VotingRule=PropCbc" (KTAB's XML names) or "seed=7"; returns an
// error message, empty on success.
std::string apply_smp_option(SmpOptions& options, std::string_view assignment);
// The option names and their values, for output headers.
std::string describe(const SmpOptions& options);
// "VictoryProbModel": the KTAB names of the options and of each value, for help and errors.
std::vector<std::string> smp_option_names();
// Each option's KTAB name and its values' names, in KTAB's order.
std::vector<std::pair<std::string, std::vector<std::string>>> smp_option_choices();

// One scenario on KTAB's internal scale: positions and saliences on [0, 1].
struct SmpScenario {
  std::size_t actors = 0, dims = 0;
  std::vector<double> capability;     // by actor, > 0
  std::vector<double> position;       // actor-major, actors x dims, on [0, 1]
  std::vector<double> salience;       // actor-major, each actor's sum in (0, 1]
  std::vector<double> accommodation;  // actors x actors, A(i, j); empty = identity
};

struct SmpState {
  std::vector<double> position;  // actors x dims
  std::vector<double> ideal;     // actors x dims
  std::vector<double> risk;      // R_i, each actor's risk attitude in this state
  // Distinct positions (within KTAB's tolerance 1e-3 on [0, 1]), each named by its first
  // actor, and the PCE probability that each would win among them.
  std::vector<std::size_t> distinct;
  std::vector<double> probability;
  std::vector<std::size_t> distinct_of;  // by actor: its index into `distinct`
};

struct SmpResult {
  std::vector<SmpState> states;  // states[0] is the input
  bool stopped_early = false;    // the move-ratio rule fired before max_turns
  std::vector<double> forecast;       // by dimension: sum of probability x distinct position
  std::vector<double> most_probable;  // by dimension: the most probable final position
};

// Runs SMP until KTAB's stopping rule fires. Throws std::invalid_argument on a scenario
// that KTAB's model cannot evaluate (checked by the loaders with located messages).
SmpResult run_smp(const SmpScenario& scenario, const SmpOptions& options);

}  // namespace parley::bargain
