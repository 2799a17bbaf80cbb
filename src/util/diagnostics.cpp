// Diagnostics: formatting, collection, and did-you-mean suggestions.
#include "parley/diagnostics.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace parley {

namespace {
const char* severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
// two neighbouring letters each cost 1 (a swap is the commonest typo).
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], before[j - 2] + 1);
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string Diagnostic::str() const {
  std::string loc = where.path.empty() ? std::string("<input>") : where.path;
  if (where.line > 0) {
    loc += fmt::format(":{}", where.line);
    if (where.column > 0) loc += fmt::format(":{}", where.column);
  }
  return fmt::format("{}: {}: {}", loc, severity_name(severity), message);
}

void Diagnostics::error(SourceLocation where, std::string message) {
  items_.push_back({std::move(where), Severity::error, std::move(message)});
}
void Diagnostics::warning(SourceLocation where, std::string message) {
  items_.push_back({std::move(where), Severity::warning, std::move(message)});
}
void Diagnostics::note(SourceLocation where, std::string message) {
  items_.push_back({std::move(where), Severity::note, std::move(message)});
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(),
      [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

std::string Diagnostics::str() const {
  std::string out;
  for (const auto& d : items_) {
    out += d.str();
    out += '\n';
  }
  return out;
}

InputError::InputError(Diagnostics diags)
    : std::runtime_error(diags.empty() ? std::string("invalid input") : diags.items().front().str()),
      diags_(std::move(diags)) {}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  // A suggestion is plausible when at most a third of the letters differ (at least 1, at most 3).
  std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  return best_d <= limit ? best : std::string();
}

}  // namespace parley
