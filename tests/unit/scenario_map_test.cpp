// The scenario's map (GeoJSON regions for the report) and questions: what loads, and every
// error with its file, line and column.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_support.hpp"
#include "parley/scenario_loader.hpp"

namespace {

namespace fs = std::filesystem;
using parley::test::slurp;

class ScenarioMap : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("parley_map_test_" + std::to_string(::getpid()) + "_" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    // minimal.yaml has 30 lines and one region, 'north' (its name defaults to its id).
    base = slurp(fs::path(PARLEY_TEST_DATA) / "scenarios/minimal.yaml");
  }
  void TearDown() override { fs::remove_all(dir); }

  void write(const std::string& name, const std::string& text) { std::ofstream(dir / name) << text; }

  parley::LoadResult load(const std::string& extra) {
    write("scenario.yaml", base + extra);
    return parley::load_scenario_file((dir / "scenario.yaml").string());
  }

  static std::string errors(const parley::LoadResult& r) {
    std::string out;
    for (const auto& d : r.diagnostics.items()) out += d.str() + "\n";
    return out;
  }

  fs::path dir;
  std::string base;
};

const char* kSquare = R"({"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"shapeName": "North", "code": "N"},
   "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}},
  {"type": "Feature", "properties": {"shapeName": "South", "code": "S"},
   "geometry": {"type": "MultiPolygon", "coordinates": [[[[0, -1], [1, -1], [1, 0], [0, -1]]]]}}
]})";

TEST_F(ScenarioMap, MatchesRegionsByNameIgnoringCaseAndWarnsAboutUnusedFeatures) {
  write("m.geojson", kSquare);
  auto r = load("map:\n  file: m.geojson\n");
  ASSERT_TRUE(r.scenarios) << errors(r);
  const auto& m = r.scenarios->base.map;
  ASSERT_TRUE(m);
  EXPECT_EQ(m->key, "shapeName");
  ASSERT_TRUE(m->geometry);
  ASSERT_EQ(m->geometry->size(), 1u);
  EXPECT_NE((*m->geometry)[0].find("\"Polygon\""), std::string::npos);
  EXPECT_NE((*m->geometry)[0].find("[1,1]"), std::string::npos);
  // 'South' matches no region: a warning at the 'file' value (line 32, column 9).
  EXPECT_EQ(errors(r), (dir / "scenario.yaml").string() + ":32:9: warning: map: 1 of the 2 features in '" +
                           (dir / "m.geojson").string() + "' match no region and will not be drawn\n");
}

TEST_F(ScenarioMap, AnotherKeyAndExplicitNames) {
  write("m.geojson", kSquare);
  auto r = load("map:\n  file: m.geojson\n  key: code\n  names: {north: S}\n");
  ASSERT_TRUE(r.scenarios) << errors(r);
  EXPECT_NE((*r.scenarios->base.map->geometry)[0].find("MultiPolygon"), std::string::npos);
}

TEST_F(ScenarioMap, ARegionWithoutAFeatureIsAnErrorWithAHint) {
  write("m.geojson", kSquare);
  auto r = load("map:\n  file: m.geojson\n  names: {north: Nort}\n");
  EXPECT_FALSE(r.scenarios);
  EXPECT_NE(errors(r).find(":32:9: error: map: region 'north' (north) has no feature in '" + (dir / "m.geojson").string() +
                           "' whose 'shapeName' is 'Nort' (did you mean 'North'?)"),
            std::string::npos)
      << errors(r);
}

TEST_F(ScenarioMap, AnUnknownRegionInNamesIsAnError) {
  write("m.geojson", kSquare);
  auto r = load("map:\n  file: m.geojson\n  names: {nort: North}\n");
  EXPECT_FALSE(r.scenarios);
  EXPECT_NE(errors(r).find(":33:11: error: map: 'names': unknown region 'nort' (did you mean 'north'?)"), std::string::npos)
      << errors(r);
}

TEST_F(ScenarioMap, BrokenJsonIsReportedAtItsLineAndColumn) {
  // Line 2 of the map file has a stray comma: the parser fails at the ']' after it, column 21.
  write("m.geojson", "{\"type\": \"FeatureCollection\",\n  \"features\": [1, 2,]}\n");
  auto r = load("map:\n  file: m.geojson\n");
  EXPECT_FALSE(r.scenarios);
  EXPECT_NE(errors(r).find((dir / "m.geojson").string() + ":2:21: error: not valid JSON"), std::string::npos) << errors(r);
}

TEST_F(ScenarioMap, MissingFileNoFeaturesWrongGeometryAndDeepNesting) {
  auto missing = load("map:\n  file: nowhere.geojson\n");
  EXPECT_NE(errors(missing).find(":32:9: error: map: 'file': cannot read '" + (dir / "nowhere.geojson").string() +
                                 "': no such file"),
            std::string::npos)
      << errors(missing);
  write("m.geojson", "{\"type\": \"Feature\"}");
  auto nofeatures = load("map:\n  file: m.geojson\n");
  EXPECT_NE(errors(nofeatures).find("m.geojson:1:1: error: found no 'features' list, expected a GeoJSON "
                                    "FeatureCollection"),
            std::string::npos)
      << errors(nofeatures);
  write("m.geojson", R"({"features": [{"properties": {"shapeName": "north"}, "geometry": {"type": "Point", "coordinates": [0, 0]}}]})");
  auto point = load("map:\n  file: m.geojson\n");
  EXPECT_NE(errors(point).find("error: map: the feature 'north' in '" + (dir / "m.geojson").string() +
                               "' (region 'north') has a Point, expected a Polygon or MultiPolygon"),
            std::string::npos)
      << errors(point);
  write("m.geojson", std::string(100, '[') + std::string(100, ']'));
  auto deep = load("map:\n  file: m.geojson\n");
  EXPECT_NE(errors(deep).find("m.geojson:1:1: error: nesting deeper than 64 levels"), std::string::npos) << errors(deep);
}

TEST_F(ScenarioMap, QuestionsNameVariants) {
  auto ok = load("variants:\n  a: {description: A}\n  b: {description: B}\nquestions:\n"
                 "  - {id: q1, text: 'Does b beat a?', variants: [a, b]}\n");
  ASSERT_TRUE(ok.scenarios) << errors(ok);
  ASSERT_EQ(ok.scenarios->base.questions.size(), 1u);
  EXPECT_EQ(ok.scenarios->base.questions[0].text, "Does b beat a?");
  EXPECT_EQ(ok.scenarios->base.questions[0].variants, (std::vector<std::string>{"a", "b"}));
  // The variants carry the questions too (the results store writes them from any of them).
  EXPECT_EQ(ok.scenarios->variants[0].questions.size(), 1u);
  auto twice = load("variants:\n  a: {description: A}\nquestions:\n  - {id: q1, text: T, variants: [base, a]}\n"
                    "  - {id: q1, text: U, variants: [a, base]}\n");
  EXPECT_NE(errors(twice).find(":35:5: error: duplicate question id 'q1' (first defined at line 34)"), std::string::npos)
      << errors(twice);
  // 'base' names the base scenario, as in the results.
  auto with_base = load("variants:\n  a: {description: A}\nquestions:\n  - {id: q1, text: T, variants: [base, a]}\n");
  EXPECT_TRUE(with_base.scenarios) << errors(with_base);

  auto bad = load("variants:\n  a: {description: A}\n  b: {description: B}\nquestions:\n"
                  "  - {id: q1, text: 'Does c beat a?', variants: [a, bb]}\n  - {id: q2, text: 'One?', variants: [a]}\n");
  EXPECT_FALSE(bad.scenarios);
  const std::string e = errors(bad);
  EXPECT_NE(e.find(":35:52: error: question 'q1': 'variants': unknown variant 'bb' (did you mean 'b'?)"), std::string::npos) << e;
  EXPECT_NE(e.find(":36:38: error: question 'q2': 'variants': found 1 variant, expected a list of at least two variant names"), std::string::npos) << e;
}

}  // namespace
