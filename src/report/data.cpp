// Reading a results database for the report, through ResultsReader.
#include "report/data.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <map>

namespace parley::report {

namespace {

// The scenario's name and description as stored; a database without a name (damaged) is
// named after the scenario's folder.
void read_scenario_meta(ReportData& d) {
  d.scenario_name = d.info.scenario_name;
  d.scenario_description = d.info.scenario_description;
  if (d.scenario_name.empty())
    d.scenario_name = std::filesystem::path(d.info.scenario_path).parent_path().filename().string();
  if (d.scenario_name.empty()) d.scenario_name = d.info.scenario_path;
}

void read_runs(const ResultsReader& reader, VariantData& v) {
  const std::size_t issues = reader.issues().size();
  v.terms.assign(issues, {});
  const auto months = static_cast<std::size_t>(v.months);
  std::vector<std::int64_t> formal_at(months, 0), censored(months + 1, 0);
  std::map<std::string, std::int64_t> victories;
  reader.for_each_run(v.name, [&](const StoredRun& r) {
    ++v.runs;
    if (r.outcome == RunOutcome::war) ++v.still_at_war;
    if (r.outcome == RunOutcome::victory && r.victor >= 0)
      ++victories[reader.camps()[static_cast<std::size_t>(r.victor)].id];
    if (r.first_formal >= 0 && static_cast<std::size_t>(r.first_formal) < months) {
      ++v.with_formal;
      ++formal_at[static_cast<std::size_t>(r.first_formal)];
    } else {
      ++censored[months];
    }
    if (r.first_agreement >= 0) {
      ++v.with_agreement;
      if (r.collapses > 0) ++v.collapsed;
    }
    if (r.peace_month >= 0) ++v.with_peace;
    v.deaths.add(r.battle_deaths);
    for (std::size_t k = 0; k < issues && k < r.terms.size(); ++k)
      if (!std::isnan(r.terms[k])) v.terms[k].push_back(r.terms[k]);
  });
  v.formal = kaplan_meier_counts(formal_at, censored);
  for (const auto& [camp, n] : victories) v.victories.emplace_back(camp, n);
}

PairedComparison compare(const ResultsReader& reader, const PairedLayout& layout, const std::string& reference,
                         const std::string& variant) {
  return compare_paired(layout, reader.runs(reference), reader.runs(variant));
}

}  // namespace

const VariantData* ReportData::find(const std::string& variant) const {
  for (const auto& v : variants)
    if (v.name == variant) return &v;
  return nullptr;
}

ReportData read_report_data(const std::string& path, const std::string& baseline) {
  const ResultsReader reader(path);
  reader.require_complete();
  ReportData d;
  d.path = path;
  d.info = reader.info();
  read_scenario_meta(d);
  d.issues = reader.issues();
  d.camps = reader.camps();
  d.regions = reader.regions();
  d.questions = reader.questions();
  for (const StoredVariant& stored : reader.variants()) {
    VariantData v;
    v.name = stored.name;
    v.description = stored.description;
    v.months = stored.months;
    v.start = stored.start;
    v.talks = reader.talks_shares(v.name);
    v.agreement = reader.survival(v.name, SurvivalEvent::agreement);
    v.peace = reader.survival(v.name, SurvivalEvent::peace);
    v.years = reader.yearly_deaths(v.name);
    v.control = reader.holding(v.name, d.camps.front().id);
    v.tracks = reader.tracks(v.name);
    v.agenda = reader.agenda(v.name);
    v.victory = reader.victory(v.name);
    read_runs(reader, v);
    if (v.runs == 0) throw StoreError(fmt::format("{}: variant '{}' has no runs", path, v.name));
    d.variants.push_back(std::move(v));
  }
  d.baseline = baseline;
  if (d.baseline.empty())
    d.baseline = !d.questions.empty() && !d.questions.front().variants.empty() ? d.questions.front().variants.front()
                 : d.find("base")                                            ? "base"
                                                                             : d.variants.front().name;
  PairedLayout layout;
  for (const auto& i : d.issues) layout.issues.push_back(i.id);
  for (const auto& c : d.camps) layout.camps.push_back(c.id);
  layout.months = reader.variant(d.baseline).months;
  for (const auto& q : d.questions)
    for (std::size_t k = 1; k < q.variants.size(); ++k)
      d.comparisons.push_back({q.id, q.variants.front(), q.variants[k],
                               compare(reader, layout, q.variants.front(), q.variants[k])});
  if (d.questions.empty())
    for (const auto& v : d.variants)
      if (v.name != d.baseline) d.comparisons.push_back({"", d.baseline, v.name, compare(reader, layout, d.baseline, v.name)});
  return d;
}

}  // namespace parley::report
