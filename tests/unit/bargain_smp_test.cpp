// KTAB's Spatial Model of Politics against KTAB's published results and hand-checked cases.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "parley/bargain_smp.hpp"
#include "bargain/smp_detail.hpp"
#include "parley/bargain_smp_io.hpp"
#include "parley/csv.hpp"

namespace bg = parley::bargain;

namespace {

const std::string kKtab = std::string(PARLEY_SOURCE_DIR) + "/data/ktab/";

bg::SmpInput load(const std::string& name) {
  parley::Diagnostics d;
  auto in = bg::load_smp(kKtab + name, bg::SalienceScale::automatic, d);
  EXPECT_TRUE(in.has_value()) << d.str();
  return in ? *in : bg::SmpInput{};
}

}  // namespace

TEST(BargainSmpKtab, DummyData3DimMatchesKtab) {
  // ../shared/SMP.md: KTAB (deterministic, default parameters) ends after 11 states with
  // the probability-weighted mean of final positions (78.1, 35.6, 72.2).
  const auto in = load("dummyData_3Dim.csv");
  const auto r = bg::run_smp(in.scenario, in.options);
  EXPECT_EQ(r.states.size(), 11u);
  ASSERT_EQ(r.forecast.size(), 3u);
  EXPECT_NEAR(100 * r.forecast[0], 78.1, 0.1);
  EXPECT_NEAR(100 * r.forecast[1], 35.6, 0.1);
  EXPECT_NEAR(100 * r.forecast[2], 72.2, 0.1);
}

TEST(BargainSmpKtab, SoePolCompMatchesKtab) {
  // ../shared/SMP.md: 28 states, (39.7, 32.8).
  const auto in = load("SOE-Pol-Comp.csv");
  const auto r = bg::run_smp(in.scenario, in.options);
  EXPECT_EQ(r.states.size(), 28u);
  ASSERT_EQ(r.forecast.size(), 2u);
  EXPECT_NEAR(100 * r.forecast[0], 39.7, 0.1);
  EXPECT_NEAR(100 * r.forecast[1], 32.8, 0.1);
}

// ---- every option's formula, by hand -------------------------------------------------


namespace sd = parley::bargain::smp_detail;
using VR = bg::SmpVotingRule;

TEST(BargainSmpHand, VotingRules) {
  // w = 2, utilities 0.7 against 0.4: du = 0.3.
  EXPECT_NEAR(sd::vote(VR::proportional, 2, 0.7, 0.4), 0.6, 1e-15);
  EXPECT_NEAR(sd::vote(VR::binary, 2, 0.7, 0.4), 2.0, 1e-15);             // clip(du / 1e-8) = 1
  EXPECT_NEAR(sd::vote(VR::binary, 2, 0.4 + 5e-9, 0.4), 1.0, 1e-6);       // inside the ramp: 0.5
  EXPECT_NEAR(sd::vote(VR::prop_bin, 2, 0.7, 0.4), 2 * (0.8 * 0.3 + 0.2), 1e-15);  // 0.88
  EXPECT_NEAR(sd::vote(VR::cubic, 2, 0.7, 0.4), 0.054, 1e-15);
  EXPECT_NEAR(sd::vote(VR::prop_cbc, 2, 0.7, 0.4), 0.327, 1e-15);          // 2 (0.15 + 0.0135)
  EXPECT_NEAR(sd::vote(VR::asym_prosp, 2, 0.7, 0.4), 0.4, 1e-15);          // gains weigh 2/3
  EXPECT_NEAR(sd::vote(VR::asym_prosp, 2, 0.4, 0.7), -0.6, 1e-15);         // losses weigh 1
}

TEST(BargainSmpHand, UtilityAndRiskEstimates) {
  EXPECT_NEAR(sd::bs_util(0.25, 0.5), 0.75 * 1.125, 1e-15);
  EXPECT_NEAR(sd::bs_util(1.2, 0.5), -0.2 * 1.5, 1e-15);  // beyond d = 1: (1 - d)(1 + R)
  using RA = bg::SmpBigRAdjust;
  EXPECT_NEAR(sd::est_nra(RA::full, 0.9, -0.3), -0.3, 1e-15);
  EXPECT_NEAR(sd::est_nra(RA::two_thirds, 0.9, -0.3), 0.1, 1e-15);
  EXPECT_NEAR(sd::est_nra(RA::half, 0.9, -0.3), 0.3, 1e-15);
  EXPECT_NEAR(sd::est_nra(RA::one_third, 0.9, -0.3), 0.5, 1e-15);
  EXPECT_NEAR(sd::est_nra(RA::none, 0.9, -0.3), 0.9, 1e-15);
  using RR = bg::SmpBigRRange;
  // p = 0.3 between p_min 0.1 and p_max 0.5
  EXPECT_NEAR(sd::big_r(RR::min, 0.3, 0.1, 0.5), 0.5, 1e-15);
  EXPECT_NEAR(sd::big_r(RR::mid, 0.3, 0.1, 0.5), 0.25, 1e-15);
  EXPECT_NEAR(sd::big_r(RR::max, 0.3, 0.1, 0.5), 0.0, 1e-15);
  EXPECT_NEAR(sd::big_r(RR::mid, 0.5, 0.1, 0.5), 1.0, 1e-15);   // Mid maps onto [-1/2, 1]
  EXPECT_NEAR(sd::big_r(RR::mid, 0.1, 0.1, 0.5), -0.5, 1e-15);
}

TEST(BargainSmpHand, VictoryProbabilityModels) {
  using VP = bg::SmpVictoryProb;
  EXPECT_NEAR(sd::victory(VP::linear, 3, 1).first, 0.75, 1e-15);
  EXPECT_NEAR(sd::victory(VP::square, 3, 1).first, 0.9, 1e-15);
  EXPECT_NEAR(sd::victory(VP::quartic, 3, 1).first, 81.0 / 82.0, 1e-15);
  EXPECT_NEAR(sd::victory(VP::octic, 3, 1).first, 6561.0 / 6562.0, 1e-15);
  EXPECT_NEAR(sd::victory(VP::binary, 3, 1).first, 1 / (1 + 1e-6), 1e-15);  // beyond a 10% margin
  // inside the margin: r = 1.05/2.05, p = (2.1 r - 1)/0.1 = 0.7560975...
  EXPECT_NEAR(sd::victory(VP::binary, 1.05, 1).first, (2.1 * 1.05 / 2.05 - 1) / 0.1, 1e-12);
}

TEST(BargainSmpHand, ProbabilisticCondorcetElections) {
  // Three options: A beats B 3:1, every other pair 1:1 (so P[A>B] = 0.75, others 0.5).
  const double e = 1e-8;  // KTAB's diagonal coalition strength
  const std::vector<double> c{e, 3, 1, 1, e, 1, 1, 1, e};
  std::vector<double> vp;
  // Conditional: p ∝ prod_j P[i>j] = (0.1875, 0.0625, 0.125) -> (1/2, 1/6, 1/3).
  auto p = sd::pce(bg::SmpPce::conditional, bg::SmpVictoryProb::linear, c, 3, vp);
  EXPECT_NEAR(p[0], 0.5, 1e-12);
  EXPECT_NEAR(p[1], 1.0 / 6, 1e-12);
  EXPECT_NEAR(p[2], 1.0 / 3, 1e-12);
  // Markov uniform: p_i = (1/3) sum_j P[i>j](p_i + p_j) solves to (4/9, 2/9, 3/9).
  p = sd::pce(bg::SmpPce::markov_uniform, bg::SmpVictoryProb::linear, c, 3, vp);
  EXPECT_NEAR(p[0], 4.0 / 9, 1e-5);
  EXPECT_NEAR(p[1], 2.0 / 9, 1e-5);
  EXPECT_NEAR(p[2], 3.0 / 9, 1e-5);
  // Markov incentive: challengers in proportion to C_ij P[i>j]; solving the fixed point by
  // hand gives (87, 33, 64)/184.
  p = sd::pce(bg::SmpPce::markov_incentive, bg::SmpVictoryProb::linear, c, 3, vp);
  EXPECT_NEAR(p[0], 87.0 / 184, 1e-6);
  EXPECT_NEAR(p[1], 33.0 / 184, 1e-6);
  EXPECT_NEAR(p[2], 64.0 / 184, 1e-6);
}

TEST(BargainSmpHand, ThirdPartyCommitment) {
  // pin = 0.6, u(i) = 0.9, u(j) = 0.3, u(own) = 1: SemiCommit compares
  // 0.6 (0.9 + 0.9 + 1) + 0.4 (3 x 0.3) = 2.04 with 0.6 (3 x 0.9) + 0.4 (0.3 + 0.3 + 1) = 2.26.
  using C = bg::SmpCommit;
  EXPECT_NEAR(sd::third_party_vote(C::semi_commit, VR::proportional, 1, 0.6, 0.9, 0.3, 1.0), -0.22, 1e-14);
  // Under NoCommit and FullCommit both sides are the same sum: no third party ever votes.
  EXPECT_EQ(sd::third_party_vote(C::no_commit, VR::proportional, 1, 0.6, 0.9, 0.3, 1.0), 0.0);
  EXPECT_EQ(sd::third_party_vote(C::full_commit, VR::binary, 1, 0.6, 0.9, 0.3, 1.0), 0.0);
}

TEST(BargainSmpHand, BargainInterpolation) {
  // i at 0.2, j at 0.8, both salience 0.5, i's chance 0.75.
  using I = bg::SmpInterp;
  // S2P2: weights 0.25 x 0.5625 and 0.25 x 0.0625: (0.140625 x 0.2 + 0.015625 x 0.8)/0.15625 = 0.26
  auto b = sd::interpolate_dim(I::s2p2, 0.2, 0.5, 0.75, 0.8, 0.5, 0.25);
  EXPECT_DOUBLE_EQ(b.first, 0.26);
  EXPECT_DOUBLE_EQ(b.second, 0.26);
  // S1P1: weights 0.375 and 0.125: 0.35
  b = sd::interpolate_dim(I::s1p1, 0.2, 0.5, 0.75, 0.8, 0.5, 0.25);
  EXPECT_DOUBLE_EQ(b.first, 0.35);
  EXPECT_DOUBLE_EQ(b.second, 0.35);
  // S2PMax: i has the advantage, so i keeps 0.2 and j moves half way less the 1e-6 guard
  b = sd::interpolate_dim(I::s2pmax, 0.2, 0.5, 0.75, 0.8, 0.5, 0.25);
  EXPECT_DOUBLE_EQ(b.first, 0.2);
  EXPECT_NEAR(b.second, 0.8 - 0.6 * 0.125 / 0.250001, 1e-15);
}

// ---- whole runs --------------------------------------------------------------------

TEST(BargainSmpRun, StoppingRuleIsKtabs) {
  // D(t) = sum_i |x_i(t) - x_i(t-1)|; stop at the first t >= 2 with D(t) / (D(1) + 1e-4) < 0.02.
  const auto in = load("SOE-Pol-Comp.csv");
  const auto r = bg::run_smp(in.scenario, in.options);
  auto moved = [&](std::size_t t) {
    double sum = 0;
    for (std::size_t i = 0; i < in.scenario.actors; ++i) {
      double sq = 0;
      for (std::size_t k = 0; k < in.scenario.dims; ++k) {
        const double d = r.states[t].position[i * 2 + k] - r.states[t - 1].position[i * 2 + k];
        sq += d * d;
      }
      sum += std::sqrt(sq);
    }
    return sum;
  };
  const double d01 = moved(1) + 1e-4;
  const std::size_t last = r.states.size() - 1;
  EXPECT_TRUE(r.stopped_early);
  EXPECT_LT(moved(last) / d01, 0.02);
  for (std::size_t t = 2; t < last; ++t) EXPECT_GE(moved(t) / d01, 0.02) << "turn " << t;
}

TEST(BargainSmpRun, PceProbabilitiesAreADistributionOverDistinctPositions) {
  const auto in = load("dummyData_3Dim.csv");
  const auto r = bg::run_smp(in.scenario, in.options);
  for (const auto& s : r.states) {
    double sum = 0;
    for (double p : s.probability) sum += p;
    EXPECT_NEAR(sum, 1.0, 1e-9);
    EXPECT_EQ(s.probability.size(), s.distinct.size());
  }
  EXPECT_EQ(r.states[0].distinct.size(), 7u);  // seven distinct starting positions
}

TEST(BargainSmpRun, EveryOptionValueRunsAndTheNonDefaultsChangeTheRun) {
  const auto in = load("dummyData_3Dim.csv");
  const auto base = bg::run_smp(in.scenario, in.options);
  const std::vector<std::string> variants{
      "VictoryProbModel=Square", "VictoryProbModel=Quartic", "VictoryProbModel=Octic", "VictoryProbModel=Binary",
      "PCEModel=MarkovIncentive", "PCEModel=MarkovUniform", "VotingRule=Binary", "VotingRule=PropBin",
      "VotingRule=PropCbc", "VotingRule=Cubic", "VotingRule=ASymProsp", "BigRAdjust=None", "BigRAdjust=Half",
      "BigRAdjust=TwoThirds", "BigRAdjust=Full", "BigRRange=Min", "BigRRange=Max", "ThirdPartyCommit=NoCommit",
      "ThirdPartyCommit=FullCommit", "InterVecBrgn=S1P1", "InterVecBrgn=S2PMax", "BargnModel=InitRcvrInterp",
      "BargnModel=PWCompInterp"};
  for (const auto& v : variants) {
    bg::SmpOptions o = in.options;
    ASSERT_EQ(bg::apply_smp_option(o, v), "") << v;
    const auto r = bg::run_smp(in.scenario, o);
    bool differs = r.states.size() != base.states.size();
    for (std::size_t t = 1; !differs && t < r.states.size(); ++t) differs = r.states[t].position != base.states[t].position;
    EXPECT_TRUE(differs) << v << " gave the default run";
  }
}

TEST(BargainSmpRun, StochasticModeIsReproducibleWithASeed) {
  const auto in = load("dummyData_3Dim.csv");
  bg::SmpOptions o = in.options;
  ASSERT_EQ(bg::apply_smp_option(o, "StateTransitions=Stochastic"), "");
  ASSERT_EQ(bg::apply_smp_option(o, "seed=7"), "");
  const auto a = bg::run_smp(in.scenario, o), b = bg::run_smp(in.scenario, o);
  ASSERT_EQ(a.states.size(), b.states.size());
  for (std::size_t t = 0; t < a.states.size(); ++t) EXPECT_EQ(a.states[t].position, b.states[t].position);
  int differ = 0;
  for (std::uint64_t seed = 8; seed < 12; ++seed) {
    o.seed = seed;
    const auto c = bg::run_smp(in.scenario, o);
    bool same = c.states.size() == a.states.size();
    for (std::size_t t = 0; same && t < c.states.size(); ++t) same = c.states[t].position == a.states[t].position;
    differ += same ? 0 : 1;
  }
  EXPECT_EQ(differ, 4);  // every other seed gives another history
}

TEST(BargainSmpRun, IdealsFollowTheAccommodationMatrix) {
  // smpExample-fixed.xml: Bob's ideal moves 0.75 toward his own position and 0.07 toward
  // Alice's, keeping 0.18 of his old ideal; Ellie (no iaPair) has the identity row.
  const auto in = load("smpExample-fixed.xml");
  ASSERT_TRUE(in.has_parameters);
  bg::SmpOptions o = in.options;
  o.transitions = bg::SmpTransitions::deterministic;
  const auto r = bg::run_smp(in.scenario, o);
  ASSERT_GE(r.states.size(), 2u);
  const auto& s0 = r.states[0];
  const auto& s1 = r.states[1];
  const std::size_t D = 3, alice = 0, bob = 1, ellie = 4;
  for (std::size_t k = 0; k < D; ++k) {
    const double want = 0.75 * s1.position[bob * D + k] + 0.07 * s1.position[alice * D + k] + 0.18 * s0.ideal[bob * D + k];
    EXPECT_NEAR(s1.ideal[bob * D + k], want, 1e-12);
    EXPECT_DOUBLE_EQ(s1.ideal[ellie * D + k], s1.position[ellie * D + k]);
  }
}

// ---- input -------------------------------------------------------------------------

TEST(BargainSmpInput, KtabsBrokenXmlExamplesAreReportedWhereTheyAreWrong) {
  parley::Diagnostics d;
  EXPECT_FALSE(bg::load_smp(kKtab + "smpExample.xml", bg::SalienceScale::automatic, d).has_value());
  EXPECT_EQ(d.str(), kKtab + "smpExample.xml:32:9: error: empty <dCoord>: expected a number on 0-100\n");
  parley::Diagnostics w;
  auto in = bg::load_smp(kKtab + "dummyData_3Dim.xml", bg::SalienceScale::automatic, w);
  ASSERT_TRUE(in.has_value());
  EXPECT_FALSE(w.has_errors());
  EXPECT_NE(w.str().find("dummyData_3Dim.xml:2:1: warning: no <IdealAdjustment>"), std::string::npos) << w.str();
  EXPECT_EQ(in->scenario.actors, 7u);
  EXPECT_EQ(in->scenario.dims, 3u);
}

TEST(BargainSmpInput, ModelParametersAreRead) {
  const auto in = load("smpExample-fixed.xml");
  EXPECT_EQ(in.options.pce, bg::SmpPce::markov_incentive);
  EXPECT_EQ(in.options.transitions, bg::SmpTransitions::stochastic);
  EXPECT_EQ(in.options.voting, bg::SmpVotingRule::prop_cbc);
  EXPECT_EQ(in.options.seed, 3507583219545544127ull);
}

TEST(BargainSmpInput, BadOptionsAndTablesAreRejected) {
  bg::SmpOptions o;
  EXPECT_NE(bg::apply_smp_option(o, "VotingRule=Majority").find("expected one of: Binary, PropBin"), std::string::npos);
  EXPECT_NE(bg::apply_smp_option(o, "Colour=Blue").find("unknown SMP option 'Colour'"), std::string::npos);
  EXPECT_NE(bg::apply_smp_option(o, "seed=-1").find("non-negative integer"), std::string::npos);
  parley::Diagnostics d;
  const auto csv = parley::parse_csv("actor,capability,position,salience\nA,1,50,40\nB,0,120,40\n", "t.csv", d);
  auto t = bg::parse_table(csv, bg::SalienceScale::automatic, d);
  ASSERT_TRUE(t);
  EXPECT_FALSE(bg::smp_from_table(*t, d).has_value());
  EXPECT_NE(d.str().find("t.csv:3:3: error: capability of 'B' is 0"), std::string::npos) << d.str();
  EXPECT_NE(d.str().find("t.csv:3:5: error: position 120 of 'B' is outside 0-100"), std::string::npos) << d.str();
}
