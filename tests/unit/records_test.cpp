// The records of model version 2 in a results database (schema version 4, still in version 6): the runs table's
// power columns and camp_deaths_<camp>, tracks, agenda_items, run_tracks, inputs, run_inputs,
// monthly_agenda and monthly_victory, each checked against what the library's runs produce
// (simulate_run called here, with the same seed and run numbers as parley run) and the
// shares computed here from those runs, not by the aggregate; and the aggregate's agenda and
// victory tables on small hand-made cases.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "parley/analysis.hpp"
#include "parley/results_reader.hpp"
#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using parley::test::capture;
using parley::test::run_parley;

// Two tracks with agendas (the first with a ratifier), an uncertain input, and a war hard
// enough that some runs end in victory while others sign.
const char* kScenario = R"(format: 2
meta:
  name: Records
  start: 2020-01
  months: 48
  parameters: {engagement_rate: 6, open_rate: 0.3, formal_rate: 0.3, derail_rate: 0.02, concession_rate: 0.3}
issues:
  - {id: power, label: Power}
  - {id: troops, label: Troops}
  - {id: land, label: Land}
camps:
  - {id: gov, name: Government, victory_terms: {power: 0, troops: 100, land: 0}}
  - {id: ins, name: Insurgents, victory_terms: {power: 100, troops: 0, land: 100}}
actors:
  - {id: g, role: belligerent, camp: gov, veto: true, positions: {power: 20, troops: 60, land: 30},
     salience: {power: 1, troops: 0.5, land: 0.5}, cost_of_war: 0.004, belief: {mean: 0.55, strength: 10}}
  - {id: r, role: belligerent, camp: ins, veto: true, positions: {power: 70, troops: 30, land: 70},
     salience: {power: 1, troops: 0.5, land: 0.5}, cost_of_war: {uniform: [0.002, 0.008]},
     belief: {mean: 0.55, strength: 10}}
  - {id: voters, role: civil, positions: {power: 30, troops: 50, land: 40}, salience: {power: 1, troops: 1, land: 1}}
regions:
  - {id: north, population: 1000, control: {gov: 0.5, ins: 0.5}, forces: {g: 300, r: 250}}
  - {id: south, population: 800, control: {gov: 0.7, ins: 0.3}, forces: {g: 200, r: 150}}
tracks:
  - {id: main, participants: [g, r], agenda: [power, [troops, land]], ratifier: voters}
  - {id: side, participants: [g, r], agenda: [land]}
variants:
  calm: {description: a slower war, meta: {parameters: {engagement_rate: 2}}}
)";

class Records : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = new fs::path(fs::temp_directory_path() / ("parley_records_test_" + std::to_string(::getpid())));
    fs::remove_all(*dir);
    fs::create_directories(*dir);
    std::ofstream(*dir / "records.yaml") << kScenario;
    const auto r = run_parley("run '" + (*dir / "records.yaml").string() + "' --runs " + std::to_string(kRuns) +
                              " --seed " + std::to_string(kSeed) + " --all-variants --threads 2 -q --out '" +
                              db().string() + "'");
    ASSERT_EQ(r.status, 0) << r.err;
    parley::LoadResult loaded = parley::load_scenario_file((*dir / "records.yaml").string());
    ASSERT_TRUE(loaded.scenarios) << loaded.diagnostics.str();
    set = new parley::ScenarioSet(std::move(*loaded.scenarios));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir);
    delete dir;
    delete set;
  }
  static fs::path db() { return *dir / "r.db"; }
  static std::string sql(const std::string& query) {
    return capture("sqlite3 -batch -noheader '" + db().string() + "' \"" + query + "\"");
  }
  const parley::Scenario& variant(const std::string& name) const {
    return name == "base" ? set->base : *set->find(name);
  }
  // The runs of a variant as the library makes them, with their monthly records.
  struct Simulated {
    std::vector<parley::RunResult> results;
    std::vector<parley::RunMonths> months;
  };
  Simulated simulate(const std::string& name) const {
    Simulated out;
    for (int n = 0; n < kRuns; ++n) {
      parley::RunMonths m;
      parley::RunOptions o;
      o.seed = kSeed;
      o.run = static_cast<std::uint64_t>(n);
      o.months = &m;
      out.results.push_back(parley::simulate_run(variant(name), o));
      out.months.push_back(std::move(m));
    }
    return out;
  }
  // Every row of a table, cells as text ("" for NULL), through the reader's generic rows.
  static std::vector<std::map<std::string, parley::StoredCell>> rows(const parley::ResultsReader& reader,
                                                                     const std::string& table) {
    std::vector<std::string> names;
    std::vector<std::map<std::string, parley::StoredCell>> out;
    reader.for_each_row(
        table, [&](const std::vector<std::string>& n) { names = n; },
        [&](const std::vector<parley::StoredCell>& cells) {
          std::map<std::string, parley::StoredCell> row;
          for (std::size_t c = 0; c < cells.size(); ++c) row[names[c]] = cells[c];
          out.push_back(std::move(row));
        });
    return out;
  }
  static constexpr int kRuns = 80;
  static constexpr std::uint64_t kSeed = 11;
  static fs::path* dir;
  static parley::ScenarioSet* set;
};

fs::path* Records::dir = nullptr;
parley::ScenarioSet* Records::set = nullptr;

double real(const parley::StoredCell& c) {
  return c.type == parley::StoredCell::Type::integer ? static_cast<double>(c.integer) : c.real;
}
// A month column: -1 for NULL.
int month(const parley::StoredCell& c) {
  return c.type == parley::StoredCell::Type::null ? -1 : static_cast<int>(c.integer);
}

TEST_F(Records, SchemaVersion6WithTheNewTables) {
  EXPECT_EQ(sql("PRAGMA user_version"), "6\n");
  for (const char* table : {"tracks", "agenda_items", "run_tracks", "inputs", "run_inputs", "monthly_agenda",
                            "monthly_victory", "actors", "calendar_years", "run_yearly_deaths", "observations",
                            "run_observations"})
    EXPECT_NE(std::find(parley::ResultsReader::tables().begin(), parley::ResultsReader::tables().end(), table),
              parley::ResultsReader::tables().end())
        << table;
  EXPECT_EQ(sql("SELECT variant, track, position, participants, items FROM tracks ORDER BY variant, position"),
            "base|main|0|g, r|2\nbase|side|1|g, r|2\ncalm|main|0|g, r|2\ncalm|side|1|g, r|2\n");
  EXPECT_EQ(sql("SELECT track, item, issues FROM agenda_items WHERE variant = 'base' ORDER BY track, item"),
            "main|0|power\nmain|1|troops, land\nside|0|land\nside|1|power, troops\n");  // the issues left out: one last item
  EXPECT_EQ(sql("SELECT input, position, distribution FROM inputs WHERE variant = 'base'"),
            "actors.r.cost_of_war|0|" + variant("base").inputs[0].distribution.describe() + "\n");
  EXPECT_NE(sql("SELECT distribution FROM inputs").find("uniform"), std::string::npos);
}

TEST_F(Records, RunsRunTracksAndRunInputsAreTheLibrarysRuns) {
  const parley::ResultsReader reader(db().string());
  const auto runs = rows(reader, "runs");
  const auto tracks = rows(reader, "run_tracks");
  const auto inputs = rows(reader, "run_inputs");
  std::size_t r_at = 0, t_at = 0, i_at = 0;
  int victories = 0, formal = 0;
  // SELECT * returns the primary-key order (variant, run): base before calm.
  for (const std::string name : {"base", "calm"}) {
    const Simulated sim = simulate(name);
    const parley::Scenario& s = variant(name);
    for (int n = 0; n < kRuns; ++n, ++r_at) {
      const parley::RunResult& x = sim.results[static_cast<std::size_t>(n)];
      ASSERT_LT(r_at, runs.size());
      const auto& row = runs[r_at];
      ASSERT_EQ(row.at("variant").text, name);
      ASSERT_EQ(row.at("run").integer, n);
      const bool won = x.outcome == parley::RunOutcome::victory;
      victories += won;
      EXPECT_EQ(row.at("victory_by").text, won ? parley::to_string(x.victory_by) : "") << name << " " << n;
      EXPECT_EQ(row.at("victory_by").type == parley::StoredCell::Type::null, !won);
      EXPECT_EQ(row.at("cascades").integer, x.cascades);
      EXPECT_EQ(month(row.at("first_cascade")), x.first_cascade);
      EXPECT_EQ(row.at("cascade_regions").integer, x.cascade_regions);
      EXPECT_EQ(row.at("cascade_months").integer, x.cascade_months);
      EXPECT_EQ(row.at("exit_deals").integer, x.exit_deals);
      EXPECT_EQ(month(row.at("first_exit_deal")), x.first_exit_deal);
      EXPECT_EQ(row.at("splinters").integer, x.splinters);
      EXPECT_DOUBLE_EQ(real(row.at("splinter_fighters")), x.splinter_fighters);
      EXPECT_EQ(row.at("shocks").integer, x.shocks);
      EXPECT_EQ(row.at("capitals_lost").integer, x.capitals_lost);
      EXPECT_EQ(row.at("history_draws").integer, x.history_draws);
      ASSERT_EQ(x.camp_deaths.size(), 2u);
      EXPECT_DOUBLE_EQ(real(row.at("camp_deaths_gov")), x.camp_deaths[0]);
      EXPECT_DOUBLE_EQ(real(row.at("camp_deaths_ins")), x.camp_deaths[1]);
      // One run_tracks row per track, in track order.
      ASSERT_EQ(x.tracks.size(), 2u);
      for (std::size_t t = 0; t < 2; ++t, ++t_at) {
        ASSERT_LT(t_at, tracks.size());
        const auto& tr = tracks[t_at];
        const parley::TrackResult& y = x.tracks[t];
        EXPECT_EQ(tr.at("variant").text, name);
        EXPECT_EQ(tr.at("run").integer, n);
        EXPECT_EQ(tr.at("track").text, s.tracks[t].id);
        EXPECT_EQ(tr.at("months_formal").integer, y.months_formal);
        EXPECT_EQ(month(tr.at("first_formal")), y.first_formal);
        EXPECT_EQ(month(tr.at("first_agreement")), y.first_agreement);
        EXPECT_EQ(month(tr.at("last_agreement")), y.last_agreement);
        EXPECT_EQ(tr.at("agreements").integer, y.agreements);
        EXPECT_EQ(tr.at("items_closed").integer, y.items_closed);
        EXPECT_EQ(tr.at("items_reopened").integer, y.items_reopened);
        EXPECT_EQ(tr.at("rejections").integer, y.rejections);
        EXPECT_EQ(tr.at("derailments").integer, y.derailments);
        formal += y.months_formal > 0;
      }
      ASSERT_EQ(x.inputs.size(), 1u);
      ASSERT_LT(i_at, inputs.size());
      EXPECT_EQ(inputs[i_at].at("run").integer, n);
      EXPECT_EQ(inputs[i_at].at("input").text, "actors.r.cost_of_war");
      EXPECT_DOUBLE_EQ(inputs[i_at].at("value").real, x.inputs[0]);
      EXPECT_GE(x.inputs[0], 0.002);
      EXPECT_LE(x.inputs[0], 0.008);
      ++i_at;
    }
  }
  EXPECT_EQ(r_at, runs.size());
  EXPECT_EQ(t_at, tracks.size());
  EXPECT_EQ(i_at, inputs.size());
  // The case exercises what it checks: victories and formal talks in some runs, not all.
  EXPECT_GT(victories, 0);
  EXPECT_LT(victories, 2 * kRuns);
  EXPECT_GT(formal, 0);
  // The typed readers agree with the rows.
  const auto typed = reader.run_tracks("base");
  ASSERT_EQ(typed.size(), 2u * kRuns);
  const Simulated base = simulate("base");
  for (int n = 0; n < kRuns; ++n) {
    EXPECT_EQ(typed[2 * static_cast<std::size_t>(n)].track, "main");
    EXPECT_EQ(typed[2 * static_cast<std::size_t>(n)].result.items_closed, base.results[static_cast<std::size_t>(n)].tracks[0].items_closed);
  }
  const auto stored = reader.runs("base");
  for (int n = 0; n < kRuns; ++n) {
    EXPECT_EQ(stored[static_cast<std::size_t>(n)].months_formal, base.results[static_cast<std::size_t>(n)].tracks[0].months_formal);
    EXPECT_EQ(stored[static_cast<std::size_t>(n)].victory_by,
              base.results[static_cast<std::size_t>(n)].outcome == parley::RunOutcome::victory
                  ? base.results[static_cast<std::size_t>(n)].victory_by
                  : parley::VictoryKind::none);
  }
  ASSERT_EQ(reader.run_inputs("calm").size(), static_cast<std::size_t>(kRuns));
  ASSERT_EQ(reader.inputs("calm").size(), 1u);
}

TEST_F(Records, MonthlyVictoryIsTheShareOfRunsWonByThenByCampAndHow) {
  const parley::ResultsReader reader(db().string());
  for (const std::string name : {"base", "calm"}) {
    const Simulated sim = simulate(name);
    const int months = variant(name).months;
    // Counted here: run n is won in month months_simulated - 1 (the run stops in its month).
    std::map<std::tuple<int, std::string, std::string>, double> want;
    for (int t = 0; t < months; ++t)
      for (const char* camp : {"gov", "ins"})
        for (const char* how : {"attrition", "collapse", "capital"}) {
          int won = 0;
          for (const auto& x : sim.results)
            won += x.outcome == parley::RunOutcome::victory && x.months_simulated - 1 <= t &&
                   variant(name).camps[static_cast<std::size_t>(x.victor)].id == camp && parley::to_string(x.victory_by) == std::string(how);
          want[{t, camp, how}] = static_cast<double>(won) / kRuns;
        }
    std::size_t seen = 0;
    for (const auto& row : rows(reader, "monthly_victory")) {
      if (row.at("variant").text != name) continue;
      ++seen;
      const int t = static_cast<int>(row.at("month").integer);
      EXPECT_EQ(row.at("date").text, variant(name).start.plus(t).to_string());
      EXPECT_DOUBLE_EQ(row.at("probability").real, want.at({t, row.at("camp").text, row.at("victory_by").text}))
          << name << " month " << t << " " << row.at("camp").text << " " << row.at("victory_by").text;
    }
    EXPECT_EQ(seen, want.size());
    // The last month's shares add up to the share of runs won.
    int won = 0;
    for (const auto& x : sim.results) won += x.outcome == parley::RunOutcome::victory;
    double total = 0;
    const auto v = reader.victory(name);
    for (std::size_t i = 0; i < 2 * parley::kVictoryKindCount; ++i)
      total += v[static_cast<std::size_t>(months - 1) * 2 * parley::kVictoryKindCount + i];
    EXPECT_NEAR(total, static_cast<double>(won) / kRuns, 1e-12);
  }
}

TEST_F(Records, MonthlyAgendaIsTheShareOfRunsWithEachItemClosed) {
  const parley::ResultsReader reader(db().string());
  const Simulated sim = simulate("base");
  const int months = variant("base").months;
  constexpr int kItems = 4;  // main: 2, side: 2 (land, then the issues its agenda leaves out)
  // The record: one flag per item and simulated month; the track's state decides with the
  // agenda (an agreement settles every item of its track).
  double closed_any = 0;
  for (const auto& m : sim.months) {
    ASSERT_EQ(m.closed.size(), static_cast<std::size_t>(m.months) * kItems);
    for (int t = 0; t < m.months; ++t) {
      const auto state = static_cast<parley::TalksState>(m.talks[static_cast<std::size_t>(t)]);
      if (state == parley::TalksState::agreement || state == parley::TalksState::peace) {
        EXPECT_EQ(m.closed[static_cast<std::size_t>(t) * kItems], 1);  // the first track's items
        EXPECT_EQ(m.closed[static_cast<std::size_t>(t) * kItems + 1], 1);
      }
      if (state == parley::TalksState::closed || state == parley::TalksState::exploratory) {
        EXPECT_EQ(m.closed[static_cast<std::size_t>(t) * kItems], 0);
        EXPECT_EQ(m.closed[static_cast<std::size_t>(t) * kItems + 1], 0);
      }
      for (int j = 0; j < kItems; ++j) closed_any += m.closed[static_cast<std::size_t>(t) * kItems + static_cast<std::size_t>(j)];
    }
  }
  EXPECT_GT(closed_any, 0) << "no item closed in any run: the case checks nothing";
  // The stored shares, computed here from the records (the last month carried forward).
  const std::vector<std::pair<std::string, int>> items{{"main", 0}, {"main", 1}, {"side", 0}, {"side", 1}};
  std::size_t seen = 0;
  for (const auto& row : rows(reader, "monthly_agenda")) {
    if (row.at("variant").text != "base") continue;
    ++seen;
    const int t = static_cast<int>(row.at("month").integer);
    int flat = -1;
    for (int j = 0; j < kItems; ++j)
      if (items[static_cast<std::size_t>(j)] == std::pair<std::string, int>{row.at("track").text, static_cast<int>(row.at("item").integer)}) flat = j;
    ASSERT_GE(flat, 0);
    int closed = 0;
    for (const auto& m : sim.months) {
      const int at = std::min(t, m.months - 1);
      closed += m.closed[static_cast<std::size_t>(at) * kItems + static_cast<std::size_t>(flat)];
    }
    EXPECT_DOUBLE_EQ(row.at("share_closed").real, static_cast<double>(closed) / kRuns) << t << " " << flat;
    EXPECT_DOUBLE_EQ(reader.agenda("base")[static_cast<std::size_t>(t) * kItems + static_cast<std::size_t>(flat)],
                     row.at("share_closed").real);
  }
  EXPECT_EQ(seen, static_cast<std::size_t>(months) * kItems);
}

TEST_F(Records, ExportWritesTheNewTablesAsCsv) {
  const fs::path out = *dir / "csv";
  const auto r = run_parley("export '" + db().string() + "' --csv '" + out.string() + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* table : {"tracks", "agenda_items", "run_tracks", "inputs", "run_inputs", "monthly_agenda",
                            "monthly_victory", "actors", "calendar_years", "run_yearly_deaths", "observations",
                            "run_observations"})
    EXPECT_TRUE(fs::exists(out / (std::string(table) + ".csv"))) << table;
  const std::string victory = parley::test::slurp(out / "monthly_victory.csv");
  EXPECT_EQ(victory.substr(0, victory.find('\n')), "variant,month,date,camp,victory_by,probability");
  const std::string tracks = parley::test::slurp(out / "run_tracks.csv");
  EXPECT_EQ(tracks.substr(0, tracks.find('\n')),
            "variant,run,track,months_formal,first_formal,first_agreement,last_agreement,agreements,items_closed,"
            "items_reopened,rejections,derailments");
  // One line per row and a header.
  EXPECT_EQ(std::count(tracks.begin(), tracks.end(), '\n'), 1 + 2 * 2 * kRuns);
  // Schema 6 stores run_inputs by position behind a view: the file has the ids, in the view's
  // order (variant, run, input id), one row per run and input.
  const std::string inputs = parley::test::slurp(out / "run_inputs.csv");
  EXPECT_EQ(inputs.substr(0, inputs.find('\n')), "variant,run,input,value");
  EXPECT_EQ(std::count(inputs.begin(), inputs.end(), '\n'), 1 + 2 * kRuns);
  EXPECT_NE(inputs.find("\nbase,0,actors.r.cost_of_war,"), std::string::npos) << inputs.substr(0, 200);
  // Every table the export writes, and its help names them all.
  const auto help = run_parley("export --help");
  for (const std::string& table : parley::ResultsReader::tables()) {
    EXPECT_TRUE(fs::exists(out / (table + ".csv"))) << table;
    EXPECT_NE(help.out.find(table), std::string::npos) << table;
  }
}

TEST_F(Records, SummaryAndReportShowTheNewFigures) {
  const auto summary = run_parley("summary '" + db().string() + "'");
  ASSERT_EQ(summary.status, 0) << summary.err;
  EXPECT_NE(summary.out.find("military victories by how: attrition"), std::string::npos) << summary.out;
  EXPECT_NE(summary.out.find("formal talks (first track):"), std::string::npos) << summary.out;
  const fs::path html = *dir / "r.html";
  const auto report = run_parley("report '" + db().string() + "' -o '" + html.string() + "'");
  ASSERT_EQ(report.status, 0) << report.err;
  const std::string h = parley::test::slurp(html);
  EXPECT_NE(h.find("data-chart=\"agenda\""), std::string::npos);
  EXPECT_NE(h.find("data-chart=\"victory\""), std::string::npos);
  EXPECT_NE(h.find("data-chart=\"differences-formal\""), std::string::npos);
  EXPECT_NE(h.find("time in formal talks (first track)"), std::string::npos);
  EXPECT_NE(h.find("main: item 2 (troops, land)"), std::string::npos);
  EXPECT_EQ(h.find("<script src"), std::string::npos);  // still self-contained
}

// The aggregate's agenda and victory tables on hand-made runs.
TEST(RecordsAggregate, AgendaAndVictoryFromHandMadeRuns) {
  parley::Scenario s;
  s.months = 4;
  s.camps.resize(2);
  s.regions.resize(1);
  s.issues.resize(2);
  s.tracks.resize(1);
  s.tracks[0].agenda = {{0}, {1}};
  ASSERT_EQ(parley::agenda_items(s), std::vector<int>{2});
  parley::VariantAggregate agg(s);
  ASSERT_EQ(agg.items(), 2);
  const auto record = [](int months, std::vector<std::uint8_t> closed) {
    parley::RunMonths rm;
    rm.months = months;
    for (int t = 0; t < months; ++t) {
      rm.talks.push_back(0);
      rm.deaths.push_back(0);
      rm.share.insert(rm.share.end(), {0.5, 0.5});
      rm.holder.push_back(0);
    }
    rm.closed = std::move(closed);
    return rm;
  };
  parley::RunResult a, b;  // a: item 0 closes in month 1, both in month 2, then it is won by camp 1 in month 2
  a.outcome = parley::RunOutcome::victory;
  a.victor = 1;
  a.victory_by = parley::VictoryKind::collapse;
  a.months_simulated = 3;
  b.months_simulated = 4;  // b: never won, item 1 closed in month 3 only
  agg.add(a, record(3, {0, 0, 1, 0, 1, 1}));
  agg.add(b, record(4, {0, 0, 0, 0, 0, 0, 0, 1}));
  EXPECT_DOUBLE_EQ(agg.closed_share(0, 0), 0.0);
  EXPECT_DOUBLE_EQ(agg.closed_share(1, 0), 0.5);
  EXPECT_DOUBLE_EQ(agg.closed_share(2, 1), 0.5);
  EXPECT_DOUBLE_EQ(agg.closed_share(3, 0), 0.5);  // a's last month carried forward
  EXPECT_DOUBLE_EQ(agg.closed_share(3, 1), 1.0);
  EXPECT_DOUBLE_EQ(agg.victory_probability(1, 1, parley::VictoryKind::collapse), 0.0);
  EXPECT_DOUBLE_EQ(agg.victory_probability(2, 1, parley::VictoryKind::collapse), 0.5);
  EXPECT_DOUBLE_EQ(agg.victory_probability(3, 1, parley::VictoryKind::collapse), 0.5);
  EXPECT_DOUBLE_EQ(agg.victory_probability(3, 1, parley::VictoryKind::attrition), 0.0);
  EXPECT_DOUBLE_EQ(agg.victory_probability(3, 0, parley::VictoryKind::collapse), 0.0);
  // Saved and loaded, the totals are the same; a scenario with another agenda refuses them.
  parley::VariantAggregate again(s);
  ASSERT_TRUE(again.load(agg.save()));
  EXPECT_DOUBLE_EQ(again.closed_share(3, 1), 1.0);
  EXPECT_DOUBLE_EQ(again.victory_probability(2, 1, parley::VictoryKind::collapse), 0.5);
  parley::Scenario other = s;
  other.tracks[0].agenda = {{0, 1}};
  EXPECT_FALSE(parley::VariantAggregate(other).load(agg.save()));
}

}  // namespace
