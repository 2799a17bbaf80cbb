// Counting from the forecast's origin (issue 14 item 3), one calendar convention with dates
// (issue 17 item 10) and the map's control share (issue 17 item 11): hand-worked aggregates,
// summaries and paired comparisons, then summary, compare and the report of a scenario that
// starts in September with an origin a year in, checked against the database read with the
// sqlite3 tool and against the trace CSV.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"
#include "parley/analysis.hpp"
#include "parley/report.hpp"

namespace {

namespace fs = std::filesystem;
using parley::test::capture;
using parley::test::slurp;

TEST(Months, AreLabelledWithTheirDates) {
  EXPECT_EQ(parley::month_label(parley::YearMonth{2015, 5}, 12), "month 12 (May 2016)");
  EXPECT_EQ(parley::month_label(parley::YearMonth{2019, 9}, 0), "month 0 (Sep 2019)");
  EXPECT_EQ(parley::month_label(parley::YearMonth{2019, 9}, 4), "month 4 (Jan 2020)");
  EXPECT_EQ(parley::month_label(std::nullopt, 3), "month 3");
  ASSERT_TRUE(parley::parse_year_month("2019-09"));
  EXPECT_EQ(*parley::parse_year_month("2019-09"), (parley::YearMonth{2019, 9}));
  EXPECT_FALSE(parley::parse_year_month("2019-13"));
  EXPECT_FALSE(parley::parse_year_month("May 2015"));
}

parley::RunMonths steady_record(int months, int regions, int camps, float control0) {
  parley::RunMonths rm;
  rm.months = months;
  for (int t = 0; t < months; ++t) {
    rm.talks.push_back(0);
    rm.deaths.push_back(10.0 * (t + 1));
    for (int c = 0; c < camps; ++c) rm.share.push_back(1.0 / camps);
    for (int r = 0; r < regions; ++r) {
      rm.holder.push_back(0);
      for (int c = 0; c < camps; ++c) rm.control.push_back(c == 0 ? control0 : 1 - control0);
    }
  }
  return rm;
}

// A 30-month horizon with its origin at month 8, one run losing 10 a month: the history's
// year 0 is months 0-7 (80 deaths), the forecast's year 1 months 8-19 (120), year 2 months
// 20-29 (100). Without an origin the years are months 0-11, 12-23, 24-29 (120, 120, 60).
TEST(YearlyDeaths, CountFromTheOrigin) {
  parley::Scenario s;
  s.months = 30;
  s.origin = 8;
  s.camps.resize(2);
  s.regions.resize(1);
  parley::VariantAggregate agg(s);
  agg.add(parley::RunResult{}, steady_record(30, 1, 2, 0.5f));
  ASSERT_EQ(agg.years(), 3);
  EXPECT_EQ(agg.year_number(0), 0);
  EXPECT_EQ(agg.year_number(1), 1);
  EXPECT_EQ(agg.year_first_month(0), 0);
  EXPECT_EQ(agg.year_last_month(0), 7);
  EXPECT_EQ(agg.year_first_month(1), 8);
  EXPECT_EQ(agg.year_last_month(1), 19);
  EXPECT_EQ(agg.year_last_month(2), 29);
  EXPECT_DOUBLE_EQ(agg.year_deaths_mean(0), 80.0);
  EXPECT_DOUBLE_EQ(agg.year_deaths_mean(1), 120.0);
  EXPECT_DOUBLE_EQ(agg.year_deaths_mean(2), 100.0);

  s.origin = 0;
  parley::VariantAggregate plain(s);
  plain.add(parley::RunResult{}, steady_record(30, 1, 2, 0.5f));
  ASSERT_EQ(plain.years(), 3);
  EXPECT_EQ(plain.year_number(0), 1);
  EXPECT_DOUBLE_EQ(plain.year_deaths_mean(0), 120.0);
  EXPECT_DOUBLE_EQ(plain.year_deaths_mean(2), 60.0);
}

// Two runs of two regions: the first camp holds 0.75 of each in one run and 0.25 in the other,
// so its mean control share is 0.5 and the other camp's 0.5; a run that ended after 2 months
// keeps its last control for the remaining month.
TEST(ControlShare, IsTheMeanOverRuns) {
  parley::Scenario s;
  s.months = 3;
  s.camps.resize(2);
  s.regions.resize(2);
  parley::VariantAggregate agg(s);
  agg.add(parley::RunResult{}, steady_record(3, 2, 2, 0.75f));
  agg.add(parley::RunResult{}, steady_record(2, 2, 2, 0.25f));
  for (int t = 0; t < 3; ++t)
    for (int r = 0; r < 2; ++r) {
      EXPECT_DOUBLE_EQ(agg.control_mean(t, r, 0), 0.5) << t;
      EXPECT_DOUBLE_EQ(agg.control_mean(t, r, 1), 0.5) << t;
    }
  // Both runs hold the most with camp 0 (holder 0): the holder view cannot tell them apart.
  EXPECT_DOUBLE_EQ(agg.holding_probability(2, 1, 0), 1.0);
}

// A 24-month horizon from September 2019 with its origin at month 6 (March 2020): run A signs
// its first agreement in month 2 (history), run B in month 10 (forecast month 4, July 2020),
// run C never. Of B and C, the one event at forecast month 4 halves the survival: the median
// is month 4 (Jul 2020). Deaths from the origin: 100 - 40 = 60 in every run.
TEST(Summary, CountsFromTheOrigin) {
  parley::VariantSummary s("base scenario", 24, {"power"}, parley::YearMonth{2019, 9}, 6);
  const auto run = [](int agreement) {
    parley::RunSummaryInput in;
    in.first_agreement = agreement;
    in.battle_deaths = 100;
    in.history_deaths = 40;
    in.months_simulated = 24;
    return in;
  };
  s.add(run(2));
  s.add(run(10));
  s.add(run(-1));
  const std::string text = s.text();
  EXPECT_NE(text.find("the forecast: 18 months from the origin, month 0 (Mar 2020) to month 17 (Aug 2021)"),
            std::string::npos) << text;
  EXPECT_NE(text.find("the 6 months before it (Sep 2019 to Feb 2020) are history"), std::string::npos) << text;
  EXPECT_NE(text.find("an agreement in 33.3%"), std::string::npos) << text;
  EXPECT_NE(text.find("signed after the origin in 50.0% of the runs without one before it; median month 4 (Jul 2020)"),
            std::string::npos) << text;
  EXPECT_NE(text.find("battle deaths from the origin: mean 60 "), std::string::npos) << text;
  EXPECT_NE(text.find("in the history (before the origin): mean 40"), std::string::npos) << text;

  // Without an origin the same runs count from the start, with dates: B's month 10 is July 2020.
  parley::VariantSummary plain("base scenario", 24, {"power"}, parley::YearMonth{2019, 9});
  plain.add(run(2));
  plain.add(run(10));
  plain.add(run(-1));
  const std::string p = plain.text();
  EXPECT_NE(p.find("24 months, month 0 (Sep 2019) to month 23 (Aug 2021)"), std::string::npos) << p;
  // Events at months 2 and 10 of three runs: S = 2/3 after month 2, 1/3 after month 10.
  EXPECT_NE(p.find("median month 10 (Jul 2020)"), std::string::npos) << p;
  EXPECT_NE(p.find("battle deaths: mean 100 "), std::string::npos) << p;
}

// Paired runs counted from an origin at month 6 of 24: pair 1 signs in months 10 and 8
// (forecast months 4 and 2: difference -2); pair 2's baseline signed in month 3, before the
// origin, so the pair is left out of the months to agreement; pair 3 never signs (18 = the
// forecast's length, both). Mean of (-2, 0) = -1. Deaths from the origin: 60 and 50.
TEST(Paired, CountsFromTheOrigin) {
  parley::PairedLayout l;
  l.months = 24;
  l.origin = 6;
  l.start = "2019-09";
  const auto run = [](std::int64_t n, int agreement, double deaths) {
    parley::StoredRun r;
    r.run = n;
    r.first_agreement = agreement;
    r.battle_deaths = deaths;
    r.history_deaths = 40;
    return r;
  };
  const auto c = parley::compare_paired(l, {run(0, 10, 100), run(1, 3, 100), run(2, -1, 100)},
                                        {run(0, 8, 90), run(1, 9, 90), run(2, -1, 90)});
  const parley::PairedMeasure* m = c.find("months_to_agreement");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->difference.n(), 2);
  EXPECT_DOUBLE_EQ(m->difference.mean(), -1.0);
  EXPECT_DOUBLE_EQ(m->base.mean(), (4.0 + 18.0) / 2);
  EXPECT_EQ(m->name, "months to first agreement (never = 18)");
  const parley::PairedMeasure* d = c.find("battle_deaths");
  ASSERT_NE(d, nullptr);
  EXPECT_DOUBLE_EQ(d->base.mean(), 60.0);
  EXPECT_DOUBLE_EQ(d->variant.mean(), 50.0);
  EXPECT_EQ(d->name, "battle deaths from the origin");
  EXPECT_EQ(c.find("peace")->name, "durable peace by month 17 (Aug 2021)");
  EXPECT_EQ(c.find("agreement_2y")->name, "an agreement by month 23 (Feb 2022)");
}

class Origin : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = new fs::path(fs::temp_directory_path() / ("parley_origin_test_" + std::to_string(::getpid())));
    fs::remove_all(*dir);
    fs::create_directories(*dir);
    const fs::path data = fs::path(PARLEY_SOURCE_DIR) / "tests/data/report";
    // The same scenario without its origin, beside a copy of its map.
    std::string text = slurp(data / "leading.yaml");
    const auto at = text.find("  origin: 2020-09\n");
    ASSERT_NE(at, std::string::npos);
    text.erase(at, std::string("  origin: 2020-09\n").size());
    std::ofstream(*dir / "plain.yaml") << text;
    fs::copy_file(data / "leading.geojson", *dir / "leading.geojson");
    for (const auto& [scenario, db] : {std::pair{data / "leading.yaml", "origin.db"}, std::pair{*dir / "plain.yaml", "plain.db"}}) {
      int status = -1;
      capture(fmt::format("'{}' run '{}' --all-variants --runs 200 --seed 5 --quiet --out '{}' >/dev/null 2>&1",
                          PARLEY_BINARY, scenario.string(), (*dir / db).string()), &status);
      ASSERT_EQ(status, 0) << scenario;
    }
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir);
    delete dir;
  }
  static std::string sql(const fs::path& db, const std::string& query) {
    std::string out = capture("sqlite3 -batch -noheader '" + db.string() + "' \"" + query + "\"");
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
  }
  static parley::test::CommandResult parley(const std::string& args) { return parley::test::run_parley(args); }
  static nlohmann::json map_data(const std::string& html) {
    const auto open = html.find("<script type=\"application/json\" id=\"report-data\">");
    const auto start = html.find('>', open) + 1;
    return nlohmann::json::parse(html.substr(start, html.find("</script>", start) - start))["map"];
  }
  static fs::path* dir;
};

fs::path* Origin::dir = nullptr;

TEST_F(Origin, TheDatabaseStoresTheOriginAndCountsYearsFromIt) {
  const fs::path db = *dir / "origin.db";
  EXPECT_EQ(sql(db, "SELECT group_concat(origin) FROM variants"), "12,12");
  EXPECT_EQ(sql(db, "SELECT group_concat(origin) FROM variants").size(), 5u);
  EXPECT_EQ(sql(*dir / "plain.db", "SELECT group_concat(origin) FROM variants"), "0,0");
  // Year 1 is the twelve months from the origin, year 0 the history's twelve before it.
  EXPECT_EQ(sql(db, "SELECT year || ' ' || first_month || ' ' || last_month FROM yearly_deaths WHERE variant = 'base' "
                    "ORDER BY year"),
            "0 2019-09 2020-08\n1 2020-09 2021-08\n2 2021-09 2022-08\n3 2022-09 2023-08");
  // The history's deaths are part of the run's: never more, and the forecast's are the rest.
  EXPECT_EQ(sql(db, "SELECT COUNT(*) FROM runs WHERE history_deaths > battle_deaths + 1e-9 OR history_deaths < 0"), "0");
  EXPECT_EQ(sql(*dir / "plain.db", "SELECT MAX(history_deaths) FROM runs"), "0.0");
  EXPECT_NE(sql(db, "SELECT MIN(history_deaths) FROM runs"), "0.0");
}

TEST_F(Origin, ControlSharesAreTheTracesControl) {
  // One run: the mean over runs is that run's control, which the trace CSV writes month by month.
  const fs::path db = *dir / "one.db", trace = *dir / "one.csv";
  ASSERT_EQ(parley(fmt::format("run '{}/tests/data/report/leading.yaml' --runs 1 --seed 5 --trace --trace-csv '{}' "
                               "--out '{}'", PARLEY_SOURCE_DIR, trace.string(), db.string())).status, 0);
  std::istringstream csv(slurp(trace));
  std::string header, line;
  std::getline(csv, header);
  std::vector<std::string> names;
  for (std::istringstream h(header); std::getline(h, line, ',');) names.push_back(line);
  int rows = 0;
  while (std::getline(csv, line)) {
    std::vector<std::string> cells;
    for (std::istringstream c(line); std::getline(c, header, ',');) cells.push_back(header);
    for (std::size_t k = 0; k < names.size(); ++k)
      if (names[k].rfind("control:", 0) == 0) {
        const auto colon = names[k].find(':', 8);
        const std::string region = names[k].substr(8, colon - 8), camp = names[k].substr(colon + 1);
        const double stored = std::stod(sql(db, fmt::format("SELECT share_mean FROM region_control WHERE month = {} AND "
                                                            "region = '{}' AND camp = '{}'", cells[0], region, camp)));
        EXPECT_NEAR(stored, std::stod(cells[k]), 1e-5) << names[k] << " month " << cells[0];  // float, 6 digits
      }
    ++rows;
  }
  EXPECT_GT(rows, 0);
  // Control shares of a region sum to 1 over the camps in every row.
  EXPECT_EQ(sql(*dir / "origin.db", "SELECT COUNT(*) FROM (SELECT SUM(share_mean) s FROM region_control GROUP BY "
                                    "variant, month, region) WHERE ABS(s - 1) > 1e-6"),
            "0");
}

TEST_F(Origin, SummaryAndCompareCountFromTheOriginWithDates) {
  const fs::path db = *dir / "origin.db";
  const auto r = parley("summary '" + db.string() + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("base scenario: 200 runs; the forecast: 36 months from the origin, month 0 (Sep 2020) to "
                       "month 35 (Aug 2023)"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the 12 months before it (Sep 2019 to Aug 2020) are history"), std::string::npos) << r.out;
  // Milestones of the history, from the runs table.
  const double n = 200;
  const double formal = std::stod(sql(db, "SELECT COUNT(*) FROM runs WHERE variant = 'base' AND first_formal < 12"));
  const double agreed = std::stod(sql(db, "SELECT COUNT(*) FROM runs WHERE variant = 'base' AND first_agreement < 12"));
  EXPECT_NE(r.out.find(fmt::format("already reached before the origin: formal talks in {:.1f}% of runs, an agreement in "
                                   "{:.1f}%", 100 * formal / n, 100 * agreed / n)),
            std::string::npos) << r.out;
  const double deaths = std::stod(sql(db, "SELECT AVG(battle_deaths - history_deaths) FROM runs WHERE variant = 'base'"));
  EXPECT_NE(r.out.find(fmt::format("battle deaths from the origin: mean {:.0f} ", deaths)), std::string::npos) << r.out;
  // The live summary is the same text.
  const auto live = parley(fmt::format("run '{}/tests/data/report/leading.yaml' --all-variants --runs 200 --seed 5 -q",
                                       PARLEY_SOURCE_DIR));
  ASSERT_EQ(live.status, 0) << live.err;
  EXPECT_EQ(live.out.substr(live.out.find("base scenario")), r.out.substr(r.out.find("base scenario")));

  const auto c = parley("compare '" + db.string() + "'");
  ASSERT_EQ(c.status, 0) << c.err;
  EXPECT_NE(c.out.find("Counted from the origin, month 0 (Sep 2020)"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("durable peace by month 35 (Aug 2023)"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("an agreement by month 23 (Aug 2022)"), std::string::npos) << c.out;
  const auto line = c.out.find("  battle deaths from the origin");
  ASSERT_NE(line, std::string::npos) << c.out;
  EXPECT_NE(c.out.substr(line, c.out.find('\n', line) - line).find(fmt::format(" {:.1f} ", deaths)), std::string::npos)
      << c.out;

  // Without the origin: from the start, with the start's dates.
  const auto p = parley("summary '" + (*dir / "plain.db").string() + "'");
  EXPECT_NE(p.out.find("base scenario: 200 runs over 48 months, month 0 (Sep 2019) to month 47 (Aug 2023)"),
            std::string::npos) << p.out;
  EXPECT_EQ(p.out.find("the origin"), std::string::npos) << p.out;
  const auto pc = parley("compare '" + (*dir / "plain.db").string() + "'");
  EXPECT_NE(pc.out.find("Months are counted from month 0 (Sep 2019)."), std::string::npos) << pc.out;
  EXPECT_NE(pc.out.find("durable peace by month 47 (Aug 2023)"), std::string::npos) << pc.out;
}

TEST_F(Origin, TheReportCountsFromTheOriginInTheScenariosCalendar) {
  const fs::path db = *dir / "origin.db";
  const std::string html = parley::render_report(db.string(), {});
  EXPECT_NE(html.find("Counted from the forecast's origin, month 0 (Sep 2020)"), std::string::npos);
  EXPECT_NE(html.find("forecast year (September to August), counted from the origin"), std::string::npos);
  EXPECT_EQ(html.find("May to April"), std::string::npos);
  const double agreed = std::stod(sql(db, "SELECT COUNT(*) FROM runs WHERE variant = 'base' AND first_agreement < 12"));
  EXPECT_NE(html.find(fmt::format("already reached before the origin in {:.0f}% of runs", agreed / 2)),
            std::string::npos);
  // First-year deaths are year 1's, the twelve months from the origin.
  const std::string median = sql(db, "SELECT CAST(ROUND(deaths_median) AS INTEGER) FROM yearly_deaths WHERE variant = 'base' AND year = 1");
  EXPECT_NE(html.find("<b>Battle deaths</b> in the first year from the origin (month 0 (Sep 2020) to month 11 (Aug 2021))"),
            std::string::npos);
  const auto map = map_data(html);
  EXPECT_EQ(map["months"].size(), 36u);
  EXPECT_EQ(map["months"][0], "month 0 (Sep 2020)");
  EXPECT_EQ(map["months"][35], "month 35 (Aug 2023)");
  EXPECT_NE(html.find("<output id=\"map-month-label\">month 11 (Aug 2021)</output>"), std::string::npos);
  (void)median;
}

TEST_F(Origin, TheMapShowsControlSharesThatDifferWhereOneCampLeadsEverywhere) {
  const fs::path db = *dir / "origin.db";
  const std::string html = parley::render_report(db.string(), {});
  const auto map = map_data(html);
  ASSERT_EQ(map["regions"].get<int>(), 3);
  // Map entry t is month origin + t of the tables; regions in position order.
  for (const auto& [variant, t, region] : {std::tuple{"base", 0, 0}, std::tuple{"base", 35, 2},
                                           std::tuple{"costly_war", 11, 1}}) {
    const double share = std::stod(sql(db, fmt::format("SELECT share_mean FROM region_control WHERE variant = '{}' AND "
                                                       "month = {} AND camp = 'government' AND region = (SELECT region "
                                                       "FROM regions WHERE position = {})", variant, 12 + t, region)));
    const double holds = std::stod(sql(db, fmt::format("SELECT probability FROM region_control WHERE variant = '{}' AND "
                                                       "month = {} AND camp = 'government' AND region = (SELECT region "
                                                       "FROM regions WHERE position = {})", variant, 12 + t, region)));
    EXPECT_EQ(map["share"][variant][t * 3 + region].get<int>(), static_cast<int>(std::lround(share * 100))) << variant;
    EXPECT_EQ(map["control"][variant][t * 3 + region].get<int>(), static_cast<int>(std::lround(holds * 100))) << variant;
  }
  // The government holds the most of every region in every run at the origin: the holder
  // view is one colour, the share view is not.
  EXPECT_EQ(sql(db, "SELECT COUNT(DISTINCT probability) FROM region_control WHERE variant = 'base' AND month = 12 AND "
                    "camp = 'government'"),
            "1");
  std::set<int> shares;
  for (int g = 0; g < 3; ++g) shares.insert(map["share"]["base"][g].get<int>());
  EXPECT_EQ(shares.size(), 3u);
  // The initial fills are the shares' colours; the slider's last month recolours some region.
  std::set<std::string> fills;
  for (auto at = html.find("class=\"province mark\""); at != std::string::npos; at = html.find("class=\"province mark\"", at + 1)) {
    const auto f = html.find("fill=\"", at) + 6;
    fills.insert(html.substr(f, html.find('"', f) - f));
  }
  EXPECT_EQ(fills.size(), 3u);
  bool recolours = false;
  for (int g = 0; g < 3; ++g) recolours = recolours || map["share"]["base"][g] != map["share"]["base"][35 * 3 + g];
  EXPECT_TRUE(recolours);
  EXPECT_NE(html.find("<option value=\"share\" selected>"), std::string::npos);

  // --map holder opens on the holder view: one colour for the three regions.
  const fs::path out = *dir / "holder.html";
  ASSERT_EQ(parley(fmt::format("report '{}' --map holder --month 0 -o '{}'", db.string(), out.string())).status, 0);
  const std::string holder = slurp(out);
  EXPECT_NE(holder.find("<option value=\"holder\" selected>"), std::string::npos);
  std::set<std::string> one;
  for (auto at = holder.find("class=\"province mark\""); at != std::string::npos; at = holder.find("class=\"province mark\"", at + 1)) {
    const auto f = holder.find("fill=\"", at) + 6;
    one.insert(holder.substr(f, holder.find('"', f) - f));
  }
  EXPECT_EQ(one.size(), 1u);
  EXPECT_NE(parley(fmt::format("report '{}' --map nosuch -o '{}'", db.string(), out.string())).status, 0);
}

TEST_F(Origin, WithoutAnOriginTheReportCountsFromTheStart) {
  const std::string html = parley::render_report((*dir / "plain.db").string(), {});
  EXPECT_NE(html.find("forecast year (September to August)"), std::string::npos);
  EXPECT_EQ(html.find("counted from the origin"), std::string::npos);
  EXPECT_EQ(html.find("before the origin"), std::string::npos);
  const auto map = map_data(html);
  EXPECT_EQ(map["months"].size(), 48u);
  EXPECT_EQ(map["months"][0], "month 0 (Sep 2019)");
}

}  // namespace
