// Loading actor tables: column matching, salience scales, KTAB files, and located errors.
#include <gtest/gtest.h>

#include <string>

#include "parley/bargain_table.hpp"

namespace bg = parley::bargain;

namespace {

const std::string kData = std::string(PARLEY_SOURCE_DIR) + "/data/bargaining/";
const std::string kBad = std::string(PARLEY_TEST_DATA) + "/bargaining/";

std::optional<bg::ActorTable> parse(const std::string& text, parley::Diagnostics& d,
                                    bg::SalienceScale scale = bg::SalienceScale::automatic) {
  auto csv = parley::parse_csv(text, "t.csv", d);
  return bg::parse_table(csv, scale, d);
}

std::string first_error(const std::string& text) {
  parley::Diagnostics d;
  auto t = parse(text, d);
  EXPECT_FALSE(t.has_value());
  return d.empty() ? std::string() : d.items().front().str();
}

}  // namespace

TEST(BargainTable, ColumnsInAnyCaseAndOrderWithExtrasIgnored) {
  parley::Diagnostics d;
  auto t = bg::load_table(kBad + "multi_issue.csv", bg::SalienceScale::automatic, d);
  ASSERT_TRUE(t) << d.str();
  EXPECT_EQ(t->actors, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(t->capabilities, (std::vector<double>{1, 2, 1}));
  ASSERT_EQ(t->issues.size(), 2u);
  EXPECT_EQ(t->issues[0].name, "Tax");
  EXPECT_EQ(t->issues[0].positions, (std::vector<double>{0, 30, 100}));
  EXPECT_EQ(t->issues[1].name, "War");
  EXPECT_EQ(t->issues[1].saliences, (std::vector<double>{0.5, 0.25, 1}));
  EXPECT_EQ(t->salience_divisor, 1);  // no salience exceeds 1
}

TEST(BargainTable, MultiIssueForecastsByHand) {
  parley::Diagnostics d;
  auto t = bg::load_table(kBad + "multi_issue.csv", bg::SalienceScale::automatic, d);
  ASSERT_TRUE(t);
  bg::ForecastOptions o;
  o.model = bg::Model::compromise;
  auto f = bg::forecast(*t, o);
  // Tax: w = 1*1, 2*0.5, 1*0.5 at 0, 30, 100: (0 + 30 + 50) / 2.5 = 32.
  EXPECT_DOUBLE_EQ(f.issues[0].forecast, 32.0);
  // War: w = 0.5, 0.5, 1 at 100, 50, 0: (50 + 25 + 0) / 2 = 37.5.
  EXPECT_DOUBLE_EQ(f.issues[1].forecast, 37.5);
  o.model = bg::Model::median;
  f = bg::forecast(*t, o);
  EXPECT_DOUBLE_EQ(f.issues[0].forecast, 30.0);  // cumulative 1 at 0, 2 at 30 of 2.5
  EXPECT_DOUBLE_EQ(f.issues[1].forecast, 0.0);   // C alone holds exactly half: tie, lower
}

TEST(BargainTable, SalienceScaleAutoAndForced) {
  parley::Diagnostics d;
  auto t = parse("actor,capability,position,salience\nA,1,0,80\nB,1,10,0.5\n", d);
  ASSERT_TRUE(t) << d.str();
  EXPECT_EQ(t->salience_divisor, 100);
  EXPECT_DOUBLE_EQ(t->issues[0].saliences[0], 0.8);
  EXPECT_NE(t->salience_note.find("auto"), std::string::npos);
  parley::Diagnostics d2;
  auto t2 = parse("actor,capability,position,salience\nA,1,0,0.8\n", d2, bg::SalienceScale::percent);
  ASSERT_TRUE(t2);
  EXPECT_DOUBLE_EQ(t2->issues[0].saliences[0], 0.008);
  EXPECT_EQ(first_error("actor,capability,position,salience\nA,1,0,180\n"),
            "t.csv:2:7: error: salience 180 exceeds 100: expected a number in 0-100");
  parley::Diagnostics d3;
  EXPECT_FALSE(parse("actor,capability,position,salience\nA,1,0,2\n", d3, bg::SalienceScale::unit));
  EXPECT_EQ(d3.items().front().str(), "t.csv:2:7: error: salience 2 exceeds 1: expected a number in 0-1");
}

TEST(BargainTable, ErrorsCarryLineAndColumn) {
  EXPECT_EQ(first_error(""), "t.csv:1:1: error: empty table: expected a header naming actor, capability, position, salience");
  EXPECT_EQ(first_error("actor,capability,position,salience\n"),
            "t.csv:1:1: error: empty table: the header is followed by no actors");
  EXPECT_EQ(first_error("actor,capability,position\nA,1,2\n"),
            "t.csv:1:1: error: missing column 'salience': the header must name actor, capability, position and "
            "salience");
  EXPECT_EQ(first_error("actor,capabilty,position,salience\nA,1,2,1\n"),
            "t.csv:1:1: error: missing column 'capability': the header must name actor, capability, position and "
            "salience (did you mean 'capabilty'?)");
  EXPECT_EQ(first_error("actor,capability,position,salience\nA,1,50,0.5\nB,abc,50,0.5\n"),
            "t.csv:3:3: error: capability is not a number: found 'abc'");
  EXPECT_EQ(first_error("actor,capability,position,salience\nA,-1,50,0.5\n"),
            "t.csv:2:3: error: negative capability -1: expected a number >= 0");
  EXPECT_EQ(first_error("actor,capability,position,salience\nA,1,50,0.5\nA,1,30,0.5\n"),
            "t.csv:3:1: error: duplicate actor 'A' (first listed on line 2)");
  EXPECT_EQ(first_error("actor,capability,position,salience\nA,1,50\n"),
            "t.csv:2:8: error: missing salience: expected a number");
  EXPECT_EQ(first_error("actor,capability,position:x\nA,1,50\n"),
            "t.csv:1:1: error: missing column 'salience:x': every issue needs a position and a salience column");
}

TEST(BargainTable, EveryErrorIsReportedNotOnlyTheFirst) {
  parley::Diagnostics d;
  EXPECT_FALSE(parse("actor,capability,position,salience\nA,x,50,0.5\nB,-2,y,0.5\nA,1,1,1\n", d));
  EXPECT_EQ(d.error_count(), 4u) << d.str();
}

TEST(BargainTable, KtabTitleCountsThatCannotBeSizesAreErrors) {
  // Found by fuzz_table: these counts were cast straight to std::size_t (undefined behaviour).
  for (const char* counts : {"8.8e52, 1", "-1, 1", "2.5, 1", "2, 1e30", "2, 1.5"}) {
    parley::Diagnostics d;
    const std::string text = std::string("name, desc, ") + counts + ",\nActor,Description,Influence,P position,"
                             "P salience,\nA,a,1,10,50,\nB,b,1,90,50,\n";
    EXPECT_FALSE(parse(text, d)) << counts;
    EXPECT_NE(d.str().find("KTAB title"), std::string::npos) << counts << ": " << d.str();
  }
}

namespace {
bg::ActorTable ktab(const std::string& name) {
  parley::Diagnostics d;
  auto t = bg::load_table(kData + name, bg::SalienceScale::automatic, d);
  EXPECT_TRUE(t) << d.str();
  return t.value_or(bg::ActorTable{});
}
bg::IssueForecast round_zero(const bg::ActorTable& t, std::size_t issue) {
  bg::ForecastOptions o;
  o.model = bg::Model::compromise;
  return bg::forecast(t, o).issues.at(issue);
}
}  // namespace

TEST(BargainTable, KtabFilesLoadWithTheStatedCountsAndRoundZero) {
  // Counts and values from data/bargaining/README.md (checked there independently).
  auto policy = ktab("ktab_efird2016_SOE-Policy.csv");
  EXPECT_EQ(policy.format, bg::TableFormat::ktab);
  EXPECT_EQ(policy.actors.size(), 26u);
  ASSERT_EQ(policy.issues.size(), 1u);
  EXPECT_EQ(policy.issues[0].name, "Policy");
  EXPECT_EQ(policy.actors[0], "XJ");
  EXPECT_NEAR(round_zero(policy, 0).rounds[0].mean, 35.0063011972, 1e-9);
  EXPECT_DOUBLE_EQ(round_zero(policy, 0).rounds[0].median, 30.0);

  auto competitive = ktab("ktab_efird2016_SOE-Competitive.csv");
  EXPECT_EQ(competitive.actors.size(), 34u);
  EXPECT_NEAR(round_zero(competitive, 0).rounds[0].mean, 39.9634936570, 1e-9);
  EXPECT_DOUBLE_EQ(round_zero(competitive, 0).rounds[0].median, 40.0);

  auto both = ktab("ktab_efird2016_SOE-Pol-Comp.csv");
  EXPECT_EQ(both.actors.size(), 13u);
  ASSERT_EQ(both.issues.size(), 2u);
  EXPECT_EQ(both.issues[1].name, "Competitive");
  EXPECT_NEAR(round_zero(both, 0).rounds[0].mean, 36.2935626459, 1e-9);
  EXPECT_DOUBLE_EQ(round_zero(both, 0).rounds[0].median, 45.0);
  EXPECT_NEAR(round_zero(both, 1).rounds[0].mean, 38.8853649112, 1e-9);
  EXPECT_DOUBLE_EQ(round_zero(both, 1).rounds[0].median, 40.0);
}

TEST(BargainTable, KtabActorCountMustMatchTheTitleLine) {
  EXPECT_EQ(first_error("Scen,desc,3,1,\nActor,Description,Power,P1,S1,\nA,a,10,50,50,\nB,b,10,40,50,\n"),
            "t.csv:1:11: error: the KTAB title line declares 3 actors but the file lists 2");
}

TEST(BargainTable, EumRunsOnEveryKtabFile) {
  for (const char* name : {"ktab_efird2016_SOE-Policy.csv", "ktab_efird2016_SOE-Competitive.csv",
                           "ktab_efird2016_SOE-Pol-Comp.csv"}) {
    auto t = ktab(name);
    bg::ForecastOptions o;
    o.eum = bg::preset_options(bg::EumPreset::velev);
    auto f = bg::forecast(t, o);
    for (const auto& issue : f.issues) {
      EXPECT_EQ(issue.rounds.size(), 11u) << name;
      EXPECT_GE(issue.forecast, 0.0);
      EXPECT_LE(issue.forecast, 100.0);
    }
  }
}
