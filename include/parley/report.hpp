// parley report: one self-contained HTML file (inline SVG charts, a small inline script, no
// network) that answers the scenario's questions from a results database.
#pragma once

#include <string>

namespace parley {

struct ReportOptions {
  std::string baseline;  // the variant the headline answers describe; "" = chosen from the questions
  int map_month = -1;    // the month the map opens at; -1 = twelve months in
};

// The report's HTML. Throws StoreError when the file is not a complete parley results database
// or does not hold what the report needs (the message says what to do).
std::string render_report(const std::string& database, const ReportOptions& options);

}  // namespace parley
