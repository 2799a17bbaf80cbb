// The Monte Carlo runner: order, thread-count independence, common random numbers, stopping.
#include <gtest/gtest.h>

#include <atomic>

#include "parley/analysis.hpp"
#include "parley/experiment.hpp"
#include "parley/scenario_loader.hpp"

namespace {

const std::string kSource = PARLEY_SOURCE_DIR;

struct Collected {
  std::vector<parley::RunRecord> records;
};

Collected collect(const parley::ExperimentPlan& plan, const std::atomic<bool>* stop = nullptr) {
  Collected c;
  parley::ExperimentHooks hooks;
  hooks.sink = [&](parley::RunRecord&& r) { c.records.push_back(std::move(r)); };
  hooks.stop = stop;
  parley::run_experiment(plan, hooks);
  return c;
}

void expect_same_run(const parley::RunResult& a, const parley::RunResult& b) {
  EXPECT_EQ(a.run, b.run);
  EXPECT_EQ(a.outcome, b.outcome);
  EXPECT_EQ(a.months_simulated, b.months_simulated);
  EXPECT_EQ(a.first_agreement, b.first_agreement);
  EXPECT_EQ(a.peace_month, b.peace_month);
  EXPECT_EQ(a.battle_deaths, b.battle_deaths);  // exactly: the same arithmetic in the same order
  EXPECT_EQ(a.terms, b.terms);
  EXPECT_EQ(a.final_share, b.final_share);
}

class Experiment : public ::testing::Test {
 protected:
  void SetUp() override { set = parley::load_scenario_or_throw(kSource + "/scenarios/patron/scenario.yaml"); }
  parley::ScenarioSet set;
};

TEST_F(Experiment, ItemsArriveInOrderAndMatchSingleRuns) {
  parley::ExperimentPlan plan;
  plan.variants = {&set.base, set.find("strong_pressure")};
  plan.seed = 11;
  plan.runs = 25;
  plan.threads = 3;
  auto c = collect(plan);
  ASSERT_EQ(c.records.size(), 50u);
  for (std::size_t i = 0; i < c.records.size(); ++i) {
    const auto& r = c.records[i];
    EXPECT_EQ(r.item, i);
    EXPECT_EQ(r.variant, i % 2);
    // The reference: simulate_run called directly with the same seed and run number.
    parley::RunOptions o;
    o.seed = 11;
    o.run = i / 2;
    expect_same_run(r.result, parley::simulate_run(*plan.variants[r.variant], o));
    EXPECT_EQ(r.months.months, r.result.months_simulated);
  }
}

TEST_F(Experiment, ResultsDoNotDependOnTheThreadCount) {
  parley::ExperimentPlan plan;
  plan.variants = {&set.base};
  plan.seed = 5;
  plan.runs = 60;
  plan.threads = 1;
  auto one = collect(plan);
  plan.threads = 2;
  auto two = collect(plan);
  plan.threads = 7;
  auto seven = collect(plan);
  ASSERT_EQ(one.records.size(), 60u);
  ASSERT_EQ(two.records.size(), 60u);
  ASSERT_EQ(seven.records.size(), 60u);
  parley::VariantAggregate a1(set.base), a2(set.base);
  for (std::size_t i = 0; i < 60; ++i) {
    expect_same_run(one.records[i].result, two.records[i].result);
    expect_same_run(one.records[i].result, seven.records[i].result);
    a1.add(one.records[i].result, one.records[i].months);
    a2.add(seven.records[i].result, seven.records[i].months);
  }
  EXPECT_EQ(a1.save(), a2.save());  // aggregates bit for bit
}

TEST_F(Experiment, AVariantIdenticalToTheBaseGivesExactlyZeroDifference) {
  // The base appears twice: with common random numbers every pair of runs is identical.
  parley::ExperimentPlan plan;
  plan.variants = {&set.base, &set.base};
  plan.runs = 40;
  plan.threads = 2;
  auto c = collect(plan);
  ASSERT_EQ(c.records.size(), 80u);
  parley::MeanInterval deaths;
  for (std::size_t n = 0; n < 40; ++n) {
    expect_same_run(c.records[2 * n].result, c.records[2 * n + 1].result);
    deaths.add(c.records[2 * n + 1].result.battle_deaths - c.records[2 * n].result.battle_deaths);
  }
  EXPECT_EQ(deaths.mean(), 0.0);
  EXPECT_EQ(deaths.half_width(), 0.0);
}

TEST_F(Experiment, ResumingFromAnItemGivesTheRestOfTheSameSequence) {
  parley::ExperimentPlan plan;
  plan.variants = {&set.base};
  plan.runs = 30;
  auto all = collect(plan);
  plan.first_item = 17;
  auto rest = collect(plan);
  ASSERT_EQ(rest.records.size(), 13u);
  for (std::size_t i = 0; i < 13; ++i) expect_same_run(rest.records[i].result, all.records[17 + i].result);
}

TEST_F(Experiment, AStopRequestEndsEarlyWithAPrefix) {
  std::atomic<bool> stop{false};
  parley::ExperimentPlan plan;
  plan.variants = {&set.base};
  plan.runs = 100000;
  plan.threads = 2;
  std::uint64_t seen = 0;
  parley::ExperimentHooks hooks;
  hooks.sink = [&](parley::RunRecord&& r) {
    EXPECT_EQ(r.item, seen);
    if (++seen == 50) stop = true;
  };
  hooks.stop = &stop;
  const std::uint64_t done = parley::run_experiment(plan, hooks);
  EXPECT_EQ(done, seen);
  EXPECT_GE(done, 50u);
  EXPECT_LT(done, 100000u);
}

TEST_F(Experiment, TheFirstRunsKeepTheirTraces) {
  parley::ExperimentPlan plan;
  plan.variants = {&set.base};
  plan.runs = 5;
  plan.trace_runs = 2;
  auto c = collect(plan);
  ASSERT_EQ(c.records.size(), 5u);
  EXPECT_TRUE(c.records[0].trace && c.records[1].trace);
  EXPECT_FALSE(c.records[2].trace);
  EXPECT_EQ(c.records[0].trace->rows.size(), static_cast<std::size_t>(c.records[0].result.months_simulated));
}

}  // namespace

namespace {

// Shares (MPI ranks) split the items in blocks; together they deliver each item exactly once,
// each share in item order, with the same results as one share, also when resuming mid-block.
TEST_F(Experiment, SharesPartitionTheItemsInBlocks) {
  parley::ExperimentPlan whole;
  whole.variants = {&set.base, set.find("strong_pressure")};
  whole.seed = 5;
  whole.runs = 23;  // 46 items: blocks of 4 leave a partial last block
  whole.threads = 2;
  whole.first_item = 7;  // resume inside block 1
  auto all = collect(whole);
  ASSERT_EQ(all.records.size(), 39u);
  std::vector<int> seen(46, 0);
  for (unsigned shares : {2u, 3u}) {
    std::fill(seen.begin(), seen.end(), 0);
    for (unsigned share = 0; share < shares; ++share) {
      parley::ExperimentPlan plan = whole;
      plan.shares = shares;
      plan.share = share;
      plan.block = 4;
      auto part = collect(plan);
      std::uint64_t last = 0;
      for (std::size_t k = 0; k < part.records.size(); ++k) {
        const auto& r = part.records[k];
        ASSERT_GE(r.item, 7u);
        EXPECT_EQ((r.item / 4) % shares, share) << "item " << r.item;
        if (k > 0) {
          EXPECT_GT(r.item, last);
        }
        last = r.item;
        ++seen[r.item];
        EXPECT_EQ(plan.share_item(plan.share_items_before(r.item)), r.item);
        expect_same_run(r.result, all.records[r.item - 7].result);
      }
    }
    for (std::uint64_t i = 0; i < 46; ++i) EXPECT_EQ(seen[i], i < 7 ? 0 : 1) << "item " << i << ", " << shares << " shares";
  }
}

}  // namespace
