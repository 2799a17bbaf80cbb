// The parley command: validate's exit codes and output, help, version, unbuilt commands.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "parley/version.hpp"
#include "test_support.hpp"

namespace {

using parley::test::run_parley;
using Result = parley::test::CommandResult;

const std::string kSource = PARLEY_SOURCE_DIR;
const std::string kData = std::string(PARLEY_TEST_DATA) + "/scenarios/";

TEST(CliValidate, ValidFilesExitZeroWithASummary) {
  Result r = run_parley("validate '" + kSource + "/scenarios/two-party/scenario.yaml' '" + kSource +
                        "/scenarios/patron/scenario.yaml'");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("two-party/scenario.yaml: valid"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("patron/scenario.yaml: valid"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("months     60 (2020-01 to 2024-12)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("belligerent  government: gov*; insurgency: rebels*"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("regions    4 (population 5,900,000)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("strong_pressure"), std::string::npos) << r.out;
}

TEST(CliValidate, InvalidFileExitsTwoWithEveryError) {
  Result r = run_parley("validate '" + kData + "bad-many.yaml'");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("bad-many.yaml:3:10: error: meta: 'start': found '2020-13', expected a month as YYYY-MM"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad-many.yaml:38:7: error: variant 'v1'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad-many.yaml: invalid: 10 errors"), std::string::npos) << r.err;
}

TEST(CliValidate, OneInvalidFileAmongValidOnesStillExitsTwo) {
  Result r = run_parley("validate '" + kData + "minimal.yaml' '" + kData + "bad-syntax.yaml'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("minimal.yaml: valid"), std::string::npos);
  EXPECT_NE(r.err.find("bad-syntax.yaml:9:3: error: YAML syntax"), std::string::npos) << r.err;
}

TEST(CliValidate, QuietPrintsNothingForValidFiles) {
  Result r = run_parley("validate --quiet '" + kData + "minimal.yaml'");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "");
}

TEST(CliValidate, MissingFileAndMissingArgument) {
  Result missing = run_parley("validate /nonexistent/scenario.yaml");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("/nonexistent/scenario.yaml: error: cannot read file"), std::string::npos);
  Result none = run_parley("validate");
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("files is required"), std::string::npos) << none.err;
}

TEST(CliValidate, ArbitraryBytesNeverCrash) {
  // A file of every byte value, and the malformed files, must each end in an orderly exit 2.
  std::string path = (std::filesystem::temp_directory_path() / "parley_every_byte.yaml").string();
  {
    std::ofstream out(path, std::ios::binary);
    for (int rep = 0; rep < 4; ++rep)
      for (int b = 1; b < 256; ++b) out.put(static_cast<char>(b));
  }
  Result r = run_parley("validate '" + path + "'");
  EXPECT_EQ(r.status, 2) << r.err;
  std::filesystem::remove(path);
  for (const auto& entry : std::filesystem::directory_iterator(kData)) {
    if (entry.path().extension() != ".yaml" || entry.path().filename().string().rfind("bad-", 0) != 0) continue;
    Result bad = run_parley("validate '" + entry.path().string() + "'");
    EXPECT_EQ(bad.status, 2) << entry.path();
  }
}

TEST(Cli, HelpVersionAndUnknownCommands) {
  Result help = run_parley("--help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("parley simulates peace processes"), std::string::npos);
  EXPECT_NE(help.out.find("validate"), std::string::npos);
  Result vhelp = run_parley("validate --help");
  EXPECT_EQ(vhelp.status, 0);
  EXPECT_NE(vhelp.out.find("Exit status: 0 when every file is valid, 2 when any is not"), std::string::npos);
  Result version = run_parley("--version");
  EXPECT_EQ(version.status, 0);
  EXPECT_EQ(version.out, std::string("parley ") + parley::kVersion + "\n");
  Result rhelp = run_parley("report --help");
  EXPECT_EQ(rhelp.status, 0);
  EXPECT_NE(rhelp.out.find("self-contained HTML file"), std::string::npos);
  Result unknown = run_parley("frobnicate");
  EXPECT_EQ(unknown.status, 2);
}

}  // namespace
