// KTAB's Spatial Model of Politics on KTAB's own examples (the runs KTAB's times in
// ../shared/SMP.md were measured on), and the cost of one turn as the actors grow.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "parley/bargain_smp.hpp"
#include "parley/bargain_smp_io.hpp"

namespace {

namespace bg = parley::bargain;

bg::SmpInput load(const std::string& name) {
  parley::Diagnostics d;
  auto in = bg::load_smp(std::string(PARLEY_SOURCE_DIR) + "/data/ktab/" + name, bg::SalienceScale::automatic, d);
  if (!in) throw std::runtime_error(d.str());
  return *in;
}

// A whole run, to KTAB's stopping rule, as KTAB's smpc does it. KTAB's times (SMP.md, the
// same kind of 2-core machine, -O2, minimal logging, median of 3) are attached as a
// counter so the ratio can be read off the output.
void run_file(benchmark::State& state, const char* file, double ktab_seconds) {
  const bg::SmpInput in = load(file);
  std::size_t states = 0;
  for (auto _ : state) {
    auto r = bg::run_smp(in.scenario, in.options);
    states = r.states.size();
    benchmark::DoNotOptimize(r.forecast);
  }
  state.counters["states"] = static_cast<double>(states);
  state.counters["ktab_s"] = ktab_seconds;
}

void BM_SmpSoePolicy(benchmark::State& s) { run_file(s, "SOE-Policy.csv", 1.10); }
void BM_SmpSoeCompetitive(benchmark::State& s) { run_file(s, "SOE-Competitive.csv", 4.62); }
void BM_SmpDummyA080(benchmark::State& s) { run_file(s, "dummyData-a080.csv", 41.9); }
void BM_SmpDummyA160(benchmark::State& s) { run_file(s, "dummyData-a160.csv", 708); }

BENCHMARK(BM_SmpSoePolicy)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SmpSoeCompetitive)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SmpDummyA080)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SmpDummyA160)->Unit(benchmark::kMillisecond)->Iterations(3);

// One turn on n reproducible random actors in one dimension (capability 10-200, position
// and salience 0-1 from a fixed LCG), stopping rule off: the cost per turn, fitted in n.
void BM_SmpTurn(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::uint64_t seed = 0x9E3779B97F4A7C15ull ^ n;
  auto uniform = [&] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(seed >> 11) / 9007199254740992.0;
  };
  bg::SmpScenario sc;
  sc.actors = n;
  sc.dims = 1;
  for (std::size_t i = 0; i < n; ++i) {
    sc.capability.push_back(10 + 190 * uniform());
    sc.position.push_back(uniform());
    sc.salience.push_back(0.1 + 0.9 * uniform());
  }
  bg::SmpOptions o;
  o.max_turns = 1;
  for (auto _ : state) {
    auto r = bg::run_smp(sc, o);
    benchmark::DoNotOptimize(r.forecast);
  }
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_SmpTurn)->RangeMultiplier(2)->Range(20, 320)->Unit(benchmark::kMillisecond)->Complexity();

}  // namespace
