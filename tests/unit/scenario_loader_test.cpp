// Scenario format v1: every key loads where it belongs; the teaching scenarios are valid.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "parley/parameters.hpp"
#include "parley/scenario_loader.hpp"

namespace {

using namespace parley;

const std::string kData = std::string(PARLEY_TEST_DATA) + "/scenarios/";
const std::string kScenarios = std::string(PARLEY_SOURCE_DIR) + "/scenarios/";

ScenarioSet load_ok(const std::string& path) {
  LoadResult r = load_scenario_file(path);
  EXPECT_TRUE(r.scenarios.has_value()) << r.diagnostics.str();
  if (!r.scenarios) return {};
  return std::move(*r.scenarios);
}

int month_of(const Scenario& s, int year, int month) { return YearMonth{year, month}.index() - s.start.index(); }

TEST(ScenarioLoader, EveryKeyMetaAndParameters) {
  ScenarioSet set = load_ok(kData + "every-key.yaml");
  const Scenario& s = set.base;
  EXPECT_EQ(s.name, "Every key");
  EXPECT_EQ(s.description, "A scenario that sets every key.");
  EXPECT_EQ(s.start, (YearMonth{2015, 5}));
  EXPECT_EQ(s.months, 36);
  EXPECT_DOUBLE_EQ(s.season[0], 0.5);
  EXPECT_DOUBLE_EQ(s.season[11], 1.6);
  const Parameters& p = s.parameters;
  EXPECT_DOUBLE_EQ(p.engagement_rate, 3.5);
  EXPECT_DOUBLE_EQ(p.csf_exponent, 1.5);
  EXPECT_DOUBLE_EQ(p.engagement_share, 0.03);
  EXPECT_DOUBLE_EQ(p.loss_loser, 0.2);
  EXPECT_DOUBLE_EQ(p.loss_winner, 0.05);
  EXPECT_DOUBLE_EQ(p.control_shift, 0.04);
  EXPECT_DOUBLE_EQ(p.civilian_multiplier, 0.5);
  EXPECT_DOUBLE_EQ(p.recruitment_rate, 0.2);
  EXPECT_DOUBLE_EQ(p.attrition_rate, 0.015);
  EXPECT_DOUBLE_EQ(p.victory_control, 0.85);
  EXPECT_DOUBLE_EQ(p.victory_min_forces, 250);
  EXPECT_DOUBLE_EQ(p.belief_forgetting, 0.9);
  EXPECT_DOUBLE_EQ(p.belief_evidence_weight, 0.3);
  EXPECT_DOUBLE_EQ(p.cost_pressure, 0.004);
  EXPECT_DOUBLE_EQ(p.pressure_tempo_effect, 0.6);
  EXPECT_DOUBLE_EQ(p.war_steps, 30);
  EXPECT_DOUBLE_EQ(p.months_per_step, 2);
  EXPECT_DOUBLE_EQ(p.open_rate, 0.07);
  EXPECT_DOUBLE_EQ(p.formal_rate, 0.25);
  EXPECT_DOUBLE_EQ(p.ripeness_kappa, 12);
  EXPECT_DOUBLE_EQ(p.ripeness_bias, 0.01);
  EXPECT_DOUBLE_EQ(p.derail_rate, 0.03);
  EXPECT_DOUBLE_EQ(p.spoiler_support_boost, 0.7);
  EXPECT_DOUBLE_EQ(p.invited_spoiler_factor, 0.4);
  EXPECT_DOUBLE_EQ(p.defect_rate, 0.06);
  EXPECT_DOUBLE_EQ(p.defect_kappa, 8);
  EXPECT_DOUBLE_EQ(p.ddr_rate, 0.04);
  EXPECT_DOUBLE_EQ(p.durable_months, 18);
  EXPECT_EQ(p.loss, UtilityLoss::quadratic);
}

TEST(ScenarioLoader, EveryParameterInTheTableIsSetByTheEveryKeyFile) {
  // Each parameter of the table differs from its default in every-key.yaml, so a table entry
  // that the loader ignored would show up here.
  const Parameters defaults;
  const Parameters& p = load_ok(kData + "every-key.yaml").base.parameters;
  for (const auto& spec : parameter_specs()) EXPECT_NE(p.*spec.member, defaults.*spec.member) << spec.name;
}

TEST(ScenarioLoader, EveryKeyIssuesAndCamps) {
  const Scenario s = load_ok(kData + "every-key.yaml").base;
  ASSERT_EQ(s.issues.size(), 2u);
  EXPECT_EQ(s.issues[0].id, "power");
  EXPECT_EQ(s.issues[0].label, "Taliban share of power");
  EXPECT_EQ(s.issues[0].low, "none");
  EXPECT_EQ(s.issues[0].high, "all");
  EXPECT_DOUBLE_EQ(s.issues[0].status_quo, 5);
  EXPECT_DOUBLE_EQ(s.issues[1].status_quo, 50);  // default
  ASSERT_EQ(s.camps.size(), 2u);
  EXPECT_EQ(s.camps[0].name, "Government camp");
  EXPECT_EQ(s.camps[1].victory_terms, (std::vector<double>{95, 0}));
  EXPECT_FALSE(s.camps[0].disarms);
  EXPECT_TRUE(s.camps[1].disarms);
}

TEST(ScenarioLoader, EveryKeyActors) {
  const Scenario s = load_ok(kData + "every-key.yaml").base;
  ASSERT_EQ(s.actors.size(), 6u);
  const Actor& g = s.actors[0];
  EXPECT_EQ(g.name, "Government (Ghani)");
  EXPECT_EQ(g.role, Role::belligerent);
  EXPECT_EQ(g.camp, 0);
  EXPECT_DOUBLE_EQ(g.clout, 1.2);
  EXPECT_DOUBLE_EQ(g.military_share, 0.6);
  EXPECT_DOUBLE_EQ(g.effectiveness, 1.1);
  EXPECT_EQ(g.positions, (std::vector<double>{10, 80}));
  EXPECT_EQ(g.salience, (std::vector<double>{0.8, 0.5}));
  EXPECT_TRUE(g.veto);
  EXPECT_DOUBLE_EQ(g.cost_of_war, 0.0025);
  ASSERT_TRUE(g.belief.has_value());
  EXPECT_DOUBLE_EQ(g.belief->mean, 0.62);
  EXPECT_DOUBLE_EQ(g.belief->strength, 25);
  EXPECT_DOUBLE_EQ(g.recruitment_rate, 0.3);
  EXPECT_DOUBLE_EQ(g.spoiler_capacity, 0.05);
  EXPECT_EQ(g.allocation, Allocation::contest);
  ASSERT_EQ(g.funding_ceiling.steps.size(), 2u);
  EXPECT_DOUBLE_EQ(g.funding_ceiling.at(0), 350000);
  EXPECT_DOUBLE_EQ(g.funding_ceiling.at(month_of(s, 2015, 12)), 350000);
  EXPECT_DOUBLE_EQ(g.funding_ceiling.at(month_of(s, 2016, 1)), 320000);
  EXPECT_EQ(g.strategy.talks, TalksPolicy::fight_first);
  EXPECT_DOUBLE_EQ(g.strategy.tempo[3], 1.2);
  EXPECT_DOUBLE_EQ(g.strategy.tempo[8], 1.0);
  EXPECT_DOUBLE_EQ(g.strategy.leverage_seeking, 1.1);
  EXPECT_DOUBLE_EQ(g.strategy.ceasefire_tempo, 0.2);
  EXPECT_DOUBLE_EQ(g.strategy.fight_first_control, 0.7);
  EXPECT_DOUBLE_EQ(g.strategy.fight_first_enemy_forces, 5000);
}

TEST(ScenarioLoader, ActorDefaultsDependOnRole) {
  const Scenario s = load_ok(kData + "every-key.yaml").base;
  const Actor& abdullah = s.actors[1];
  EXPECT_EQ(abdullah.role, Role::political);
  EXPECT_TRUE(abdullah.veto);                 // political actors have a veto by default
  EXPECT_DOUBLE_EQ(abdullah.military_share, 0);
  const Actor& taliban = s.actors[2];
  EXPECT_DOUBLE_EQ(taliban.recruitment_rate, 0.2);  // from meta.parameters.recruitment_rate
  EXPECT_DOUBLE_EQ(taliban.cost_of_war, 0.001);     // belligerent default
  for (double t : taliban.strategy.tempo) EXPECT_DOUBLE_EQ(t, 1.3);  // one number for every month
  EXPECT_EQ(s.actors[3].role, Role::patron);
  EXPECT_FALSE(s.actors[3].veto);
  EXPECT_DOUBLE_EQ(s.actors[3].spoiler_capacity, 0.3);
  EXPECT_EQ(s.actors[4].role, Role::mediator);
  EXPECT_EQ(s.actors[4].camp, -1);
  EXPECT_EQ(s.actors[5].role, Role::civil);
  EXPECT_FALSE(s.actors[5].belief.has_value());
}

TEST(ScenarioLoader, EveryKeyRegionsAndPatrons) {
  const Scenario s = load_ok(kData + "every-key.yaml").base;
  ASSERT_EQ(s.regions.size(), 2u);
  EXPECT_EQ(s.regions[0].name, "Kabul");
  EXPECT_EQ(s.regions[1].name, "helmand");  // name defaults to the id
  EXPECT_DOUBLE_EQ(s.regions[0].population, 4000000);
  EXPECT_DOUBLE_EQ(s.regions[0].terrain, 0.25);
  EXPECT_EQ(s.regions[1].control, (std::vector<double>{0.3, 0.7}));
  EXPECT_EQ(s.regions[1].forces, (std::vector<double>{12000, 0, 9000, 0, 0, 0}));
  ASSERT_EQ(s.patrons.size(), 1u);
  const PatronRelation& rel = s.patrons[0];
  EXPECT_EQ(rel.id, "pak_tal");
  EXPECT_EQ(rel.patron, 3);
  EXPECT_EQ(rel.client, 2);
  EXPECT_DOUBLE_EQ(rel.support, 0.25);
  EXPECT_EQ(rel.support_unit, SupportUnit::recruitment_share);
  EXPECT_DOUBLE_EQ(rel.leverage, 0.7);
  EXPECT_DOUBLE_EQ(rel.lag, 4);
  EXPECT_DOUBLE_EQ(rel.pressure.at(11), 0.2);
  EXPECT_DOUBLE_EQ(rel.pressure.at(12), 0.6);
}

TEST(ScenarioLoader, EveryKeyTalks) {
  const Scenario s = load_ok(kData + "every-key.yaml").base;
  const TalksSetup& t = s.talks();
  EXPECT_EQ(t.participants, (std::vector<int>{0, 1, 2, 5}));
  EXPECT_EQ(t.mediator, 4);
  EXPECT_DOUBLE_EQ(t.mediator_factor, 1.8);
  ASSERT_EQ(t.guarantors.size(), 1u);
  EXPECT_EQ(t.guarantors[0].actor, 3);
  EXPECT_DOUBLE_EQ(t.guarantors[0].strength, 0.04);
  EXPECT_EQ(t.model, BargainModelKind::eum);
  EXPECT_EQ(t.eum_preset, "velev");
  EXPECT_EQ(t.eum_rounds, 12);
  EXPECT_DOUBLE_EQ(t.eum_tolerance, 0.5);
  EXPECT_EQ(t.eum_stable_rounds, 3);
  EXPECT_EQ(t.initial_state, TalksState::exploratory);
}

TEST(ScenarioLoader, EventsAreSortedByDateKeepingFileOrderWithinAMonth) {
  const Scenario s = load_ok(kData + "every-key.yaml").base;
  ASSERT_EQ(s.events.size(), 7u);
  EXPECT_EQ(s.events[0].note, "first");
  EXPECT_EQ(s.events[0].kind, EventKind::set_parameter);
  EXPECT_EQ(s.events[0].target, "open_rate");
  EXPECT_EQ(s.events[0].target_actor, -1);
  EXPECT_DOUBLE_EQ(s.events[0].value, 0.2);
  EXPECT_EQ(s.events[0].month, 1);
  EXPECT_EQ(s.events[1].kind, EventKind::scale_parameter);
  EXPECT_EQ(s.events[1].target, "ghani.cost_of_war");
  EXPECT_EQ(s.events[1].target_actor, 0);
  EXPECT_DOUBLE_EQ(s.events[1].value, 2);
  EXPECT_EQ(s.events[2].kind, EventKind::talks_state);
  EXPECT_EQ(s.events[2].state, TalksState::formal);
  EXPECT_EQ(s.events[3].kind, EventKind::pressure);
  EXPECT_EQ(s.events[3].relation, 0);
  EXPECT_DOUBLE_EQ(s.events[3].value, 0.9);
  EXPECT_EQ(s.events[2].month, s.events[3].month);
  EXPECT_EQ(s.events[4].kind, EventKind::shock);
  EXPECT_DOUBLE_EQ(s.events[4].value, 0.25);
  EXPECT_EQ(s.events[5].kind, EventKind::forces);
  EXPECT_EQ(s.events[5].actor, 2);
  EXPECT_EQ(s.events[5].region, 1);
  EXPECT_DOUBLE_EQ(s.events[5].value, -2000);
  EXPECT_EQ(s.events[6].region, -1);  // no region: spread over the actor's regions
}

TEST(ScenarioLoader, VariantsOverrideByIdAppendAndReplace) {
  ScenarioSet set = load_ok(kData + "every-key.yaml");
  ASSERT_EQ(set.variants.size(), 2u);
  const Scenario* nash = set.find("nash_talks");
  ASSERT_NE(nash, nullptr);
  EXPECT_EQ(nash->variant_description, "Nash bargaining, jointly over both issues");
  EXPECT_EQ(nash->talks().model, BargainModelKind::nash);
  EXPECT_TRUE(nash->talks().joint);
  EXPECT_EQ(nash->talks().outside_option, OutsideOption::zero);
  EXPECT_EQ(nash->talks().participants, set.base.talks().participants);  // untouched keys stay

  const Scenario* costly = set.find("more_costly");
  ASSERT_NE(costly, nullptr);
  EXPECT_DOUBLE_EQ(costly->actors[2].cost_of_war, 0.01);
  EXPECT_DOUBLE_EQ(costly->actors[2].clout, 0.9);
  EXPECT_DOUBLE_EQ(costly->regions[0].terrain, 0.5);
  EXPECT_DOUBLE_EQ(costly->regions[0].population, 4000000);
  EXPECT_DOUBLE_EQ(costly->patrons[0].leverage, 0.9);
  EXPECT_DOUBLE_EQ(costly->issues[1].status_quo, 70);
  EXPECT_EQ(costly->events.size(), 8u);
  EXPECT_EQ(costly->events.back().kind, EventKind::shock);
  // The base is not changed by its variants.
  EXPECT_DOUBLE_EQ(set.base.actors[2].cost_of_war, 0.001);
  EXPECT_EQ(set.find("no_such_variant"), nullptr);
  EXPECT_EQ(set.find("base"), &set.base);
}

TEST(ScenarioLoader, RegionsFromCsvRelativeToTheScenario) {
  ScenarioSet set = load_ok(kScenarios + "patron/scenario.yaml");
  const Scenario& s = set.base;
  ASSERT_EQ(s.regions.size(), 4u);
  EXPECT_EQ(s.regions[3].id, "border");
  EXPECT_EQ(s.regions[3].name, "Border province");
  EXPECT_DOUBLE_EQ(s.regions[3].population, 600000);
  EXPECT_DOUBLE_EQ(s.regions[3].terrain, 0.7);
  EXPECT_EQ(s.regions[3].control, (std::vector<double>{0.3, 0.7}));
  EXPECT_DOUBLE_EQ(s.regions[3].forces[1], 7000);
  EXPECT_DOUBLE_EQ(s.regions[3].forces[2], 0);  // the patron holds no forces
}

TEST(ScenarioLoader, TeachingScenariosAreValid) {
  ScenarioSet two = load_ok(kScenarios + "two-party/scenario.yaml");
  EXPECT_EQ(two.base.actors.size(), 2u);
  EXPECT_EQ(two.base.regions.size(), 3u);
  EXPECT_EQ(two.base.issues.size(), 1u);
  EXPECT_EQ(two.variants.size(), 2u);
  ScenarioSet patron = load_ok(kScenarios + "patron/scenario.yaml");
  EXPECT_EQ(patron.base.issues.size(), 2u);
  EXPECT_EQ(patron.base.patrons.size(), 1u);
  EXPECT_GE(patron.base.talks().mediator, 0);
  EXPECT_EQ(patron.variants.size(), 3u);
  const Scenario* none = patron.find("no_pressure");
  ASSERT_NE(none, nullptr);
  EXPECT_DOUBLE_EQ(none->patrons[0].pressure.at(30), 0.0);
  EXPECT_DOUBLE_EQ(patron.base.patrons[0].pressure.at(30), 0.5);
}

TEST(ScenarioLoader, ScheduleValueInForce) {
  Schedule s;
  s.steps = {{0, 1.0}, {5, 2.0}, {9, 3.0}};
  EXPECT_DOUBLE_EQ(s.at(0), 1.0);
  EXPECT_DOUBLE_EQ(s.at(4), 1.0);
  EXPECT_DOUBLE_EQ(s.at(5), 2.0);
  EXPECT_DOUBLE_EQ(s.at(100), 3.0);
  Schedule late;
  late.steps = {{3, 0.4}};
  EXPECT_DOUBLE_EQ(late.at(0), 0.4);  // before its first date a schedule holds its first value
}

TEST(ScenarioLoader, ThrowingLoaderCarriesEveryDiagnostic) {
  try {
    load_scenario_or_throw(kData + "bad-unknown-ref.yaml");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().error_count(), 2u);
  }
}

}  // namespace

namespace {

std::string read_doc(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ScenarioFormatDoc, DocumentsEveryParameterWithItsDefault) {
  const std::string doc = read_doc(std::string(PARLEY_SOURCE_DIR) + "/docs/scenario-format.md");
  ASSERT_FALSE(doc.empty());
  const parley::Parameters defaults;
  for (const auto& spec : parley::parameter_specs()) {
    double d = defaults.*spec.member;
    // The table row starts "| `name` | default |"; the default is written as in the header.
    std::string row = "| `" + std::string(spec.name) + "` | ";
    auto at = doc.find(row);
    ASSERT_NE(at, std::string::npos) << spec.name << " is not documented";
    double written = std::stod(doc.substr(at + row.size(), 20));
    EXPECT_DOUBLE_EQ(written, d) << spec.name << ": the documented default differs from the code";
  }
  for (const auto& field : parley::actor_field_specs())
    EXPECT_NE(doc.find("`" + std::string(field.name) + "`"), std::string::npos) << field.name;
}

}  // namespace
