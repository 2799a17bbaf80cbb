// Each error class of the scenario format, triggered by a malformed file in tests/data,
// with the exact line and column asserted (counted by hand in the file).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "parley/scenario_loader.hpp"

namespace {

using namespace parley;

const std::string kData = std::string(PARLEY_TEST_DATA) + "/scenarios/";

struct Expected {
  std::string file;  // basename of the file the error is in
  int line;
  int column;
  std::string text;  // a part of the message
};

// Loads `name` and checks that its errors are exactly `expected`, in order.
void expect_errors(const std::string& name, const std::vector<Expected>& expected) {
  LoadResult r = load_scenario_file(kData + name);
  EXPECT_FALSE(r.scenarios.has_value());
  std::vector<Diagnostic> errors;
  for (const auto& d : r.diagnostics.items())
    if (d.severity == Severity::error) errors.push_back(d);
  ASSERT_EQ(errors.size(), expected.size()) << r.diagnostics.str();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Diagnostic& d = errors[i];
    EXPECT_EQ(std::filesystem::path(d.where.path).filename().string(), expected[i].file) << d.str();
    EXPECT_EQ(d.where.line, expected[i].line) << d.str();
    EXPECT_EQ(d.where.column, expected[i].column) << d.str();
    EXPECT_NE(d.message.find(expected[i].text), std::string::npos)
        << "message: " << d.message << "\nexpected to contain: " << expected[i].text;
  }
}

TEST(ScenarioErrors, MinimalFileIsValid) {
  LoadResult r = load_scenario_file(kData + "minimal.yaml");
  EXPECT_TRUE(r.scenarios.has_value()) << r.diagnostics.str();
  EXPECT_TRUE(r.diagnostics.empty());
}

TEST(ScenarioErrors, YamlSyntax) {
  // Line 7 opens a flow mapping "{id: power, label: Power" that never closes; yaml-cpp notices
  // at the next block entry, line 9 column 3.
  expect_errors("bad-syntax.yaml", {{"bad-syntax.yaml", 9, 3, "YAML syntax"}});
}

TEST(ScenarioErrors, UnknownKeyWithSuggestion) {
  // Line 16 "    salince: {power: 0.8}": the key starts at column 5. The actor's mapping
  // starts at line 12 column 5 ("id: g"), where the now-missing salience is reported.
  expect_errors("bad-unknown-key.yaml",
                {{"bad-unknown-key.yaml", 12, 5, "missing required key 'salience'"},
                 {"bad-unknown-key.yaml", 16, 5, "unknown key 'salince' (did you mean 'salience'?)"}});
}

TEST(ScenarioErrors, MissingRequiredKey) {
  // Actor r starts on line 18, column 5 ("id: r" after "  - ").
  expect_errors("bad-missing-key.yaml", {{"bad-missing-key.yaml", 18, 5, "actor 'r': missing required key 'positions'"}});
}

TEST(ScenarioErrors, WrongType) {
  // Line 5 "  months: [24]": the list starts at column 11.
  expect_errors("bad-wrong-type.yaml", {{"bad-wrong-type.yaml", 5, 11, "found a list, expected a number"}});
}

TEST(ScenarioErrors, SalienceOutOfRange) {
  // Line 22 "    salience: {power: 90}": the 90 is at column 23.
  expect_errors("bad-salience-range.yaml",
                {{"bad-salience-range.yaml", 22, 23, "90 is out of range, expected a number in [0, 1]"}});
}

TEST(ScenarioErrors, NegativePopulation) {
  // Line 26 "    population: -1000": the value is at column 17.
  expect_errors("bad-negative-population.yaml",
                {{"bad-negative-population.yaml", 26, 17, "-1000 is out of range"}});
}

TEST(ScenarioErrors, EventMonthOutsideTheScenario) {
  // The scenario runs 2020-01 for 24 months, to 2021-12; line 32 "  - date: 2022-01", value at column 11.
  expect_errors("bad-event-month.yaml",
                {{"bad-event-month.yaml", 32, 11, "2022-01 is outside the scenario, expected a month from 2020-01 to 2021-12"}});
}

TEST(ScenarioErrors, UnknownReferences) {
  // Line 20 "    camp: insurgents" (value at column 11); line 33
  // "    forces: {actor: r, region: south, change: 10}" ('south' at column 32).
  expect_errors("bad-unknown-ref.yaml",
                {{"bad-unknown-ref.yaml", 20, 11, "unknown camp 'insurgents'"},
                 {"bad-unknown-ref.yaml", 33, 32, "unknown region 'south'"}});
}

TEST(ScenarioErrors, DuplicateIds) {
  // The second actor "g" starts on line 18; every later reference to the vanished "r" is
  // reported too, each with a suggestion.
  expect_errors("bad-duplicate-id.yaml",
                {{"bad-duplicate-id.yaml", 18, 5, "duplicate actor id 'g' (first defined at line 12)"},
                 {"bad-duplicate-id.yaml", 28, 22, "unknown actor 'r' (did you mean 'g'?)"},
                 {"bad-duplicate-id.yaml", 30, 21, "unknown actor 'r' (did you mean 'g'?)"}});
}

TEST(ScenarioErrors, ControlSharesMustSumToOne) {
  // Line 27 "    control: {gov: 0.5, ins: 0.4}": the mapping starts at column 14.
  expect_errors("bad-control-sum.yaml",
                {{"bad-control-sum.yaml", 27, 14, "control shares sum to 0.9, expected 1 (within 1e-6)"}});
}

TEST(ScenarioErrors, VariantOverridingWhatDoesNotExist) {
  // Line 34 "      gg: {clout: 2}" (no actor gg); line 35 "      g: {clot: 2}" ('clot' at column 11).
  expect_errors("bad-variant.yaml",
                {{"bad-variant.yaml", 34, 7, "variant 'typo': actors: no item with id 'gg' in the base scenario (did you mean 'g'?)"},
                 {"bad-variant.yaml", 35, 11, "unknown key 'clot' (did you mean 'clout'?) (in variant 'typo')"}});
}

TEST(ScenarioErrors, RegionCsvBadRowsPointIntoTheCsv) {
  // bad-regions.csv: line 4 has 5 cells instead of 8; line 3 "south,South,lots,..." has 'lots'
  // at column 13; line 5 "west,West,1000,0.2,0.7,0.7,..." has control cells from column 20
  // summing to 1.4.
  expect_errors("bad-region-csv.yaml",
                {{"bad-regions.csv", 3, 13, "'population': found 'lots', expected a number"},
                 {"bad-regions.csv", 4, 1, "found 5 cells, expected 8 as in the header"},
                 {"bad-regions.csv", 5, 20, "control shares sum to 1.4"}});
}

TEST(ScenarioErrors, AllErrorsOfAFileInOnePass) {
  LoadResult r = load_scenario_file(kData + "bad-many.yaml");
  EXPECT_FALSE(r.scenarios.has_value());
  // bad-many.yaml has one mistake on each of these lines (start 2020-13, open_rat, issue troops,
  // camp governmnt, salience 1.5, belief mean 1.5, population -5, control sum 0.9, actor rebs,
  // variant actor gvo), reported in file order.
  std::vector<int> lines;
  for (const auto& d : r.diagnostics.items()) lines.push_back(d.where.line);
  EXPECT_EQ(lines, (std::vector<int>{3, 6, 14, 18, 20, 27, 30, 31, 32, 38})) << r.diagnostics.str();
}

TEST(ScenarioErrors, UnreadableAndEmptyFiles) {
  expect_errors("does-not-exist.yaml", {{"does-not-exist.yaml", 0, 0, "cannot read file"}});
  LoadResult empty = load_scenario_text("", "empty.yaml");
  ASSERT_EQ(empty.diagnostics.error_count(), 1u);
  EXPECT_EQ(empty.diagnostics.items()[0].str(),
            "empty.yaml:1:1: error: the file is empty, expected a scenario (meta, issues, camps, actors, regions, ...)");
}

TEST(ScenarioErrors, HostileInputIsRefusedNotCrashedOn) {
  std::string deep(10000, '[');
  LoadResult r1 = load_scenario_text(deep, "deep.yaml");
  ASSERT_EQ(r1.diagnostics.error_count(), 1u);
  EXPECT_EQ(r1.diagnostics.items()[0].str(), "deep.yaml:1:65: error: nesting deeper than 64 levels");
  // Nine levels of aliases each repeating the previous nine times: 9^9 values if expanded.
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n";
  }
  LoadResult r2 = load_scenario_text(bomb, "bomb.yaml");
  ASSERT_FALSE(r2.diagnostics.empty());
  EXPECT_NE(r2.diagnostics.items()[0].message.find("document too large"), std::string::npos);
  LoadResult r3 = load_scenario_text(std::string("meta:\0\n", 7), "nul.yaml");
  EXPECT_NE(r3.diagnostics.str().find("NUL bytes"), std::string::npos);
}

}  // namespace

namespace {

TEST(ScenarioErrors, RegionFileMissingOrNotARegularFile) {
  // "regions: {file: ...}" on line 2; the path value starts at column 17.
  const std::string head = "meta: {name: x, start: 2020-01, months: 3}\nregions: {file: ";
  for (const std::string& target : {std::string("no-such.csv"), std::string("/dev/zero")}) {
    parley::LoadResult r = parley::load_scenario_text(head + target + "}\n", "/tmp/x.yaml");
    std::vector<std::string> region_errors;
    for (const auto& d : r.diagnostics.items())
      if (d.where.line == 2) region_errors.push_back(d.str());
    ASSERT_EQ(region_errors.size(), 1u) << r.diagnostics.str();
    EXPECT_NE(region_errors[0].find("/tmp/x.yaml:2:17: error: regions: 'file': cannot read"), std::string::npos)
        << region_errors[0];
  }
}

}  // namespace

namespace {

TEST(ScenarioErrors, SizesBeyondTheLimitsAreRefused) {
  // 65 issues, one more than the limit of 64: one error at the list, which starts on line 2.
  std::string yaml = "meta: {name: x, start: 2020-01, months: 3}\nissues:\n";
  for (int i = 0; i < 65; ++i) yaml += "  - {id: i" + std::to_string(i) + ", label: x}\n";
  parley::LoadResult r = parley::load_scenario_text(yaml, "big.yaml");
  bool found = false;
  for (const auto& d : r.diagnostics.items())
    found = found || d.str().find("big.yaml:3:3: error: scenario file: 'issues': 65 items, more than the limit of 64") !=
                         std::string::npos;
  EXPECT_TRUE(found) << r.diagnostics.str();
}

}  // namespace

namespace {

// Numerical edge cases that the format refuses, each with one clear error (issue: robustness).
std::string minimal_with(const std::string& from, const std::string& to, const std::string& extra = "") {
  std::ifstream in(std::string(PARLEY_TEST_DATA) + "/scenarios/minimal.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text + extra;
}

std::vector<std::string> errors_of(const std::string& yaml) {
  parley::LoadResult r = parley::load_scenario_text(yaml, "edge.yaml");
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics.items())
    if (d.severity == parley::Severity::error) out.push_back(d.str());
  return out;
}

TEST(ScenarioEdges, BeliefsAtZeroOrOneAreRefused) {
  for (const char* mean : {"0", "1"}) {
    auto errors = errors_of(minimal_with("belief: {mean: 0.6, strength: 10}",
                                         std::string("belief: {mean: ") + mean + ", strength: 10}"));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("is out of range, expected a number in (0, 1)"), std::string::npos) << errors[0];
  }
}

TEST(ScenarioEdges, APatronOfItselfAndPressureAboveOneAreRefused) {
  auto self = errors_of(minimal_with("", "", "patrons:\n  - {patron: r, client: r, leverage: 0.5}\n"));
  ASSERT_EQ(self.size(), 1u);
  EXPECT_NE(self[0].find("an actor cannot be its own patron"), std::string::npos) << self[0];
  auto high = errors_of(minimal_with("", "", "patrons:\n  - {patron: g, client: r, pressure: 1.5}\n"));
  ASSERT_EQ(high.size(), 1u);
  EXPECT_NE(high[0].find("1.5 is out of range, expected a number in [0, 1]"), std::string::npos) << high[0];
}

TEST(ScenarioEdges, ZeroMonthsAndACampWithoutForcesAreRefused) {
  auto zero = errors_of(minimal_with("months: 24", "months: 0"));
  ASSERT_EQ(zero.size(), 1u);
  EXPECT_NE(zero[0].find("'months': 0 is out of range"), std::string::npos) << zero[0];
  auto unarmed = errors_of(minimal_with("forces: {g: 100, r: 100}", "forces: {g: 100}"));
  ASSERT_EQ(unarmed.size(), 1u);
  EXPECT_NE(unarmed[0].find("fewer than two camps have forces"), std::string::npos) << unarmed[0];
}

}  // namespace

// Found by fuzz_region_csv: a region without a valid id, then one id twice. The table of
// first sightings fell out of step with the id list, so the duplicate message read past it.
TEST(ScenarioErrors, DuplicateAfterAnInvalidId) {
  std::string text;
  {
    std::ifstream in(kData + "minimal.yaml");
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const std::string extra = "  - {id: '1bad', population: 1, control: {gov: 0.5, ins: 0.5}}\n"
                            "  - {id: north, population: 1, control: {gov: 0.5, ins: 0.5}}\n";
  const auto at = text.find("regions:\n");
  ASSERT_NE(at, std::string::npos);
  text.insert(at + 9, extra);
  LoadResult r = load_scenario_text(text, kData + "dup.yaml");
  EXPECT_FALSE(r.scenarios.has_value());
  EXPECT_NE(r.diagnostics.str().find("duplicate region id 'north' (first defined at line"), std::string::npos)
      << r.diagnostics.str();
}
