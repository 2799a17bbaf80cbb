// Tests as data: every scenario file in tests/data/scenarios/ beside the exact output of
// `parley validate` on it (NAME.expected: standard output, then standard error), run inside that
// folder so that paths in messages are the file names. scripts/regenerate-expected.sh rewrites
// the expected files on purpose.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kDir = fs::path(PARLEY_TEST_DATA) / "scenarios";

std::vector<std::string> scenario_files() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kDir))
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

class ValidateOutput : public testing::TestWithParam<std::string> {};

TEST_P(ValidateOutput, MatchesTheExpectedFile) {
  const std::string name = GetParam();
  const fs::path expected_file = kDir / (name + ".expected");
  ASSERT_TRUE(fs::exists(expected_file)) << expected_file << " is missing: run scripts/regenerate-expected.sh";
  const fs::path err = fs::temp_directory_path() / ("parley_expected_" + name + "_" + std::to_string(::getpid()));
  int status = -1;
  const std::string out = parley::test::capture("cd '" + kDir.string() + "' && '" + PARLEY_BINARY + "' validate '" +
                                                    name + ".yaml' 2>'" + err.string() + "'",
                                                &status);
  const std::string actual = out + parley::test::slurp(err);
  fs::remove(err);
  EXPECT_EQ(status, name.rfind("bad-", 0) == 0 ? 2 : 0);
  EXPECT_EQ(actual, parley::test::slurp(expected_file))
      << "parley validate " << name << ".yaml changed its output; if on purpose, run scripts/regenerate-expected.sh";
}

INSTANTIATE_TEST_SUITE_P(ScenarioFiles, ValidateOutput, testing::ValuesIn(scenario_files()),
                         [](const testing::TestParamInfo<std::string>& param) {
                           std::string id = param.param;
                           std::replace(id.begin(), id.end(), '-', '_');
                           return id;
                         });

// Every expected file belongs to a scenario file: a renamed or removed scenario leaves none behind.
TEST(ScenarioFiles, NoExpectedFileWithoutItsScenario) {
  for (const auto& entry : fs::directory_iterator(kDir))
    if (entry.path().extension() == ".expected") {
      EXPECT_TRUE(fs::exists(fs::path(entry.path()).replace_extension(".yaml"))) << entry.path();
    }
}

}  // namespace
