// The defects an outside attack found (issue 17, ../shared/attack/NN-*): each test feeds the
// reproducer's input, or a smaller one of the same kind, and checks the behaviour the issue asks
// for. Expected messages and counts come from the issue, not from the code under test.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <thread>

#include "parley/analysis.hpp"
#include "parley/csv.hpp"
#include "parley/scenario_loader.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using parley::test::capture;
using parley::test::slurp;
using Result = parley::test::CommandResult;
using Clock = std::chrono::steady_clock;

const std::string kSource = PARLEY_SOURCE_DIR;
const std::string kMinimal = std::string(PARLEY_TEST_DATA) + "/scenarios/minimal.yaml";
const std::string kTwoParty = kSource + "/scenarios/two-party/scenario.yaml";
const std::string kAfghanistan = kSource + "/scenarios/afghanistan-2015/scenario.yaml";
const std::string kTwoActors = std::string(PARLEY_TEST_DATA) + "/bargaining/two_actors.csv";

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

class Attack : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("parley_attack_test_" + std::to_string(::getpid()) + "_" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  static Result parley(const std::string& args) { return parley::test::run_parley(args); }
  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary) << text;
    return dir / name;
  }
  // minimal.yaml with `from` replaced by `to` (which must be there).
  std::string minimal_with(const std::string& from, const std::string& to) {
    std::string text = slurp(kMinimal);
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
  }
  std::string sql(const fs::path& db, const std::string& query) {
    std::string out = capture("sqlite3 -batch -cmd '.timeout 5000' " + q(db) + " \"" + query + "\" 2>&1");
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  int files_named_like(const std::string& part) {
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename().string().find(part) != std::string::npos;
    return n;
  }
  fs::path dir;
};

// ---- 6. Crashes, hangs and resources -------------------------------------------------------

// 05: the scenario reader read a device to its (non-existent) end, blocked on a FIFO, and called
// a directory "the file is empty".
TEST_F(Attack, ReadersRefuseDevicesFifosAndDirectoriesBeforeReading) {
  std::string why;
  EXPECT_FALSE(parley::read_text_file("/dev/zero", &why));
  EXPECT_NE(why.find("a character device"), std::string::npos) << why;
  ASSERT_EQ(::mkfifo((dir / "f.yaml").c_str(), 0644), 0);
  fs::create_directory(dir / "d.yaml");
  const auto start = Clock::now();
  Result fifo = parley("validate " + q(dir / "f.yaml"));
  EXPECT_LT(seconds_since(start), 10.0);
  EXPECT_EQ(fifo.status, 2);
  EXPECT_NE(fifo.err.find("f.yaml: error: cannot read file: it is a FIFO"), std::string::npos) << fifo.err;
  Result folder = parley("validate " + q(dir / "d.yaml"));
  EXPECT_EQ(folder.status, 2);
  EXPECT_NE(folder.err.find("it is a directory"), std::string::npos) << folder.err;
  EXPECT_EQ(folder.err.find("empty"), std::string::npos) << folder.err;
  // The bargaining table and the region CSV go through the same reader.
  Result table = parley("bargain " + q(dir / "f.yaml"));
  EXPECT_EQ(table.status, 2);
  EXPECT_NE(table.err.find("FIFO"), std::string::npos) << table.err;
  write("big.csv", std::string((16u << 20) + 1, '#'));
  Result big = parley("bargain " + q(dir / "big.csv"));
  EXPECT_EQ(big.status, 2);
  EXPECT_NE(big.err.find("the limit is 16777216 bytes"), std::string::npos) << big.err;
}

// 06: a number a double cannot hold aborted every command (json::out_of_range escaped).
TEST_F(Attack, GeoJsonNumberOverflowIsALocatedError) {
  write("map.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"North"},)"
                       R"("geometry":{"type":"Polygon","coordinates":[[[0,0],[1e400,0],[1,1],[0,0]]]}}]})");
  write("s.yaml", minimal_with("    population: 1000\n", "    name: North\n    population: 1000\n") +
                      "map: {file: map.geojson, key: name}\n");
  Result r = parley("validate " + q(dir / "s.yaml"));
  EXPECT_EQ(r.status, 2);
  // Column 141 is where 1e400 starts on the one line of the file.
  EXPECT_NE(r.err.find("map.geojson:1:141: error: not a usable GeoJSON file (number overflow parsing '1e400')"),
            std::string::npos)
      << r.err;
}

// 17: a Latin-1 camp name in a scenario with a map aborted `parley report` (json type_error 316).
TEST_F(Attack, ReportOfALatin1ScenarioReplacesTheBadBytes) {
  write("map.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"North"},)"
                       R"("geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]})");
  write("s.yaml", minimal_with("{id: gov, victory_terms", "{id: gov, name: Gouvernement f\xE9" "d\xE9ral, victory_terms") +
                      "map:\n  file: map.geojson\n  key: name\n  names: {north: North}\n");
  ASSERT_EQ(parley("run " + q(dir / "s.yaml") + " --runs 10 -q --out " + q(dir / "r.db")).status, 0);
  Result r = parley("report " + q(dir / "r.db") + " -o " + q(dir / "r.html"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(slurp(dir / "r.html").find("Gouvernement f\xEF\xBF\xBD" "d\xEF\xBF\xBD" "ral"), std::string::npos);
  // The same for bargain -f json with a Latin-1 actor name.
  write("t.csv", "actor,capability,position,salience\nf\xE9" "d,1,10,0.5\nb,1,80,0.7\n");
  Result b = parley("bargain -m compromise -f json " + q(dir / "t.csv"));
  EXPECT_EQ(b.status, 0) << b.err;
  EXPECT_NE(b.out.find("f\xEF\xBF\xBD" "d"), std::string::npos) << b.out;
}

// 16: +Infinity battle deaths (SQLite stores it) made `parley summary` index far outside its
// histogram and segfault.
TEST_F(Attack, InfiniteDeathsInADatabaseAreReportedAsDamageNotACrash) {
  EXPECT_EQ(parley::LogHistogram::bin(std::numeric_limits<double>::infinity()), parley::LogHistogram::kBins - 1);
  const fs::path db = dir / "r.db";
  ASSERT_EQ(parley("run " + q(kMinimal) + " --runs 5 -q --out " + q(db)).status, 0);
  sql(db, "UPDATE runs SET battle_deaths = 9e999 WHERE run = 0");
  Result r = parley("summary " + q(db));
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("is damaged: run 0 of variant 'base' has inf battle deaths"), std::string::npos) << r.err;
}

// 19: under a plain `ulimit -f` (SIGXFSZ at its default) parley was killed without a word, and
// a database killed while it was created was refused by both --resume and a fresh run.
TEST_F(Attack, AFileSizeLimitIsAMessageNotAKill) {
  const fs::path db = dir / "u.db";
  int status = -1;
  const std::string err = dir.string() + "/err";
  capture("bash -c 'ulimit -f 16; exec \"$0\" \"$@\"' '" + std::string(PARLEY_BINARY) + "' run " + q(kTwoParty) +
              " --runs 2000 -j 1 -q --out " + q(db) + " 2>" + err,
          &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(slurp(err).find("cannot create the results database " + db.string() +
                            ": the file size limit was reached"),
            std::string::npos)
      << slurp(err);
  EXPECT_FALSE(fs::exists(db));
  EXPECT_EQ(files_named_like("u.db"), 0) << "the half-built database and its journal are removed";
  EXPECT_EQ(parley("run " + q(kTwoParty) + " --runs 20 -q --out " + q(db)).status, 0);
}

// 09: a kill in the first milliseconds of `run --out` left a 0-byte database that --resume
// and a fresh run both refused. Now the file appears only once it is whole; a signal during
// creation stops the run after it, with an empty database that --resume completes.
TEST_F(Attack, AKillAtAnyMomentOfCreationLeavesNothingOrAResumableDatabase) {
  const fs::path db = dir / "k.db";
  int resumed = 0;
  // 20 ms steps over the first 300 ms (creation is there in a release build), then longer ones
  // until two delays have reached the database (slower builds, e.g. ASan, load for longer).
  for (int delay_ms = 0; delay_ms <= 6000 && resumed < 2; delay_ms += delay_ms < 300 ? 20 : 250) {
    fs::remove(db);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      std::freopen("/dev/null", "w", stdout);
      std::freopen("/dev/null", "w", stderr);
      ::execl(PARLEY_BINARY, "parley", "run", kAfghanistan.c_str(), "--all-variants", "--runs", "100", "-j", "1",
              "-q", "--out", db.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGTERM);
    int raw = 0;
    ::waitpid(pid, &raw, 0);
    if (!fs::exists(db)) {
      // Killed before the database was in place: nothing there, and a fresh run takes the path.
      EXPECT_EQ(files_named_like("k.db"), 0) << "delay " << delay_ms << " ms";
      continue;
    }
    EXPECT_GT(fs::file_size(db), 0u) << "delay " << delay_ms << " ms";
    EXPECT_EQ(sql(db, "SELECT status FROM experiment"), "incomplete") << "delay " << delay_ms << " ms";
    if (resumed++ < 2) {  // twice shows it; resuming every one would be slow
      Result r = parley("run " + q(kAfghanistan) + " --out " + q(db) + " --resume -q");
      EXPECT_EQ(r.status, 0) << "delay " << delay_ms << " ms: " << r.err;
      EXPECT_EQ(sql(db, "SELECT status, items_done, (SELECT count(*) FROM runs) FROM experiment"),
                "complete|1100|1100");
    }
  }
  EXPECT_GT(resumed, 0) << "no delay reached the database";
}

// 12: a reader holding a read transaction for over 5 s made the run fail at its next commit
// ("database is locked"). Now the commit waits for the reader.
TEST_F(Attack, AReaderHoldingTheDatabaseDelaysTheRunButDoesNotAbortIt) {
  const fs::path db = dir / "lock.db";
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::freopen("/dev/null", "w", stdout);
    std::freopen((dir / "run.err").c_str(), "w", stderr);
    ::execl(PARLEY_BINARY, "parley", "run", kTwoParty.c_str(), "--runs", "10000000", "-j", "1", "-q", "--out",
            db.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  bool committed = false;
  for (int i = 0; i < 300 && !committed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    committed = fs::exists(db) && sql(db, "SELECT items_done > 0 FROM experiment") == "1";
  }
  ASSERT_TRUE(committed);
  // Holds a read transaction for 7 s (SQLite's busy timeout in parley was 5 s).
  int status = -1;
  capture("python3 -c \"import sqlite3, time\nc = sqlite3.connect('" + db.string() +
              "', isolation_level=None)\nc.execute('begin')\ncur = c.execute('select * from runs')\ncur.fetchone()\n"
              "time.sleep(7)\nc.execute('commit')\"",
          &status);
  ASSERT_EQ(status, 0);
  const std::string before = sql(db, "SELECT items_done FROM experiment");
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  const std::string after = sql(db, "SELECT items_done FROM experiment");
  ::kill(pid, SIGINT);
  int raw = 0;
  ::waitpid(pid, &raw, 0);
  const std::string err = slurp(dir / "run.err");
  EXPECT_TRUE(WIFEXITED(raw) && WEXITSTATUS(raw) == 128 + SIGINT) << err;
  EXPECT_EQ(err.find("locked"), std::string::npos) << err;
  EXPECT_NE(err.find("waiting for another program that is reading"), std::string::npos) << err;
  EXPECT_GT(std::stoll(after), std::stoll(before)) << "the run goes on committing after the reader ends";
}

// 21: --threads 100000 ended in std::terminate, 4294967295 in bad_alloc.
TEST_F(Attack, ThreadCountsAboveTheLimitAreRefusedWithTheReason) {
  for (const char* n : {"100000", "4294967295", "1025"}) {
    Result r = parley("run " + q(kMinimal) + " --runs 5 -q --threads " + n);
    EXPECT_EQ(r.status, 2) << n;
    EXPECT_NE(r.err.find("more than parley run accepts (1024)"), std::string::npos) << r.err;
  }
  EXPECT_EQ(parley("run " + q(kMinimal) + " --runs 5 -q --threads 64").status, 0);
}

// ---- 7. Small inputs that cost minutes or gigabytes ----------------------------------------

// 02 and 04: the duplicate checks compared each key (column) with every earlier one:
// 100,000 keys took 35 s, 200,000 CSV columns 52 s.
TEST_F(Attack, ManyKeysAndManyColumnsCostLinearTime) {
  std::string keys = slurp(kMinimal) + "junk:\n";
  for (int i = 0; i < 100000; ++i) keys += "  k" + std::to_string(i) + ": 0\n";
  write("keys.yaml", keys);
  auto start = Clock::now();
  Result k = parley("validate -q " + q(dir / "keys.yaml"));
  EXPECT_LT(seconds_since(start), 20.0);  // 35 s and 52 s before, about 1 s now
  EXPECT_EQ(k.status, 2);
  EXPECT_NE(k.err.find("unknown key 'junk'"), std::string::npos) << k.err.substr(0, 400);

  std::string header = "id";
  for (int i = 0; i < 200000; ++i) header += ",forces:a" + std::to_string(i);
  write("cols.csv", header + "\n");
  write("cols.yaml", minimal_with("regions:\n  - id: north\n    population: 1000\n    control: {gov: 0.5, ins: 0.5}\n"
                                  "    forces: {g: 100, r: 100}\n",
                                  "regions:\n  file: cols.csv\n"));
  start = Clock::now();
  Result c = parley("validate -q " + q(dir / "cols.yaml"));
  EXPECT_LT(seconds_since(start), 20.0);  // 35 s and 52 s before, about 1 s now
  EXPECT_EQ(c.status, 2);
  EXPECT_NE(c.err.find("the region file has a header but no regions"), std::string::npos) << c.err.substr(0, 400);
}

// 01 and 03: every variant copies and builds the whole base document again. 1,000 variants of
// an alias-expanded 1.9M-value base took 354 s; 100,000 variants over 400 s.
TEST_F(Attack, VariantsAreBoundedInNumberAndInTheValuesTheyBuild) {
  std::string many = slurp(kMinimal) + "variants:\n";
  for (int i = 0; i < 1001; ++i) many += "  v" + std::to_string(i) + ": {}\n";
  write("many.yaml", many);
  Result m = parley("validate -q " + q(dir / "many.yaml"));
  EXPECT_EQ(m.status, 2);
  EXPECT_NE(m.err.find("variants: 1001 variants, more than the limit of 1000"), std::string::npos) << m.err;

  // An anchor of 10,000 zeros referenced 100 times: 1,000,000 values, within the alias limit;
  // with 20 variants, 21 million values to build.
  std::string bomb = slurp(kMinimal) + "junk: &a [" ;
  for (int i = 0; i < 10000; ++i) bomb += i ? ",0" : "0";
  bomb += "]\njunk2: [";
  for (int i = 0; i < 100; ++i) bomb += i ? ", *a" : "*a";
  bomb += "]\nvariants:\n";
  for (int i = 0; i < 20; ++i) bomb += "  v" + std::to_string(i) + ": {}\n";
  write("bomb.yaml", bomb);
  const auto start = Clock::now();
  Result b = parley("validate -q " + q(dir / "bomb.yaml"));
  EXPECT_LT(seconds_since(start), 10.0);
  EXPECT_EQ(b.status, 2);
  EXPECT_NE(b.err.find("each of its 20 variants builds them all again"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("more than the limit of 10000000"), std::string::npos) << b.err;
}

// 20: every count within its limit, but months x regions x camps was 96 million cells per
// variant (768 MB of counts, a 6.9 GB database from 2 runs).
TEST_F(Attack, MonthsTimesRegionsTimesCampsIsBounded) {
  auto regions = [&](int n) {
    std::string csv = "id,population,control:gov,control:ins,forces:g,forces:r\n";
    for (int i = 0; i < n; ++i) csv += "r" + std::to_string(i) + ",1000,0.5,0.5,100,100\n";
    return csv;
  };
  const std::string yaml_regions =
      "regions:\n  - id: north\n    population: 1000\n    control: {gov: 0.5, ins: 0.5}\n    forces: {g: 100, r: 100}\n";
  write("big.csv", regions(5000));
  std::string big = minimal_with(yaml_regions, "regions: {file: big.csv}\n");
  big.replace(big.find("months: 24"), 10, "months: 1200");
  write("big.yaml", big);
  Result r = parley("validate -q " + q(dir / "big.yaml"));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("big.yaml:5:11: error: months x regions x camps = 1200 x 5000 x 2 = 12000000 cells, more "
                       "than the limit of 1000000"),
            std::string::npos)
      << r.err;

  // 1,000,000 cells each is allowed; eleven such variants in one run are not.
  write("edge.csv", regions(500));
  std::string edge = minimal_with(yaml_regions, "regions: {file: edge.csv}\n");
  edge.replace(edge.find("months: 24"), 10, "months: 1000");
  edge += "variants:\n";
  for (int i = 0; i < 10; ++i) edge += "  v" + std::to_string(i) + ": {description: same}\n";
  write("edge.yaml", edge);
  EXPECT_EQ(parley("validate -q " + q(dir / "edge.yaml")).status, 0);
  Result all = parley("run " + q(dir / "edge.yaml") + " --all-variants --runs 1 -q");
  EXPECT_EQ(all.status, 2);
  EXPECT_NE(all.err.find("the 11 variants chosen have 11000000 months x regions x camps cells in all, more than the "
                         "limit of 10000000"),
            std::string::npos)
      << all.err;
}

// 13 and 22: EUM over 10,000 actors took 122 s and 4.7 GB; --rounds had no cap (10^9 rounds ran
// for hours) and -1 meant "not given".
TEST_F(Attack, EumWorkIsBoundedByActorsAndRounds) {
  std::string table = "actor,capability,position,salience\n";
  for (int i = 0; i < 1001; ++i) table += "a" + std::to_string(i) + ",1," + std::to_string(i % 100) + ",0.5\n";
  write("t.csv", table);
  Result many = parley("bargain -m eum " + q(dir / "t.csv"));
  EXPECT_EQ(many.status, 2);
  EXPECT_NE(many.err.find("1001 actors x 1 issues x 10 rounds is more than the EUM model takes (at most 1000 actors"),
            std::string::npos)
      << many.err;
  EXPECT_EQ(parley("bargain -m compromise " + q(dir / "t.csv")).status, 0) << "the linear models take them";
  for (const char* rounds : {"-1", "0", "10001", "1000000000"}) {
    Result r = parley("bargain -m eum " + q(kTwoActors) + " -r " + rounds);
    EXPECT_EQ(r.status, 2) << rounds;
    EXPECT_NE(r.err.find("--rounds must be from 1 to 10000"), std::string::npos) << r.err;
  }
  EXPECT_EQ(parley("bargain -m eum " + q(kTwoActors) + " -r 10000").status, 0);
}

// ---- 8. Low severity -----------------------------------------------------------------------

// 22: -1, 2^64 and 1e23 all became the seed 18446744073709551615.
TEST_F(Attack, SeedsOutside64BitsAreRefused) {
  for (const char* seed : {"-1", "18446744073709551616", "99999999999999999999999", "1e23", "7x"}) {
    Result r = parley("run " + q(kMinimal) + " --runs 2 -q --seed " + seed);
    EXPECT_EQ(r.status, 2) << seed;
    EXPECT_NE(r.err.find("is not a seed"), std::string::npos) << r.err;
  }
  const fs::path db = dir / "s.db";
  ASSERT_EQ(parley("run " + q(kMinimal) + " --runs 2 -q --seed 18446744073709551615 --out " + q(db)).status, 0);
  EXPECT_EQ(sql(db, "SELECT seed FROM experiment"), "-1") << "stored as the same 64 bits";
}

// 22 and 07: NaN passed the range checks; capabilities near 1e308 gave an inf forecast, exit 0.
TEST_F(Attack, NonFiniteOptionsAndHugeCapabilitiesAreRefused) {
  for (const char* option : {"-m eum --tolerance nan", "-m eum --q nan", "-m nash --span nan", "-m nash --status-quo inf"}) {
    Result r = parley("bargain " + q(kTwoActors) + " " + option);
    EXPECT_EQ(r.status, 2) << option;
    EXPECT_NE(r.err.find("is not a finite number"), std::string::npos) << option << ": " << r.err;
  }
  write("t.csv", "actor,capability,position,salience\na,1e308,10,0.5\nb,1e308,80,0.7\n");
  Result r = parley("bargain -m compromise " + q(dir / "t.csv"));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("t.csv:2:3: error: capability 1e308 is too large"), std::string::npos) << r.err;
  // Scaled down, the same table gives the weighted mean (10 x 0.5 + 80 x 0.7) / 1.2 = 50.8333.
  write("t2.csv", "actor,capability,position,salience\na,1e100,10,0.5\nb,1e100,80,0.7\n");
  Result ok = parley("bargain -m compromise " + q(dir / "t2.csv"));
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_NE(ok.out.find("50.83"), std::string::npos) << ok.out;
}

// 23: two `position` columns, or `position:X` and `position:x`, silently dropped all but one.
TEST_F(Attack, DuplicateTableColumnsAreErrors) {
  write("d.csv", "actor,capability,position,salience,position\na,1,10,0.5,20\nb,1,80,0.7,30\n");
  Result d = parley("bargain " + q(dir / "d.csv"));
  EXPECT_EQ(d.status, 2);
  EXPECT_NE(d.err.find("d.csv:1:36: error: duplicate column 'position'"), std::string::npos) << d.err;
  write("c.csv", "actor,capability,position:X,salience:X,position:x,salience:x\na,1,10,0.5,20,0.5\n");
  Result c = parley("bargain " + q(dir / "c.csv"));
  EXPECT_EQ(c.status, 2);
  EXPECT_NE(c.err.find("duplicate column 'position:x'"), std::string::npos) << c.err;
}

// 23: a second document was ignored, !!str 24 read as a number, unknown tags ignored, a CR-only
// file "empty", and 3,000 levels of block nesting "bad file".
TEST_F(Attack, YamlDocumentsTagsLineEndsAndNestingAreHandled) {
  write("two.yaml", slurp(kMinimal) + "---\n: : : [\n");
  Result two = parley("validate -q " + q(dir / "two.yaml"));
  EXPECT_EQ(two.status, 2);
  write("two_ok.yaml", slurp(kMinimal) + "---\nmeta: {name: Other}\n");
  Result second = parley("validate -q " + q(dir / "two_ok.yaml"));
  EXPECT_EQ(second.status, 2);
  EXPECT_NE(second.err.find("two_ok.yaml:32:1: error: a second YAML document (after '---'), expected one scenario per "
                            "file"),
            std::string::npos)
      << second.err;
  EXPECT_EQ(parley("validate -q " + q(write("trailing.yaml", slurp(kMinimal) + "---\n"))).status, 0)
      << "an empty second document is harmless";

  // Found by CI's fuzzing: yaml-cpp's LoadAll never returned on a ',' outside [ ] or { } at the
  // start of a document (it took 15 GB in a minute); it is now a located error.
  for (auto [name, text, where] : {std::tuple{"comma.yaml", ", 1]\nmeta: {}\n", "comma.yaml:1:1"},
                                   std::tuple{"after_list.yaml", "- 1\n,\n", "after_list.yaml:2:1"},
                                   std::tuple{"indented.yaml", "# c\n  ,", "indented.yaml:2:3"}}) {
    Result r = parley("validate -q " + q(write(name, text)));
    EXPECT_EQ(r.status, 2) << name;
    EXPECT_NE(r.err.find(std::string(where) + ": error: YAML syntax: found ',', expected a value"), std::string::npos)
        << r.err;
  }

  write("str.yaml", minimal_with("months: 24", "months: !!str 24"));
  Result str = parley("validate -q " + q(dir / "str.yaml"));
  EXPECT_EQ(str.status, 2);
  EXPECT_NE(str.err.find("str.yaml:5:11: error: meta: 'months': found the quoted string '24', expected a number"),
            std::string::npos)
      << str.err;
  EXPECT_EQ(parley("validate -q " + q(write("int.yaml", minimal_with("months: 24", "months: !!int 24")))).status, 0);
  write("weird.yaml", minimal_with("months: 24", "months: !weird 24"));
  Result weird = parley("validate -q " + q(dir / "weird.yaml"));
  EXPECT_EQ(weird.status, 2);
  EXPECT_NE(weird.err.find("weird.yaml:5:11: error: unknown tag '!weird'"), std::string::npos) << weird.err;

  std::string cr = slurp(kMinimal);
  for (auto& ch : cr)
    if (ch == '\n') ch = '\r';
  write("cr.yaml", cr);
  Result crv = parley("validate " + q(dir / "cr.yaml"));
  Result lf = parley("validate " + q(kMinimal));
  EXPECT_EQ(crv.status, 0) << crv.err;
  EXPECT_EQ(crv.out.substr(crv.out.find('\n')), lf.out.substr(lf.out.find('\n'))) << "the same summary";

  std::string deep = slurp(kMinimal) + "junk:\n";
  for (int i = 1; i < 3000; ++i) deep += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  write("deep.yaml", deep);
  Result nest = parley("validate -q " + q(dir / "deep.yaml"));
  EXPECT_EQ(nest.status, 2);
  EXPECT_NE(nest.err.find("nesting deeper than 64 levels"), std::string::npos) << nest.err.substr(0, 300);
}

// ---- 9-13. A new user's friction ----------------------------------------------------------

// 9: the new user's government held 95.5% and won in month 1 of every run, without a word.
TEST_F(Attack, ValidateWarnsWhenACampAlreadyMeetsVictoryControl) {
  write("won.yaml", minimal_with("control: {gov: 0.5, ins: 0.5}", "control: {gov: 0.955, ins: 0.045}"));
  Result r = parley("validate " + q(dir / "won.yaml"));
  EXPECT_EQ(r.status, 0) << r.err;
  // victory_control defaults to 0.9 (MODEL.md); the regions list starts on line 25.
  EXPECT_NE(r.err.find("won.yaml:25:3: warning: camp 'gov' holds 95.5% of the population at the start, at or above "
                       "victory_control (90.0%)"),
            std::string::npos)
      << r.err;
  Result fine = parley("validate " + q(kMinimal));
  EXPECT_EQ(fine.err.find("victory_control"), std::string::npos) << fine.err;
}

// 12: switching the bargaining model in a variant failed with "expected one of " (an empty list)
// at the base file's options.
TEST_F(Attack, AVariantSwitchesTheBargainingModelWithItsOptions) {
  write("m.yaml", minimal_with("talks:\n  participants: [g, r]\n",
                               "talks:\n  participants: [g, r]\n  model: nash\n  options: {outside_option: zero}\n") +
                      "variants:\n  eum: {talks: {model: eum}}\n  eum5: {talks: {model: eum, options: {rounds: 5}}}\n"
                      "  same: {talks: {options: {joint: true}}}\n");
  Result r = parley("validate " + q(dir / "m.yaml"));
  EXPECT_EQ(r.status, 0) << r.err;
  write("c.yaml", minimal_with("talks:\n  participants: [g, r]\n",
                               "talks:\n  participants: [g, r]\n  options: {rounds: 5}\n"));
  Result c = parley("validate " + q(dir / "c.yaml"));
  EXPECT_EQ(c.status, 2);
  EXPECT_NE(c.err.find("talks: options for model 'compromise': unknown key 'rounds', expected no keys here"),
            std::string::npos)
      << c.err;
}

// 13: a variant could not remove an actor or an event.
TEST_F(Attack, AVariantRemovesListItemsById) {
  std::string text = minimal_with("regions:\n", "  - id: m\n    role: mediator\n    positions: {power: 50}\n"
                                                "    salience: {power: 0.5}\nregions:\n");
  text = text.replace(text.find("talks:\n  participants: [g, r]\n"), 30, "talks:\n  participants: [g, r]\n  mediator: m\n");
  text += "events:\n  - {id: push, date: 2020-06, set: {parameter: open_rate, value: 0.2}}\n"
          "  - {date: 2020-09, set: {parameter: open_rate, value: 0.1}}\n"
          "variants:\n  alone: {actors-: [m], talks: !replace {participants: [g, r]}, events-: [push]}\n"
          "  typo: {actors-: [mm]}\n";
  write("r.yaml", text);
  Result r = parley("validate " + q(dir / "r.yaml"));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("variant 'typo': actors: no item with id 'mm' in the base scenario to remove (did you mean 'm'?)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("'alone'"), std::string::npos) << r.err;
  auto loaded = parley::load_scenario_text(text.substr(0, text.find("  typo:")), (dir / "r.yaml").string());
  ASSERT_TRUE(loaded.scenarios) << loaded.diagnostics.str();
  const parley::Scenario* alone = loaded.scenarios->find("alone");
  ASSERT_NE(alone, nullptr);
  EXPECT_EQ(loaded.scenarios->base.actors.size(), 3u);
  EXPECT_EQ(alone->actors.size(), 2u);
  EXPECT_EQ(loaded.scenarios->base.events.size(), 2u);
  ASSERT_EQ(alone->events.size(), 1u);
}

// 13: a map key no feature has gave the same error once per region.
TEST_F(Attack, AMapPropertyAbsentFromEveryFeatureIsSaidOnce) {
  write("map.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"North"},)"
                       R"("geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]})");
  std::string text = minimal_with("regions:\n", "regions:\n  - {id: south, population: 10, control: {gov: 0.5, ins: 0.5}, "
                                                "forces: {g: 1, r: 1}}\n");
  write("s.yaml", text + "map: {file: map.geojson, key: shapeName}\n");
  Result r = parley("validate -q " + q(dir / "s.yaml"));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("no feature in '" + (dir / "map.geojson").string() + "' has the property 'shapeName'"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("invalid: 1 error"), std::string::npos) << r.err;
}

// 13: `parley nosuch-command --help` printed the top-level help and exited 0.
TEST_F(Attack, UnknownCommandsAreErrors) {
  for (const char* args : {"nosuch-command --help", "nosuch-command", "sumary r.db"}) {
    Result r = parley(args);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_NE(r.err.find("unknown command"), std::string::npos) << args << ": " << r.err;
  }
  EXPECT_EQ(parley("--help").status, 0);
  EXPECT_EQ(parley("validate --help").status, 0);
}

// ---- 1, 2, 4, 5, 18 and 14: data loss and silent wrong results -----------------------------

// 11: the loser of two runs on one --out removed the winner's database, which then said
// "results written" and exited 0 with no file left.
TEST_F(Attack, TwoRunsOnOneOutLeaveTheWinnersDatabase) {
  const fs::path db = dir / "same.db";
  for (int attempt = 0; attempt < 8; ++attempt) {
    fs::remove(db);
    std::string cmd = "'" + std::string(PARLEY_BINARY) + "' run " + q(kTwoParty) + " --runs 300 -j 1 -q --out " + q(db);
    int status = -1;
    const std::string out = capture("(" + cmd + " --seed 1 >/dev/null 2>" + q(dir / "a.err") + "; echo a=$?) & (" + cmd +
                                        " --seed 2 >/dev/null 2>" + q(dir / "b.err") + "; echo b=$?) & wait",
                                    &status);
    const bool a_ok = out.find("a=0") != std::string::npos, b_ok = out.find("b=0") != std::string::npos;
    EXPECT_NE(a_ok, b_ok) << "exactly one wins: " << out;
    EXPECT_NE(out.find(a_ok ? "b=1" : "a=1"), std::string::npos) << out;
    EXPECT_NE(slurp(dir / (a_ok ? "b.err" : "a.err")).find("already exists"), std::string::npos);
    ASSERT_TRUE(fs::exists(db)) << "attempt " << attempt << ": " << out;
    EXPECT_EQ(sql(db, "SELECT seed, status, items_done, (SELECT count(*) FROM runs) FROM experiment"),
              std::string(a_ok ? "1" : "2") + "|complete|300|300");
  }
  EXPECT_EQ(files_named_like("creating"), 0);
}

// The write lock: a --resume while another run writes the database is refused, not interleaved.
TEST_F(Attack, AResumeWhileAnotherRunWritesIsRefused) {
  const fs::path db = dir / "busy.db";
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    ::execl(PARLEY_BINARY, "parley", "run", kTwoParty.c_str(), "--runs", "10000000", "-j", "1", "-q", "--out",
            db.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  bool committed = false;
  for (int i = 0; i < 300 && !committed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    committed = fs::exists(db) && sql(db, "SELECT items_done > 0 FROM experiment") == "1";
  }
  Result r = parley("run " + q(kTwoParty) + " --out " + q(db) + " --resume -q");
  ::kill(pid, SIGINT);
  int raw = 0;
  ::waitpid(pid, &raw, 0);
  ASSERT_TRUE(committed);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("is being written by another parley run"), std::string::npos) << r.err;
  EXPECT_TRUE(WIFEXITED(raw) && WEXITSTATUS(raw) == 128 + SIGINT);
  EXPECT_EQ(sql(db, "SELECT items_done = (SELECT count(*) FROM runs) FROM experiment"), "1");
}

// 08: outputs replaced whatever was at their path (a device node as root), and
// `report r.db -o r.db` overwrote the database.
TEST_F(Attack, OutputsReplaceOnlyRegularFilesAndNeverTheirInputs) {
  const fs::path db = dir / "r.db", fifo = dir / "fifo";
  ASSERT_EQ(parley("run " + q(kMinimal) + " --runs 5 -q --out " + q(db)).status, 0);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  Result report = parley("report " + q(db) + " -o " + q(fifo));
  EXPECT_EQ(report.status, 1);
  EXPECT_NE(report.err.find("it exists and is a FIFO; parley replaces only regular files"), std::string::npos)
      << report.err;
  Result trace = parley("run " + q(kMinimal) + " --runs 1 --trace 1 -q --trace-csv " + q(fifo));
  EXPECT_EQ(trace.status, 1);
  Result out = parley("run " + q(kMinimal) + " --runs 1 -q --out " + q(fifo));
  EXPECT_EQ(out.status, 1);
  EXPECT_NE(out.err.find("exists and is a FIFO, expected the name of a new file"), std::string::npos) << out.err;
  struct stat st{};
  ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "still a FIFO";

  Result self = parley("report " + q(db) + " -o " + q(db));
  EXPECT_EQ(self.status, 2);
  EXPECT_NE(self.err.find("is the results database itself"), std::string::npos) << self.err;
  Result selftrace = parley("run " + q(kMinimal) + " --runs 1 --trace 1 -q --out " + q(dir / "t.db") +
                            " --trace-csv " + q(dir / "t.db"));
  EXPECT_EQ(selftrace.status, 1);
  EXPECT_EQ(parley("summary " + q(db)).status, 0) << "the database is intact";
  EXPECT_EQ(parley("summary " + q(dir / "t.db")).status, 0);
}

// 18: --resume took items_done and runs from the experiment row unchecked: a damaged row was
// "finished" into a database marked complete that lacked most runs, or set off on 2^64 runs.
TEST_F(Attack, ResumeChecksTheExperimentRowAgainstTheRunsTable) {
  const fs::path db = dir / "inc.db";
  ASSERT_EQ(parley("run " + q(kMinimal) + " --runs 50 -q --out " + q(db)).status, 0);
  for (const char* damage : {"items_done = -5", "items_done = 10", "items_done = 1000000000", "runs = 0",
                             "runs = -3", "runs = 4611686018427387904"}) {
    sql(db, std::string("UPDATE experiment SET status = 'incomplete', items_done = 50, runs = 50; UPDATE experiment SET ") +
                damage);
    const auto start = Clock::now();
    Result r = parley("run " + q(kMinimal) + " --out " + q(db) + " --resume -q");
    EXPECT_LT(seconds_since(start), 20.0) << damage;
    EXPECT_EQ(r.status, 2) << damage << ": " << r.err;
    EXPECT_NE(r.err.find("inc.db is damaged: its experiment row"), std::string::npos) << damage << ": " << r.err;
    EXPECT_EQ(sql(db, "SELECT status FROM experiment"), "incomplete") << damage;
  }
}

// 14: valid variants that add a camp or an issue, are named 'base', or have issue ids differing
// only by case passed validate and then failed with raw SQLite errors at --out.
TEST_F(Attack, VariantsThatCannotBeStoredAreRefusedByValidate) {
  write("camps.yaml", slurp(kMinimal) + "variants:\n  third:\n    camps+: [{id: war, victory_terms: {power: 50}}]\n");
  Result camps = parley("validate -q " + q(dir / "camps.yaml"));
  EXPECT_EQ(camps.status, 2);
  EXPECT_NE(camps.err.find("camps.yaml:32:3: error: variant 'third': its camps (gov, ins, war) are not the base "
                           "scenario's (gov, ins)"),
            std::string::npos)
      << camps.err;
  write("issues.yaml", slurp(kMinimal) + "variants:\n  more:\n    issues+: [{id: land, label: Land}]\n"
                                         "    camps: {gov: {victory_terms: {land: 0}}, ins: {victory_terms: {land: 100}}}\n"
                                         "    actors:\n      g: {positions: {land: 10}, salience: {land: 0.5}}\n"
                                         "      r: {positions: {land: 90}, salience: {land: 0.5}}\n");
  Result issues = parley("validate -q " + q(dir / "issues.yaml"));
  EXPECT_EQ(issues.status, 2);
  EXPECT_NE(issues.err.find("variant 'more': its issues (power, land) are not the base scenario's (power)"),
            std::string::npos)
      << issues.err;
  write("base.yaml", slurp(kMinimal) + "variants:\n  base: {description: again}\n");
  Result base = parley("validate -q " + q(dir / "base.yaml"));
  EXPECT_EQ(base.status, 2);
  EXPECT_NE(base.err.find("base.yaml:32:3: error: variants: 'base' is the name of the base scenario"), std::string::npos)
      << base.err;
  write("case.yaml", minimal_with("  - {id: power, label: Power}\n", "  - {id: power, label: Power}\n  - {id: Power, label: P}\n"));
  Result cased = parley("validate -q " + q(dir / "case.yaml"));
  EXPECT_EQ(cased.status, 2);
  EXPECT_NE(cased.err.find("case.yaml:8:10: error: issues: id 'Power' differs from 'power' (line 7) only in case"),
            std::string::npos)
      << cased.err;
  Result twice = parley("run " + q(kMinimal) + " --variant base --variant base --runs 3 -q --out " + q(dir / "d.db"));
  EXPECT_EQ(twice.status, 2);
  EXPECT_NE(twice.err.find("--variant base is given twice"), std::string::npos) << twice.err;
}

// 15: summary and compare used the first variant's horizon for every variant, so the same runs
// summarised live and from the database disagreed.
TEST_F(Attack, EachVariantIsSummarisedAndComparedOverItsOwnHorizon) {
  write("h.yaml", slurp(kTwoParty).substr(0, slurp(kTwoParty).find("variants:")) +
                      "variants:\n  long-horizon-variant:\n    meta: {months: 120}\n");
  Result live = parley("run " + q(dir / "h.yaml") + " --all-variants --runs 200 -q");
  Result stored = parley("run " + q(dir / "h.yaml") + " --all-variants --runs 200 -q --out " + q(dir / "h.db"));
  ASSERT_EQ(live.status, 0) << live.err;
  ASSERT_EQ(stored.status, 0) << stored.err;
  const std::string months = sql(dir / "h.db", "SELECT group_concat(months) FROM variants");
  EXPECT_NE(live.out.find("variant long-horizon-variant: 200 runs over 120 months"), std::string::npos) << live.out;
  Result summary = parley("summary " + q(dir / "h.db"));
  EXPECT_NE(summary.out.find("variant long-horizon-variant: 200 runs over 120 months"), std::string::npos)
      << months << "\n" << summary.out;
  // The live summary and the stored one are the same text, variant by variant.
  EXPECT_EQ(live.out.substr(live.out.find("variant long")), summary.out.substr(summary.out.find("variant long")));
  Result compare = parley("compare " + q(dir / "h.db"));
  EXPECT_NE(compare.out.find("durable peace at the horizon (month "), std::string::npos) << compare.out;
  EXPECT_NE(compare.out.find("long-horizon-variant"), std::string::npos) << "the header keeps the whole name";
  EXPECT_EQ(compare.out.find("long-hor "), std::string::npos) << compare.out;
}

// 14 (the results database): WITHOUT ROWID tables and no free pages at completion.
TEST_F(Attack, ACompleteDatabaseHasNoFreePagesAndNoHiddenRowIds) {
  const fs::path db = dir / "r.db";
  ASSERT_EQ(parley("run " + q(kTwoParty) + " --all-variants --runs 3000 -j 1 -q --out " + q(db)).status, 0);
  EXPECT_EQ(sql(db, "PRAGMA freelist_count"), "0");
  EXPECT_EQ(sql(db, "SELECT group_concat(name) FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID%' "
                    "ORDER BY name"),
            "runs,run_tracks,run_inputs_compact,run_yearly_deaths_compact,run_observations_compact,region_control,"
            "monthly_agenda,monthly_victory");
  // Schema 6: the per-run tables by position, and views of the old names that give the ids.
  EXPECT_EQ(sql(db, "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema WHERE type = 'view' ORDER BY name)"),
            "run_inputs,run_observations,run_yearly_deaths");
  EXPECT_NE(sql(db, "SELECT rowid FROM runs LIMIT 1").find("no such column"), std::string::npos);
}

// 10: the fan chart said "forecast year (May to April)" (the flagship's calendar) for every
// scenario; the new user's started in September.
TEST_F(Attack, TheFanChartsYearsFollowTheScenariosCalendar) {
  write("sep.yaml", minimal_with("start: 2020-01", "start: 2020-09"));
  ASSERT_EQ(parley("run " + q(dir / "sep.yaml") + " --runs 20 -q --out " + q(dir / "sep.db")).status, 0);
  ASSERT_EQ(parley("report " + q(dir / "sep.db") + " -o " + q(dir / "sep.html")).status, 0);
  const std::string html = slurp(dir / "sep.html");
  EXPECT_NE(html.find("forecast year (September to August)"), std::string::npos);
  EXPECT_EQ(html.find("May to April"), std::string::npos);
}

// An empty file at --out (the sqlite3 tool leaves one when a script polls a database parley has
// not created yet; `touch`) holds nothing: it is taken over, and anything else is refused.
TEST_F(Attack, AnEmptyFileAtOutIsTakenOverAndAnythingElseRefused) {
  const fs::path db = dir / "e.db";
  write("e.db", "");
  Result r = parley("run " + q(kMinimal) + " --runs 5 -q --out " + q(db));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(sql(db, "SELECT status FROM experiment"), "complete");
  EXPECT_EQ(files_named_like("e.db"), 1) << "nothing left aside";
  write("x.db", "x");
  Result x = parley("run " + q(kMinimal) + " --runs 5 -q --out " + q(dir / "x.db"));
  EXPECT_EQ(x.status, 1);
  EXPECT_NE(x.err.find("already exists"), std::string::npos) << x.err;
  EXPECT_EQ(slurp(dir / "x.db"), "x");
}

}  // namespace
