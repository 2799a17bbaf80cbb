// Every saved fuzz input (crashes found and the minimised corpus) through the harnesses' entry points.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>

#include "entry_points.hpp"

namespace {

namespace fs = std::filesystem;

// Feeds each file under fuzz/regressions/<harness> and fuzz/corpus/<harness> to `entry`.
// No exception may escape (the sanitizer builds catch the rest).
void feed(const std::string& harness, const std::function<void(std::string_view)>& entry) {
  for (const char* kind : {"regressions", "corpus"}) {
    const fs::path dir = fs::path(PARLEY_FUZZ_DIR) / kind / harness;
    if (!fs::is_directory(dir)) continue;
    for (const auto& file : fs::directory_iterator(dir)) {
      if (!file.is_regular_file()) continue;
      const auto bytes = parley::read_text_file(file.path().string());
      ASSERT_TRUE(bytes) << file.path();
      EXPECT_NO_THROW(entry(*bytes)) << file.path();
    }
  }
}

TEST(FuzzRegressions, Scenario) { feed("fuzz_scenario", parley::fuzz::scenario); }
TEST(FuzzRegressions, RegionCsv) { feed("fuzz_region_csv", parley::fuzz::region_csv); }
TEST(FuzzRegressions, Table) { feed("fuzz_table", parley::fuzz::table); }
TEST(FuzzRegressions, Results) { feed("fuzz_results", parley::fuzz::results); }
TEST(FuzzRegressions, Map) { feed("fuzz_map", parley::fuzz::map); }
TEST(FuzzRegressions, Observations) { feed("fuzz_observations", parley::fuzz::observations); }

// Found by fuzz_results: a database whose checkpoint table is damaged let a raw SqliteError
// escape ResultsStore::checkpoints (used by run --resume); it must be a StoreError. Schema 3
// refuses the original (version 2) file at open, so the test reads a copy brought to schema 3
// with sqlite3 (two experiment columns and the files table added), its damage kept; then to
// schema 4, 5 and 6 the same way (schema 5: variants.origin and the per-run tables of parley
// score; schema 6: runs.history_draws, added with sqlite3's ALTER TABLE ... DEFAULT 1, and the
// per-run tables, empty, dropped and made again as compact tables behind views).
TEST(FuzzRegressions, DamagedCheckpointIsAStoreError) {
  const auto file =
      fs::path(PARLEY_FUZZ_DIR) / "regressions/fuzz_results/crash-46caa12bfd8865eaf8694b7d89b13ba55f177673-schema6";
  ASSERT_TRUE(fs::exists(file));
  auto store = parley::ResultsStore::open(file.string());
  EXPECT_THROW((void)store->checkpoints(), parley::StoreError);
}

}  // namespace
