// Benchmarks of one run of the flagship-sized scenario (bench/scenarios/large) under each
// bargaining model, with and without the monthly record that experiments aggregate.
#include <benchmark/benchmark.h>

#include "parley/analysis.hpp"
#include "parley/experiment.hpp"
#include "parley/scenario_loader.hpp"

namespace {

const parley::ScenarioSet& large() {
  static const parley::ScenarioSet set =
      parley::load_scenario_or_throw(std::string(PARLEY_SOURCE_DIR) + "/bench/scenarios/large/scenario.yaml");
  return set;
}

const parley::Scenario& variant(int i) {
  static const char* names[] = {"", "nash", "eum"};
  return i == 0 ? large().base : *large().find(names[i]);
}

// One run, results only: the simulator's own cost. Counter: simulated run-months per second.
void BM_Run(benchmark::State& state) {
  const parley::Scenario& s = variant(static_cast<int>(state.range(0)));
  std::uint64_t run = 0;
  double months = 0;
  for (auto _ : state) {
    parley::RunOptions o;
    o.run = run++;
    auto r = parley::simulate_run(s, o);
    months += r.months_simulated;
    benchmark::DoNotOptimize(r);
  }
  state.counters["run_months/s"] = benchmark::Counter(months, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Run)->Arg(0)->Arg(1)->Arg(2)->ArgName("model(0=compromise,1=nash,2=eum)")->Unit(benchmark::kMicrosecond);

// One run as parley run does it: with the compact monthly record, aggregated.
void BM_RunAggregated(benchmark::State& state) {
  const parley::Scenario& s = variant(static_cast<int>(state.range(0)));
  parley::VariantAggregate aggregate(s);
  std::uint64_t run = 0;
  double months = 0;
  for (auto _ : state) {
    parley::RunMonths record;
    parley::RunOptions o;
    o.run = run++;
    o.months = &record;
    auto r = parley::simulate_run(s, o);
    aggregate.add(r, record);
    months += r.months_simulated;
  }
  state.counters["run_months/s"] = benchmark::Counter(months, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RunAggregated)->Arg(0)->Arg(1)->Arg(2)->ArgName("model")->Unit(benchmark::kMicrosecond);

// Folding one run's monthly record into the aggregates alone.
void BM_AggregateAdd(benchmark::State& state) {
  const parley::Scenario& s = large().base;
  parley::RunMonths months;
  parley::RunOptions o;
  o.months = &months;
  auto r = parley::simulate_run(s, o);
  parley::VariantAggregate aggregate(s);
  for (auto _ : state) aggregate.add(r, months);
}
BENCHMARK(BM_AggregateAdd)->Unit(benchmark::kMicrosecond);

}  // namespace
