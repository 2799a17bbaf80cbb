// Reading a results database for the report.
#include "report/data.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "store/schema.hpp"
#include "store/sqlite.hpp"

namespace parley::report {

using store::Database;
using store::Statement;

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

std::vector<SurvivalPoint> read_curve(Database& db, const std::string& variant, const char* event) {
  Statement st = db.prepare(
      "SELECT month, at_risk, events, censored, survival, lower, upper FROM survival WHERE variant = ? AND event = ? "
      "ORDER BY month");
  st.bind(1, variant).bind(2, std::string(event));
  std::vector<SurvivalPoint> out;
  while (st.step()) {
    SurvivalPoint p;
    p.time = static_cast<int>(st.integer(0));
    p.at_risk = st.integer(1);
    p.events = st.integer(2);
    p.censored = st.integer(3);
    p.survival = st.real(4);
    p.lower = st.real(5);
    p.upper = st.real(6);
    out.push_back(p);
  }
  return out;
}

void read_variant_tables(Database& db, VariantData& v, std::size_t regions, const std::string& first_camp) {
  const auto months = static_cast<std::size_t>(v.months);
  v.talks.assign(months, {});
  Statement st = db.prepare("SELECT month, p_closed, p_exploratory, p_formal, p_agreement, p_peace, p_collapsed "
                            "FROM monthly WHERE variant = ? ORDER BY month");
  st.bind(1, v.name);
  while (st.step()) {
    const auto t = st.integer(0);
    if (t < 0 || static_cast<std::size_t>(t) >= months) continue;
    for (int k = 0; k < kTalksStates; ++k)
      v.talks[static_cast<std::size_t>(t)][static_cast<std::size_t>(k)] = st.is_null(1 + k) ? 0.0 : st.real(1 + k);
  }
  v.agreement = read_curve(db, v.name, "agreement");
  v.peace = read_curve(db, v.name, "peace");
  Statement ys = db.prepare("SELECT year, first_month, last_month, deaths_mean, deaths_p05, deaths_p25, deaths_median, "
                            "deaths_p75, deaths_p95 FROM yearly_deaths WHERE variant = ? ORDER BY year");
  ys.bind(1, v.name);
  while (ys.step()) {
    const auto real = [&](int c) { return ys.is_null(c) ? 0.0 : ys.real(c); };
    v.years.push_back({static_cast<int>(ys.integer(0)), ys.text(1), ys.text(2), real(3), real(4), real(5), real(6),
                       real(7), real(8)});
  }
  v.control.assign(months * regions, 0.0);
  Statement cs = db.prepare("SELECT c.month, r.position, c.probability FROM region_control c JOIN regions r "
                            "ON r.region = c.region WHERE c.variant = ? AND c.camp = ?");
  cs.bind(1, v.name).bind(2, first_camp);
  while (cs.step()) {
    const auto t = cs.integer(0), g = cs.integer(1);
    if (t < 0 || g < 0 || static_cast<std::size_t>(t) >= months || static_cast<std::size_t>(g) >= regions) continue;
    v.control[static_cast<std::size_t>(t) * regions + static_cast<std::size_t>(g)] = cs.real(2);
  }
}

void read_runs(Database& db, VariantData& v, const std::vector<IssueData>& issues) {
  std::string terms;
  for (const auto& i : issues) terms += ", " + store::quote_identifier("term_" + i.id);
  Statement st = db.prepare("SELECT outcome, victor, first_formal, first_agreement, peace_month, collapses, "
                            "battle_deaths" + terms + " FROM runs WHERE variant = ?");
  st.bind(1, v.name);
  v.terms.assign(issues.size(), {});
  const auto months = static_cast<std::size_t>(v.months);
  std::vector<std::int64_t> formal_at(months, 0), censored(months + 1, 0);
  std::map<std::string, std::int64_t> victories;
  while (st.step()) {
    ++v.runs;
    const std::string outcome = st.text(0);
    if (outcome == "war") ++v.still_at_war;
    if (outcome == "victory" && !st.is_null(1)) ++victories[st.text(1)];
    if (!st.is_null(2) && st.integer(2) >= 0 && static_cast<std::size_t>(st.integer(2)) < months) {
      ++v.with_formal;
      ++formal_at[static_cast<std::size_t>(st.integer(2))];
    } else {
      ++censored[months];
    }
    if (!st.is_null(3)) {
      ++v.with_agreement;
      if (st.integer(5) > 0) ++v.collapsed;
    }
    if (!st.is_null(4)) ++v.with_peace;
    v.deaths.add(st.real(6));
    for (std::size_t k = 0; k < issues.size(); ++k)
      if (!st.is_null(7 + static_cast<int>(k))) v.terms[k].push_back(st.real(7 + static_cast<int>(k)));
  }
  v.formal = kaplan_meier_counts(formal_at, censored);
  for (const auto& [camp, n] : victories) v.victories.emplace_back(camp, n);
}

}  // namespace

const VariantData* ReportData::find(const std::string& variant) const {
  for (const auto& v : variants)
    if (v.name == variant) return &v;
  return nullptr;
}

ReportData read_report_data(const std::string& path, const std::string& baseline) {
  if (!std::filesystem::exists(path)) throw StoreError(path + ": no such file");
  ReportData d;
  d.path = path;
  try {
    Database db(path, Database::Mode::open_existing);
    d.info = store::read_experiment(db, path);
    if (!d.info.complete)
      throw StoreError(fmt::format("{} is incomplete ({} of {} runs stored): the report needs the whole experiment; "
                                   "finish it with 'parley run ... --resume --out {}'", path, d.info.items_done,
                                   d.info.runs * d.info.variants.size(), path));
    read_scenario_meta(d);
    Statement is = db.prepare("SELECT issue, label, low, high, status_quo FROM issues ORDER BY position");
    while (is.step()) d.issues.push_back({is.text(0), is.text(1), is.text(2), is.text(3), is.real(4)});
    Statement cs = db.prepare("SELECT camp, name FROM camps ORDER BY position");
    while (cs.step()) d.camps.push_back({cs.text(0), cs.text(1)});
    if (d.camps.empty()) throw StoreError(path + ": the camps table is empty");
    Statement rs = db.prepare("SELECT r.region, r.name, s.geometry FROM regions r LEFT JOIN region_shapes s "
                              "ON s.region = r.region ORDER BY r.position");
    while (rs.step()) d.regions.push_back({rs.text(0), rs.text(1), rs.is_null(2) ? "" : rs.text(2)});
    Statement qs = db.prepare("SELECT question, text FROM questions ORDER BY position");
    Statement qv = db.prepare("SELECT variant FROM question_variants WHERE question = ? ORDER BY position");
    while (qs.step()) {
      QuestionData q{qs.text(0), qs.text(1), {}};
      qv.bind(1, q.id);
      while (qv.step()) q.variants.push_back(qv.text(0));
      qv.reset();
      d.questions.push_back(std::move(q));
    }
    Statement vs = db.prepare("SELECT variant, description, months, start FROM variants ORDER BY position");
    while (vs.step()) {
      VariantData v;
      v.name = vs.text(0);
      v.description = vs.text(1);
      v.months = static_cast<int>(vs.integer(2));
      v.start = vs.text(3);
      if (v.months < 1 || v.months > 1200)
        throw StoreError(fmt::format("{}: variant '{}' has {} months, expected 1 to 1200 (the scenario limit)", path,
                                     v.name, v.months));
      d.variants.push_back(std::move(v));
    }
    if (d.variants.empty()) throw StoreError(path + ": the variants table is empty");
    for (auto& v : d.variants) {
      read_variant_tables(db, v, d.regions.size(), d.camps.front().id);
      read_runs(db, v, d.issues);
      if (v.runs == 0) throw StoreError(fmt::format("{}: variant '{}' has no runs", path, v.name));
    }
    // Questions must name stored variants (a damaged file may not).
    for (const auto& q : d.questions)
      for (const auto& name : q.variants)
        if (!d.find(name))
          throw StoreError(fmt::format("{}: question '{}' names variant '{}', which has no results", path, q.id, name));
    d.baseline = baseline;
    if (d.baseline.empty())
      d.baseline = !d.questions.empty() && !d.questions.front().variants.empty() ? d.questions.front().variants.front()
                   : d.find("base")                                            ? "base"
                                                                               : d.variants.front().name;
    if (!d.find(d.baseline)) {
      std::string known;
      for (const auto& v : d.variants) known += (known.empty() ? "" : ", ") + v.name;
      throw StoreError(fmt::format("{} has no variant '{}' (it holds: {})", path, d.baseline, known));
    }
    const store::ResultsLayout layout = store::read_layout(db, d.baseline);
    for (const auto& q : d.questions)
      for (std::size_t k = 1; k < q.variants.size(); ++k)
        d.comparisons.push_back({q.id, q.variants.front(), q.variants[k],
                                 store::compare_variants(db, layout, q.variants.front(), q.variants[k])});
    if (d.questions.empty())
      for (const auto& v : d.variants)
        if (v.name != d.baseline)
          d.comparisons.push_back({"", d.baseline, v.name, store::compare_variants(db, layout, d.baseline, v.name)});
  } catch (const store::SqliteError& e) {
    throw StoreError(path + " is not a parley results database the report can read (" + e.what() + ")");
  }
  return d;
}

}  // namespace parley::report
