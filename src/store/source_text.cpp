// The text an experiment was made from: the scenario file and every file it names, so that the
// stored text and its hash change whenever anything the experiment read changes.
#include <filesystem>
#include <sstream>

#include "parley/csv.hpp"
#include "parley/results_store.hpp"

namespace parley {

namespace {

// The file a line "file: regions.csv" names (quotes and comments removed), or "".
std::string named_file(const std::string& line) {
  const auto key = line.find_first_not_of(" \t");
  if (key == std::string::npos || line.compare(key, 5, "file:") != 0) return "";
  std::string value = line.substr(key + 5);
  value = value.substr(0, value.find('#'));
  const auto first = value.find_first_not_of(" \t\"'"), last = value.find_last_not_of(" \t\r\"'");
  return first == std::string::npos ? "" : value.substr(first, last - first + 1);
}

}  // namespace

std::string experiment_source_text(const std::string& path) {
  std::string text = read_text_file(path).value_or("");
  std::string all = text;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const std::string name = named_file(line);
    if (name.empty()) continue;
    auto other = (std::filesystem::path(path).parent_path() / name).string();
    all += "\n--- " + name + "\n" + read_text_file(other).value_or("");
  }
  return all;
}

}  // namespace parley
