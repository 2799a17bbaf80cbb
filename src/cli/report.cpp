// parley report: a results database to one self-contained HTML file.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

#include "cli/commands.hpp"
#include "parley/report.hpp"
#include "parley/results_store.hpp"

namespace parley::cli {

namespace {

// Writes `text` to a temporary file beside `path` and renames it into place, so that a reader
// never sees a half-written report, and a failure leaves any older report untouched.
bool write_atomically(const std::string& path, const std::string& text, std::string& why) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path temp = target.parent_path() / (target.filename().string() + ".partial");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) {
      why = fmt::format("cannot create '{}' (does the folder exist, and may you write to it?)", temp.string());
      return false;
    }
    out << text;
    out.flush();
    if (!out) {
      out.close();
      std::error_code ec;
      fs::remove(temp, ec);
      why = fmt::format("cannot write '{}' (is the disk full?)", temp.string());
      return false;
    }
  }
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    why = fmt::format("cannot replace '{}': {}", path, ec.message());
    return false;
  }
  return true;
}

}  // namespace

int report(const ReportCommandOptions& o) {
  namespace fs = std::filesystem;
  const fs::path out(o.output);
  std::error_code ec;
  if (fs::is_directory(out, ec)) {
    std::cerr << fmt::format("parley report: '{}' is a folder, expected a file name such as report.html\n", o.output);
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
    html = render_report(o.database, ReportOptions{o.baseline, o.month ? *o.month - 1 : -1});
  } catch (const StoreError& e) {
    std::cerr << "parley report: " << e.what() << '\n';
    return kExitInvalidInput;
  }
  std::string why;
  if (!write_atomically(o.output, html, why)) {
    std::cerr << "parley report: " << why << '\n';
    return kExitFailure;
  }
  std::cout << fmt::format("report written to {} ({:.0f} kB); open it in a browser\n", o.output,
                           static_cast<double>(html.size()) / 1024);
  return kExitOk;
}

}  // namespace parley::cli
