// A small RFC 4180 CSV reader that remembers where every cell came from.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/diagnostics.hpp"

namespace parley {

struct CsvCell {
  std::string text;
  int line = 0;    // 1-based line where the cell starts
  int column = 0;  // 1-based byte column where the cell starts
};

struct CsvRow {
  std::vector<CsvCell> cells;
  int line = 0;
};

struct CsvTable {
  std::string path;
  std::vector<CsvRow> rows;  // every non-empty record, the header included
};

struct CsvOptions {
  char delimiter = ',';
  bool skip_comment_lines = true;  // lines whose first character is '#'
  bool trim = true;                // strip spaces and tabs around unquoted cells
};

// Parses `text` (from `path`, used in messages). Syntax errors (an unterminated quote,
// text after a closing quote) are added to `diags`; parsing goes on where it can.
CsvTable parse_csv(std::string_view text, const std::string& path, Diagnostics& diags,
                   const CsvOptions& options = {});

// Reads and parses a file; an unreadable file is one error in `diags`.
std::optional<CsvTable> read_csv_file(const std::string& path, Diagnostics& diags,
                                      const CsvOptions& options = {});

// One CSV field as RFC 4180 writes it: as it is, or quoted (with quotes doubled) when it holds
// a comma, a quote or a line break.
std::string csv_field(std::string_view text);

// Strict number parsing: the whole text must be a finite decimal number.
std::optional<double> parse_number(std::string_view text);

// The most bytes read_text_file reads by default (scenario files, region and bargaining tables,
// maps): far above any real input, and a bound on the memory and time one file can cost.
inline constexpr std::size_t kMaxInputFileBytes = 16u << 20;

// Reads a whole regular file into a string; std::nullopt when it cannot be read, with the reason
// in `why`: a directory, FIFO or device (refused before reading: a FIFO blocks and /dev/zero has
// no end), a file larger than `max_bytes`, or the system's error.
std::optional<std::string> read_text_file(const std::string& path, std::string* why = nullptr,
                                          std::size_t max_bytes = kMaxInputFileBytes);

}  // namespace parley
