// parley score (issue 14 item 5) and the per-run tables it reads (schema version 5). Runs of
// tests/data/calibrate (2020-01 to 2024-12, origin 2022-01, engagement rate uniform on
// [1, 10]) are scored against tests/data/score/observations.csv; every score checked here is
// recomputed from the stored per-run rows by hand-written formulas (the CRPS by its double
// sum), and the baselines from the file's three pre-origin years by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "parley/results_reader.hpp"
#include "parley/scenario.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using parley::test::run_parley;

const std::string kScenario = std::string(PARLEY_TEST_DATA) + "/calibrate/scenario.yaml";
const std::string kObservations = std::string(PARLEY_TEST_DATA) + "/score/observations.csv";
constexpr int kRuns = 120;

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("parley_score_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::remove_all(dir / name);
  return dir / name;
}

// E|X - y| - 1/2 E|X - X'| over every ordered pair (the definition, not the sorted form).
double crps_by_double_sum(const std::vector<double>& x, double y) {
  const double n = static_cast<double>(x.size());
  double a = 0, b = 0;
  for (double xi : x) {
    a += std::abs(xi - y);
    for (double xj : x) b += std::abs(xi - xj);
  }
  return a / n - 0.5 * b / (n * n);
}

// The database of every variant, made once.
const fs::path& database() {
  static const fs::path db = [] {
    const fs::path p = scratch("runs.db");
    const auto r = run_parley("run " + q(kScenario) + " --all-variants --runs " + std::to_string(kRuns) +
                              " --seed 11 --quiet --out " + q(p));
    EXPECT_EQ(r.status, 0) << r.err;
    return p;
  }();
  return db;
}

nlohmann::json score_json(const std::string& extra = "") {
  const auto r = run_parley("score " + q(database()) + " " + q(kObservations) + " --json " + extra);
  EXPECT_EQ(r.status, 0) << r.err;
  return nlohmann::json::parse(r.out);  // well-formed, or the test fails here
}

const nlohmann::json& row_at(const nlohmann::json& j, int line) {
  for (const auto& row : j["rows"])
    if (row["line"] == line) return row;
  static const nlohmann::json none;
  ADD_FAILURE() << "no scored row from line " << line;
  return none;
}

std::vector<double> deaths_in(const parley::ResultsReader& reader, const std::string& variant, int year) {
  std::vector<double> out;
  for (const auto& d : reader.run_yearly_deaths(variant))
    if (d.year == year) out.push_back(d.deaths);
  return out;
}

TEST(CalendarYears, PartialFirstAndLastYears) {
  // May 2015 for 120 months: May-Dec 2015 (8 months), 2016..2024, Jan-Apr 2025 (4 months).
  const auto years = parley::calendar_years({2015, 5}, 120);
  ASSERT_EQ(years.size(), 11u);
  EXPECT_EQ(years.front().year, 2015);
  EXPECT_EQ(years.front().first_month, 0);
  EXPECT_EQ(years.front().last_month, 7);
  EXPECT_EQ(years[1].first_month, 8);
  EXPECT_EQ(years[1].last_month, 19);
  EXPECT_EQ(years.back().year, 2025);
  EXPECT_EQ(years.back().first_month, 116);
  EXPECT_EQ(years.back().last_month, 119);
  EXPECT_EQ(parley::calendar_years({2020, 1}, 60).size(), 5u);
}

TEST(ScoreSchema, PerRunTablesHoldRunsTimesYearsAndRows) {
  const parley::ResultsReader reader(database().string());
  ASSERT_EQ(reader.variants().size(), 3u);
  EXPECT_EQ(reader.variants().front().origin, 24);  // 2022-01, months after the start 2020-01
  for (const auto& v : reader.variants()) {
    const auto years = reader.calendar_years(v.name);
    ASSERT_EQ(years.size(), 5u);
    EXPECT_EQ(years.front().year, 2020);
    EXPECT_EQ(years.front().months, 12);
    const auto deaths = reader.run_yearly_deaths(v.name);
    EXPECT_EQ(deaths.size(), static_cast<std::size_t>(kRuns) * 5);
    // Each run's calendar years add up to its battle deaths.
    std::map<std::int64_t, double> total;
    for (const auto& d : deaths) total[d.run] += d.deaths;
    for (const auto& run : reader.runs(v.name))
      EXPECT_NEAR(total[run.run], run.battle_deaths, 1e-6 * std::max(1.0, run.battle_deaths));
    const auto rows = reader.observations(v.name);
    ASSERT_EQ(rows.size(), 3u);  // the scenario's own observations file
    EXPECT_EQ(rows[2].period, "2023-01..2023-12");
    EXPECT_TRUE(rows[2].score_only);
    const auto values = reader.run_observations(v.name);
    ASSERT_EQ(values.size(), static_cast<std::size_t>(kRuns) * 3);
    // Observation 1 (2021) is each run's 2021 deaths.
    const auto y2021 = deaths_in(reader, v.name, 2021);
    std::size_t k = 0;
    for (const auto& o : values)
      if (o.observation == 1) {
        EXPECT_NEAR(o.value, y2021[k++], 1e-9 * std::max(1.0, o.value));
      }
  }
  EXPECT_EQ(reader.actors().size(), 2u);
}

TEST(ScoreSchema, TheSameRowsForAnyThreadCount) {
  const fs::path one = scratch("one.db"), two = scratch("two.db");
  ASSERT_EQ(run_parley("run " + q(kScenario) + " --runs 40 --seed 3 -j 1 --quiet --out " + q(one)).status, 0);
  ASSERT_EQ(run_parley("run " + q(kScenario) + " --runs 40 --seed 3 -j 2 --quiet --out " + q(two)).status, 0);
  const parley::ResultsReader a(one.string()), b(two.string());
  const auto da = a.run_yearly_deaths("base"), db = b.run_yearly_deaths("base");
  ASSERT_EQ(da.size(), db.size());
  for (std::size_t i = 0; i < da.size(); ++i) EXPECT_EQ(da[i].deaths, db[i].deaths);
  const auto oa = a.run_observations("base"), ob = b.run_observations("base");
  ASSERT_EQ(oa.size(), ob.size());
  for (std::size_t i = 0; i < oa.size(); ++i) EXPECT_EQ(oa[i].value, ob[i].value);
}

TEST(Score, CrpsFromEachRunsOwnValues) {
  const nlohmann::json j = score_json();
  EXPECT_EQ(j["variant"], "base");
  EXPECT_EQ(j["runs"], kRuns);
  EXPECT_EQ(j["origin"], "2022-01");
  const parley::ResultsReader reader(database().string());
  // 2022: only in run_yearly_deaths; 2023: also a row of the scenario's own file.
  const auto& r2022 = row_at(j, 8);
  EXPECT_EQ(r2022["from"], "run_yearly_deaths");
  const auto x2022 = deaths_in(reader, "base", 2022);
  ASSERT_EQ(x2022.size(), static_cast<std::size_t>(kRuns));
  EXPECT_NEAR(r2022["crps"].get<double>(), crps_by_double_sum(x2022, 900), 1e-6);
  const auto& r2023 = row_at(j, 9);
  EXPECT_EQ(r2023["from"], "run_observations");
  EXPECT_NEAR(r2023["crps"].get<double>(), crps_by_double_sum(deaths_in(reader, "base", 2023), 800), 1e-6);
  // Coverage by hand: the share of runs below the observation against the central intervals.
  double below = 0;
  for (double x : x2022) below += x < 900;
  const double f = below / kRuns;
  if (f > 0.3 && f < 0.7) {
    EXPECT_TRUE(r2022["in50"].get<bool>());
  }
  if (f < 0.03 || f > 0.97) {
    EXPECT_FALSE(r2022["in90"].get<bool>());
  }
  const double pit = r2022["pit"].get<double>();
  double at_or_below = 0;
  for (double x : x2022) at_or_below += x <= 900;
  EXPECT_GE(pit, f);
  EXPECT_LE(pit, at_or_below / kRuns);
  // The group's mean CRPS is the mean over its two forecast rows.
  const auto& g = j["quantities"][0];
  EXPECT_EQ(g["quantity"], "battle_deaths");
  EXPECT_EQ(g["forecast_rows"], 2);
  EXPECT_EQ(g["baseline_points"], 3);  // 2019, 2020, 2021
  EXPECT_NEAR(g["crps"].get<double>(), (r2022["crps"].get<double>() + r2023["crps"].get<double>()) / 2, 1e-9);
}

TEST(Score, BaselinesByHand) {
  const nlohmann::json j = score_json();
  const auto& b2022 = row_at(j, 8)["baselines"];
  // Persistence, one year ahead: 1150 plus each past one-year change (1580-1900, 1150-1580):
  // {830, 720} against 900: (70 + 180)/2 - 1/2 (0 + 110 + 110 + 0)/4 = 97.5.
  EXPECT_NEAR(b2022["persistence"]["crps"].get<double>(), 97.5, 1e-9);
  EXPECT_EQ(b2022["persistence"]["members"], 2);
  // Two years ahead the only two-year change is 1150-1900: the point 400 against 800.
  EXPECT_NEAR(row_at(j, 9)["baselines"]["persistence"]["crps"].get<double>(), 400, 1e-9);
  // The trend through (0, 1900), (1, 1580), (2, 1150) in years: slope -375, 793.33 at year 3,
  // residuals -18.33, 36.67, -18.33: the ensemble {775, 830, 775}.
  EXPECT_NEAR(b2022["trend"]["crps"].get<double>(), crps_by_double_sum({775, 830, 775}, 900), 1e-6);
  // Climatology: the three past years.
  EXPECT_NEAR(b2022["climatology"]["crps"].get<double>(), crps_by_double_sum({1900, 1580, 1150}, 900), 1e-9);
  // Skill against the best baseline by mean CRPS over 2022 and 2023.
  const auto& g = j["quantities"][0];
  const double persistence = (97.5 + 400) / 2;
  const double trend = (crps_by_double_sum({775, 830, 775}, 900) +
                        row_at(j, 9)["baselines"]["trend"]["crps"].get<double>()) / 2;
  const double climatology = (crps_by_double_sum({1900, 1580, 1150}, 900) + crps_by_double_sum({1900, 1580, 1150}, 800)) / 2;
  const double best = std::min({persistence, trend, climatology});
  EXPECT_NEAR(g["crps_skill"].get<double>(), 1 - g["crps"].get<double>() / best, 1e-9);
}

TEST(Score, MilestonesBrierAndLogAgainstTheBaseRate) {
  const nlohmann::json j = score_json();
  const parley::ResultsReader reader(database().string());
  // Agreement by 2023-12 (month 47), which did not happen; formal talks by 2022-06 (month 29), which did.
  double agreed = 0, formal = 0;
  for (const auto& r : reader.runs("base")) {
    agreed += r.first_agreement >= 0 && r.first_agreement <= 47;
    formal += r.first_formal >= 0 && r.first_formal <= 29;
  }
  const double pa = agreed / kRuns, pf = formal / kRuns;
  const auto& a = row_at(j, 13);
  EXPECT_NEAR(a["probability"].get<double>(), pa, 1e-12);
  EXPECT_NEAR(a["brier"].get<double>(), pa * pa, 1e-12);
  EXPECT_NEAR(a["log_score"].get<double>(), -std::log2(std::max(1 - pa, 0.001)), 1e-12);
  EXPECT_NEAR(a["base_brier"].get<double>(), 0.09, 1e-12);  // the file's base rate 0.3
  const auto& f = row_at(j, 14);
  EXPECT_NEAR(f["brier"].get<double>(), (1 - pf) * (1 - pf), 1e-12);
  EXPECT_EQ(f["base_rate_given"], false);
  EXPECT_NEAR(f["base_brier"].get<double>(), 0.25, 1e-12);  // 50%
  EXPECT_NEAR(j["milestones"]["brier_skill"].get<double>(),
              1 - (pa * pa + (1 - pf) * (1 - pf)) / 2 / ((0.09 + 0.25) / 2), 1e-9);
}

TEST(Score, UnscorableRowsAreListedWithTheirReason) {
  const nlohmann::json j = score_json();
  std::map<int, std::string> reasons;
  for (const auto& u : j["not_scored"]) reasons[u["line"].get<int>()] = u["reason"].get<std::string>();
  ASSERT_EQ(reasons.size(), 4u);
  EXPECT_NE(reasons[10].find("no run values"), std::string::npos);       // deaths between two camps
  EXPECT_NE(reasons[11].find("no run values"), std::string::npos);       // control
  EXPECT_NE(reasons[12].find("calendar"), std::string::npos);  // line 12: 2022-03..2022-08
  EXPECT_NE(reasons[15].find("outside"), std::string::npos);             // 2025
  EXPECT_EQ(j["history_rows_not_scored"], 3);                            // 2019, 2020, 2021
  // The text says the same, with file:line.
  const auto r = run_parley("score " + q(database()) + " " + q(kObservations));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Not scored (4 rows)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(kObservations + ":15: battle_deaths 2025: outside"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Skill against the best baseline"), std::string::npos) << r.out;
}

TEST(Score, IncludeHistoryScoresTheRowsBeforeTheOrigin) {
  const nlohmann::json j = score_json("--include-history");
  EXPECT_EQ(row_at(j, 6)["history"], true);  // 2020
  EXPECT_EQ(row_at(j, 7)["history"], true);  // 2021
  const parley::ResultsReader reader(database().string());
  EXPECT_NEAR(row_at(j, 7)["crps"].get<double>(), crps_by_double_sum(deaths_in(reader, "base", 2021), 1150), 1e-6);
  // 2019 is before the scenario's start: listed, not scored.
  bool listed = false;
  for (const auto& u : j["not_scored"]) listed = listed || u["line"] == 5;
  EXPECT_TRUE(listed);
  EXPECT_EQ(j["quantities"][0]["forecast_rows"], 2);  // the skill still counts forecast rows only
}

TEST(Score, VariantAndBins) {
  const nlohmann::json j = score_json("--variant costly_war --bins 0,500,1000,inf --floor 0.01");
  EXPECT_EQ(j["variant"], "costly_war");
  const parley::ResultsReader reader(database().string());
  const auto x = deaths_in(reader, "costly_war", 2022);
  double in_bin = 0;  // 900 falls in [500, 1000)
  for (double v : x) in_bin += v >= 500 && v < 1000;
  EXPECT_NEAR(row_at(j, 8)["ignorance"].get<double>(), -std::log2(std::max(in_bin / kRuns, 0.01)), 1e-9);
  EXPECT_NEAR(row_at(j, 8)["crps"].get<double>(), crps_by_double_sum(x, 900), 1e-6);
}

TEST(Score, BadInputExitsTwoWithTheReason) {
  const fs::path db = database();
  auto r = run_parley("score " + q(db) + " " + q(scratch("missing.csv")));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("missing.csv"), std::string::npos) << r.err;
  const std::string bad = std::string(PARLEY_TEST_DATA) + "/score/bad.csv";
  r = run_parley("score " + q(db) + " " + q(bad));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(bad + ":3:1: error: observations: quantity 'control:plains:rebels': unknown camp 'rebels'"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find(bad + ":4:"), std::string::npos) << r.err;  // base_rate 1.5
  EXPECT_NE(r.err.find("base_rate"), std::string::npos) << r.err;
  r = run_parley("score " + q(kObservations) + " " + q(kObservations));  // a CSV is no database
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("not a parley results database"), std::string::npos) << r.err;
  r = run_parley("score " + q(db) + " " + q(kObservations) + " --variant nope");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("no variant 'nope'"), std::string::npos) << r.err;
  r = run_parley("score " + q(db) + " " + q(kObservations) + " --bins 10,5");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("ascending"), std::string::npos) << r.err;
  r = run_parley("score " + q(db) + " " + q(kObservations) + " -o " + q(scratch("no/such/folder/s.txt")));
  EXPECT_EQ(r.status, 1);
  // A database that lost some runs' yearly rows is damaged, not scored on fewer runs.
  const fs::path damaged = scratch("damaged.db");
  fs::copy_file(db, damaged);
  ASSERT_EQ(std::system(("sqlite3 " + q(damaged) + " \"DELETE FROM run_yearly_deaths_compact WHERE run < 3\"").c_str()), 0);
  r = run_parley("score " + q(damaged) + " " + q(kObservations));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("is damaged: run_yearly_deaths holds 117 of the 120 runs"), std::string::npos) << r.err;
}

TEST(Score, ReportSection) {
  const fs::path html = scratch("r.html");
  const auto r = run_parley("report " + q(database()) + " -o " + q(html) + " --observations " + q(kObservations));
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string page = parley::test::slurp(html);
  EXPECT_NE(page.find("How the forecast scored"), std::string::npos);
  EXPECT_NE(page.find("data-chart=\"score-fan\""), std::string::npos);
  EXPECT_NE(page.find("data-chart=\"score-pit\""), std::string::npos);
  EXPECT_NE(page.find("data-chart=\"score-reliability\""), std::string::npos);
  EXPECT_NE(page.find("far too few to judge reliability"), std::string::npos);  // two milestones
  // Without --observations, no section.
  const fs::path plain = scratch("plain.html");
  ASSERT_EQ(run_parley("report " + q(database()) + " -o " + q(plain)).status, 0);
  EXPECT_EQ(parley::test::slurp(plain).find("How the forecast scored"), std::string::npos);
}

}  // namespace
