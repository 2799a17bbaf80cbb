// Benchmark of the CSV reader on a bargaining-sized table (a baseline for input costs).
#include <benchmark/benchmark.h>

#include <string>

#include "parley/csv.hpp"

static void BM_ParseCsv(benchmark::State& state) {
  std::string text = "actor,capability,position,salience\n";
  for (int i = 0; i < state.range(0); ++i) {
    text += 'a';
    text += std::to_string(i);
    text += ",10,50.5,0.8\n";
  }
  for (auto _ : state) {
    parley::Diagnostics d;
    auto t = parley::parse_csv(text, "bench.csv", d);
    benchmark::DoNotOptimize(t.rows.data());
  }
}
BENCHMARK(BM_ParseCsv)->Arg(100)->Arg(1000);
