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

// Counts for a Kaplan-Meier curve of the months from the origin to an event: runs with the
// event before the origin are counted apart (a milestone of the history), runs without it are
// censored at the end of the forecast.
struct FromOrigin {
  std::vector<std::int64_t> at, censored;
  std::int64_t before = 0, after = 0;
  FromOrigin(int forecast) : at(static_cast<std::size_t>(forecast), 0), censored(static_cast<std::size_t>(forecast) + 1, 0) {}
  void add(int month, int origin) {
    const int t = month - origin;
    if (month >= 0 && t < 0) ++before;
    else if (month >= 0 && static_cast<std::size_t>(t) < at.size()) ++after, ++at[static_cast<std::size_t>(t)];
    else ++censored.back();
  }
  std::vector<SurvivalPoint> curve() const { return kaplan_meier_counts(at, censored); }
};

void read_runs(const ResultsReader& reader, VariantData& v) {
  const std::size_t issues = reader.issues().size();
  v.terms.assign(issues, {});
  FromOrigin formal(v.forecast), agreement(v.forecast), peace(v.forecast);
  std::map<std::string, std::int64_t> victories;
  reader.for_each_run(v.name, [&](const StoredRun& r) {
    ++v.runs;
    if (r.outcome == RunOutcome::war) ++v.still_at_war;
    if (r.outcome == RunOutcome::victory && r.victor >= 0)
      ++victories[reader.camps()[static_cast<std::size_t>(r.victor)].id];
    formal.add(r.first_formal, v.origin);
    agreement.add(r.first_agreement, v.origin);
    peace.add(r.peace_month, v.origin);
    if (r.first_agreement >= v.origin && r.collapses > 0) ++v.collapsed;
    if (ended_before_origin(r.outcome, r.months_simulated, v.origin)) ++v.ended_before;
    if (r.history_draws > 1) ++v.redrawn;
    v.deaths.add(v.origin > 0 ? std::max(0.0, r.battle_deaths - r.history_deaths) : r.battle_deaths);
    for (std::size_t k = 0; k < issues && k < r.terms.size(); ++k)
      if (!std::isnan(r.terms[k])) v.terms[k].push_back(r.terms[k]);
  });
  v.with_formal = formal.after;
  v.with_agreement = agreement.after;
  v.with_peace = peace.after;
  v.formal_before = formal.before;
  v.agreement_before = agreement.before;
  v.peace_before = peace.before;
  v.formal = formal.curve();
  v.agreement = agreement.curve();
  v.peace = peace.curve();
  for (const auto& [camp, n] : victories) v.victories.emplace_back(camp, n);
}

PairedComparison compare(const ResultsReader& reader, const PairedLayout& layout, const std::string& reference,
                         const std::string& variant) {
  return compare_paired(layout, reader.runs(reference), reader.runs(variant));
}

}  // namespace

const YearDeaths* VariantData::first_year() const {
  for (const auto& y : years)
    if (y.year == 1) return &y;
  return nullptr;
}

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
    v.origin = stored.origin;
    v.forecast = v.months - v.origin;
    const auto start = parse_year_month(v.start);
    v.zero = start ? start->plus(v.origin).to_string() : v.start;
    v.talks = reader.talks_shares(v.name);
    v.years = reader.yearly_deaths(v.name);
    v.control = reader.holding(v.name, d.camps.front().id);
    v.share = reader.control_share(v.name, d.camps.front().id);
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
  layout.origin = reader.variant(d.baseline).origin;
  layout.start = reader.variant(d.baseline).start;
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
