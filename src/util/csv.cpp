// CSV parsing with cell locations, strict number parsing, and whole-file reads.
#include "parley/csv.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace parley {

namespace {
bool is_space(char c) { return c == ' ' || c == '\t'; }
}  // namespace

CsvTable parse_csv(std::string_view text, const std::string& path, Diagnostics& diags,
                   const CsvOptions& options) {
  CsvTable table;
  table.path = path;
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // UTF-8 byte-order mark
  int line = 1;
  std::size_t line_start = 0;
  const std::size_t n = text.size();

  while (i < n) {
    // Start of a record.
    if (options.skip_comment_lines && text[i] == '#') {
      while (i < n && text[i] != '\n') ++i;
      if (i < n) ++i;
      ++line;
      line_start = i;
      continue;
    }
    CsvRow row;
    row.line = line;
    bool record_done = false;
    while (!record_done) {
      CsvCell cell;
      if (options.trim)
        while (i < n && is_space(text[i])) ++i;
      cell.line = line;
      cell.column = static_cast<int>(i - line_start) + 1;
      if (i < n && text[i] == '"') {
        ++i;
        bool closed = false;
        while (i < n) {
          char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              cell.text += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') {
            ++line;
            line_start = i + 1;
          }
          cell.text += c;
          ++i;
        }
        if (!closed) {
          diags.error({path, cell.line, cell.column},
                      "unterminated quoted field: found end of file, expected a closing '\"'");
        }
        if (options.trim)
          while (i < n && is_space(text[i])) ++i;
        if (i < n && text[i] != options.delimiter && text[i] != '\n' && text[i] != '\r') {
          diags.error({path, line, static_cast<int>(i - line_start) + 1},

                      std::string("unexpected text after a closing quote: expected '") +
                          options.delimiter + "' or end of line");
          while (i < n && text[i] != options.delimiter && text[i] != '\n') ++i;
        }
      } else {
        while (i < n && text[i] != options.delimiter && text[i] != '\n' && text[i] != '\r') {
          cell.text += text[i];
          ++i;
        }
        if (options.trim)
          while (!cell.text.empty() && is_space(cell.text.back())) cell.text.pop_back();
      }
      row.cells.push_back(std::move(cell));
      if (i < n && text[i] == options.delimiter) {
        ++i;
        continue;
      }
      if (i < n && text[i] == '\r') ++i;
      if (i < n && text[i] == '\n') {
        ++i;
        ++line;
        line_start = i;
      }
      record_done = true;
    }
    bool blank = row.cells.size() == 1 && row.cells[0].text.empty();
    if (!blank) table.rows.push_back(std::move(row));
  }
  return table;
}

std::optional<std::string> read_text_file(const std::string& path, std::string* why, std::size_t max_bytes) {
  // Opened without blocking and checked before reading: a FIFO would block the open (or the
  // read) forever, and a device such as /dev/zero has no end.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (why) *why = errno == ENOENT ? std::string("no such file") : std::strerror(errno);
    return std::nullopt;
  }
  auto fail = [&](std::string reason) -> std::optional<std::string> {
    ::close(fd);
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  struct stat st{};
  if (::fstat(fd, &st) != 0) return fail(std::strerror(errno));
  if (!S_ISREG(st.st_mode)) {
    const char* kind = S_ISDIR(st.st_mode)    ? "a directory"
                       : S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)"
                       : S_ISCHR(st.st_mode)  ? "a character device"
                       : S_ISBLK(st.st_mode)  ? "a block device"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                                              : "not a regular file";
    return fail(fmt::format("it is {}, expected a regular file", kind));
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes)
    return fail(fmt::format("the file is {} bytes, the limit is {} bytes", st.st_size, max_bytes));
  std::string text;
  text.reserve(static_cast<std::size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(std::strerror(errno));
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    // The file may grow while it is read: the limit holds for what is read, too.
    if (text.size() > max_bytes)
      return fail(fmt::format("the file grew beyond the limit of {} bytes while it was read", max_bytes));
  }
  ::close(fd);
  return text;
}

std::optional<CsvTable> read_csv_file(const std::string& path, Diagnostics& diags,
                                      const CsvOptions& options) {
  std::string why;
  auto text = read_text_file(path, &why);
  if (!text) {
    diags.error({path, 0, 0}, "cannot read file: " + why);
    return std::nullopt;
  }
  return parse_csv(*text, path, diags, options);
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + '"';
}

std::optional<double> parse_number(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace parley
