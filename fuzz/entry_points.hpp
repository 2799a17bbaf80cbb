// The entry points each fuzz harness drives, shared with the regression unit test.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "parley/bargain_table.hpp"
#include "parley/csv.hpp"
#include "parley/diagnostics.hpp"
#include "parley/report.hpp"
#include "parley/results_store.hpp"
#include "parley/score_results.hpp"
#include "parley/scenario_loader.hpp"

namespace parley::fuzz {

// A scratch directory private to this process (harnesses and tests may run side by side).
// It is removed when the process exits normally.
inline const std::filesystem::path& scratch_dir() {
  struct Scratch {
    std::filesystem::path path;
    Scratch() : path(std::filesystem::temp_directory_path() / ("parley-fuzz-" + std::to_string(::getpid()))) {
      std::filesystem::create_directories(path);
    }
    ~Scratch() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static const Scratch dir;
  return dir.path;
}

inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Scenario YAML: the loader promises never to throw; every problem is a diagnostic.
inline void scenario(std::string_view bytes) {
  (void)load_scenario_text(std::string(bytes), (scratch_dir() / "scenario.yaml").string());
}

// A fixed valid scenario whose regions come from regions.csv beside it.
inline constexpr std::string_view kRegionScenario = R"(meta: {name: Fuzz, start: 2020-01, months: 12}
issues:
  - {id: power, label: Power}
camps:
  - {id: gov, victory_terms: {power: 0}}
  - {id: ins, victory_terms: {power: 100}}
actors:
  - {id: g, role: belligerent, camp: gov, positions: {power: 10}, salience: {power: 0.8}, belief: {mean: 0.6, strength: 10}}
  - {id: r, role: belligerent, camp: ins, positions: {power: 80}, salience: {power: 0.9}, belief: {mean: 0.5, strength: 10}}
regions: {file: regions.csv}
talks:
  participants: [g, r]
)";

// Region CSV: the bytes as a CSV on their own, then as the region file of a valid scenario.
inline void region_csv(std::string_view bytes) {
  Diagnostics diags;
  (void)parse_csv(bytes, "regions.csv", diags);
  write_file(scratch_dir() / "regions.csv", bytes);
  (void)load_scenario_text(std::string(kRegionScenario), (scratch_dir() / "scenario.yaml").string());
}

// A fixed valid scenario with two regions drawn from map.geojson beside it, matched by their
// names under the default key (shapeName).
inline constexpr std::string_view kMapScenario = R"(meta: {name: Fuzz, start: 2020-01, months: 12}
issues:
  - {id: power, label: Power}
camps:
  - {id: gov, victory_terms: {power: 0}}
  - {id: ins, victory_terms: {power: 100}}
actors:
  - {id: g, role: belligerent, camp: gov, positions: {power: 10}, salience: {power: 0.8}, belief: {mean: 0.6, strength: 10}}
  - {id: r, role: belligerent, camp: ins, positions: {power: 80}, salience: {power: 0.9}, belief: {mean: 0.5, strength: 10}}
regions:
  - {id: north, name: North, population: 1000, control: {gov: 0.5, ins: 0.5}, forces: {g: 100, r: 100}}
  - {id: south, name: South, population: 1000, control: {gov: 0.5, ins: 0.5}, forces: {g: 100, r: 100}}
talks:
  participants: [g, r]
map:
  file: map.geojson
)";

// GeoJSON map: the bytes as the map file of a valid scenario, its regions matched by name under
// the default key, then through 'names' under another key (text or a number).
inline void map(std::string_view bytes) {
  write_file(scratch_dir() / "map.geojson", bytes);
  const std::string path = (scratch_dir() / "scenario.yaml").string();
  (void)load_scenario_text(std::string(kMapScenario), path);
  (void)load_scenario_text(std::string(kMapScenario) + "  key: code\n  names: {north: N, south: 2}\n", path);
}

// A fixed valid scenario (five years, two camps, two actors, two regions) whose observations
// come from observations.csv beside it.
inline constexpr std::string_view kObservationsScenario = R"(meta: {name: Fuzz, start: 2020-01, months: 60, origin: 2022-01}
issues:
  - {id: power, label: Power}
camps:
  - {id: government, victory_terms: {power: 0}}
  - {id: insurgency, victory_terms: {power: 100}}
actors:
  - {id: gov, role: belligerent, camp: government, positions: {power: 10}, salience: {power: 1}, belief: {mean: 0.5, strength: 10}}
  - {id: rebels, role: belligerent, camp: insurgency, positions: {power: 70}, salience: {power: 1}, belief: {mean: 0.5, strength: 10}}
regions:
  - {id: capital, population: 3000, control: {government: 0.9, insurgency: 0.1}, forces: {gov: 200, rebels: 20}}
  - {id: plains, population: 1500, control: {government: 0.6, insurgency: 0.4}, forces: {gov: 80, rebels: 60}}
talks:
  participants: [gov, rebels]
observations: observations.csv
)";

// Observations CSV: the bytes as the observations file of a valid scenario.
inline void observations(std::string_view bytes) {
  write_file(scratch_dir() / "observations.csv", bytes);
  (void)load_scenario_text(std::string(kObservationsScenario), (scratch_dir() / "scenario.yaml").string());
}

// Bargaining table (plain CSV or KTAB, recognised from the text), under every salience scale.
inline void table(std::string_view bytes) {
  using bargain::SalienceScale;
  Diagnostics csv_diags;
  CsvTable csv = parse_csv(bytes, "table.csv", csv_diags);
  for (auto scale : {SalienceScale::automatic, SalienceScale::unit, SalienceScale::percent}) {
    Diagnostics diags;
    (void)bargain::parse_table(csv, scale, diags);
  }
}

// Results database: what summary, compare, export and report read. StoreError is the one expected
// failure (a clear message for the user); anything else escaping is a finding.
inline void results(std::string_view bytes) {
  const auto db = scratch_dir() / "results.db";
  std::filesystem::remove(db);
  write_file(db, bytes);
  const std::string path = db.string();
  try { (void)ResultsStore::open(path)->checkpoints(); } catch (const StoreError&) {}
  try { (void)summarise_results(path); } catch (const StoreError&) {}
  try { (void)compare_results(path, "base"); } catch (const StoreError&) {}
  try { (void)render_report(path, {}); } catch (const StoreError&) {}
  // parley score reads the per-run tables (run_yearly_deaths, run_observations, the runs' months).
  write_file(scratch_dir() / "score.csv", "quantity,period,value\nbattle_deaths,2021,100\nmilestone:agreement,2021-06,0\n");
  try {
    (void)score_text(score_results(path, (scratch_dir() / "score.csv").string(), {}));
  } catch (const StoreError&) {
  } catch (const InputError&) {
  }
  for (auto format : {ExportFormat::csv, ExportFormat::json}) {
    const auto out = scratch_dir() / "export";
    std::filesystem::remove_all(out);
    try { (void)export_results(path, out.string(), format); } catch (const StoreError&) {}
  }
}

}  // namespace parley::fuzz
