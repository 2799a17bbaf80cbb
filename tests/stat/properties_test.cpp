// MODEL.md section 10, properties 1-8, each as a statistical test over many runs with a
// fixed seed and a stated margin. Comparisons between levels use common random numbers:
// run n of every level draws the same random stream, so differences are paired, and a
// difference counts when its paired mean exceeds 2.326 standard errors (one-sided, 1%).
#include <gtest/gtest.h>

#include "property_scenarios.hpp"

namespace {

using namespace parley;
using namespace parley::proptest;

constexpr int kRuns = 2000;
constexpr std::uint64_t kSeed = 20150524;  // the Taliban's Azm offensive began on 24 April 2015

std::vector<double> durations(const Knobs& k) {
  std::vector<double> out;
  for (const auto& r : run_many(make_scenario(k), kRuns, kSeed)) out.push_back(months_to_agreement(r, k.months));
  return out;
}

template <class F>
std::vector<double> indicator(const Knobs& k, F f) {
  std::vector<double> out;
  for (const auto& r : run_many(make_scenario(k), kRuns, kSeed)) out.push_back(f(r) ? 1.0 : 0.0);
  return out;
}

// Asserts that b is larger than a (paired), reporting both means.
void expect_larger(const std::vector<double>& a, const std::vector<double>& b, const std::string& what) {
  MeanSe d = paired(a, b);
  EXPECT_GT(d.mean, kZ99 * d.se) << what << ": mean " << mean_se(a).mean << " -> " << mean_se(b).mean
                                 << ", paired difference " << d.mean << " (se " << d.se << ")";
}

TEST(Property1, CompleteInformationNashAgreesInTheFirstMonthOfFormalTalks) {
  // Equal, exact beliefs: each side believes it wins half the engagements (the two regions
  // are mirror images, so that is the true average) with a prior so strong it never moves.
  Knobs k;
  k.gov_belief = k.ins_belief = 0.5;
  k.strength = 1e6;
  k.model = "nash";
  const Scenario s = make_scenario(k);
  int formal = 0, agreed_next_month = 0;
  for (const auto& r : run_many(s, kRuns, kSeed)) {
    if (r.first_formal < 0 || r.first_formal + 1 >= k.months) continue;
    if (r.outcome == RunOutcome::victory && r.months_simulated <= r.first_formal + 1) continue;
    ++formal;
    agreed_next_month += r.first_agreement == r.first_formal + 1;
    EXPECT_EQ(r.first_agreement, r.first_formal + 1) << "run " << r.run;
  }
  EXPECT_GE(formal, kRuns / 2) << "too few runs reached formal talks for the property to be tested";
  EXPECT_EQ(agreed_next_month, formal);
}

TEST(Property2, GreaterDivergenceOfPriorBeliefsGivesLongerWars) {
  // Both sides believe they win 0.5 + delta of the engagements: optimism summing to 1 + 2 delta.
  std::vector<std::vector<double>> levels;
  for (double delta : {0.0, 0.05, 0.1, 0.15, 0.2, 0.25}) {
    Knobs k;
    k.gov_belief = k.ins_belief = 0.5 + delta;
    levels.push_back(durations(k));
  }
  for (std::size_t i = 1; i < levels.size(); ++i)
    expect_larger(levels[i - 1], levels[i], "months to agreement, divergence level " + std::to_string(i));
}

TEST(Property2, MoreConfidentPriorsGiveLongerWars) {
  std::vector<std::vector<double>> levels;
  for (double strength : {5.0, 20.0, 80.0, 320.0}) {
    Knobs k;
    k.gov_belief = k.ins_belief = 0.65;
    k.strength = strength;
    levels.push_back(durations(k));
  }
  for (std::size_t i = 1; i < levels.size(); ++i)
    expect_larger(levels[i - 1], levels[i], "months to agreement, confidence level " + std::to_string(i));
}

TEST(Property3, HigherCostsOfWarGiveEarlierAgreements) {
  std::vector<std::vector<double>> levels;
  for (double cost : {0.0005, 0.001, 0.002, 0.004, 0.008}) {
    Knobs k;
    k.gov_cost = k.ins_cost = cost;
    levels.push_back(durations(k));
  }
  for (std::size_t i = 1; i < levels.size(); ++i)
    expect_larger(levels[i], levels[i - 1], "months to agreement, cost level " + std::to_string(i));
}

}  // namespace
