// The flagship scenario, scenarios/afghanistan-2015, and its backtest, afghanistan-2012: they
// validate, the 34 provinces carry the CSO 1392 populations, every actor and variant the
// analyst's questions need is there; each forecast is made from its vantage point (no
// observation at or after the origin may calibrate, none after 2014 is there at all); and the
// shipped posterior reproduces the history it was fitted to: UCDP's battle deaths of
// 2012-2014 inside the 90% band of runs drawn from it.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "parley/posterior.hpp"
#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"

namespace {

using namespace parley;

const std::string kDir = std::string(PARLEY_SOURCE_DIR) + "/scenarios/afghanistan-2015/";

// UCDP battle-related deaths, conflict 333, v22.1, best estimates
// (data/afg_battle_deaths_yearly_ucdp_to2015.csv): 2012, 2013, 2014.
constexpr double kUcdpBest[] = {7730, 8048, 12345};
const std::string kBacktestDir = std::string(PARLEY_SOURCE_DIR) + "/scenarios/afghanistan-2012/";

const ScenarioSet& flagship() {
  static const ScenarioSet set = [] {
    LoadResult r = load_scenario_file(kDir + "scenario.yaml");
    if (!r.scenarios) ADD_FAILURE() << r.diagnostics.str();
    return r.scenarios ? std::move(*r.scenarios) : ScenarioSet{};
  }();
  return set;
}

// province name -> cso_1392_settled_pop, from the project's copy of the CSO table.
std::map<std::string, double> cso_populations() {
  std::ifstream in(kDir + "data/afg_province_population.csv");
  std::map<std::string, double> out;
  std::string line;
  std::getline(in, line);  // header: province,geoboundaries_shapeName,iso3166_2,cso_1392_settled_pop,...
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    for (int i = 0; i < 4 && std::getline(ss, cell, ','); ++i) cells.push_back(cell);
    if (cells.size() == 4) out[cells[0]] = std::stod(cells[3]);
  }
  return out;
}

TEST(FlagshipScenario, Validates) {
  LoadResult r = load_scenario_file(kDir + "scenario.yaml");
  ASSERT_TRUE(r.scenarios.has_value()) << r.diagnostics.str();
  EXPECT_FALSE(r.diagnostics.has_errors());
  EXPECT_EQ(r.scenarios->base.start, (YearMonth{2012, 1}));
  EXPECT_EQ(r.scenarios->base.start.plus(r.scenarios->base.origin), (YearMonth{2015, 5}));
  EXPECT_EQ(r.scenarios->base.start.plus(r.scenarios->base.months - 1), (YearMonth{2025, 4}));
  EXPECT_GE(r.scenarios->base.issues.size(), 3u);
}

TEST(FlagshipScenario, ThirtyFourProvincesWithCsoPopulations) {
  const Scenario& s = flagship().base;
  const auto cso = cso_populations();
  ASSERT_EQ(cso.size(), 34u);
  ASSERT_EQ(s.regions.size(), 34u);
  for (const Region& r : s.regions) {
    auto it = cso.find(r.name);
    ASSERT_NE(it, cso.end()) << "province " << r.name << " is not in the CSO table";
    EXPECT_DOUBLE_EQ(r.population, it->second) << r.name;
  }
}

TEST(FlagshipScenario, RequiredActorsAndRoles) {
  const Scenario& s = flagship().base;
  auto role_of = [&](const std::string& id) {
    int i = s.actor_index(id);
    EXPECT_GE(i, 0) << "missing actor " << id;
    return i >= 0 ? s.actors[static_cast<std::size_t>(i)].role : Role::civil;
  };
  EXPECT_EQ(role_of("ansf"), Role::belligerent);  // the government (Ghani)
  EXPECT_EQ(role_of("taliban"), Role::belligerent);
  EXPECT_EQ(role_of("abdullah"), Role::political);
  EXPECT_TRUE(s.actors[static_cast<std::size_t>(s.actor_index("abdullah"))].veto);
  EXPECT_EQ(role_of("pakistan"), Role::patron);
  EXPECT_EQ(role_of("usa"), Role::belligerent);  // backs the government with its own forces
  role_of("china");
  role_of("saudi");
  EXPECT_EQ(role_of("qatar"), Role::mediator);
  EXPECT_EQ(role_of("activists"), Role::civil);
  EXPECT_EQ(s.talks().mediator, s.actor_index("qatar"));
  // Pakistan is the Taliban's patron, with a pressure schedule and a lag.
  bool found = false;
  for (const PatronRelation& p : s.patrons)
    if (p.patron == s.actor_index("pakistan") && p.client == s.actor_index("taliban")) found = p.lag > 1;
  EXPECT_TRUE(found);
}

TEST(FlagshipScenario, EveryVariantTheQuestionsNeed) {
  const ScenarioSet& set = flagship();
  for (const char* v : {"two_track", "ceasefire_in_talks", "fight_first", "pressure_none", "pressure_moderate",
                        "pressure_strong", "inclusive_talks", "narrow_talks", "us_drawdown", "us_stays"})
    EXPECT_NE(set.find(v), nullptr) << "missing variant " << v;
  const Scenario* inclusive = set.find("inclusive_talks");
  ASSERT_NE(inclusive, nullptr);
  for (const char* id : {"pakistan", "china", "saudi", "usa"}) {
    int a = inclusive->actor_index(id);
    EXPECT_NE(std::find(inclusive->talks().participants.begin(), inclusive->talks().participants.end(), a),
              inclusive->talks().participants.end())
        << id << " is not at the inclusive table";
  }
}

// The vantage rule, read from the files: a row at or after the origin is for scoring only,
// and nothing dated after 2014 is there (the 2015 figures are used for nothing).
void expect_vantage(const std::string& file, int last_year) {
  LoadResult r = load_scenario_file(file);
  ASSERT_TRUE(r.scenarios.has_value()) << r.diagnostics.str();
  const Scenario& s = r.scenarios->base;
  ASSERT_GT(s.origin, 0);
  ASSERT_FALSE(s.observations.empty());
  int before = 0;
  for (const ObservedValue& o : s.observations) {
    if (o.last_month >= s.origin) {
      EXPECT_TRUE(o.score_only) << file << ":" << o.where.line << " reaches the origin";
    } else {
      ++before;
    }
    EXPECT_LE(s.start.plus(o.last_month).year, last_year) << file << ":" << o.where.line;
  }
  EXPECT_GT(before, 0);
}

TEST(FlagshipScenario, ForecastsAreMadeFromTheirVantagePoint) {
  expect_vantage(kDir + "scenario.yaml", 2015);  // April 2015 at most: before the origin
  expect_vantage(kBacktestDir + "scenario.yaml", 2014);
  LoadResult b = load_scenario_file(kBacktestDir + "scenario.yaml");
  ASSERT_TRUE(b.scenarios.has_value()) << b.diagnostics.str();
  EXPECT_EQ(b.scenarios->base.start.plus(b.scenarios->base.origin), (YearMonth{2012, 5}));
  for (const ObservedValue& o : flagship().base.observations) EXPECT_FALSE(o.score_only);
}

// Runs drawn from the shipped posterior (scripts/calibrate.sh) put each of UCDP's 2012-2014
// figures inside their central 90% band of the calendar year's battle deaths: the in-sample
// check of the calibration (the posterior predictive check), at a fixed seed.
TEST(FlagshipScenario, ThePosteriorReproducesTheHistoryItWasFittedTo) {
  ScenarioSet set = flagship();
  ASSERT_EQ(attach_posterior(set, kDir + "posterior.db"), "");
  Scenario s = set.base;
  s.months = s.origin;  // the history is enough
  constexpr int kRuns = 400;
  std::vector<std::vector<double>> years(3);
  for (int n = 0; n < kRuns; ++n) {
    RunResult r = simulate_run(s, {7, static_cast<std::uint64_t>(n), nullptr});
    ASSERT_GE(r.deaths_by_year.size(), 3u);  // the scenario starts in January: years are calendar years
    for (std::size_t y = 0; y < 3; ++y) years[y].push_back(r.deaths_by_year[y]);
  }
  for (std::size_t y = 0; y < 3; ++y) {
    std::sort(years[y].begin(), years[y].end());
    const double lo = years[y][kRuns / 20], hi = years[y][kRuns - 1 - kRuns / 20];
    EXPECT_LE(lo, kUcdpBest[y]) << "year " << 2012 + y;
    EXPECT_GE(hi, kUcdpBest[y]) << "year " << 2012 + y;
  }
}

}  // namespace
