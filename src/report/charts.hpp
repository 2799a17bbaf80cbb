// The report's charts as HTML fragments (<figure> with an inline <svg>).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "parley/report.hpp"
#include "report/data.hpp"

namespace parley::report {

// "Jun 2016": the calendar month `t` months after `start` ("YYYY-MM").
std::string month_name(const std::string& start, int t);
const std::array<const char*, kTalksStates>& talks_state_names();

std::string talks_chart(const ReportData& d);
// Time to the first agreement (or to durable peace) for the given variants, the first being the
// reference; `kind_suffix` is added to the chart's data-chart name (e.g. "-strategy").
std::string survival_chart(const ReportData& d, const std::vector<std::string>& variants, bool peace,
                           const std::string& kind_suffix);
std::string deaths_chart(const ReportData& d);
// The agenda's progress: per variant, the share of runs with each item of each track closed.
std::string agenda_chart(const ReportData& d);
// The probability of military victory by each camp so far, stacked by how it came.
std::string victory_chart(const ReportData& d);
std::string terms_chart(const ReportData& d, std::size_t issue);
// One row per comparison: the paired difference in `measure` (scaled by `scale`) with its interval.
std::string differences_chart(const ReportData& d, const std::string& measure, const std::string& kind,
                              const std::string& title, const std::string& unit, double scale);
// "" when no region has a shape. `month`: the month the slider opens at, counted from the
// origin; `view`: what colours the regions at first (the page can switch).
std::string map_chart(const ReportData& d, int month, MapView view = MapView::share);
// The map's data for the script: region names, month names, and per variant the first camp's
// mean control share ("share") and P(first camp holds) ("control"), in percent, from the origin.
std::string map_data_json(const ReportData& d);

}  // namespace parley::report
