// parley report: the numbers in the HTML against the results database read with the sqlite3
// command-line tool (an independent reader), hand-worked intervals and yearly deaths, and
// every error of the command.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "test_support.hpp"
#include "parley/analysis.hpp"
#include "parley/report.hpp"
#include "parley/results_store.hpp"

namespace {

namespace fs = std::filesystem;
using parley::test::capture;
using parley::test::slurp;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// Wilson's interval, worked by hand: for k = 15 of n = 20, p = 0.75, z = 1.959964:
// centre = (p + z^2/2n) / (1 + z^2/n) = (0.75 + 0.096036) / 1.192073 = 0.709719
// half = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2) = 1.644165 * sqrt(0.009375 + 0.002401) = 0.178428
// so 0.5313 to 0.8881 (the interval usually quoted for 15/20). For 0 of 10 the interval is
// 0 to z^2/(n + z^2) = 3.841459 / 13.841459 = 0.2775.
TEST(ReportNumbers, WilsonIntervalHandWorked) {
  auto [lo, hi] = parley::wilson_interval(15, 20);
  EXPECT_NEAR(lo, 0.5313, 1e-4);
  EXPECT_NEAR(hi, 0.8881, 1e-4);
  auto [lo0, hi0] = parley::wilson_interval(0, 10);
  EXPECT_DOUBLE_EQ(lo0, 0.0);
  EXPECT_NEAR(hi0, 0.2775, 1e-4);
}

// Deaths per year from cumulative monthly deaths, worked by hand over a 24-month horizon:
// run A loses 10 a month for all 24 months: 120 in year 1, 120 in year 2;
// run B loses 10 a month and ends after 6 months (peace): 60 in year 1, 0 in year 2.
// Means: year 1 (120 + 60) / 2 = 90, year 2 (120 + 0) / 2 = 60.
TEST(ReportNumbers, YearlyDeathsFromCumulativeMonths) {
  parley::Scenario s;
  s.months = 24;
  s.camps.resize(2);
  s.regions.resize(1);
  parley::VariantAggregate agg(s);
  const auto record = [](int months) {
    parley::RunMonths rm;
    rm.months = months;
    for (int t = 0; t < months; ++t) {
      rm.talks.push_back(0);
      rm.deaths.push_back(10.0 * (t + 1));
      rm.share.insert(rm.share.end(), {0.5, 0.5});
      rm.holder.push_back(0);
    }
    return rm;
  };
  parley::RunResult a, b;
  agg.add(a, record(24));
  agg.add(b, record(6));
  ASSERT_EQ(agg.years(), 2);
  EXPECT_DOUBLE_EQ(agg.year_deaths_mean(0), 90.0);
  EXPECT_DOUBLE_EQ(agg.year_deaths_mean(1), 60.0);
  // Quantiles come from bins 4.7% wide: the upper half of year 1 is run A's 120.
  EXPECT_NEAR(agg.year_deaths_quantile(0, 0.95), 120.0, 120.0 * 0.05);
  EXPECT_NEAR(agg.year_deaths_quantile(1, 0.05), 0.0, 1.0);  // run B: no deaths (bin [0, 1))
  // A 30-month horizon has a short third year: months 24 to 29.
  s.months = 30;
  EXPECT_EQ(parley::VariantAggregate(s).years(), 3);
}

class Report : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = new fs::path(fs::temp_directory_path() / ("parley_report_test_" + std::to_string(::getpid())));
    fs::remove_all(*dir);
    fs::create_directories(*dir);
    const std::string src = PARLEY_SOURCE_DIR;
    int status = -1;
    capture(fmt::format("'{}' run '{}/scenarios/two-party/scenario.yaml' --all-variants --runs 300 --seed 7 --quiet "
                        "--out '{}' >/dev/null 2>&1", PARLEY_BINARY, src, (*dir / "two.db").string()), &status);
    ASSERT_EQ(status, 0);
    capture(fmt::format("'{}' run '{}/scenarios/afghanistan-2015/scenario.yaml' --all-variants --runs 60 --seed 3 "
                        "--quiet --out '{}' >/dev/null 2>&1", PARLEY_BINARY, src, (*dir / "afg.db").string()), &status);
    ASSERT_EQ(status, 0);
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

  using Result = parley::test::CommandResult;
  static Result parley(const std::string& args) { return parley::test::run_parley(args); }

  static fs::path* dir;
};

fs::path* Report::dir = nullptr;

TEST_F(Report, HeadlineSharesAreTheRunsTableCounts) {
  const fs::path db = *dir / "two.db";
  const std::string html = parley::render_report(db.string(), {});
  // No questions in two-party: the baseline is the base scenario.
  const auto n = std::stoll(sql(db, "SELECT COUNT(*) FROM runs WHERE variant = 'base'"));
  ASSERT_EQ(n, 300);
  const auto formal = std::stoll(sql(db, "SELECT COUNT(first_formal) FROM runs WHERE variant = 'base'"));
  const auto agreed = std::stoll(sql(db, "SELECT COUNT(first_agreement) FROM runs WHERE variant = 'base'"));
  const auto peace = std::stoll(sql(db, "SELECT COUNT(*) FROM runs WHERE variant = 'base' AND outcome = 'peace'"));
  const auto share = [&](long long k) {
    auto [lo, hi] = parley::wilson_interval(k, n);
    return fmt::format("<strong>{:.0f}%</strong> (95% interval {:.0f}% to {:.0f}%)", 100.0 * k / n, lo * 100, hi * 100);
  };
  EXPECT_NE(html.find("<b>Formal talks</b> open in " + share(formal) + " of runs"), std::string::npos);
  EXPECT_NE(html.find("<b>An agreement</b> is signed in " + share(agreed) + " of runs"), std::string::npos);
  EXPECT_NE(html.find("<b>Durable peace</b> (an agreement implemented to the end) comes in " + share(peace)),
            std::string::npos);
  // The mean agreed terms on 'power', against AVG over the runs with an agreement.
  const double terms = std::stod(sql(db, "SELECT AVG(term_power) FROM runs WHERE variant = 'base' AND term_power IS NOT NULL"));
  EXPECT_NE(html.find(fmt::format("<b>Insurgent share of state power</b> {:.1f} (", terms)), std::string::npos);
}

TEST_F(Report, VariantDifferencesArePairedMeansOfTheRuns) {
  const fs::path db = *dir / "two.db";
  const std::string html = parley::render_report(db.string(), {});
  // Durable peace, ceasefire minus base, run n against run n: the per-run differences from
  // SQL, their mean and 1.96 standard errors computed here.
  std::istringstream rows(sql(db, "SELECT (v.outcome = 'peace') - (b.outcome = 'peace') FROM runs b JOIN runs v "
                                  "ON v.run = b.run AND v.variant = 'ceasefire' WHERE b.variant = 'base'"));
  std::vector<double> d;
  for (double x; rows >> x;) d.push_back(x * 100);
  ASSERT_EQ(d.size(), 300u);
  double mean = 0, ss = 0;
  for (double x : d) mean += x / static_cast<double>(d.size());
  for (double x : d) ss += (x - mean) * (x - mean);
  const double half = 1.959963984540054 * std::sqrt(ss / static_cast<double>(d.size() - 1)) / std::sqrt(300.0);
  // The report writes a value that rounds to zero as "0.0", else with its sign.
  const auto signed_text = [](double x) {
    return std::fabs(x) < 0.05 ? std::string("0.0") : fmt::format("{}{:.1f}", x > 0 ? "+" : "", x);
  };
  const double base = std::stod(sql(db, "SELECT AVG(outcome = 'peace') FROM runs WHERE variant = 'base'"));
  const double var = std::stod(sql(db, "SELECT AVG(outcome = 'peace') FROM runs WHERE variant = 'ceasefire'"));
  const auto at = html.find("<li><b>ceasefire</b>");
  ASSERT_NE(at, std::string::npos);
  const std::string sentence = html.substr(at, html.find("</li>", at) - at);
  EXPECT_NE(sentence.find(fmt::format("durable peace by month 59 (Dec 2024): {:.0f}% against {:.0f}%, ", var * 100,
                                      base * 100)),
            std::string::npos) << sentence;
  EXPECT_NE(sentence.find(fmt::format("95% interval {} to {})", signed_text(mean - half), signed_text(mean + half))),
            std::string::npos) << sentence;
  EXPECT_NE(sentence.find("(300 paired runs)"), std::string::npos) << sentence;
}

TEST_F(Report, EveryChartIsThereAndNothingIsFetched) {
  const std::string two = parley::render_report((*dir / "two.db").string(), {});
  // two-party: talks, deaths, agenda, victory, two survival charts, four difference charts, one
  // terms chart (one issue); no map.
  EXPECT_EQ(count(two, "<figure class=\"chart\""), 11u);
  for (const char* kind : {"talks", "deaths", "agenda", "victory", "survival-agreement", "survival-peace",
                           "differences-peace", "differences-agreement", "differences-formal", "differences-deaths",
                           "terms-power"})
    EXPECT_NE(two.find(std::string("data-chart=\"") + kind + "\""), std::string::npos) << kind;
  EXPECT_EQ(count(two, "data-chart=\"map\""), 0u);
  const std::string afg = parley::render_report((*dir / "afg.db").string(), {});
  // Afghanistan: talks, deaths, agenda and victory, four questions with two survival charts
  // each, four difference charts, three issues, and the map.
  EXPECT_EQ(count(afg, "<figure class=\"chart\""), 4u + 8u + 4u + 3u + 1u);
  EXPECT_EQ(count(afg, "class=\"province mark\""), 34u);
  for (const std::string& html : {two, afg}) {
    EXPECT_EQ(html.find("http://"), std::string::npos);
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_EQ(html.find("<script src"), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
    EXPECT_EQ(html.find("NaN"), std::string::npos);
  }
}

TEST_F(Report, MapColoursAreTheRegionControlProbabilities) {
  const fs::path db = *dir / "afg.db";
  const std::string html = parley::render_report(db.string(), {});
  const auto open = html.find("<script type=\"application/json\" id=\"report-data\">");
  ASSERT_NE(open, std::string::npos);
  const auto start = html.find('>', open) + 1;
  const auto data = nlohmann::json::parse(html.substr(start, html.find("</script>", start) - start));
  const auto& map = data["map"];
  ASSERT_EQ(map["regions"].get<int>(), 34);
  const int kabul = std::stoi(sql(db, "SELECT position FROM regions WHERE region = 'kabul'"));
  const int helmand = std::stoi(sql(db, "SELECT position FROM regions WHERE region = 'helmand'"));
  // The flagship's forecast starts at its origin (May 2015, month 40 of the runs): the map's
  // month t is the stored month origin + t.
  const int origin = std::stoi(sql(db, "SELECT origin FROM variants WHERE variant = 'two_track'"));
  EXPECT_EQ(origin, 40);
  for (const auto& [variant, month, region] : {std::tuple{"two_track", 11, kabul}, std::tuple{"us_stays", 100, helmand},
                                               std::tuple{"fight_first", 0, helmand}}) {
    const double p = std::stod(sql(db, fmt::format("SELECT probability FROM region_control WHERE variant = '{}' AND "
                                                   "month = {} AND camp = 'government' AND region = (SELECT region FROM "
                                                   "regions WHERE position = {})", variant, origin + month, region)));
    EXPECT_EQ(map["control"][variant][month * 34 + region].get<int>(), static_cast<int>(std::lround(p * 100)))
        << variant << " month " << month;
  }
  // Months count from 0 (the origin), each with its date.
  EXPECT_EQ(map["months"][0], "month 0 (May 2015)");
  EXPECT_EQ(map["months"][119], "month 119 (Apr 2025)");
  // The questions come in the scenario's order, each answered for every variant against the first.
  EXPECT_LT(html.find("Does a two-track strategy"), html.find("How much does Pakistani pressure"));
  EXPECT_NE(html.find("<li><b>fight_first</b>"), std::string::npos);
  EXPECT_NE(html.find("against <b>pressure_moderate</b>"), std::string::npos);
  EXPECT_NE(html.find("data-chart=\"survival-peace-drawdown\""), std::string::npos);
  // How soon an effect shows: the first month in which the shares of runs with an agreement
  // by then differ by 5 points or more, counted here from first_agreement, over the runs
  // without an agreement before the origin.
  const auto signed_by = [&](const char* variant, int t) {
    return std::stod(sql(db, fmt::format("SELECT AVG(first_agreement IS NOT NULL AND first_agreement <= {}) FROM runs "
                                         "WHERE variant = '{}' AND (first_agreement IS NULL OR first_agreement >= {})",
                                         origin + t, variant, origin)));
  };
  int parts = -1;
  for (int t = 0; t < 120 && parts < 0; ++t)
    if (std::fabs(signed_by("pressure_strong", t) - signed_by("pressure_moderate", t)) >= 0.05 - 1e-12) parts = t;
  const auto at = html.find("<li><b>pressure_strong</b>");
  const std::string sentence = html.substr(at, html.find("</li>", at) - at);
  if (parts >= 0)
    EXPECT_NE(sentence.find(fmt::format("differ by 5 points or more in {}", map["months"][parts].get<std::string>())),
              std::string::npos)
        << sentence;
  else
    EXPECT_EQ(sentence.find("differ by 5 points"), std::string::npos) << sentence;
}

TEST_F(Report, CommandWritesTheFileAndRefusesBadInput) {
  const fs::path db = *dir / "two.db", out = *dir / "report.html";
  Result ok = parley(fmt::format("report '{}' -o '{}'", db.string(), out.string()));
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_NE(ok.out.find("report written to " + out.string()), std::string::npos);
  EXPECT_TRUE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".partial"));
  EXPECT_EQ(slurp(out), parley::render_report(db.string(), {}));

  Result missing = parley(fmt::format("report '{}/nothing.db' -o '{}'", dir->string(), out.string()));
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("nothing.db: no such file"), std::string::npos) << missing.err;

  std::ofstream(*dir / "text.db") << "not a database\n";
  Result text = parley(fmt::format("report '{}/text.db' -o '{}'", dir->string(), out.string()));
  EXPECT_EQ(text.status, 2);
  EXPECT_NE(text.err.find("is not a parley results database"), std::string::npos) << text.err;

  Result baseline = parley(fmt::format("report '{}' --baseline nope -o '{}'", db.string(), out.string()));
  EXPECT_EQ(baseline.status, 2);
  EXPECT_NE(baseline.err.find("has no variant 'nope' (it holds: base, ceasefire, costly_war)"), std::string::npos)
      << baseline.err;

  Result folder = parley(fmt::format("report '{}' -o '{}/no/such/folder/r.html'", db.string(), dir->string()));
  EXPECT_EQ(folder.status, 1);
  EXPECT_NE(folder.err.find("does not exist"), std::string::npos) << folder.err;

  Result is_dir = parley(fmt::format("report '{}' -o '{}'", db.string(), dir->string()));
  EXPECT_EQ(is_dir.status, 2);
  EXPECT_NE(is_dir.err.find("is a folder"), std::string::npos) << is_dir.err;

  // An interrupted experiment: the report needs all of it and says how to finish it.
  fs::copy_file(db, *dir / "incomplete.db", fs::copy_options::overwrite_existing);
  sql(*dir / "incomplete.db", "UPDATE experiment SET status = 'incomplete'");
  Result inc = parley(fmt::format("report '{}/incomplete.db' -o '{}/inc.html'", dir->string(), dir->string()));
  EXPECT_EQ(inc.status, 2);
  EXPECT_NE(inc.err.find("is incomplete"), std::string::npos) << inc.err;
  EXPECT_NE(inc.err.find("--resume"), std::string::npos) << inc.err;
  EXPECT_FALSE(fs::exists(*dir / "inc.html"));

  // Months count from 0: --month 0 is the first, a negative one is refused.
  Result month = parley(fmt::format("report '{}' --month=-1 -o '{}'", db.string(), out.string()));
  EXPECT_EQ(month.status, 2);
  EXPECT_EQ(parley(fmt::format("report '{}' --month 0 -o '{}'", db.string(), out.string())).status, 0);
}

TEST_F(Report, AFullDiskLeavesNoReportAndSaysWhy) {
  // The file size limit (16 KiB, with SIGXFSZ ignored so that writes fail with EFBIG) stands
  // in for a full disk; the report of two-party is about 60 KiB. An older report survives.
  const fs::path db = *dir / "two.db", out = *dir / "full.html";
  std::ofstream(out) << "an older report\n";
  Result full = parley::test::run_parley(fmt::format("report '{}' -o '{}'", db.string(), out.string()), 16);
  EXPECT_EQ(full.status, 1);
  EXPECT_NE(full.err.find("the file size limit was reached"), std::string::npos) << full.err;
  EXPECT_EQ(slurp(out), "an older report\n");
  EXPECT_FALSE(fs::exists(out.string() + ".partial"));
}

TEST_F(Report, TextFromTheScenarioCannotBreakThePage) {
  // A scenario named with markup: the page shows the text, it does not run it.
  std::string text = slurp(fs::path(PARLEY_SOURCE_DIR) / "scenarios/two-party/scenario.yaml");
  const auto at = text.find("\n  name: ");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, text.find('\n', at + 1) - at, "\n  name: \"<script>alert('x')</script> & </b>\"");
  std::ofstream(*dir / "markup.yaml") << text;
  Result run = parley(fmt::format("run '{0}/markup.yaml' --runs 5 --quiet --out '{0}/markup.db'", dir->string()));
  ASSERT_EQ(run.status, 0) << run.err;
  const std::string html = parley::render_report((*dir / "markup.db").string(), {});
  EXPECT_NE(html.find("<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;/b&gt;</h1>"), std::string::npos);
  EXPECT_EQ(html.find("alert('x')"), std::string::npos);
  EXPECT_EQ(count(html, "<script"), 2u);  // the page's own data and script
}

}  // namespace
