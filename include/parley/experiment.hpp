// Monte Carlo experiments: runs of several variants spread over threads, delivered in order.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "parley/scenario.hpp"
#include "parley/simulation.hpp"

namespace parley {

// One finished run of one variant.
struct RunRecord {
  std::uint64_t item = 0;      // position in the experiment's order
  std::size_t variant = 0;     // index into ExperimentPlan::variants
  RunResult result;
  RunMonths months;            // empty unless ExperimentPlan::monthly
  std::unique_ptr<Trace> trace;  // the full trace, for the first trace_runs runs only
};

struct ExperimentPlan {
  std::vector<const Scenario*> variants;
  std::uint64_t seed = 1;
  std::uint64_t runs = 1;
  std::uint64_t first_item = 0;  // items before this one are done already (resume)
  unsigned threads = 0;          // 0: every core
  std::uint64_t trace_runs = 0;  // keep the full trace of runs 0 .. trace_runs-1
  bool monthly = true;           // fill RunRecord::months (costs a trace per run)
  // A share of the items for one of several processes (MPI ranks): items go in blocks of
  // `block`, block b to share b % shares, and only this share's items are simulated and
  // delivered (still in item order). The default, one share, is every item.
  unsigned shares = 1;
  unsigned share = 0;
  std::uint64_t block = 64;
  std::uint64_t items() const { return runs * variants.size(); }
  // The number of this share's items before item `item` (shares() == 1: item itself).
  std::uint64_t share_items_before(std::uint64_t item) const;
  // This share's `n`th item (n from 0).
  std::uint64_t share_item(std::uint64_t n) const;
};

// Item i is run i / V of variant i % V (V variants): run n of every variant is simulated with
// the same seed and run number, hence the same random stream (common random numbers).
struct ExperimentHooks {
  std::function<void(RunRecord&&)> sink;          // called in item order, on the calling thread
  std::function<void(std::uint64_t done)> tick;   // about 5 times a second, items of this share delivered (may be empty)
  const std::atomic<bool>* stop = nullptr;        // set (e.g. by a signal handler) to stop early
};

// Runs the plan and returns the number of the first item not delivered (= plan.items() when
// it ran to the end). Every item before it went to the sink, in order, whatever the thread
// count, so anything folded in the sink is independent of the number of threads.
std::uint64_t run_experiment(const ExperimentPlan& plan, const ExperimentHooks& hooks);

// The number of threads `requested` means on this machine (0: every core).
unsigned resolve_threads(unsigned requested);

}  // namespace parley
