// parley export: every table of a results database as CSV or JSON records, for pandas and R.
// A client of ResultsReader: it takes each cell as stored.
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "parley/csv.hpp"
#include "parley/output_file.hpp"
#include "parley/results_reader.hpp"

namespace parley {

namespace {

std::string csv_cell(const StoredCell& cell) {
  switch (cell.type) {
    case StoredCell::Type::null: return "";
    case StoredCell::Type::real: return fmt::format("{}", cell.real);
    case StoredCell::Type::integer: return fmt::format("{}", cell.integer);
    case StoredCell::Type::text: break;
  }
  return csv_field(cell.text);
}

// A JSON string literal. Text in a database need not be UTF-8 (fuzz_results found an
// uncaught nlohmann type_error on such bytes); invalid bytes become U+FFFD.
std::string json_string(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string json_cell(const StoredCell& cell) {
  switch (cell.type) {
    case StoredCell::Type::null: return "null";
    case StoredCell::Type::real: return std::isfinite(cell.real) ? fmt::format("{}", cell.real) : "null";
    case StoredCell::Type::integer: return fmt::format("{}", cell.integer);
    case StoredCell::Type::text: break;
  }
  return json_string(cell.text);
}

// Written as <file>.partial and renamed when complete: a full disk or a file size limit
// leaves no partial table under the final name (OutputError, made a StoreWriteError below).
void write_table(const ResultsReader& reader, const std::string& table, const std::string& file, ExportFormat format) {
  OutputFile out(file);
  if (format == ExportFormat::csv) {
    reader.for_each_row(
        table,
        [&](const std::vector<std::string>& names) {
          for (std::size_t c = 0; c < names.size(); ++c) out << (c ? "," : "") << names[c];
          out << '\n';
        },
        [&](const std::vector<StoredCell>& cells) {
          for (std::size_t c = 0; c < cells.size(); ++c) out << (c ? "," : "") << csv_cell(cells[c]);
          out << '\n';
        });
  } else {
    // Records, one object per row, streamed so that a large runs table needs no memory.
    std::vector<std::string> keys;
    bool first = true;
    out << "[";
    reader.for_each_row(
        table,
        [&](const std::vector<std::string>& names) {
          for (const auto& name : names) keys.push_back(json_string(name));
        },
        [&](const std::vector<StoredCell>& cells) {
          out << (first ? "\n" : ",\n") << "{";
          first = false;
          for (std::size_t c = 0; c < cells.size(); ++c) out << (c ? "," : "") << keys[c] << ":" << json_cell(cells[c]);
          out << "}";
        });
    out << "\n]\n";
  }
  out.commit();
}

}  // namespace

std::vector<std::string> export_results(const std::string& path, const std::string& dir, ExportFormat format) {
  const ResultsReader reader(path);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw StoreWriteError("cannot create the directory " + dir + (ec ? ": " + ec.message() : ""));
  std::vector<std::string> written;
  try {
    for (const std::string& table : ResultsReader::tables()) {
      const std::string file =
          (std::filesystem::path(dir) / (table + (format == ExportFormat::csv ? ".csv" : ".json"))).string();
      write_table(reader, table, file, format);
      written.push_back(file);
    }
  } catch (const OutputError& e) {
    throw StoreWriteError(std::string(e.what()) +
                          (written.empty() ? "" : fmt::format(" (the {} tables before it were written in full)", written.size())));
  }
  return written;
}

}  // namespace parley
