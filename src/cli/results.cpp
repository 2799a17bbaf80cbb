// parley summary, compare and export: reading a results database written by parley run.
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "parley/report.hpp"
#include "parley/results_store.hpp"

namespace parley::cli {

int summary(const ResultsCommandOptions& o) {
  try {
    std::cout << summarise_results(o.database);
    return kExitOk;
  } catch (const StoreError& e) {
    std::cerr << "parley summary: " << e.what() << '\n';
    return kExitInvalidInput;
  }
}

int compare(const ResultsCommandOptions& o) {
  try {
    std::cout << compare_results(o.database, o.baseline);
    return kExitOk;
  } catch (const StoreError& e) {
    std::cerr << "parley compare: " << e.what() << '\n';
    return kExitInvalidInput;
  }
}

int export_results(const ResultsCommandOptions& o) {
  if (o.csv_dir.empty() && o.json_dir.empty()) {
    std::cerr << "parley export: say where: --csv DIR and/or --json DIR\n";
    return kExitInvalidInput;
  }
  try {
    std::vector<std::string> files;
    if (!o.csv_dir.empty()) files = parley::export_results(o.database, o.csv_dir, ExportFormat::csv);
    if (!o.json_dir.empty()) {
      auto more = parley::export_results(o.database, o.json_dir, ExportFormat::json);
      files.insert(files.end(), more.begin(), more.end());
    }
    for (const auto& f : files) std::cout << f << '\n';
    return kExitOk;
  } catch (const StoreWriteError& e) {
    std::cerr << "parley export: " << e.what() << '\n';
    return kExitFailure;
  } catch (const StoreError& e) {
    std::cerr << "parley export: " << e.what() << '\n';
    return kExitInvalidInput;
  }
}

}  // namespace parley::cli
