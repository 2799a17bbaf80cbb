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
  std::vector<std::array<double, kTalksStates>> talks;  // per month: share of runs in each state
  std::vector<SurvivalPoint> agreement, peace, formal;   // Kaplan-Meier, time to each event
  std::vector<YearDeaths> years;
  std::vector<double> control;  // [month * regions + region]: P(the first camp holds the region)
  std::vector<StoredTrack> tracks;  // the variant's talks tracks with their agenda items
  std::vector<double> agenda;   // [month * items + item] over every track's items: P(item closed)
  std::vector<double> victory;  // [(month * camps + camp) * kVictoryKindCount + kind]: P(won by then, so)
  // From the runs table:
  std::int64_t runs = 0, with_formal = 0, with_agreement = 0, with_peace = 0, collapsed = 0, still_at_war = 0;
  std::vector<std::pair<std::string, std::int64_t>> victories;  // camp id, runs
  std::vector<std::vector<double>> terms;  // per issue: the terms of each run's last agreement
  MeanInterval deaths;                     // battle deaths over the horizon
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
