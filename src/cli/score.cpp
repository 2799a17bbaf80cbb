// parley score: a results database's forecast against what happened (an observations file),
// with proper scores beside naive baselines (parley/score_results.hpp does the work).
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <limits>

#include "cli/commands.hpp"
#include "parley/csv.hpp"
#include "parley/output_file.hpp"
#include "parley/results_store.hpp"
#include "parley/score_results.hpp"

namespace parley::cli {

namespace {

// "0,10,100,inf" as ascending bin edges; std::nullopt (and a message) when it is not.
std::optional<std::vector<double>> parse_bins(const std::string& text) {
  std::vector<double> edges;
  std::size_t from = 0;
  for (;;) {
    const auto comma = text.find(',', from);
    const std::string item = text.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
    if (item == "inf") edges.push_back(std::numeric_limits<double>::infinity());
    else if (item == "-inf") edges.push_back(-std::numeric_limits<double>::infinity());
    else if (auto x = parse_number(item)) edges.push_back(*x);
    else {
      std::cerr << fmt::format("parley score: --bins: found '{}', expected numbers (or inf) separated by commas\n",
                               item);
      return std::nullopt;
    }
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  bool ascending = edges.size() >= 2;
  for (std::size_t i = 1; i < edges.size(); ++i) ascending = ascending && edges[i] > edges[i - 1];
  if (!ascending) {
    std::cerr << fmt::format("parley score: --bins '{}': expected at least two edges in ascending order\n", text);
    return std::nullopt;
  }
  return edges;
}

}  // namespace

int score(const ScoreCommandOptions& o) {
  ScoreSettings settings;
  settings.variant = o.variant;
  settings.floor = o.floor;
  settings.include_history = o.include_history;
  settings.seed = o.seed;
  if (!o.bins.empty()) {
    auto bins = parse_bins(o.bins);
    if (!bins) return kExitInvalidInput;
    settings.count_bins = std::move(*bins);
  }
  std::string text;
  try {
    const ScoreResult result = score_results(o.database, o.observations, settings);
    text = o.json ? score_json(result) : score_text(result);
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics().items()) std::cerr << d.str() << '\n';
    return kExitInvalidInput;
  } catch (const StoreError& e) {
    std::cerr << "parley score: " << e.what() << '\n';
    return kExitInvalidInput;
  }
  if (o.output.empty()) {
    std::cout << text;
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "parley score: cannot write the scores to standard output\n";
      return kExitFailure;
    }
    return kExitOk;
  }
  try {
    write_output_file(o.output, text);
  } catch (const OutputError& e) {
    std::cerr << "parley score: " << e.what() << '\n';
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace parley::cli
