// talks.model: smp: the month step's deal is KTAB's SMP over every issue, with bargaining
// weights as capabilities (docs/bargaining.md, "SMP in talks").
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "parley/bargain_smp.hpp"
#include "parley/scenario_loader.hpp"
#include "sim/detail/stages.hpp"

namespace {

using namespace parley;

std::string scenario(const std::string& options) {
  return R"(
meta:
  name: Talks SMP
  start: 2020-01
  months: 24
issues: [{id: power, label: Power}, {id: land, label: Land}]
camps:
  - {id: gov, victory_terms: {power: 0, land: 0}}
  - {id: ins, victory_terms: {power: 100, land: 100}}
actors:
  - {id: g, role: belligerent, camp: gov, positions: {power: 10, land: 30}, salience: {power: 0.8, land: 0.6}, belief: {mean: 0.5, strength: 10}}
  - {id: r, role: belligerent, camp: ins, positions: {power: 80, land: 90}, salience: {power: 0.9, land: 0.3}, belief: {mean: 0.5, strength: 10}}
  - {id: c, role: civil, positions: {power: 60, land: 40}, salience: {power: 0.4, land: 0.2}}
regions:
  - {id: north, population: 1000, control: {gov: 0.5, ins: 0.5}, forces: {g: 100, r: 100}}
talks:
  participants: [g, r, c]
  model: smp
  options: )" + options + "\n";
}

}  // namespace

TEST(TalksSmp, OptionsAreReadByKtabsNames) {
  LoadResult r = load_scenario_text(scenario("{VotingRule: PropCbc, PCEModel: MarkovUniform, turns: 40}"), "s.yaml");
  ASSERT_TRUE(r.scenarios.has_value()) << r.diagnostics.str();
  const TalksSetup& t = r.scenarios->base.talks();
  EXPECT_EQ(t.model, BargainModelKind::smp);
  EXPECT_EQ(t.smp_options, (std::vector<std::string>{"PCEModel=MarkovUniform", "VotingRule=PropCbc"}));
  EXPECT_EQ(t.smp_turns, 40);
}

TEST(TalksSmp, ABadOptionValueIsALocatedError) {
  LoadResult r = load_scenario_text(scenario("{VotingRule: Majority}"), "s.yaml");
  EXPECT_FALSE(r.scenarios.has_value());
  const std::string msg = r.diagnostics.str();
  EXPECT_NE(msg.find("s.yaml:19:25: error: talks: options for model 'smp': 'VotingRule': found 'Majority'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("Majority"), std::string::npos) << msg;
}

TEST(TalksSmp, TheDealIsSmpsForecastWithBargainingWeightsAsCapabilities) {
  LoadResult r = load_scenario_text(scenario("{BigRAdjust: Half}"), "s.yaml");
  ASSERT_TRUE(r.scenarios.has_value()) << r.diagnostics.str();
  sim::World w = sim::make_world(r.scenarios->base, 1, 0);
  sim::compute_deal(w);
  // The same SMP run by hand: positions / 100; g's saliences sum to 1.4, so they are
  // divided by 1.4; r's (1.2) by 1.2; c's (0.6) stay.
  bargain::SmpScenario sc;
  sc.actors = 3;
  sc.dims = 2;
  sc.capability = {std::max(w.actor.weight[0], 1e-12), std::max(w.actor.weight[1], 1e-12), std::max(w.actor.weight[2], 1e-12)};
  sc.position = {0.1, 0.3, 0.8, 0.9, 0.6, 0.4};
  sc.salience = {0.8 / 1.4, 0.6 / 1.4, 0.9 / 1.2, 0.3 / 1.2, 0.4, 0.2};
  bargain::SmpOptions o;
  o.big_r_adjust = bargain::SmpBigRAdjust::half;
  const auto want = bargain::run_smp(sc, o);
  ASSERT_EQ(w.talks.tracks[0].deal.size(), 2);
  EXPECT_NEAR(w.talks.tracks[0].deal[0], 100 * want.forecast[0], 1e-9);
  EXPECT_NEAR(w.talks.tracks[0].deal[1], 100 * want.forecast[1], 1e-9);
  // and it is not the compromise: SMP moved the positions
  EXPECT_GT(want.states.size(), 2u);
}
