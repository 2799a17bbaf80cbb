// What the writer (parley run's calling thread; rank 0 under mpirun) costs per run, apart
// from simulating: folding a run into the aggregates and appending its row to the database,
// committed about once a second as parley run does. Counter: runs written per second.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "parley/analysis.hpp"
#include "parley/experiment.hpp"
#include "parley/results_store.hpp"
#include "parley/scenario_loader.hpp"

namespace {

void BM_WriterFlagship(benchmark::State& state) {
  static const parley::ScenarioSet set = parley::load_scenario_or_throw(
      std::string(PARLEY_SOURCE_DIR) + "/scenarios/afghanistan-2015/scenario.yaml");
  const parley::Scenario& s = set.base;
  // Distinct runs to write, simulated before the clock starts.
  std::vector<parley::RunResult> results(64);
  std::vector<parley::RunMonths> months(64);
  for (std::size_t i = 0; i < results.size(); ++i) {
    parley::RunOptions o;
    o.run = i;
    o.months = &months[i];
    results[i] = parley::simulate_run(s, o);
  }
  const std::string path = (std::filesystem::temp_directory_path() / "parley_writer_bench.db").string();
  std::filesystem::remove(path);
  parley::ExperimentInfo info;
  info.scenario_path = "bench";
  info.variants = {"base"};
  info.runs = 1u << 30;
  info.started_at = parley::utc_now();
  auto store = parley::ResultsStore::create(path, info, {&s});
  parley::VariantAggregate aggregate(s);
  auto last_commit = std::chrono::steady_clock::now();
  std::uint64_t item = 0;
  for (auto _ : state) {
    const std::size_t i = item % results.size();
    parley::RunResult r = results[i];
    r.run = item++;
    aggregate.add(r, months[i]);
    store->add_run("base", s, r);
    if (std::chrono::steady_clock::now() - last_commit > std::chrono::seconds(1)) {
      store->checkpoint(item, {aggregate.save()});
      last_commit = std::chrono::steady_clock::now();
    }
  }
  store->checkpoint(item, {aggregate.save()});
  store.reset();
  std::filesystem::remove(path);
  state.counters["runs/s"] = benchmark::Counter(static_cast<double>(item), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WriterFlagship)->Unit(benchmark::kMicrosecond)->MinTime(3.0);

}  // namespace
