// The loader is the one owner of what a scenario read: LoadResult::files lists every file,
// once, in the order read, with its bytes and their hash.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "parley/hash.hpp"
#include "parley/scenario_loader.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using parley::SourceRole;

TEST(LoaderFiles, TheLoaderListsTheScenarioRegionTableMapAndObservations) {
  const fs::path afg = fs::path(PARLEY_SOURCE_DIR) / "scenarios" / "afghanistan-2015";
  const parley::LoadResult r = parley::load_scenario_file((afg / "scenario.yaml").string());
  ASSERT_TRUE(r.scenarios) << r.diagnostics.str();
  ASSERT_EQ(r.files.size(), 4u);
  EXPECT_EQ(r.files[0].role, SourceRole::scenario);
  EXPECT_EQ(r.files[0].path, (afg / "scenario.yaml").string());
  EXPECT_EQ(r.files[1].role, SourceRole::regions);
  EXPECT_EQ(fs::path(r.files[1].path).filename(), "provinces.csv");
  EXPECT_EQ(r.files[2].role, SourceRole::map);
  EXPECT_EQ(fs::path(r.files[2].path).filename(), "geoBoundaries-AFG-ADM1.geojson");
  EXPECT_EQ(r.files[3].role, SourceRole::observations);
  EXPECT_EQ(fs::path(r.files[3].path).filename(), "observations.csv");
  for (const auto& f : r.files) {
    EXPECT_EQ(f.text, parley::test::slurp(f.path)) << f.path;
    EXPECT_EQ(f.hash, parley::fnv1a_hex(f.text)) << f.path;
  }
}

TEST(LoaderFiles, AVariantsOwnRegionTableIsListedOnceAfterTheBases) {
  const fs::path dir = fs::temp_directory_path() / ("parley_files_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string head = "id,name,population,control:gov,control:ins,forces:g,forces:r\n";
  std::ofstream(dir / "a.csv") << head << "north,North,1000,0.5,0.5,100,100\n";
  std::ofstream(dir / "b.csv") << head << "north,North,2000,0.5,0.5,100,100\n";
  const std::string yaml = R"(meta: {name: Files, start: 2020-01, months: 12}
issues: [{id: power, label: Power}]
camps: [{id: gov, victory_terms: {power: 0}}, {id: ins, victory_terms: {power: 100}}]
actors:
  - {id: g, role: belligerent, camp: gov, positions: {power: 10}, salience: {power: 0.8}, belief: {mean: 0.6, strength: 10}}
  - {id: r, role: belligerent, camp: ins, positions: {power: 80}, salience: {power: 0.9}, belief: {mean: 0.5, strength: 10}}
regions: {file: a.csv}
talks: {participants: [g, r]}
variants:
  bigger: {regions: {file: b.csv}}
  same: {regions: {file: a.csv}}
)";
  const parley::LoadResult r = parley::load_scenario_text(yaml, (dir / "s.yaml").string());
  ASSERT_TRUE(r.scenarios) << r.diagnostics.str();
  ASSERT_EQ(r.files.size(), 3u);
  EXPECT_EQ(r.files[0].text, yaml);  // text given in memory counts as the scenario's bytes
  EXPECT_EQ(r.files[1].path, (dir / "a.csv").string());
  EXPECT_EQ(r.files[2].path, (dir / "b.csv").string());
  EXPECT_EQ(r.files[2].role, SourceRole::regions);
  EXPECT_NE(r.files[1].hash, r.files[2].hash);
  fs::remove_all(dir);
}

TEST(LoaderFiles, FilesAreListedEvenWhenTheScenarioHasErrors) {
  const fs::path data = fs::path(PARLEY_TEST_DATA) / "scenarios";
  const parley::LoadResult r = parley::load_scenario_file((data / "bad-region-csv.yaml").string());
  EXPECT_FALSE(r.scenarios);
  ASSERT_EQ(r.files.size(), 2u);
  EXPECT_EQ(fs::path(r.files[1].path).filename(), "bad-regions.csv");
}

}  // namespace
