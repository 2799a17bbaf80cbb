// The flagship scenario, scenarios/afghanistan-2015: it validates, its 34 provinces carry
// the CSO 1392 populations, every actor and variant the analyst's questions need is there,
// and its war is calibrated: the first twelve months' battle deaths of 300 runs at a fixed
// seed average inside the UCDP band for 2014-2015.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"

namespace {

using namespace parley;

const std::string kDir = std::string(PARLEY_SOURCE_DIR) + "/scenarios/afghanistan-2015/";

// UCDP battle-related deaths, conflict 333, v22.1 (data/afg_battle_deaths_yearly_ucdp_to2015.csv):
// 2014 low 11,555 (best 12,345), 2015 high 19,807 (best 16,581). The band is low 2014 to high 2015.
constexpr double kUcdpLow = 11555;
constexpr double kUcdpHigh = 19807;

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
  EXPECT_EQ(r.scenarios->base.start, (YearMonth{2015, 5}));
  EXPECT_EQ(r.scenarios->base.months, 120);
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

TEST(FlagshipScenario, FirstYearBattleDeathsInsideUcdpBand) {
  const Scenario& s = flagship().base;
  constexpr int kRuns = 300;
  double sum = 0;
  for (int n = 0; n < kRuns; ++n) {
    RunResult r = simulate_run(s, {1, static_cast<std::uint64_t>(n), nullptr});
    ASSERT_FALSE(r.deaths_by_year.empty());
    sum += r.deaths_by_year[0];
  }
  const double mean = sum / kRuns;
  EXPECT_GE(mean, kUcdpLow);
  EXPECT_LE(mean, kUcdpHigh);
}

}  // namespace
