// ResultsReader, the one public reader of a results database, and the paired statistics of
// analysis/ that compare and the report take from it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "parley/analysis.hpp"
#include "parley/results_reader.hpp"
#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using parley::test::capture;
using parley::test::run_parley;

class Reader : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = new fs::path(fs::temp_directory_path() / ("parley_reader_test_" + std::to_string(::getpid())));
    fs::remove_all(*dir);
    fs::create_directories(*dir);
    const auto r = run_parley("run '" + two_party() + "' --runs 30 --seed 5 --all-variants -q --out '" +
                              (*dir / "r.db").string() + "'");
    ASSERT_EQ(r.status, 0) << r.err;
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir);
    delete dir;
  }
  static std::string two_party() { return std::string(PARLEY_SOURCE_DIR) + "/scenarios/two-party/scenario.yaml"; }
  // A copy of the database to damage.
  static fs::path copy(const std::string& name) {
    const fs::path to = *dir / name;
    fs::copy_file(*dir / "r.db", to, fs::copy_options::overwrite_existing);
    return to;
  }
  static void sql(const fs::path& db, const std::string& query) {
    capture("sqlite3 -batch '" + db.string() + "' \"" + query + "\"");
  }
  static fs::path* dir;
};

fs::path* Reader::dir = nullptr;

TEST_F(Reader, ReadsTheDimensionsAndTheRunsAsSimulated) {
  const parley::ResultsReader reader((*dir / "r.db").string());
  EXPECT_TRUE(reader.info().complete);
  EXPECT_EQ(reader.info().scenario_name, "Two-party teaching case");
  ASSERT_EQ(reader.variants().size(), 3u);
  EXPECT_EQ(reader.variants()[0].name, "base");
  EXPECT_EQ(reader.variants()[0].months, 60);
  EXPECT_EQ(reader.variants()[0].start, "2020-01");
  ASSERT_EQ(reader.camps().size(), 2u);
  EXPECT_EQ(reader.camps()[0].id, "government");
  const auto set = parley::load_scenario_or_throw(two_party());
  const std::vector<parley::StoredRun> runs = reader.runs("base");
  ASSERT_EQ(runs.size(), 30u);
  for (std::size_t n = 0; n < runs.size(); ++n) {
    parley::RunOptions o;
    o.seed = 5;
    o.run = n;
    const parley::RunResult ref = parley::simulate_run(set.base, o);
    EXPECT_EQ(runs[n].run, static_cast<std::int64_t>(n));
    EXPECT_EQ(runs[n].outcome, ref.outcome) << n;
    EXPECT_EQ(runs[n].victor, ref.outcome == parley::RunOutcome::victory ? ref.victor : -1) << n;
    EXPECT_EQ(runs[n].first_agreement, ref.first_agreement) << n;
    EXPECT_EQ(runs[n].peace_month, ref.peace_month) << n;
    EXPECT_DOUBLE_EQ(runs[n].battle_deaths, ref.battle_deaths) << n;
    ASSERT_EQ(runs[n].terms.size(), 1u);
    EXPECT_EQ(std::isnan(runs[n].terms[0]), ref.terms.empty()) << n;
  }
  EXPECT_EQ(reader.talks_shares("base").size(), 60u);
  EXPECT_FALSE(reader.survival("base", parley::SurvivalEvent::peace).empty());
  EXPECT_EQ(reader.yearly_deaths("base").size(), 5u);
}

TEST_F(Reader, RefusesWhatIsNotAParleyDatabaseOfThisSchema) {
  EXPECT_THROW(parley::ResultsReader((*dir / "none.db").string()), parley::StoreError);
  std::ofstream(*dir / "text.db") << "not a database\n";
  EXPECT_THROW(parley::ResultsReader((*dir / "text.db").string()), parley::StoreError);
  const fs::path old = copy("old.db");
  // Version 5 is the one before runs conditioned on the origin (runs.history_draws).
  sql(old, "PRAGMA user_version = 5");
  try {
    parley::ResultsReader reader(old.string());
    ADD_FAILURE() << "a version 5 database was read";
  } catch (const parley::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("schema version 5 is older than the 6 this parley reads"), std::string::npos)
        << e.what();
  }
}

TEST_F(Reader, DamagedRowsAreStoreErrorsThatSayWhere) {
  const fs::path outcome = copy("outcome.db");
  sql(outcome, "UPDATE runs SET outcome = 'draw' WHERE variant = 'base' AND run = 4");
  const parley::ResultsReader a(outcome.string());
  try {
    (void)a.runs("base");
    ADD_FAILURE() << "an unknown outcome was read";
  } catch (const parley::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("run 4 of variant 'base' has the outcome 'draw'"), std::string::npos)
        << e.what();
  }
  const fs::path victor = copy("victor.db");
  sql(victor, "UPDATE runs SET victor = 'nobody' WHERE variant = 'ceasefire' AND run = 2");
  const parley::ResultsReader b(victor.string());
  EXPECT_THROW((void)b.runs("ceasefire"), parley::StoreError);
  EXPECT_NO_THROW((void)b.runs("base"));
  const fs::path question = copy("question.db");
  sql(question, "INSERT INTO questions VALUES ('q', 0, 'text'); INSERT INTO question_variants VALUES ('q', 0, 'gone')");
  EXPECT_THROW(parley::ResultsReader(question.string()), parley::StoreError);
  const fs::path incomplete = copy("incomplete.db");
  sql(incomplete, "UPDATE experiment SET status = 'incomplete'");
  const parley::ResultsReader c(incomplete.string());
  EXPECT_THROW(c.require_complete(), parley::StoreError);
  EXPECT_NE(c.incomplete_note().find("INCOMPLETE"), std::string::npos);
}

TEST(Paired, PairsByRunNumberAndCountsOnlyRunsBothHave) {
  parley::PairedLayout layout{{"power"}, {"gov", "ins"}, 12};
  const auto run = [](std::int64_t n, parley::RunOutcome o, int agreement, double deaths) {
    parley::StoredRun r;
    r.run = n;
    r.outcome = o;
    r.first_agreement = agreement;
    r.battle_deaths = deaths;
    r.terms = {agreement >= 0 ? 40.0 : std::nan("")};
    r.shares = {0.5, 0.5};
    return r;
  };
  using parley::RunOutcome;
  const std::vector<parley::StoredRun> base{run(0, RunOutcome::war, -1, 100), run(1, RunOutcome::war, -1, 200),
                                            run(2, RunOutcome::agreement, 5, 50)};
  const std::vector<parley::StoredRun> variant{run(0, RunOutcome::peace, 3, 10), run(2, RunOutcome::agreement, 5, 50),
                                               run(3, RunOutcome::war, -1, 999)};
  const parley::PairedComparison c = parley::compare_paired(layout, base, variant);
  EXPECT_EQ(c.pairs, 2);  // runs 0 and 2
  ASSERT_NE(c.find("battle_deaths"), nullptr);
  EXPECT_DOUBLE_EQ(c.find("battle_deaths")->difference.mean(), (10.0 - 100.0 + 0.0) / 2);
  EXPECT_DOUBLE_EQ(c.find("months_to_agreement")->base.mean(), (12.0 + 5.0) / 2);  // never = the horizon
  EXPECT_EQ(c.find("term:power")->difference.n(), 1);  // only run 2 has terms in both
  EXPECT_DOUBLE_EQ(c.find("peace")->difference.mean(), 0.5);
  const std::string text = parley::paired_text(c, "base", "v");
  EXPECT_NE(text.find("variant v against base (2 paired runs"), std::string::npos) << text;
}

}  // namespace
