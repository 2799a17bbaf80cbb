// The parley bargain command, run as a program: exit statuses, error locations, output shapes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "parley/csv.hpp"
#include "test_support.hpp"

namespace {

const std::string kData = std::string(PARLEY_SOURCE_DIR) + "/data/bargaining/";
const std::string kBad = std::string(PARLEY_TEST_DATA) + "/bargaining/";
const std::string kEmission = kData + "bdm1994_emission_standards.csv";

using Result = parley::test::CommandResult;
using parley::test::slurp;

// Runs `parley bargain ARGS`, capturing stdout and stderr.
Result bargain(const std::string& args) { return parley::test::run_parley("bargain " + args); }

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

}  // namespace

TEST(BargainCli, TextOutputForAPerson) {
  Result r = bargain("'" + kEmission + "' --preset velev");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("model: eum, preset velev"), std::string::npos);
  EXPECT_NE(r.out.find("salience scale: 0-100 (auto"), std::string::npos);
  EXPECT_NE(r.out.find("forecast 7.0000 (median after round 10)"), std::string::npos);
  EXPECT_NE(r.out.find("Netherlands"), std::string::npos);
}

TEST(BargainCli, JsonHasTheRequiredShapeAndTheReferenceNumbers) {
  Result r = bargain("'" + kEmission + "' --preset velev --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["model"], "eum");
  EXPECT_EQ(j["salience_scale"], "100");
  ASSERT_EQ(j["issues"].size(), 1u);
  const auto& issue = j["issues"][0];
  EXPECT_TRUE(issue["name"].is_string());
  ASSERT_EQ(issue["rounds"].size(), 11u);
  const auto& r0 = issue["rounds"][0];
  EXPECT_EQ(r0["round"], 0);
  EXPECT_DOUBLE_EQ(r0["median"].get<double>(), 7.0);
  EXPECT_NEAR(r0["mean"].get<double>(), 7.389955686853767, 1e-12);
  EXPECT_DOUBLE_EQ(r0["positions"]["France"].get<double>(), 10.0);
  EXPECT_TRUE(r0["risk"]["France"].is_null());  // no exponent before the first round
  // Velev's round 10 (velev_jmckib_emission_10rounds.csv): median 7.0, Belgium
  // 4.291541224979646, UK's exponent 1.5144107170624166.
  const auto& r10 = issue["rounds"][10];
  EXPECT_EQ(r10["round"], 10);
  EXPECT_NEAR(r10["positions"]["Belgium"].get<double>(), 4.291541224979646, 1e-9);
  EXPECT_NEAR(r10["risk"]["UK"].get<double>(), 1.5144107170624166, 1e-9);
  EXPECT_NEAR(issue["forecast"].get<double>(), 7.0, 1e-9);
}

TEST(BargainCli, NonIterativeModelsGiveRoundZeroAndTheForecast) {
  Result r = bargain("'" + kEmission + "' --model compromise -f json");
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["model"], "compromise");
  EXPECT_NEAR(j["issues"][0]["forecast"].get<double>(), 7.389955686853767, 1e-12);
  ASSERT_EQ(j["issues"][0]["rounds"].size(), 1u);
  EXPECT_EQ(j["issues"][0]["rounds"][0]["round"], 0);
  Result m = bargain("'" + kEmission + "' --model median -f json");
  EXPECT_DOUBLE_EQ(nlohmann::json::parse(m.out)["issues"][0]["forecast"].get<double>(), 7.0);
}

TEST(BargainCli, NashClosedFormAndNoAgreement) {
  // two_actors.csv: A (c 1) at 0, B (c 3) at 100, salience 1; span = range = 100, d = 0:
  // y = 100 * 3 / (1 + 3) = 75.
  Result r = bargain("'" + kBad + "two_actors.csv' -m nash -f json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NEAR(nlohmann::json::parse(r.out)["issues"][0]["forecast"].get<double>(), 75.0, 1e-9);
  // Status quo 20: d = 0.8 and 0.2 and u_A + u_B = 1 everywhere between them: no deal.
  Result n = bargain("'" + kBad + "two_actors.csv' -m nash --status-quo 20 -f json");
  ASSERT_EQ(n.status, 0) << n.err;
  auto j = nlohmann::json::parse(n.out);
  EXPECT_TRUE(j["issues"][0]["forecast"].is_null());
  EXPECT_EQ(j["issues"][0]["status"], "no_agreement");
  Result t = bargain("'" + kBad + "two_actors.csv' -m nash --status-quo 20");
  EXPECT_NE(t.out.find("no agreement"), std::string::npos);
}

TEST(BargainCli, CsvIsOneRowPerRoundAndIssue) {
  Result r = bargain("'" + kEmission + "' --preset velev --rounds 3 -f csv");
  ASSERT_EQ(r.status, 0) << r.err;
  parley::Diagnostics d;
  auto t = parley::parse_csv(r.out, "out.csv", d);
  ASSERT_FALSE(d.has_errors());
  ASSERT_EQ(t.rows.size(), 5u);  // header + rounds 0..3
  EXPECT_NE(r.err.find("salience scale 0-100"), std::string::npos);  // said on stderr
  EXPECT_EQ(t.rows[0].cells[0].text, "issue");
  EXPECT_EQ(t.rows[0].cells[4].text, "Netherlands");
  EXPECT_EQ(t.rows[0].cells[14].text, "r_Netherlands");
  EXPECT_NEAR(*parley::parse_number(t.rows[2].cells[2].text), 8.415932315426764, 1e-9);  // round 1 median
  Result multi = bargain("'" + kBad + "multi_issue.csv' -m median -f csv");
  auto tm = parley::parse_csv(multi.out, "out.csv", d);
  ASSERT_EQ(tm.rows.size(), 3u);  // header + round 0 of Tax + round 0 of War
  EXPECT_EQ(tm.rows[2].cells[0].text, "War");
}

TEST(BargainCli, KtabFilesAreRecognised) {
  Result r = bargain("'" + kData + "ktab_efird2016_SOE-Pol-Comp.csv' -m median");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("KTAB scenario CSV, 13 actors, 2 issues"), std::string::npos);
  Result j = bargain("'" + kData + "ktab_efird2016_SOE-Pol-Comp.csv' -m nash --joint -f json");
  ASSERT_EQ(j.status, 0) << j.err;
  EXPECT_EQ(nlohmann::json::parse(j.out)["issues"].size(), 2u);
}

TEST(BargainCli, BadTablesExitWithStatus2AndExactLocations) {
  struct Case {
    const char* file;
    const char* where;  // line:column
    const char* what;
  };
  const Case cases[] = {
      {"missing_column.csv", "1:1", "missing column 'salience'"},
      {"non_numeric.csv", "3:3", "capability is not a number: found 'abc'"},
      {"negative_capability.csv", "3:3", "negative capability -1"},
      {"empty_table.csv", "1:1", "empty table"},
      {"empty_file.csv", "1:1", "empty table"},
      {"duplicate_actor.csv", "4:1", "duplicate actor 'A' (first listed on line 2)"},
  };
  for (const Case& c : cases) {
    const std::string path = kBad + c.file;
    Result r = bargain("'" + path + "'");
    EXPECT_EQ(r.status, 2) << c.file;
    const std::string prefix = path + ":" + c.where + ": error: ";
    EXPECT_EQ(first_line(r.err).substr(0, prefix.size()), prefix) << r.err;
    EXPECT_NE(r.err.find(c.what), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << c.file;
  }
}

TEST(BargainCli, BadOptionsAndMissingFilesExitWith2) {
  EXPECT_EQ(bargain("'" + kBad + "does_not_exist.csv'").status, 2);
  Result o = bargain("'" + kEmission + "' --option A4=sideways");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("A4"), std::string::npos);
  EXPECT_EQ(bargain("'" + kEmission + "' --model nash --joint --loss quadratic").status, 2);
  EXPECT_EQ(bargain("'" + kEmission + "' --model haggle").status, 2);
  EXPECT_EQ(bargain("'" + kEmission + "' --option A8=scale --span 5").status, 2);  // 10 > 5
}

TEST(BargainCli, OptionsReachTheModel) {
  Result r = bargain("--option A4=none -o A6=velev '" + kEmission + "' --tolerance 0.001 --stable-rounds 2 -f json");
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_NE(j["options"].get<std::string>().find("A4=none"), std::string::npos);
  EXPECT_NE(j["options"].get<std::string>().find("A6=velev"), std::string::npos);
  EXPECT_NE(j["stopping"].get<std::string>().find("at most 0.001"), std::string::npos);
}

TEST(BargainCli, SalienceScaleIsChosenAndReported) {
  // Forcing 0-1 on a 0-100 table: the first salience above 1 is Netherlands' 80 (line 2,
  // column 20 of "Netherlands,0.08,4,80").
  Result forced = bargain("'" + kEmission + "' --salience-scale 1");
  EXPECT_EQ(forced.status, 2);
  EXPECT_EQ(first_line(forced.err), kEmission + ":2:20: error: salience 80 exceeds 1: expected a number in 0-1");
  Result unit = bargain("'" + kBad + "multi_issue.csv' -m compromise -f json");
  auto j = nlohmann::json::parse(unit.out);
  EXPECT_EQ(j["salience_scale"], "1");
  EXPECT_NE(j["salience_note"].get<std::string>().find("auto"), std::string::npos);
  Result percent = bargain("'" + kBad + "multi_issue.csv' -m compromise --salience-scale 100 -f json");
  EXPECT_EQ(nlohmann::json::parse(percent.out)["salience_scale"], "100");
}

TEST(BargainCli, SmpJsonForecastIsKtabsProbabilityWeightedMean) {
  const std::string ktab = std::string(PARLEY_SOURCE_DIR) + "/data/ktab/";
  Result r = bargain("'" + ktab + "SOE-Pol-Comp.csv' --model smp --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["model"], "smp");
  EXPECT_EQ(j["states"], 28);
  ASSERT_EQ(j["issues"].size(), 2u);
  // ../shared/SMP.md: KTAB's result (39.7, 32.8)
  EXPECT_NEAR(j["issues"][0]["forecast"].get<double>(), 39.7, 0.1);
  EXPECT_NEAR(j["issues"][1]["forecast"].get<double>(), 32.8, 0.1);
  EXPECT_TRUE(j["issues"][0]["most_probable"].is_number());
  ASSERT_EQ(j["turns"].size(), 28u);
  const auto& t0 = j["turns"][0];
  EXPECT_DOUBLE_EQ(t0["positions"]["XJ"][0].get<double>(), 30.0);  // the input, on 0-100
  double sum = 0;
  for (const auto& d : t0["distinct"]) sum += d["probability"].get<double>();
  EXPECT_NEAR(sum, 1.0, 1e-9);
}

TEST(BargainCli, SmpBadXmlIsALocatedErrorWithExitTwo) {
  const std::string ktab = std::string(PARLEY_SOURCE_DIR) + "/data/ktab/";
  Result r = bargain("'" + ktab + "smpExample.xml' --model smp");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(first_line(r.err), ktab + "smpExample.xml:32:9: error: empty <dCoord>: expected a number on 0-100");
  r = bargain("'" + ktab + "dummyData_3Dim.csv' --model smp --option VotingRule=Majority");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("option VotingRule: unknown value 'majority'"), std::string::npos) << r.err;
}

TEST(BargainCli, SmpTextAndCsv) {
  const std::string ktab = std::string(PARLEY_SOURCE_DIR) + "/data/ktab/";
  Result r = bargain("'" + ktab + "dummyData_3Dim.csv' --model smp");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("11 states (10 turns), stopped by the move rule"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Pstn1                         78.07"), std::string::npos) << r.out;
  r = bargain("'" + ktab + "dummyData_3Dim.csv' --model smp -f csv");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(first_line(r.out), "turn,actor,Pstn1,Pstn2,Pstn3,probability");
  EXPECT_EQ(r.out.substr(r.out.find('\n') + 1, 27), "0,SActor-00,75.79,6.37,70.4");
}
