// parley run --resume against the files the loader reads (issue 11, item 6): the database keeps
// every file its scenario read, with a hash of its bytes, and --resume refuses, naming the
// file, when any of them changed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using parley::test::capture;
using parley::test::run_parley;
using parley::test::slurp;

class CliResume : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("parley_resume_test_" + std::to_string(::getpid()) + "_" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  // A copy of scenarios/<name> in the test directory.
  fs::path copy_scenario(const std::string& name) {
    const fs::path to = dir / name;
    fs::copy(fs::path(PARLEY_SOURCE_DIR) / "scenarios" / name, to, fs::copy_options::recursive);
    return to;
  }

  // Replaces the first `from` in the file by `to`; fails the test when it is not there.
  static void edit(const fs::path& file, const std::string& from, const std::string& to) {
    std::string text = slurp(file);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not in " << file;
    text.replace(at, from.size(), to);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
  }

  std::string sql(const fs::path& db, const std::string& query) {
    return capture("sqlite3 -batch -noheader '" + db.string() + "' \"" + query + "\"");
  }

  fs::path dir;
};

// Exactly the case: copy scenarios/patron/, run 50 runs into a database, change one
// number in regions.csv, resume. The old code scanned the scenario for 'file:' lines; the
// loader now says what it read.
TEST_F(CliResume, AChangedNumberInTheRegionTableIsRefusedNamingTheFile) {
  const fs::path patron = copy_scenario("patron"), db = dir / "p.db";
  const std::string scenario = (patron / "scenario.yaml").string();
  ASSERT_EQ(run_parley("run '" + scenario + "' --runs 50 -q --out '" + db.string() + "'").status, 0);
  EXPECT_EQ(sql(db, "SELECT position, role, path = '" + (patron / "regions.csv").string() +
                        "', bytes = length(content) FROM files ORDER BY position"),
            "0|scenario|0|1\n1|regions|1|1\n");
  edit(patron / "regions.csv", "plains,Plains,1500000,", "plains,Plains,1500001,");
  const auto r = run_parley("run '" + scenario + "' --resume --out '" + db.string() + "'");
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find((patron / "regions.csv").string() + " changed since the experiment started"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.find("already complete"), std::string::npos) << r.out;
}

// `regions: {file: regions.csv}` on one line: the form the line scanning missed.
TEST_F(CliResume, ARegionFileNamedInAFlowMappingIsWatchedToo) {
  const fs::path patron = copy_scenario("patron"), db = dir / "p.db";
  edit(patron / "scenario.yaml", "regions:\n  file: regions.csv\n", "regions: {file: regions.csv}\n");
  const std::string scenario = (patron / "scenario.yaml").string();
  ASSERT_EQ(run_parley("run '" + scenario + "' --runs 50 -q --out '" + db.string() + "'").status, 0);
  const auto same = run_parley("run '" + scenario + "' --resume --out '" + db.string() + "'");
  EXPECT_EQ(same.status, 0) << same.err;
  EXPECT_NE(same.out.find("already complete"), std::string::npos) << same.out;
  edit(patron / "regions.csv", "mountains,Mountains,800000,", "mountains,Mountains,800001,");
  const auto changed = run_parley("run '" + scenario + "' --resume --out '" + db.string() + "'");
  EXPECT_EQ(changed.status, 2);
  EXPECT_NE(changed.err.find("regions.csv changed since the experiment started"), std::string::npos) << changed.err;
}

// The same files reached by another path (another working directory) are the same files.
TEST_F(CliResume, TheSameFilesByAnotherPathAreAccepted) {
  const fs::path patron = copy_scenario("patron"), db = dir / "p.db";
  ASSERT_EQ(run_parley("run '" + (patron / "scenario.yaml").string() + "' --runs 5 -q --out '" + db.string() + "'")
                .status,
            0);
  int status = -1;
  const std::string out = capture("cd '" + patron.string() + "' && '" + PARLEY_BINARY +
                                      "' run scenario.yaml --resume --out '" + db.string() + "' 2>&1",
                                  &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("already complete"), std::string::npos) << out;
}

// The map (GeoJSON) is a file the scenario read as well.
TEST_F(CliResume, AChangedMapFileIsRefusedNamingIt) {
  const fs::path afg = copy_scenario("afghanistan-2015"), db = dir / "a.db";
  const std::string scenario = (afg / "scenario.yaml").string();
  ASSERT_EQ(run_parley("run '" + scenario + "' --runs 2 -q --out '" + db.string() + "'").status, 0);
  EXPECT_EQ(sql(db, "SELECT role FROM files ORDER BY position"), "scenario\nregions\nmap\nobservations\n");
  const fs::path map = afg / "data" / "geoBoundaries-AFG-ADM1.geojson";
  std::ofstream(map, std::ios::app) << "\n";
  const auto r = run_parley("run '" + scenario + "' --resume --out '" + db.string() + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("geoBoundaries-AFG-ADM1.geojson changed since the experiment started"), std::string::npos)
      << r.err;
}

// Schema v3 keeps the scenario's and each variant's name and description (v4, the records of
// model version 2, keeps them too, and so do v5 and v6); an older file is refused with a message
// that says what to do (v5's runs were not drawn again when their history ended the war before
// the origin: their results mean something else).
TEST_F(CliResume, NamesAreStoredAndOlderSchemasAreRefused) {
  const fs::path db = dir / "t.db";
  const std::string two_party = std::string(PARLEY_SOURCE_DIR) + "/scenarios/two-party/scenario.yaml";
  ASSERT_EQ(run_parley("run '" + two_party + "' --runs 2 --all-variants -q --out '" + db.string() + "'").status, 0);
  EXPECT_EQ(sql(db, "PRAGMA user_version"), "6\n");
  EXPECT_NE(sql(db, "SELECT scenario_name FROM experiment"), "\n");
  EXPECT_EQ(sql(db, "SELECT count(*) FROM variants WHERE description <> ''"),
            sql(db, "SELECT count(*) - 1 FROM variants"));  // every variant but base has a description
  for (const char* version : {"1", "2", "3", "4", "5"}) {
    sql(db, std::string("PRAGMA user_version = ") + version);
    for (const char* command : {"summary", "compare", "report"}) {
      const auto r = run_parley(std::string(command) + " '" + db.string() + "'" +
                                (std::string(command) == "report" ? " -o '" + (dir / "r.html").string() + "'" : ""));
      EXPECT_EQ(r.status, 2) << command;
      EXPECT_NE(r.err.find(std::string("schema version ") + version + " is older than the 6 this parley reads"),
                std::string::npos)
          << command << ": " << r.err;
    }
  }
}

}  // namespace
