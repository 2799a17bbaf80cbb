// parley sensitivity (issue 14 item 6) and the report's "What the forecast depends on".
// tests/data/sensitivity/scenario.yaml is the two-party war with two uncertain values:
// engagement_rate, uniform on [1, 10], which sets how often the sides fight, and
// exit_margin, uniform on [0, 1], which only backers' exit deals read (src/sim/exit.cpp),
// and the scenario has no backers. So:
//
// * exit_margin changes nothing in any run. Every point of one Morris trajectory, and the
//   points A_j and A_B^(i)_j of one Sobol row, share their dice, so f(A_B^(i)_j) = f(A_j)
//   exactly: its mu* and its total index are 0 (margin 1e-12, rounding only). Its first-order
//   index is Jansen's (V - 1/(2N) sum (f_B - f_A)^2) / V, an estimate of 0 whose standard
//   error is about sqrt(2 / N) (f_B - f_A has variance 2V; (f_B - f_A)^2 / 2 has mean V and,
//   for a normal difference, variance 2 V^2): 0.044 at N = 1024, so the margin 0.15 is 3.4
//   standard errors.
// * Battle deaths grow in proportion to the engagement rate (MODEL.md 2: engagements per month
//   per 1000 fighters). If deaths = c x rate x (1 + e) with the dice's relative noise e of sd
//   s (the luck of battles, and of whether an agreement stops the fighting), the rate's share
//   of the variance is Var(rate) / (Var(rate) + E[rate^2] s^2) = 6.75 / (6.75 + 36.75 s^2)
//   (U(1, 10): variance 81/12 = 6.75, E[rate^2] = 36.75), above one half for any s below 0.43:
//   the rate must explain most of the deaths, first-order and total indices above 0.5, and be
//   the input with the larger total index.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "parley/report.hpp"
#include "parley/results_store.hpp"
#include "parley/sensitivity_db.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using parley::test::capture;
using parley::test::run_parley;

const std::string kScenario = std::string(PARLEY_TEST_DATA) + "/sensitivity/scenario.yaml";
const std::string kCertain = std::string(PARLEY_SOURCE_DIR) + "/scenarios/two-party/scenario.yaml";

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("parley_sensitivity_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::remove_all(dir / name);
  return dir / name;
}

std::string sql(const fs::path& db, const std::string& query) {
  std::string out = capture("sqlite3 -batch -noheader '" + db.string() + "' \"" + query + "\"");
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

const parley::SobolRow* sobol(const parley::SensitivityTables& t, const std::string& input, const std::string& output) {
  for (const auto& r : t.sobol)
    if (r.input == input && r.output == output) return &r;
  return nullptr;
}

const parley::MorrisRow* morris(const parley::SensitivityTables& t, const std::string& input, const std::string& output) {
  for (const auto& r : t.morris)
    if (r.input == input && r.output == output) return &r;
  return nullptr;
}

const char* kRate = "parameters.engagement_rate";
const char* kUnused = "parameters.exit_margin";
const char* kOutputs[] = {"peace", "months_to_agreement", "deaths_first_year", "deaths_total", "terms:power", "victory"};

TEST(SensitivityCommand, TheDominantInputIsLargeAndTheUnusedOneZero) {
  const fs::path out = scratch("all.db");
  // --screen-threshold 0 keeps both inputs, so the unused one gets Sobol indices too.
  const auto r = run_parley("sensitivity " + q(kScenario) + " --out " + q(out) +
                            " --screen-threshold 0 --trajectories 10 --samples 1024 --replicates 1 --bootstrap 100 "
                            "--seed 7 -q");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto t = parley::read_sensitivity(out.string());
  ASSERT_EQ(t.inputs.size(), 2u);
  EXPECT_TRUE(t.inputs[0].screened_in);
  EXPECT_TRUE(t.inputs[1].screened_in);
  for (const char* o : kOutputs) {
    const auto* m = morris(t, kUnused, o);
    ASSERT_NE(m, nullptr) << o;
    EXPECT_NEAR(m->mu_star, 0.0, 1e-12) << o;
    const auto* s = sobol(t, kUnused, o);
    ASSERT_NE(s, nullptr) << o;
    if (std::isnan(s->total)) continue;  // an output that never varies (V = 0) has no indices
    EXPECT_NEAR(s->total, 0.0, 1e-12) << o;
    EXPECT_NEAR(s->first, 0.0, 0.15) << o;
  }
  for (const char* o : {"deaths_first_year", "deaths_total"}) {
    const auto* s = sobol(t, kRate, o);
    ASSERT_NE(s, nullptr);
    EXPECT_GT(s->total, 0.5) << o;
    EXPECT_GT(s->first, 0.5) << o;
    EXPECT_GT(s->total, sobol(t, kUnused, o)->total) << o;
    EXPECT_LE(s->total_low, s->total);
    EXPECT_GE(s->total_high, s->total);
    EXPECT_GT(morris(t, kRate, o)->mu_star, 0) << o;
  }
  // The outputs' means lie where their definitions put them: shares in [0, 1], months to an
  // agreement in [0, 24] (24 months from the origin 2021-01 to the horizon 2022-12), the first
  // year's deaths at most the whole window's.
  for (const auto& o : t.outputs) {
    if (o.name == "peace" || o.name == "victory") {
      EXPECT_GE(o.mean, 0);
      EXPECT_LE(o.mean, 1);
    }
    if (o.name == "months_to_agreement") {
      EXPECT_GE(o.mean, 0);
      EXPECT_LE(o.mean, 24);
    }
  }
  EXPECT_LE(t.outputs[2].mean, t.outputs[3].mean);
  EXPECT_GT(t.outputs[2].mean, 0);
  EXPECT_EQ(t.origin, "2021-01");
  EXPECT_EQ(t.horizon, "2022-12");
  EXPECT_EQ(t.morris_evaluations, 10u * 3u);
  EXPECT_EQ(t.sobol_evaluations, 1024u * 4u);
  EXPECT_EQ(t.simulations, 10u * 3u + 1024u * 4u);
  EXPECT_EQ(t.stopped, "complete");
}

TEST(SensitivityCommand, TheScreeningDropsTheUnusedInputAndTheTablesHaveTheirRows) {
  const fs::path out = scratch("screen.db"), csv = scratch("csv");
  const auto r = run_parley("sensitivity " + q(kScenario) + " --out " + q(out) + " --csv " + q(csv) +
                            " --trajectories 8 --samples 64 --replicates 2 --bootstrap 20 -q");
  ASSERT_EQ(r.status, 0) << r.err;
  // Counted by sqlite3 itself, not by parley's reader: 2 inputs, 6 outputs (4, one issue's
  // terms, victory), Morris on every pair, Sobol on the one input kept.
  EXPECT_EQ(sql(out, "PRAGMA application_id"), std::to_string(0x50524C53));
  EXPECT_EQ(sql(out, "SELECT COUNT(*) FROM inputs"), "2");
  EXPECT_EQ(sql(out, "SELECT group_concat(input) FROM inputs WHERE screened_in = 1"), kRate);
  EXPECT_EQ(sql(out, "SELECT COUNT(*) FROM outputs"), "6");
  EXPECT_EQ(sql(out, "SELECT COUNT(*) FROM morris"), "12");
  EXPECT_EQ(sql(out, "SELECT COUNT(*) FROM sobol"), "6");
  EXPECT_EQ(sql(out, "SELECT COUNT(DISTINCT input) FROM sobol"), "1");
  EXPECT_EQ(sql(out, "SELECT COUNT(*) FROM sensitivity"), "1");
  // peace and victory never happen in these 36 months: variance 0, indices NULL.
  EXPECT_EQ(sql(out, "SELECT group_concat(output) FROM (SELECT output FROM sobol WHERE total IS NULL ORDER BY output)"),
            "peace,victory");
  EXPECT_EQ(sql(out, "SELECT COUNT(*) FROM outputs WHERE variance = 0"), "2");
  EXPECT_EQ(sql(out, "SELECT samples || ' ' || replicates || ' ' || simulations FROM sensitivity"),
            std::to_string(64) + " 2 " + std::to_string((8 * 3 + 64 * 3) * 2));
  EXPECT_EQ(sql(out, "SELECT COUNT(*) FROM files WHERE role = 'scenario'"), "1");
  // The CSV files: a header and the same rows.
  const auto lines = [](const fs::path& p) {
    const std::string text = parley::test::slurp(p);
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  };
  EXPECT_EQ(lines(csv / "inputs.csv"), 3);
  EXPECT_EQ(lines(csv / "outputs.csv"), 7);
  EXPECT_EQ(lines(csv / "morris.csv"), 13);
  EXPECT_EQ(lines(csv / "sobol.csv"), 7);
  EXPECT_EQ(parley::test::slurp(csv / "sobol.csv").rfind("input,output,first,first_low,first_high,total,total_low,total_high\n", 0), 0u);
  // The text on stdout names both phases and the input kept.
  EXPECT_NE(r.out.find("Morris screening"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Sobol indices"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 of 2 inputs passed the screening"), std::string::npos) << r.out;
}

TEST(SensitivityCommand, TheSameForAnyThreadCount) {
  const fs::path one = scratch("one.db"), two = scratch("two.db");
  const std::string args = " --trajectories 6 --samples 128 --replicates 2 --bootstrap 30 --screen-threshold 0 -q --seed 11";
  ASSERT_EQ(run_parley("sensitivity " + q(kScenario) + " --out " + q(one) + " -j 1" + args).status, 0);
  ASSERT_EQ(run_parley("sensitivity " + q(kScenario) + " --out " + q(two) + " -j 2" + args).status, 0);
  // Every table, row for row, as sqlite3 prints it (the settings but for the command line).
  for (const char* query :
       {"SELECT * FROM morris ORDER BY input, output", "SELECT * FROM sobol ORDER BY input, output",
        "SELECT * FROM inputs ORDER BY position", "SELECT * FROM outputs ORDER BY position",
        "SELECT * FROM files ORDER BY position",
        "SELECT scenario_path, scenario_name, variant, start, origin, horizon, seed, trajectories, levels, samples, "
        "bootstrap, confidence, replicates, screen_threshold, morris_evaluations, sobol_evaluations, simulations, "
        "stopped FROM sensitivity"}) {
    const std::string a = sql(one, query);
    EXPECT_FALSE(a.empty()) << query;
    EXPECT_EQ(a, sql(two, query)) << query;
  }
}

TEST(SensitivityCommand, RefusesAScenarioWithoutUncertainValues) {
  const fs::path out = scratch("none.db");
  const auto r = run_parley("sensitivity " + q(kCertain) + " --out " + q(out) + " -q");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("no value is uncertain"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(SensitivityCommand, RefusesAnUnknownOutputNamingTheChoices) {
  const fs::path out = scratch("bad-output.db");
  const auto r = run_parley("sensitivity " + q(kScenario) + " --out " + q(out) + " --outputs peace,nosuch -q");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("'nosuch' is not an output"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("deaths_first_year"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("terms:power"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(run_parley("sensitivity " + q(kScenario) + " --out " + q(out) + " --outputs , -q").status, 2);
}

TEST(SensitivityCommand, ChosenOutputsOnly) {
  const fs::path out = scratch("chosen.db");
  const auto r = run_parley("sensitivity " + q(kScenario) + " --out " + q(out) +
                            " --outputs deaths_total,terms --trajectories 4 --samples 16 --replicates 1 --bootstrap 0 -q");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(sql(out, "SELECT group_concat(output) FROM (SELECT output FROM outputs ORDER BY position)"),
            "deaths_total,terms:power");
}

TEST(SensitivityCommand, RefusesAnOutThatCannotBeWritten) {
  const fs::path missing = scratch("no-such-folder") / "sens.db";
  auto r = run_parley("sensitivity " + q(kScenario) + " --out " + q(missing) + " -q");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
  // An existing file is never overwritten: refused before any simulation.
  const fs::path existing = scratch("existing.db");
  { std::ofstream(existing) << "keep me"; }
  r = run_parley("sensitivity " + q(kScenario) + " --out " + q(existing) + " -q");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("exists already"), std::string::npos) << r.err;
  EXPECT_EQ(parley::test::slurp(existing), "keep me");
  // An unknown variant.
  r = run_parley("sensitivity " + q(kScenario) + " --out " + q(scratch("v.db")) + " --variant nosuch -q");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("no variant 'nosuch'"), std::string::npos) << r.err;
}

TEST(SensitivityCommand, TheReportDrawsATornadoPerOutput) {
  const fs::path sens = scratch("report-sens.db"), results = scratch("report-results.db"), html = scratch("r.html");
  ASSERT_EQ(run_parley("sensitivity " + q(kScenario) + " --out " + q(sens) +
                       " --trajectories 6 --samples 256 --replicates 1 --bootstrap 30 -q")
                .status,
            0);
  ASSERT_EQ(run_parley("run " + q(kScenario) + " --runs 40 --seed 3 -q --out " + q(results)).status, 0);
  const auto r = run_parley("report " + q(results) + " -o " + q(html) + " --sensitivity " + q(sens));
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string page = parley::test::slurp(html);
  EXPECT_NE(page.find("What the forecast depends on"), std::string::npos);
  // A chart per output that varies; peace and victory never happen within these 36 months
  // (their variance is 0), so they get a sentence and no chart.
  for (const auto& o : parley::read_sensitivity(sens.string()).outputs) {
    const bool drawn = page.find("data-chart=\"sensitivity-" + o.name + "\"") != std::string::npos;
    EXPECT_EQ(drawn, o.variance > 0) << o.name;
  }
  for (const char* o : {"deaths_first_year", "deaths_total", "months_to_agreement", "terms:power"})
    EXPECT_NE(page.find(std::string("data-chart=\"sensitivity-") + o + "\""), std::string::npos) << o;
  EXPECT_NE(page.find("<b>victory</b> is the same at every point of the design"), std::string::npos);
  // The sentence on deaths names the engagement rate, the one input that matters.
  const auto at = page.find("<b>deaths_first_year</b> (");
  ASSERT_NE(at, std::string::npos);
  const std::string sentence = page.substr(at, page.find("</p>", at) - at);
  EXPECT_NE(sentence.find("depends most on <b>parameters.engagement_rate</b>"), std::string::npos) << sentence;
  EXPECT_EQ(sentence.find(kUnused), std::string::npos) << sentence;
  EXPECT_NE(page.find("Screened out"), std::string::npos);
  EXPECT_NE(page.find(kUnused), std::string::npos);
  // A sensitivity database of another scenario is shown with a warning.
  const fs::path other = scratch("other.db"), other_html = scratch("other.html");
  ASSERT_EQ(run_parley("run " + q(kCertain) + " --runs 20 -q --out " + q(other)).status, 0);
  ASSERT_EQ(run_parley("report " + q(other) + " -o " + q(other_html) + " --sensitivity " + q(sens)).status, 0);
  EXPECT_NE(parley::test::slurp(other_html).find("This analysis was made for the scenario"), std::string::npos);
  EXPECT_EQ(page.find("This analysis was made for the scenario"), std::string::npos);
  // Without --sensitivity the section is absent; a file that is not a sensitivity database is refused.
  EXPECT_EQ(parley::render_report(results.string(), {}).find("What the forecast depends on"), std::string::npos);
  const auto bad = run_parley("report " + q(results) + " -o " + q(scratch("bad.html")) + " --sensitivity " + q(results));
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("is not a sensitivity database"), std::string::npos) << bad.err;
}

}  // namespace
