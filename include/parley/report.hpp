// What a results database says, for people: parley report's self-contained HTML file (inline
// SVG charts, a small inline script, no network) that answers the scenario's questions, and
// the text of parley summary and parley compare. Each throws StoreError when the file cannot
// be read (the message says why and what to do).
#pragma once

#include <string>

namespace parley {

struct ReportOptions {
  std::string baseline;  // the variant the headline answers describe; "" = chosen from the questions
  int map_month = -1;    // the month the map opens at; -1 = twelve months in
  // A sensitivity database (parley sensitivity) to add as "What the forecast depends on"; "": none.
  std::string sensitivity{};
};

// The report's HTML. Throws StoreError when the file is not a complete parley results database
// or does not hold what the report needs (the message says what to do).
std::string render_report(const std::string& database, const ReportOptions& options);

// parley summary: the headline figures of every variant in a results database.
std::string summarise_results(const std::string& database);
// parley compare: each variant against `baseline`, paired run by run.
std::string compare_results(const std::string& database, const std::string& baseline);

}  // namespace parley
