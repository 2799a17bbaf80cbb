// Benchmarks of the expected-utility model (10 rounds, 10-300 actors) and the month-step kernels.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "parley/bargain.hpp"
#include "parley/bargain_eum.hpp"

namespace {

namespace bg = parley::bargain;

// A reproducible table of n actors: capability 1-100, position 0-100, salience 0.1-1.
// A small LCG keeps the data identical on every platform and standard library.
struct Actors {
  std::vector<double> c, x, s;
};

Actors make_actors(std::size_t n) {
  std::uint64_t state = 0x9E3779B97F4A7C15ull ^ n;
  auto uniform = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  Actors a;
  for (std::size_t i = 0; i < n; ++i) {
    a.c.push_back(1 + 99 * uniform());
    a.x.push_back(100 * uniform());
    a.s.push_back(0.1 + 0.9 * uniform());
  }
  return a;
}

void eum(benchmark::State& state, bg::EumPreset preset) {
  const Actors a = make_actors(static_cast<std::size_t>(state.range(0)));
  bg::EumOptions o = bg::preset_options(preset);
  o.max_rounds = 10;
  for (auto _ : state) {
    auto r = bg::run_eum(a.c, a.x, a.s, o);
    benchmark::DoNotOptimize(r.forecast);
  }
  state.SetComplexityN(state.range(0));
}

void BM_EumScholz(benchmark::State& state) { eum(state, bg::EumPreset::scholz); }
void BM_EumVelev(benchmark::State& state) { eum(state, bg::EumPreset::velev); }
void BM_EumVelevCorrected(benchmark::State& state) { eum(state, bg::EumPreset::velev_corrected); }

BENCHMARK(BM_EumScholz)->Arg(10)->Arg(30)->Arg(100)->Arg(300)->Unit(benchmark::kMicrosecond)->Complexity();
BENCHMARK(BM_EumVelev)->Arg(10)->Arg(30)->Arg(100)->Arg(300)->Unit(benchmark::kMicrosecond)->Complexity();
BENCHMARK(BM_EumVelevCorrected)->Arg(10)->Arg(30)->Arg(100)->Arg(300)->Unit(benchmark::kMicrosecond)->Complexity();

// The kernels the simulation calls every month with about 10 participants.
void BM_CompromiseKernel(benchmark::State& state) {
  const Actors a = make_actors(10);
  for (auto _ : state) benchmark::DoNotOptimize(bg::compromise(a.c, a.x, a.s).position);
}
void BM_MedianKernel(benchmark::State& state) {
  const Actors a = make_actors(10);
  std::vector<double> scratch(20);
  for (auto _ : state) benchmark::DoNotOptimize(bg::median(a.c, a.x, a.s, scratch).position);
}
void BM_NashKernel(benchmark::State& state) {
  const Actors a = make_actors(10);
  const std::vector<double> d(10, 0.0);
  for (auto _ : state) benchmark::DoNotOptimize(bg::nash(a.c, a.x, a.s, d, 100.0).position);
}
void BM_NashJoint3Issues(benchmark::State& state) {
  const std::size_t n = 10, k = 3;
  const Actors a = make_actors(n * k);
  std::vector<double> x(a.x.begin(), a.x.end()), w(n * k), d(n, 0.0), spans(k, 100.0), y(k),
      scratch(bg::nash_joint_scratch_size(n, k));
  for (std::size_t i = 0; i < n; ++i) {
    double total = 0;
    for (std::size_t c = 0; c < k; ++c) total += a.s[i * k + c];
    for (std::size_t c = 0; c < k; ++c) w[i * k + c] = a.s[i * k + c] / total;
  }
  const std::vector<double> b(a.c.begin(), a.c.begin() + static_cast<std::ptrdiff_t>(n));
  for (auto _ : state) benchmark::DoNotOptimize(bg::nash_joint(b, x, w, d, spans, y, scratch).sweeps);
}

BENCHMARK(BM_CompromiseKernel);
BENCHMARK(BM_MedianKernel);
BENCHMARK(BM_NashKernel);
BENCHMARK(BM_NashJoint3Issues)->Unit(benchmark::kMicrosecond);

}  // namespace
