// parley export: every table of a results database as CSV or JSON records, for pandas and R.
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "parley/output_file.hpp"
#include "parley/results_store.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"

namespace parley {

using store::Database;
using store::Statement;

namespace {

// The tables an analyst reads; the checkpoint (internal state for --resume) is left out.
const char* const kTables[] = {"experiment",      "files",          "variants",       "issues",         "camps",
                               "regions",         "runs",           "monthly",        "monthly_control",
                               "region_control",  "survival",       "yearly_deaths",  "region_shapes",
                               "questions",       "question_variants"};

std::string csv_cell(const Statement& st, int c) {
  if (st.is_null(c)) return "";
  if (st.type(c) == SQLITE_FLOAT) return fmt::format("{}", st.real(c));
  if (st.type(c) == SQLITE_INTEGER) return fmt::format("{}", st.integer(c));
  std::string t = st.text(c);
  if (t.find_first_of(",\"\n\r") == std::string::npos) return t;
  std::string out = "\"";
  for (char ch : t) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + '"';
}

// A JSON string literal. Text in a database need not be UTF-8 (fuzz_results found an
// uncaught nlohmann type_error on such bytes); invalid bytes become U+FFFD.
std::string json_string(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string json_cell(const Statement& st, int c) {
  if (st.is_null(c)) return "null";
  if (st.type(c) == SQLITE_FLOAT) {
    const double x = st.real(c);
    return std::isfinite(x) ? fmt::format("{}", x) : "null";
  }
  if (st.type(c) == SQLITE_INTEGER) return fmt::format("{}", st.integer(c));
  return json_string(st.text(c));
}

// Written as <file>.partial and renamed when complete: a full disk or a file size limit
// leaves no partial table under the final name (OutputError, made a StoreWriteError below).
void write_table(Database& db, const std::string& table, const std::string& file, ExportFormat format) {
  OutputFile out(file);
  Statement st = db.prepare("SELECT * FROM " + store::quote_identifier(table));
  const int n = st.columns();
  if (format == ExportFormat::csv) {
    for (int c = 0; c < n; ++c) out << (c ? "," : "") << st.name(c);
    out << '\n';
    while (st.step()) {
      for (int c = 0; c < n; ++c) out << (c ? "," : "") << csv_cell(st, c);
      out << '\n';
    }
  } else {
    // Records, one object per row, streamed so that a large runs table needs no memory.
    std::vector<std::string> keys;
    for (int c = 0; c < n; ++c) keys.push_back(json_string(st.name(c)));
    out << "[";
    bool first = true;
    while (st.step()) {
      out << (first ? "\n" : ",\n") << "{";
      first = false;
      for (int c = 0; c < n; ++c) out << (c ? "," : "") << keys[static_cast<std::size_t>(c)] << ":" << json_cell(st, c);
      out << "}";
    }
    out << "\n]\n";
  }
  out.commit();
}

}  // namespace

std::vector<std::string> export_results(const std::string& path, const std::string& dir, ExportFormat format) {
  if (!std::filesystem::exists(path)) throw StoreError(path + ": no such file");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw StoreWriteError("cannot create the directory " + dir + (ec ? ": " + ec.message() : ""));
  std::vector<std::string> written;
  try {
    Database db(path, Database::Mode::open_existing);
    store::read_experiment(db, path);
    for (const char* table : kTables) {
      std::string file = (std::filesystem::path(dir) / (std::string(table) + (format == ExportFormat::csv ? ".csv" : ".json"))).string();
      write_table(db, table, file, format);
      written.push_back(file);
    }
  } catch (const store::SqliteError& e) {
    throw StoreError(path + " is not a parley results database (" + e.what() + ")");
  } catch (const OutputError& e) {
    throw StoreWriteError(std::string(e.what()) +
                          (written.empty() ? "" : fmt::format(" (the {} tables before it were written in full)", written.size())));
  }
  return written;
}

}  // namespace parley
