// Input errors as values: a location in a file and a message, collected rather than thrown.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace parley {

// A place in an input file; line and column are 1-based, 0 when unknown.
struct SourceLocation {
  std::string path;
  int line = 0;
  int column = 0;
};

enum class Severity { error, warning, note };

struct Diagnostic {
  SourceLocation where;
  Severity severity = Severity::error;
  std::string message;

  // "path:line:column: error: message", the form compilers and editors understand.
  std::string str() const;
};

// An ordered collection of diagnostics from one or more files.
class Diagnostics {
 public:
  void error(SourceLocation where, std::string message);
  void warning(SourceLocation where, std::string message);
  void note(SourceLocation where, std::string message);
  void add(Diagnostic d) { items_.push_back(std::move(d)); }

  bool has_errors() const;
  std::size_t error_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }
  // Every diagnostic, one per line, in the order found.
  std::string str() const;

 private:
  std::vector<Diagnostic> items_;
};

// Thrown at the library boundary when input is invalid; carries every diagnostic found.
class InputError : public std::runtime_error {
 public:
  explicit InputError(Diagnostics diags);
  const Diagnostics& diagnostics() const { return diags_; }

 private:
  Diagnostics diags_;
};

// The closest candidate to `word` by edit distance, or "" when none is close enough
// to be a plausible typo (used for "did you mean" hints).
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace parley
