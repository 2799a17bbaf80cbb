// parley run --out, summary, compare, export: the results database checked with the sqlite3
// command-line tool (an independent reader) against direct simulate_run calls and hand rules.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "test_support.hpp"
#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"

namespace {

namespace fs = std::filesystem;
using parley::test::capture;
using parley::test::slurp;

using Result = parley::test::CommandResult;

class CliRun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("parley_run_test_" + std::to_string(::getpid()) + "_" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  static Result parley(const std::string& args) { return parley::test::run_parley(args); }
  // parley with every file it writes limited to `kib` KiB: a full disk (test_support.hpp).
  static Result parley_limited(int kib, const std::string& args) { return parley::test::run_parley(args, kib); }

  // Files in the test directory whose names end with `suffix`.
  int files_ending(const std::string& suffix) {
    int n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      n += name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    }
    return n;
  }

  // Polls the database a running experiment writes until its first commit (items_done > 0),
  // for up to a minute; false if it never came.
  static bool wait_for_first_commit(const fs::path& db) {
    for (int i = 0; i < 600; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      const std::string done = capture("sqlite3 -batch -cmd '.timeout 2000' '" + db.string() +
                                       "' 'SELECT items_done FROM experiment' 2>/dev/null");
      if (!done.empty() && std::stoll(done) > 0) return true;
    }
    return false;
  }

  // Rows of a query, '|' between columns, via the sqlite3 tool.
  std::string sql(const fs::path& db, const std::string& query) {
    return capture("sqlite3 -batch -noheader '" + db.string() + "' \"" + query + "\"");
  }

  std::string dump(const fs::path& db) {
    std::string all;
    for (const char* t : {"runs", "monthly", "monthly_control", "region_control", "survival"})
      all += sql(db, std::string("SELECT * FROM ") + t + " ORDER BY 1, 2, 3");
    // Schema version 4: the per-run records and the aggregates whose state is checkpointed.
    for (const char* t : {"run_tracks", "run_inputs", "tracks", "agenda_items"})
      all += sql(db, std::string("SELECT * FROM ") + t + " ORDER BY 1, 2, 3, 4");
    for (const char* t : {"monthly_agenda", "monthly_victory"})
      all += sql(db, std::string("SELECT * FROM ") + t + " ORDER BY 1, 2, 3, 4, 5");
    return all;
  }

  fs::path dir;
  const std::string two_party = std::string(PARLEY_SOURCE_DIR) + "/scenarios/two-party/scenario.yaml";
};

double num(const std::string& s) { return std::stod(s); }

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TEST_F(CliRun, DatabaseHoldsTheExperimentAndEveryRun) {
  const fs::path db = dir / "r.db";
  Result r = parley("run '" + two_party + "' --runs 20 --seed 3 --all-variants -j 2 -q --out '" + db.string() + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");  // no progress line when stderr is not a terminal
  EXPECT_NE(r.out.find("base scenario: 20 runs over 60 months"), std::string::npos) << r.out;
  EXPECT_EQ(sql(db, "PRAGMA integrity_check"), "ok\n");
  EXPECT_EQ(sql(db, "SELECT status, seed, runs, items_done FROM experiment"), "complete|3|20|60\n");
  EXPECT_NE(sql(db, "SELECT command_line FROM experiment").find("--runs 20 --seed 3"), std::string::npos);
  EXPECT_EQ(sql(db, "SELECT length(hash) FROM files WHERE position = 0"), "16\n");
  EXPECT_EQ(sql(db, "SELECT variant FROM variants ORDER BY position"), "base\nceasefire\ncostly_war\n");
  EXPECT_EQ(sql(db, "SELECT count(*) FROM runs"), "60\n");
  EXPECT_EQ(sql(db, "SELECT count(*) FROM checkpoint"), "0\n");
  // One term column per issue, one share column per camp.
  EXPECT_EQ(sql(db, "SELECT count(*) FROM pragma_table_info('runs') WHERE name IN "
                    "('term_power', 'share_government', 'share_insurgency')"), "3\n");

  // Every base row equals what simulate_run returns for that seed and run number.
  auto set = parley::load_scenario_or_throw(two_party);
  auto rows = lines(sql(db, "SELECT run, outcome, ifnull(first_agreement, -1), ifnull(peace_month, -1), "
                            "printf('%.17g', battle_deaths), printf('%.17g', share_government) "
                            "FROM runs WHERE variant = 'base' ORDER BY run"));
  ASSERT_EQ(rows.size(), 20u);
  for (std::size_t n = 0; n < rows.size(); ++n) {
    parley::RunOptions o;
    o.seed = 3;
    o.run = n;
    parley::RunResult ref = parley::simulate_run(set.base, o);
    std::ostringstream expect;
    expect.precision(17);
    expect << n << '|' << parley::to_string(ref.outcome) << '|' << ref.first_agreement << '|' << ref.peace_month << '|';
    EXPECT_EQ(rows[n].substr(0, expect.str().size()), expect.str());
    auto cells = rows[n].substr(expect.str().size());
    EXPECT_DOUBLE_EQ(num(cells.substr(0, cells.find('|'))), ref.battle_deaths);
    EXPECT_DOUBLE_EQ(num(cells.substr(cells.find('|') + 1)), ref.final_share[0]);
  }
}

TEST_F(CliRun, AggregatesFollowFromTheRunRows) {
  const fs::path db = dir / "a.db";
  ASSERT_EQ(parley("run '" + two_party + "' --runs 40 --seed 9 -q --out '" + db.string() + "'").status, 0);
  // Survival of time to agreement, every run censored at the horizon: S(t) is the share of
  // runs whose first agreement came after month t (or never).
  for (const auto& row : lines(sql(db, "SELECT month, survival FROM survival WHERE event = 'agreement'"))) {
    const std::string month = row.substr(0, row.find('|'));
    const double expect = num(sql(db, "SELECT avg(first_agreement IS NULL OR first_agreement > " + month + ") FROM runs"));
    EXPECT_NEAR(num(row.substr(row.find('|') + 1)), expect, 1e-12) << row;
  }
  // Runs that ended carry their final state forward, so at the last month the share in
  // peace is the share of runs whose outcome is peace, and the mean deaths are the runs' mean.
  EXPECT_NEAR(num(sql(db, "SELECT p_peace FROM monthly WHERE month = 59")),
              num(sql(db, "SELECT avg(outcome = 'peace') FROM runs")), 1e-12);
  EXPECT_NEAR(num(sql(db, "SELECT deaths_mean FROM monthly WHERE month = 59")),
              num(sql(db, "SELECT avg(battle_deaths) FROM runs")), 1e-6);
  EXPECT_NEAR(num(sql(db, "SELECT share_mean FROM monthly_control WHERE month = 59 AND camp = 'government'")),
              num(sql(db, "SELECT avg(share_government) FROM runs")), 1e-9);
  // Talks-state shares and holding probabilities are distributions.
  EXPECT_EQ(sql(db, "SELECT count(*) FROM monthly WHERE abs(p_closed + p_exploratory + p_formal + p_agreement + "
                    "p_peace + p_collapsed - 1) > 1e-9"), "0\n");
  EXPECT_EQ(sql(db, "SELECT count(*) FROM (SELECT sum(probability) s FROM region_control GROUP BY month, region) "
                    "WHERE abs(s - 1) > 1e-9"), "0\n");
  EXPECT_EQ(sql(db, "SELECT count(*) FROM region_control"), std::to_string(60 * 3 * 2) + "\n");
  // Quantiles are ordered.
  EXPECT_EQ(sql(db, "SELECT count(*) FROM monthly WHERE NOT (deaths_p05 <= deaths_median AND "
                    "deaths_median <= deaths_p95)"), "0\n");
}

TEST_F(CliRun, ThreadCountDoesNotChangeTheDatabase) {
  const fs::path one = dir / "one.db", two = dir / "two.db";
  ASSERT_EQ(parley("run '" + two_party + "' --runs 30 --all-variants -j 1 -q --out '" + one.string() + "'").status, 0);
  ASSERT_EQ(parley("run '" + two_party + "' --runs 30 --all-variants -j 2 -q --out '" + two.string() + "'").status, 0);
  EXPECT_EQ(dump(one), dump(two));
}

TEST_F(CliRun, AKilledRunLeavesAValidIncompleteDatabaseThatResumeCompletes) {
  const fs::path db = dir / "k.db", full = dir / "full.db";
  const std::string args = "--runs 20000 --all-variants --seed 4 -q";
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::freopen("/dev/null", "w", stdout);
    ::execl(PARLEY_BINARY, PARLEY_BINARY, "run", two_party.c_str(), "--runs", "20000", "--all-variants", "--seed",
            "4", "-q", "-j", "1", "--out", db.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Wait for the first commit (about a second in), then kill without warning.
  const bool committed = wait_for_first_commit(db);
  ::kill(child, SIGKILL);
  int raw = 0;
  ::waitpid(child, &raw, 0);
  ASSERT_TRUE(committed);
  ASSERT_TRUE(WIFSIGNALED(raw)) << "the run finished before it could be killed";

  EXPECT_EQ(sql(db, "PRAGMA integrity_check"), "ok\n");
  EXPECT_EQ(sql(db, "SELECT status FROM experiment"), "incomplete\n");
  const long long stored = std::stoll(sql(db, "SELECT count(*) FROM runs"));
  EXPECT_EQ(std::to_string(stored) + "\n", sql(db, "SELECT items_done FROM experiment"));
  EXPECT_GT(stored, 0);
  EXPECT_LT(stored, 60000);
  Result s = parley("summary '" + db.string() + "'");
  EXPECT_EQ(s.status, 0);
  EXPECT_NE(s.out.find("INCOMPLETE"), std::string::npos) << s.out;

  Result resumed = parley("run '" + two_party + "' -q -j 2 --resume --out '" + db.string() + "'");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_EQ(sql(db, "SELECT status, items_done FROM experiment"), "complete|60000\n");
  ASSERT_EQ(parley("run '" + two_party + "' " + args + " --out '" + full.string() + "'").status, 0);
  EXPECT_EQ(dump(db), dump(full));
}

TEST_F(CliRun, CtrlCCommitsWhatIsDoneAndSaysHowToResume) {
  const fs::path db = dir / "c.db";
  const std::string err = (dir / "err.txt").string();
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::freopen("/dev/null", "w", stdout);
    std::freopen(err.c_str(), "w", stderr);
    ::execl(PARLEY_BINARY, PARLEY_BINARY, "run", two_party.c_str(), "--runs", "50000", "-q", "-j", "1", "--out",
            db.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const bool committed = wait_for_first_commit(db);
  ::kill(child, SIGINT);
  int raw = 0;
  ::waitpid(child, &raw, 0);
  ASSERT_TRUE(committed);
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 128 + SIGINT);
  EXPECT_NE(slurp(err).find("marked incomplete"), std::string::npos) << slurp(err);
  EXPECT_NE(slurp(err).find("--resume"), std::string::npos);
  // Everything simulated before the signal is kept: the last commit happened at the signal.
  EXPECT_EQ(sql(db, "SELECT status, finished_at IS NOT NULL, items_done = (SELECT count(*) FROM runs) FROM experiment"),
            "incomplete|1|1\n");
}

TEST_F(CliRun, ProgressIsDrawnOnATerminalOnly) {
  // script(1) gives the command a terminal; the line shows runs done and runs per second.
  const std::string cmd = "'" + std::string(PARLEY_BINARY) + "' run '" + two_party + "' --runs 6000 -j 1";
  const std::string tty = capture("script -qec \"" + cmd + " >/dev/null\" /dev/null");
  EXPECT_NE(tty.find("runs/s"), std::string::npos) << tty;
  const std::string quiet = capture("script -qec \"" + cmd + " -q >/dev/null\" /dev/null");
  EXPECT_EQ(quiet.find("runs/s"), std::string::npos) << quiet;
}

TEST_F(CliRun, CompareOfAnIdenticalVariantIsExactlyZero) {
  // A variant that overrides nothing: common random numbers make every paired difference 0.
  const fs::path scenario = dir / "same.yaml", db = dir / "same.db";
  std::string text = slurp(two_party);
  text += "  same:\n    description: Identical to the base\n";
  std::ofstream(scenario) << text;
  Result r = parley("run '" + scenario.string() + "' --runs 50 --variant base --variant same --variant costly_war "
                    "-q --out '" + db.string() + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(sql(db, "SELECT count(*) FROM runs b JOIN runs s ON s.run = b.run AND s.variant = 'same' "
                    "WHERE b.variant = 'base' AND (b.battle_deaths != s.battle_deaths OR b.outcome != s.outcome)"),
            "0\n");
  Result c = parley("compare '" + db.string() + "' --baseline base");
  ASSERT_EQ(c.status, 0) << c.err;
  const auto same = c.out.find("variant same against base (50 paired runs");
  const auto costly = c.out.find("variant costly_war against base");
  ASSERT_NE(same, std::string::npos) << c.out;
  ASSERT_NE(costly, std::string::npos) << c.out;
  const std::string same_part = c.out.substr(same, costly - same);
  EXPECT_NE(same_part.find("battle deaths"), std::string::npos);
  EXPECT_EQ(same_part.find("more likely"), std::string::npos) << same_part;
  EXPECT_EQ(same_part.find("fewer"), std::string::npos) << same_part;
  EXPECT_NE(same_part.find("+0.0 (+0.0 to +0.0): identical in every run"), std::string::npos) << same_part;
}

TEST_F(CliRun, ResumeRefusesAChangedScenarioOrRegionFile) {
  // The stored hash covers the region table the scenario names, not only the YAML file.
  const fs::path copy = dir / "patron", db = dir / "p.db";
  fs::copy(fs::path(PARLEY_SOURCE_DIR) / "scenarios" / "patron", copy);
  const std::string scenario = (copy / "scenario.yaml").string();
  ASSERT_EQ(parley("run '" + scenario + "' --runs 3 -q --out '" + db.string() + "'").status, 0);
  Result again = parley("run '" + scenario + "' --resume --out '" + db.string() + "'");
  EXPECT_EQ(again.status, 0);
  EXPECT_NE(again.out.find("already complete"), std::string::npos) << again.out;
  std::ofstream(copy / "regions.csv", std::ios::app) << "# an edit\n";
  Result changed = parley("run '" + scenario + "' --resume --out '" + db.string() + "'");
  EXPECT_EQ(changed.status, 2);
  EXPECT_NE(changed.err.find("different scenario"), std::string::npos) << changed.err;
}

TEST_F(CliRun, ExportWritesCsvAndJsonThatReadBack) {
  const fs::path db = dir / "e.db";
  ASSERT_EQ(parley("run '" + two_party + "' --runs 12 -q --out '" + db.string() + "'").status, 0);
  Result r = parley("export '" + db.string() + "' --csv '" + (dir / "csv").string() + "' --json '" +
                    (dir / "json").string() + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  auto runs_csv = lines(slurp(dir / "csv" / "runs.csv"));
  ASSERT_EQ(runs_csv.size(), 13u);
  EXPECT_EQ(runs_csv[0].substr(0, 24), "variant,run,outcome,vict");
  auto runs_json = nlohmann::json::parse(slurp(dir / "json" / "runs.json"));
  ASSERT_EQ(runs_json.size(), 12u);
  EXPECT_EQ(runs_json[0]["variant"], "base");
  EXPECT_DOUBLE_EQ(runs_json[3]["battle_deaths"].get<double>(),
                   num(sql(db, "SELECT printf('%.17g', battle_deaths) FROM runs WHERE run = 3")));
  auto experiment = nlohmann::json::parse(slurp(dir / "json" / "experiment.json"));
  EXPECT_EQ(experiment[0]["status"], "complete");
  EXPECT_TRUE(fs::exists(dir / "csv" / "survival.csv"));
  // Five years of deaths for the base scenario (two-party runs 60 months), and a header.
  EXPECT_EQ(lines(slurp(dir / "csv" / "yearly_deaths.csv")).size(), 6u);
  EXPECT_TRUE(fs::exists(dir / "json" / "question_variants.json"));
  EXPECT_FALSE(fs::exists(dir / "csv" / "checkpoint.csv"));
}

TEST_F(CliRun, ErrorsAreClearAndNonzero) {
  Result missing = parley("run '" + (dir / "nope.yaml").string() + "' --out '" + (dir / "x.db").string() + "'");
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.err.find("nope.yaml"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(dir / "x.db"));

  Result variant = parley("run '" + two_party + "' --variant nonesuch --out '" + (dir / "x.db").string() + "'");
  EXPECT_EQ(variant.status, 2);
  EXPECT_NE(variant.err.find("has no variant 'nonesuch' (known: base, ceasefire, costly_war)"), std::string::npos)
      << variant.err;
  EXPECT_FALSE(fs::exists(dir / "x.db"));

  // The --out path is checked before any run: nothing is simulated or printed.
  Result unwritable = parley("run '" + two_party + "' --runs 100000 --out '" + (dir / "no/such/dir/x.db").string() + "'");
  EXPECT_EQ(unwritable.status, 1);
  EXPECT_NE(unwritable.err.find("cannot create the results database"), std::string::npos) << unwritable.err;
  EXPECT_EQ(unwritable.out, "");

  const fs::path db = dir / "r.db";
  ASSERT_EQ(parley("run '" + two_party + "' --runs 3 -q --out '" + db.string() + "'").status, 0);
  Result exists = parley("run '" + two_party + "' --runs 3 -q --out '" + db.string() + "'");
  EXPECT_EQ(exists.status, 1);
  EXPECT_NE(exists.err.find("already exists"), std::string::npos) << exists.err;

  std::ofstream(dir / "text.db") << "not a database at all\n";
  Result notdb = parley("summary '" + (dir / "text.db").string() + "'");
  EXPECT_EQ(notdb.status, 2);
  EXPECT_NE(notdb.err.find("is not a parley results database"), std::string::npos) << notdb.err;
  capture("sqlite3 '" + (dir / "other.db").string() + "' 'CREATE TABLE t (x)'");
  Result other = parley("compare '" + (dir / "other.db").string() + "'");
  EXPECT_EQ(other.status, 2);
  EXPECT_NE(other.err.find("is not a parley results database"), std::string::npos) << other.err;
  Result nofile = parley("export '" + (dir / "none.db").string() + "' --csv '" + (dir / "out").string() + "'");
  EXPECT_EQ(nofile.status, 2);
  EXPECT_NE(nofile.err.find("no such file"), std::string::npos) << nofile.err;

  Result baseline = parley("compare '" + db.string() + "' --baseline nonesuch");
  EXPECT_EQ(baseline.status, 2);
  EXPECT_NE(baseline.err.find("has no variant 'nonesuch' (it holds: base)"), std::string::npos) << baseline.err;
  Result where = parley("export '" + db.string() + "'");
  EXPECT_EQ(where.status, 2);
  EXPECT_NE(where.err.find("--csv DIR"), std::string::npos);
  Result resume = parley("run '" + two_party + "' --resume");
  EXPECT_EQ(resume.status, 2);
  EXPECT_NE(resume.err.find("--resume needs --out"), std::string::npos);
}

}  // namespace

// Found by fuzz_results: text that is not UTF-8 made export --json throw from the JSON library.
TEST_F(CliRun, ExportJsonReplacesBytesThatAreNotUtf8) {
  const fs::path db = dir / "u.db";
  ASSERT_EQ(parley("run '" + two_party + "' --runs 2 -q --out '" + db.string() + "'").status, 0);
  sql(db, "UPDATE runs SET outcome = CAST(X'41FF42' AS TEXT) WHERE run = 0");
  Result r = parley("export '" + db.string() + "' --json '" + (dir / "json").string() + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  auto runs_json = nlohmann::json::parse(slurp(dir / "json" / "runs.json"));
  EXPECT_EQ(runs_json[0]["outcome"], "A\xEF\xBF\xBD" "B");
}

// Found by fuzz_results: a negative horizon in the variants table made summary ask for a
// vector larger than max_size (an uncaught length_error); now it is a clear error.
TEST_F(CliRun, SummaryRefusesAHorizonNoScenarioCouldHave) {
  const fs::path db = dir / "h.db";
  ASSERT_EQ(parley("run '" + two_party + "' --runs 2 -q --out '" + db.string() + "'").status, 0);
  for (const char* months : {"-5", "5000000000"}) {
    sql(db, std::string("UPDATE variants SET months = ") + months);
    Result r = parley("summary '" + db.string() + "'");
    EXPECT_EQ(r.status, 2) << months;
    EXPECT_NE(r.err.find("horizon of " + std::string(months) + " months"), std::string::npos) << r.err;
  }
}

// A full disk, simulated with a file size limit: at every limit the command either completes
// (status 0, every run stored, marked complete) or says which file it could not write and why
// (status 1) and leaves either no database (it could not be created) or an incomplete one
// whose runs are exactly those its last commit counted, which --resume then completes.
TEST_F(CliRun, AFullDiskGivesAClearErrorAndNeverACompleteLookingDatabase) {
  const fs::path db = dir / "f.db";
  bool saw_create_failure = false, saw_write_failure = false, saw_complete = false, resumed = false;
  for (int kib : {16, 48, 96, 160, 240, 300, 4000}) {
    fs::remove(db);
    Result r = parley_limited(kib, "run '" + two_party + "' --runs 200 --all-variants --seed 3 -q --out '" +
                                       db.string() + "'");
    SCOPED_TRACE("ulimit -f " + std::to_string(kib) + ": " + r.err);
    EXPECT_FALSE(fs::exists(dir / "f.db-journal"));
    if (r.status == 0) {
      saw_complete = true;
      EXPECT_EQ(sql(db, "SELECT status, items_done, (SELECT count(*) FROM runs) FROM experiment"), "complete|600|600\n");
      continue;
    }
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find(db.string() + ": the file size limit was reached"), std::string::npos);
    if (!fs::exists(db)) {
      saw_create_failure = true;
      EXPECT_NE(r.err.find("cannot create the results database"), std::string::npos);
      continue;
    }
    saw_write_failure = true;
    EXPECT_NE(r.err.find("cannot write the results database"), std::string::npos);
    EXPECT_NE(r.err.find("marked incomplete"), std::string::npos);
    EXPECT_NE(r.err.find("--resume"), std::string::npos);
    EXPECT_EQ(sql(db, "PRAGMA integrity_check"), "ok\n");
    EXPECT_EQ(sql(db, "SELECT status, items_done = (SELECT count(*) FROM runs) FROM experiment"), "incomplete|1\n");
    if (!resumed) {
      // With room again, --resume finishes it (here from no runs: the limit was hit before
      // the first commit, so there is no saved state either).
      resumed = true;
      Result again = parley("run '" + two_party + "' -q --resume --out '" + db.string() + "'");
      EXPECT_EQ(again.status, 0) << again.err;
      EXPECT_EQ(sql(db, "SELECT status, items_done, (SELECT count(*) FROM runs) FROM experiment"), "complete|600|600\n");
    }
  }
  EXPECT_TRUE(saw_create_failure);
  EXPECT_TRUE(saw_write_failure);
  EXPECT_TRUE(saw_complete);
}

// The limit hit in the middle of a longer run (after the first commits, on this machine): the
// runs committed so far are kept, and --resume completes the database exactly as a run that
// never stopped.
TEST_F(CliRun, AFullDiskMidRunKeepsTheCommittedRunsAndResumeCompletesThem) {
  const fs::path db = dir / "m.db", full = dir / "full.db";
  const std::string args = "--runs 20000 --all-variants --seed 4 -q";
  Result r = parley_limited(4000, "run '" + two_party + "' " + args + " -j 1 --out '" + db.string() + "'");
  ASSERT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("cannot write the results database " + db.string() + ": the file size limit was reached"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(sql(db, "PRAGMA integrity_check"), "ok\n");
  EXPECT_EQ(sql(db, "SELECT status, items_done = (SELECT count(*) FROM runs) FROM experiment"), "incomplete|1\n");
  const std::string kept = sql(db, "SELECT items_done FROM experiment");
  EXPECT_NE(r.err.find("keeps the " + kept.substr(0, kept.size() - 1) + " runs"), std::string::npos) << r.err;

  Result resumed = parley("run '" + two_party + "' -q -j 2 --resume --out '" + db.string() + "'");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_EQ(sql(db, "SELECT status, items_done FROM experiment"), "complete|60000\n");
  ASSERT_EQ(parley("run '" + two_party + "' " + args + " --out '" + full.string() + "'").status, 0);
  EXPECT_EQ(dump(db), dump(full));
}

// A trace CSV or an exported table that does not fit is not left behind half written: it is
// written as <name>.partial and renamed only when complete; on failure the partial file is
// removed and the command says which file and why, with status 1.
TEST_F(CliRun, AFullDiskLeavesNoPartialTraceOrExportedFile) {
  const fs::path trace = dir / "t.csv";
  Result t = parley_limited(8, "run '" + two_party + "' --runs 1 -q --trace --trace-csv '" + trace.string() + "'");
  EXPECT_EQ(t.status, 1);
  EXPECT_NE(t.err.find("cannot write " + trace.string() + ": the file size limit was reached"), std::string::npos)
      << t.err;
  EXPECT_FALSE(fs::exists(trace));
  EXPECT_EQ(files_ending(".partial"), 0);

  const fs::path db = dir / "e.db", out = dir / "csv";
  ASSERT_EQ(parley("run '" + two_party + "' --runs 2000 --all-variants -q --out '" + db.string() + "'").status, 0);
  Result e = parley_limited(64, "export '" + db.string() + "' --csv '" + out.string() + "'");
  EXPECT_EQ(e.status, 1);
  EXPECT_EQ(e.out, "");
  EXPECT_NE(e.err.find("cannot write " + (out / "runs.csv").string() + ": the file size limit was reached"),
            std::string::npos)
      << e.err;
  EXPECT_TRUE(fs::exists(out / "experiment.csv"));  // the tables before runs fit, and are whole
  EXPECT_FALSE(fs::exists(out / "runs.csv"));
  EXPECT_EQ(files_ending(".partial"), 0);
  Result j = parley_limited(64, "export '" + db.string() + "' --json '" + (dir / "json").string() + "'");
  EXPECT_EQ(j.status, 1);
  EXPECT_FALSE(fs::exists(dir / "json" / "runs.json"));
  EXPECT_EQ(files_ending(".partial"), 0);
}

// --runs is capped at 10^8 per variant, with the reason in the message (docs/robustness.md,
// Limits); nothing is run or written.
TEST_F(CliRun, RunsAboveTheLimitAreRefusedWithTheReason) {
  for (const char* runs : {"100000001", "99999999999999999999"}) {
    Result r = parley("run '" + two_party + "' -q --runs " + runs + " --out '" + (dir / "x.db").string() + "'");
    EXPECT_EQ(r.status, 2) << runs;
    EXPECT_NE(r.err.find(std::string(runs) + " runs per variant is more than parley run accepts (100,000,000)"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("typing slip"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "x.db"));
  }
  Result zero = parley("run '" + two_party + "' -q --runs 0");
  EXPECT_EQ(zero.status, 2);
  EXPECT_NE(zero.err.find("give at least 1"), std::string::npos) << zero.err;
  Result word = parley("run '" + two_party + "' -q --runs many");
  EXPECT_EQ(word.status, 2);
  EXPECT_NE(word.err.find("'many' is not a whole number of runs"), std::string::npos) << word.err;
}
