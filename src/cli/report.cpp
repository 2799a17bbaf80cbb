// parley report: a results database to one self-contained HTML file.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <system_error>

#include "cli/commands.hpp"
#include "parley/diagnostics.hpp"
#include "parley/output_file.hpp"
#include "parley/report.hpp"
#include "parley/results_store.hpp"

namespace parley::cli {

int report(const ReportCommandOptions& o) {
  namespace fs = std::filesystem;
  const fs::path out(o.output);
  std::error_code ec;
  if (fs::is_directory(out, ec)) {
    std::cerr << fmt::format("parley report: '{}' is a folder, expected a file name such as report.html\n", o.output);
    return kExitInvalidInput;
  }
  // The report would replace the database it is made from.
  if (fs::equivalent(out, fs::path(o.database), ec)) {
    std::cerr << fmt::format("parley report: '{}' is the results database itself; give another -o\n", o.output);
    return kExitInvalidInput;
  }
  const fs::path folder = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  if (!fs::is_directory(folder, ec)) {
    std::cerr << fmt::format("parley report: cannot write '{}': the folder '{}' does not exist\n", o.output,
                             folder.string());
    return kExitFailure;
  }
  std::string html;
  try {
    ReportOptions options;
    options.baseline = o.baseline;
    options.map_month = o.month ? *o.month : -1;
    options.map_view = o.map == "holder" ? MapView::holder : MapView::share;
    options.observations = o.observations;
    options.sensitivity = o.sensitivity;
    html = render_report(o.database, options);
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics().items()) std::cerr << d.str() << '\n';
    return kExitInvalidInput;
  } catch (const StoreError& e) {
    std::cerr << "parley report: " << e.what() << '\n';
    return kExitInvalidInput;
  }
  // Written as <name>.partial and renamed, so a failure never leaves a half report.
  try {
    write_output_file(o.output, html);
  } catch (const OutputError& e) {
    std::cerr << "parley report: " << e.what() << '\n';
    return kExitFailure;
  }
  std::cout << fmt::format("report written to {} ({:.0f} kB); open it in a browser\n", o.output,
                           static_cast<double>(html.size()) / 1024);
  return kExitOk;
}

}  // namespace parley::cli
