// Numerical edge cases of the simulation: each gives a defined result with no NaN or
// infinity anywhere in the run result or the monthly trace.
#include <gtest/gtest.h>

#include <cmath>
#include <fmt/format.h>

#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"

namespace {

using namespace parley;

struct Edge {
  std::string name;
  std::string gov_forces = "10000", ins_forces = "8000", population = "1000000";
  std::string gov_clout = "1", ins_clout = "1", gov_pos = "15", ins_pos = "85";
  std::string gov_sal = "1", ins_sal = "1", cost = "0.002", months = "60", model = "compromise";
  std::string belief = "0.55", strength = "20";
  std::string state = "formal";  // "closed" with open_rate 0 keeps the war going all along
};

std::string yaml(const Edge& e) {
  return fmt::format(R"(meta: {{name: edge, start: 2020-01, months: {months}, parameters: {{open_rate: {open}}}}}
issues: [{{id: p, label: P}}]
camps:
  - {{id: g, victory_terms: {{p: 0}}}}
  - {{id: i, victory_terms: {{p: 100}}}}
actors:
  - {{id: gov, role: belligerent, camp: g, clout: {gc}, positions: {{p: {gp}}}, salience: {{p: {gs}}},
     cost_of_war: {cost}, belief: {{mean: {belief}, strength: {strength}}}}}
  - {{id: ins, role: belligerent, camp: i, clout: {ic}, positions: {{p: {ip}}}, salience: {{p: {is}}},
     cost_of_war: {cost}, belief: {{mean: {belief}, strength: {strength}}}}}
regions:
  - {{id: a, population: {pop}, control: {{g: 0.5, i: 0.5}}, forces: {{gov: {gf}, ins: {if_}}}}}
  - {{id: b, population: {pop}, control: {{g: 1, i: 0}}, forces: {{gov: {gf}, ins: {if_}}}}}
talks: {{participants: [gov, ins], model: {model}, state: {state}}}
)",
                     fmt::arg("months", e.months), fmt::arg("open", e.state == "closed" ? 0.0 : 0.05), fmt::arg("gc", e.gov_clout), fmt::arg("gp", e.gov_pos),
                     fmt::arg("gs", e.gov_sal), fmt::arg("cost", e.cost), fmt::arg("belief", e.belief),
                     fmt::arg("strength", e.strength), fmt::arg("ic", e.ins_clout), fmt::arg("ip", e.ins_pos),
                     fmt::arg("is", e.ins_sal), fmt::arg("pop", e.population), fmt::arg("gf", e.gov_forces),
                     fmt::arg("if_", e.ins_forces), fmt::arg("model", e.model), fmt::arg("state", e.state));
}

void expect_finite(const std::vector<double>& xs, const std::string& what) {
  for (double x : xs) ASSERT_TRUE(std::isfinite(x)) << what;
}

void check(const Edge& e) {
  SCOPED_TRACE(e.name);
  LoadResult loaded = load_scenario_text(yaml(e), e.name + ".yaml");
  ASSERT_TRUE(loaded.scenarios.has_value()) << loaded.diagnostics.str();
  for (std::uint64_t run = 0; run < 20; ++run) {
    Trace trace;
    RunResult r = simulate_run(loaded.scenarios->base, {7, run, &trace});
    EXPECT_TRUE(std::isfinite(r.battle_deaths));
    EXPECT_GE(r.battle_deaths, 0);
    expect_finite(r.terms, "terms");
    expect_finite(r.final_share, "final share");
    expect_finite(r.final_control, "final control");
    EXPECT_EQ(static_cast<int>(trace.rows.size()), r.months_simulated);
    for (const auto& row : trace.rows) {
      ASSERT_TRUE(std::isfinite(row.battle_deaths) && std::isfinite(row.engagements));
      expect_finite(row.control, "control");
      expect_finite(row.forces, "forces");
      expect_finite(row.belief, "belief");
      expect_finite(row.value_of_war, "value of war");
      expect_finite(row.surplus, "surplus");
      expect_finite(row.weight, "weight");
      expect_finite(row.deal, "deal");
      expect_finite(row.tempo, "tempo");
      for (double d : row.deal) EXPECT_TRUE(d >= 0 && d <= 100) << d;
    }
  }
}

TEST(SimulationEdges, ZeroCapabilityForEveryone) {
  Edge e{"zero-clout"};
  e.gov_clout = e.ins_clout = "0";
  check(e);
}

TEST(SimulationEdges, ZeroSalienceForEveryone) {
  Edge e{"zero-salience"};
  e.gov_sal = e.ins_sal = "0";
  check(e);
}

TEST(SimulationEdges, AllActorsAtOnePosition) {
  Edge e{"one-position"};
  e.gov_pos = e.ins_pos = "40";
  check(e);
}

TEST(SimulationEdges, ZeroPopulation) {
  Edge e{"zero-population"};
  e.population = "0";
  check(e);
}

TEST(SimulationEdges, OneMonth) {
  Edge e{"one-month"};
  e.months = "1";
  check(e);
}

TEST(SimulationEdges, ExtremeBeliefs) {
  Edge lo{"belief-near-0"}, hi{"belief-near-1"};
  lo.belief = "0.000001";
  hi.belief = "0.999999";
  lo.strength = hi.strength = "1000000";
  check(lo);
  check(hi);
}

TEST(SimulationEdges, HugeAndTinyMagnitudes) {
  Edge huge{"huge"}, tiny{"tiny"};
  huge.gov_forces = "200000000";
  huge.ins_forces = "100000000";
  huge.population = "5000000000";
  huge.cost = "10";
  tiny.gov_forces = "0.000001";
  tiny.ins_forces = "0.000002";
  tiny.population = "0.001";
  tiny.cost = "0";
  check(huge);
  check(tiny);
  huge.state = tiny.state = "closed";  // and the same at war, month after month
  huge.cost = "0.002";
  huge.name = "huge-at-war";
  tiny.name = "tiny-at-war";
  check(huge);
  check(tiny);
}

TEST(SimulationEdges, EveryBargainingModel) {
  for (const char* model : {"compromise", "median", "nash", "eum"}) {
    Edge e{std::string("model-") + model};
    e.model = model;
    check(e);
    e.gov_pos = e.ins_pos = "40";
    check(e);
  }
}

}  // namespace
