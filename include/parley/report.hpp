// What a results database says, for people: parley report's self-contained HTML file (inline
// SVG charts, a small inline script, no network) that answers the scenario's questions, and
// the text of parley summary and parley compare. Each throws StoreError when the file cannot
// be read (the message says why and what to do).
#pragma once

#include <string>

namespace parley {

// What the report's map colours each region by: the first camp's control share of it (mean
// over runs) or the share of runs in which the first camp holds the most of it.
enum class MapView { share, holder };

struct ReportOptions {
  std::string baseline;  // the variant the headline answers describe; "" = chosen from the questions
  int map_month = -1;    // the month the map opens at, counted from the origin (0); -1 = month 11
  MapView map_view = MapView::share;
  // An observations file: adds "How the forecast scored" (parley score's scores of the
  // headline variant against it); "" for none. Its errors throw InputError.
  std::string observations;
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
