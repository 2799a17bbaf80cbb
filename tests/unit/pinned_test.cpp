// Pinned regression outputs (tests/data/pinned/): a few whole commands whose standard output
// and trace CSV must stay byte for byte what they were, so that a silent change of a random
// stream or of the month's order cannot pass. scripts/regenerate-pinned.sh rewrites them on
// purpose when a change of the numbers is intended.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<std::string> pinned_cases() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(fs::path(PARLEY_TEST_DATA) / "pinned"))
    if (e.path().extension() == ".cmd") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

class Pinned : public ::testing::TestWithParam<std::string> {};

TEST_P(Pinned, OutputIsByteIdentical) {
  const fs::path dir = fs::path(PARLEY_TEST_DATA) / "pinned";
  const std::string name = GetParam();
  std::string args = parley::test::slurp(dir / (name + ".cmd"));
  args.erase(args.find_last_not_of(" \n") + 1);
  args = replace_all(args, "@SRC@", PARLEY_SOURCE_DIR);
  const fs::path work = fs::temp_directory_path() / ("parley_pinned_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  int status = -1;
  const std::string out =
      parley::test::capture("cd '" + work.string() + "' && '" + PARLEY_BINARY + "' " + args + " 2>/dev/null", &status);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(out, parley::test::slurp(dir / (name + ".out"))) << "stdout of: parley " << args;
  const fs::path trace = dir / (name + ".trace.csv");
  if (fs::exists(trace))
    EXPECT_TRUE(parley::test::slurp(work / "trace.csv") == parley::test::slurp(trace)) << "the trace CSV differs: " << name;
  else
    EXPECT_FALSE(fs::exists(work / "trace.csv"));
  fs::remove_all(work);
}

INSTANTIATE_TEST_SUITE_P(Commands, Pinned, ::testing::ValuesIn(pinned_cases()),
                         [](const auto& param_info) {
                           std::string n = param_info.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
