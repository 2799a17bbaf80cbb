// Everything the report shows, read from a results database in one pass.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "parley/analysis.hpp"
#include "parley/results_reader.hpp"

namespace parley::report {

inline constexpr int kTalksStates = kTalksStateCount;  // closed, exploratory, formal, agreement, peace, collapsed

using YearDeaths = StoredYear;
using IssueData = StoredIssue;
using Named = StoredCamp;
using RegionData = StoredRegion;
using QuestionData = StoredQuestion;

struct VariantData {
  std::string name, description;
  int months = 0;
  std::string start;  // "YYYY-MM"
  // The forecast counts from the origin (meta.origin, months after the start; 0: none): month 0
  // is `zero`'s calendar month, and `forecast` = months - origin months follow it. The monthly
  // vectors below are indexed by months since the start; the curves by months after the origin.
  int origin = 0, forecast = 0;
  std::string zero;   // "YYYY-MM": month 0 (the origin's month, else the start's)
  std::vector<std::array<double, kTalksStates>> talks;  // per month: share of runs in each state
  // Kaplan-Meier, months from the origin to each event, over the runs without it before the origin
  std::vector<SurvivalPoint> agreement, peace, formal;
  std::vector<YearDeaths> years;
  std::vector<double> control;  // [month * regions + region]: P(the first camp holds the region)
  std::vector<double> share;    // [month * regions + region]: the first camp's control share, mean over runs
  std::vector<StoredTrack> tracks;  // the variant's talks tracks with their agenda items
  std::vector<double> agenda;   // [month * items + item] over every track's items: P(item closed)
  std::vector<double> victory;  // [(month * camps + camp) * kVictoryKindCount + kind]: P(won by then, so)
  // From the runs table:
  std::int64_t runs = 0, with_formal = 0, with_agreement = 0, with_peace = 0, collapsed = 0, still_at_war = 0;
  // Milestones of the history: runs with formal talks, an agreement, durable peace before the
  // origin, and runs that ended there (victory or peace). with_* count the runs after the origin.
  std::int64_t formal_before = 0, agreement_before = 0, peace_before = 0, ended_before = 0;
  std::int64_t redrawn = 0;  // runs whose history was drawn again (it ended the war before the origin)
  std::vector<std::pair<std::string, std::int64_t>> victories;  // camp id, runs
  std::vector<std::vector<double>> terms;  // per issue: the terms of each run's last agreement
  MeanInterval deaths;                     // battle deaths from the origin to the horizon
  const YearDeaths* first_year() const;    // the forecast's first year (year 1), nullptr if none
};

// A paired comparison of `variant` against `reference` (run n against run n).
struct Comparison {
  std::string question;  // "" when not part of a question
  std::string reference, variant;
  PairedComparison result;
};

struct ReportData {
  std::string path;
  std::string baseline;  // the variant the headline answers describe
  ExperimentInfo info;
  std::string scenario_name, scenario_description;
  std::vector<VariantData> variants;  // in the database's order
  std::vector<IssueData> issues;
  std::vector<Named> camps;
  std::vector<RegionData> regions;
  std::vector<QuestionData> questions;
  // Each question's variants against its first; without questions, every variant against the
  // baseline.
  std::vector<Comparison> comparisons;
  const VariantData* find(const std::string& variant) const;
};

// `baseline`: "" = the first question's first variant, else "base" when stored, else the first.
// Throws StoreError (not a results database, incomplete, damaged, unknown baseline).
ReportData read_report_data(const std::string& path, const std::string& baseline);

}  // namespace parley::report
