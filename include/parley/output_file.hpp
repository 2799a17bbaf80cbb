// Writing an output file (a trace CSV, an exported table) so that a failure never leaves a
// partial file under the final name: the text goes to "<path>.partial", which is renamed to
// <path> only once everything is written and closed, and removed when anything fails.
#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>

namespace parley {

// A file that could not be written, with a message naming it and saying why.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Why a write failed, for a person: "the disk is full (No space left on device)", "the file
// size limit was reached (File too large)", or strerror's text for any other errno.
std::string write_failure_reason(int error_number);

class OutputFile {
 public:
  // Opens <path>.partial for writing; OutputError when it cannot be created.
  explicit OutputFile(std::string path);
  // Without commit() (an error, an exception), the partial file is removed.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  OutputFile& write(std::string_view text);
  OutputFile& operator<<(std::string_view text) { return write(text); }
  OutputFile& operator<<(char ch) { return write(std::string_view(&ch, 1)); }
  // Flushes, closes and renames the partial file to its final name; OutputError on failure
  // (the partial file is then removed and nothing of this write is left).
  void commit();

  const std::string& path() const { return path_; }

 private:
  [[noreturn]] void fail(int error_number);
  std::string path_, partial_;
  std::FILE* file_ = nullptr;
};

// Writes `text` to `path` through an OutputFile.
void write_output_file(const std::string& path, std::string_view text);

}  // namespace parley
