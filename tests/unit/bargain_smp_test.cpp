// KTAB's Spatial Model of Politics against KTAB's published results and hand-checked cases.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "parley/bargain_smp.hpp"
#include "parley/bargain_smp_io.hpp"

namespace bg = parley::bargain;

namespace {

const std::string kKtab = std::string(PARLEY_SOURCE_DIR) + "/data/ktab/";

bg::SmpInput load(const std::string& name) {
  parley::Diagnostics d;
  auto in = bg::load_smp(kKtab + name, bg::SalienceScale::automatic, d);
  EXPECT_TRUE(in.has_value()) << d.str();
  return in ? *in : bg::SmpInput{};
}

}  // namespace

TEST(BargainSmpKtab, DummyData3DimMatchesKtab) {
  // ../shared/SMP.md: KTAB (deterministic, default parameters) ends after 11 states with
  // the probability-weighted mean of final positions (78.1, 35.6, 72.2).
  const auto in = load("dummyData_3Dim.csv");
  const auto r = bg::run_smp(in.scenario, in.options);
  EXPECT_EQ(r.states.size(), 11u);
  ASSERT_EQ(r.forecast.size(), 3u);
  EXPECT_NEAR(100 * r.forecast[0], 78.1, 0.1);
  EXPECT_NEAR(100 * r.forecast[1], 35.6, 0.1);
  EXPECT_NEAR(100 * r.forecast[2], 72.2, 0.1);
}

TEST(BargainSmpKtab, SoePolCompMatchesKtab) {
  // ../shared/SMP.md: 28 states, (39.7, 32.8).
  const auto in = load("SOE-Pol-Comp.csv");
  const auto r = bg::run_smp(in.scenario, in.options);
  EXPECT_EQ(r.states.size(), 28u);
  ASSERT_EQ(r.forecast.size(), 2u);
  EXPECT_NEAR(100 * r.forecast[0], 39.7, 0.1);
  EXPECT_NEAR(100 * r.forecast[1], 32.8, 0.1);
}
