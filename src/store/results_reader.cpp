// ResultsReader: one open-and-check of a results database, and its tables as plain values.
#include "parley/results_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <filesystem>

#include "store/schema.hpp"
#include "store/sqlite.hpp"

namespace parley {

using store::Database;
using store::Statement;

struct ResultsReader::Impl {
  std::string path;
  std::unique_ptr<Database> db;
  ExperimentInfo info;
  std::vector<StoredIssue> issues;
  std::vector<StoredCamp> camps;
  std::vector<StoredActor> actors;
  std::vector<StoredRegion> regions;
  std::vector<StoredVariant> variants;
  std::vector<StoredQuestion> questions;

  // A query's SqliteError as a StoreError naming the file.
  [[noreturn]] void failed(const store::SqliteError& e) const { throw StoreError(path + ": " + e.what()); }
  [[noreturn]] void damaged(const std::string& what) const { throw StoreError(path + " is damaged: " + what); }
  void read_dimensions();
};

namespace {

// A stored month: -1 for NULL ("never") and for values no run can have.
int stored_month(const Statement& st, int c) {
  if (st.is_null(c)) return -1;
  const std::int64_t m = st.integer(c);
  return m < 0 ? -1 : m > INT_MAX ? INT_MAX : static_cast<int>(m);
}

}  // namespace

void ResultsReader::Impl::read_dimensions() {
  Statement is = db->prepare("SELECT issue, label, low, high, status_quo FROM issues ORDER BY position");
  while (is.step()) issues.push_back({is.text(0), is.text(1), is.text(2), is.text(3), is.real(4)});
  Statement cs = db->prepare("SELECT camp, name FROM camps ORDER BY position");
  while (cs.step()) camps.push_back({cs.text(0), cs.text(1)});
  Statement rs = db->prepare("SELECT r.region, r.name, r.population, s.geometry FROM regions r LEFT JOIN region_shapes s "
                             "ON s.region = r.region ORDER BY r.position");
  while (rs.step()) regions.push_back({rs.text(0), rs.text(1), rs.real(2), rs.is_null(3) ? "" : rs.text(3)});
  Statement as = db->prepare("SELECT actor, name, camp FROM actors ORDER BY position");
  while (as.step()) actors.push_back({as.text(0), as.text(1), as.is_null(2) ? "" : as.text(2)});
  Statement vs = db->prepare("SELECT variant, description, months, start, origin FROM variants ORDER BY position");
  while (vs.step()) {
    // The horizon sizes every month table: fuzz_results found a negative one asking for a
    // vector larger than max_size. Scenarios allow 1 to 1200 months.
    const std::int64_t months = vs.integer(2);
    if (months < 1 || months > 1200)
      damaged(fmt::format("variant '{}' has a horizon of {} months (parley runs last 1 to 1200)", vs.text(0), months));
    // The origin is a month of the horizon after its first (0: none).
    const std::int64_t origin = vs.integer(4);
    if (origin < 0 || origin >= months)
      damaged(fmt::format("variant '{}' has its origin at month {} of a horizon of {} months", vs.text(0), origin,
                          months));
    variants.push_back({vs.text(0), vs.text(1), static_cast<int>(months), vs.text(3), static_cast<int>(origin)});
  }
  if (variants.empty()) damaged("the variants table is empty");
  if (camps.empty()) damaged("the camps table is empty");
  Statement qs = db->prepare("SELECT question, text FROM questions ORDER BY position");
  Statement qv = db->prepare("SELECT variant FROM question_variants WHERE question = ? ORDER BY position");
  while (qs.step()) {
    StoredQuestion q{qs.text(0), qs.text(1), {}};
    qv.bind(1, q.id);
    while (qv.step()) q.variants.push_back(qv.text(0));
    qv.reset();
    questions.push_back(std::move(q));
  }
}

ResultsReader::ResultsReader(const std::string& path) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  if (!std::filesystem::exists(path)) throw StoreError(path + ": no such file");
  try {
    impl_->db = std::make_unique<Database>(path, Database::Mode::open_existing);
    impl_->info = store::read_experiment(*impl_->db, path);
  } catch (const store::SqliteError& e) {
    throw StoreError(path + " is not a parley results database (" + e.what() + ")");
  }
  try {
    impl_->read_dimensions();
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  // Questions must name stored variants (a damaged file may not).
  for (const auto& q : impl_->questions)
    for (const auto& name : q.variants)
      if (!find_variant(name))
        impl_->damaged(fmt::format("question '{}' names variant '{}', which has no results", q.id, name));
}

ResultsReader::~ResultsReader() = default;
ResultsReader::ResultsReader(ResultsReader&&) noexcept = default;
ResultsReader& ResultsReader::operator=(ResultsReader&&) noexcept = default;

const std::string& ResultsReader::path() const { return impl_->path; }
const ExperimentInfo& ResultsReader::info() const { return impl_->info; }
const std::vector<StoredIssue>& ResultsReader::issues() const { return impl_->issues; }
const std::vector<StoredCamp>& ResultsReader::camps() const { return impl_->camps; }
const std::vector<StoredActor>& ResultsReader::actors() const { return impl_->actors; }
const std::vector<StoredRegion>& ResultsReader::regions() const { return impl_->regions; }
const std::vector<StoredVariant>& ResultsReader::variants() const { return impl_->variants; }
const std::vector<StoredQuestion>& ResultsReader::questions() const { return impl_->questions; }

void ResultsReader::require_complete() const {
  const ExperimentInfo& i = impl_->info;
  if (i.complete) return;
  throw StoreError(fmt::format("{} is incomplete ({} of {} runs stored): the report needs the whole experiment; "
                               "finish it with 'parley run ... --resume --out {}'",
                               impl_->path, i.items_done, i.runs * i.variants.size(), impl_->path));
}

std::string ResultsReader::incomplete_note() const {
  const ExperimentInfo& i = impl_->info;
  if (i.complete) return "";
  return fmt::format("NOTE: {} is INCOMPLETE: {} of {} runs were stored before it stopped. The figures below\n"
                     "cover those runs only; finish it with parley run {} --out {} --resume\n\n",
                     impl_->path, i.items_done, i.runs * i.variants.size(), i.scenario_path, impl_->path);
}

const StoredVariant* ResultsReader::find_variant(const std::string& name) const {
  for (const auto& v : impl_->variants)
    if (v.name == name) return &v;
  return nullptr;
}

const StoredVariant& ResultsReader::variant(const std::string& name) const {
  if (const StoredVariant* v = find_variant(name)) return *v;
  std::string known;
  for (const auto& v : impl_->variants) known += (known.empty() ? "" : ", ") + v.name;
  throw StoreError(fmt::format("{} has no variant '{}' (it holds: {})", impl_->path, name, known));
}

void ResultsReader::for_each_run(const std::string& variant,
                                 const std::function<void(const StoredRun&)>& visit) const {
  const std::size_t issues = impl_->issues.size(), camps = impl_->camps.size();
  std::string columns;
  for (const auto& i : impl_->issues) columns += ", " + store::quote_identifier("term_" + i.id);
  for (const auto& c : impl_->camps) columns += ", " + store::quote_identifier("share_" + c.id);
  for (const auto& c : impl_->camps) columns += ", " + store::quote_identifier("camp_deaths_" + c.id);
  const int extra = 8 + static_cast<int>(issues + 2 * camps);  // the columns after the terms, shares and deaths
  try {
    // months_formal is the first track's (position 0 in tracks), 0 for a run without its row.
    Statement st = impl_->db->prepare(
        "SELECT run, outcome, victor, first_formal, first_agreement, peace_month, collapses, battle_deaths" + columns +
        ", victory_by, cascades, exit_deals, splinters, shocks, capitals_lost, history_deaths, months_simulated, history_draws, "
        "(SELECT rt.months_formal FROM run_tracks rt JOIN tracks t ON t.variant = rt.variant AND t.track = rt.track "
        "WHERE rt.variant = runs.variant AND rt.run = runs.run AND t.position = 0) "
        "FROM runs WHERE variant = ? ORDER BY run");
    st.bind(1, variant);
    StoredRun r;
    while (st.step()) {
      r.run = st.integer(0);
      const auto outcome = parse_enum<RunOutcome>(st.text(1));
      if (!outcome)
        impl_->damaged(fmt::format("run {} of variant '{}' has the outcome '{}', expected peace, agreement, victory "
                                   "or war", r.run, variant, st.text(1)));
      r.outcome = *outcome;
      r.victor = -1;
      if (!st.is_null(2)) {
        const std::string victor = st.text(2);
        for (std::size_t c = 0; c < camps && r.victor < 0; ++c)
          if (impl_->camps[c].id == victor) r.victor = static_cast<int>(c);
        if (r.victor < 0)
          impl_->damaged(fmt::format("run {} of variant '{}' names the victor '{}', which is not a camp", r.run,
                                     variant, victor));
      }
      r.first_formal = stored_month(st, 3);
      r.first_agreement = stored_month(st, 4);
      r.peace_month = stored_month(st, 5);
      r.collapses = st.integer(6);
      r.battle_deaths = st.real(7);
      // parley writes finite deaths only; inf or NaN (SQLite stores them) is a damaged row.
      if (!std::isfinite(r.battle_deaths))
        impl_->damaged(fmt::format("run {} of variant '{}' has {} battle deaths", r.run, variant, r.battle_deaths));
      r.terms.assign(issues, std::nan(""));
      for (std::size_t k = 0; k < issues; ++k)
        if (!st.is_null(8 + static_cast<int>(k))) r.terms[k] = st.real(8 + static_cast<int>(k));
      r.shares.assign(camps, 0.0);
      for (std::size_t k = 0; k < camps; ++k) r.shares[k] = st.real(8 + static_cast<int>(issues + k));
      r.camp_deaths.assign(camps, 0.0);
      for (std::size_t k = 0; k < camps; ++k) r.camp_deaths[k] = st.real(8 + static_cast<int>(issues + camps + k));
      r.victory_by = VictoryKind::none;
      if (!st.is_null(extra)) {
        const auto by = parse_enum<VictoryKind>(st.text(extra));
        if (!by || *by == VictoryKind::none)
          impl_->damaged(fmt::format("run {} of variant '{}' has victory_by '{}', expected attrition, collapse or "
                                     "capital", r.run, variant, st.text(extra)));
        r.victory_by = *by;
      }
      r.cascades = st.integer(extra + 1);
      r.exit_deals = st.integer(extra + 2);
      r.splinters = st.integer(extra + 3);
      r.shocks = st.integer(extra + 4);
      r.capitals_lost = st.integer(extra + 5);
      r.history_deaths = st.real(extra + 6);
      if (!std::isfinite(r.history_deaths))
        impl_->damaged(fmt::format("run {} of variant '{}' has {} history deaths", r.run, variant, r.history_deaths));
      r.months_simulated = static_cast<int>(std::clamp<std::int64_t>(st.integer(extra + 7), 0, 100000));
      r.history_draws = static_cast<int>(std::clamp<std::int64_t>(st.integer(extra + 8), 1, 1 << 20));
      r.months_formal = st.is_null(extra + 9) ? 0 : static_cast<int>(st.integer(extra + 9));
      visit(r);
    }
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
}

std::vector<StoredRun> ResultsReader::runs(const std::string& variant) const {
  std::vector<StoredRun> out;
  for_each_run(variant, [&](const StoredRun& r) { out.push_back(r); });
  return out;
}

std::vector<std::array<double, kTalksStateCount>> ResultsReader::talks_shares(const std::string& name) const {
  const auto months = static_cast<std::size_t>(variant(name).months);
  std::vector<std::array<double, kTalksStateCount>> out(months, std::array<double, kTalksStateCount>{});
  try {
    Statement st = impl_->db->prepare("SELECT month, " + store::talks_columns("") +
                                      " FROM monthly WHERE variant = ? ORDER BY month");
    st.bind(1, name);
    while (st.step()) {
      const auto t = st.integer(0);
      if (t < 0 || static_cast<std::size_t>(t) >= months) continue;
      for (int k = 0; k < kTalksStateCount; ++k)
        out[static_cast<std::size_t>(t)][static_cast<std::size_t>(k)] = st.is_null(1 + k) ? 0.0 : st.real(1 + k);
    }
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  return out;
}

std::vector<SurvivalPoint> ResultsReader::survival(const std::string& variant, SurvivalEvent event) const {
  std::vector<SurvivalPoint> out;
  try {
    Statement st = impl_->db->prepare("SELECT month, at_risk, events, censored, survival, lower, upper FROM survival "
                                      "WHERE variant = ? AND event = ? ORDER BY month");
    st.bind(1, variant).bind(2, enum_name(event));
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
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  return out;
}

std::vector<StoredYear> ResultsReader::yearly_deaths(const std::string& variant) const {
  std::vector<StoredYear> out;
  try {
    Statement st = impl_->db->prepare("SELECT year, first_month, last_month, deaths_mean, deaths_p05, deaths_p25, "
                                      "deaths_median, deaths_p75, deaths_p95 FROM yearly_deaths WHERE variant = ? "
                                      "ORDER BY year");
    st.bind(1, variant);
    while (st.step()) {
      const auto real = [&](int c) { return st.is_null(c) ? 0.0 : st.real(c); };
      out.push_back({static_cast<int>(st.integer(0)), st.text(1), st.text(2), real(3), real(4), real(5), real(6),
                     real(7), real(8)});
    }
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  return out;
}

std::vector<double> ResultsReader::holding(const std::string& name, const std::string& camp) const {
  return region_values(name, camp, "probability");
}

std::vector<double> ResultsReader::control_share(const std::string& name, const std::string& camp) const {
  return region_values(name, camp, "share_mean");
}

std::vector<double> ResultsReader::region_values(const std::string& name, const std::string& camp,
                                                 const char* column) const {
  const auto months = static_cast<std::size_t>(variant(name).months), regions = impl_->regions.size();
  std::vector<double> out(months * regions, 0.0);
  try {
    Statement st = impl_->db->prepare(std::string("SELECT c.month, r.position, c.") + column +
                                      " FROM region_control c JOIN regions r "
                                      "ON r.region = c.region WHERE c.variant = ? AND c.camp = ?");
    st.bind(1, name).bind(2, camp);
    while (st.step()) {
      const auto t = st.integer(0), g = st.integer(1);
      if (t < 0 || g < 0 || static_cast<std::size_t>(t) >= months || static_cast<std::size_t>(g) >= regions) continue;
      out[static_cast<std::size_t>(t) * regions + static_cast<std::size_t>(g)] = st.real(2);
    }
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  return out;
}

std::vector<StoredTrack> ResultsReader::tracks(const std::string& variant) const {
  std::vector<StoredTrack> out;
  try {
    Statement ts = impl_->db->prepare("SELECT track, participants FROM tracks WHERE variant = ? ORDER BY position");
    Statement as = impl_->db->prepare("SELECT issues FROM agenda_items WHERE variant = ? AND track = ? ORDER BY item");
    ts.bind(1, variant);
    while (ts.step()) {
      StoredTrack t{ts.text(0), ts.text(1), {}};
      as.bind(1, variant).bind(2, t.id);
      while (as.step()) t.items.push_back(as.text(0));
      as.reset();
      out.push_back(std::move(t));
    }
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  return out;
}

std::vector<StoredInput> ResultsReader::inputs(const std::string& variant) const {
  std::vector<StoredInput> out;
  try {
    Statement st = impl_->db->prepare("SELECT input, distribution FROM inputs WHERE variant = ? ORDER BY position");
    st.bind(1, variant);
    while (st.step()) out.push_back({st.text(0), st.text(1)});
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  return out;
}

std::vector<StoredTrackRun> ResultsReader::run_tracks(const std::string& variant) const {
  std::vector<StoredTrackRun> out;
  try {
    Statement st = impl_->db->prepare(
        "SELECT rt.run, rt.track, rt.months_formal, rt.first_formal, rt.first_agreement, rt.last_agreement, "
        "rt.agreements, rt.items_closed, rt.items_reopened, rt.rejections, rt.derailments FROM run_tracks rt "
        "LEFT JOIN tracks t ON t.variant = rt.variant AND t.track = rt.track WHERE rt.variant = ? "
        "ORDER BY rt.run, t.position");
    st.bind(1, variant);
    while (st.step()) {
      StoredTrackRun r;
      r.run = st.integer(0);
      r.track = st.text(1);
      const auto count = [&](int c) { return static_cast<int>(std::clamp<std::int64_t>(st.integer(c), 0, INT_MAX)); };
      r.result.months_formal = count(2);
      r.result.first_formal = stored_month(st, 3);
      r.result.first_agreement = stored_month(st, 4);
      r.result.last_agreement = stored_month(st, 5);
      r.result.agreements = count(6);
      r.result.items_closed = count(7);
      r.result.items_reopened = count(8);
      r.result.rejections = count(9);
      r.result.derailments = count(10);
      out.push_back(r);
    }
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  return out;
}

std::vector<StoredInputValue> ResultsReader::run_inputs(const std::string& variant) const {
  std::vector<StoredInputValue> out;
  try {
    Statement st = impl_->db->prepare(
        "SELECT x.run, i.input, x.value FROM run_inputs_compact x JOIN variants v ON v.position = x.variant_position "
        "LEFT JOIN inputs i ON i.variant = v.variant AND i.position = x.input_position WHERE v.variant = ? "
        "ORDER BY x.run, x.input_position");
    st.bind(1, variant);
    while (st.step()) out.push_back({st.integer(0), st.text(1), st.real(2)});
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  return out;
}

std::vector<double> ResultsReader::agenda(const std::string& name) const {
  const auto months = static_cast<std::size_t>(variant(name).months);
  std::size_t items = 0;
  for (const auto& t : tracks(name)) items += t.items.size();
  std::vector<double> out(months * items, 0.0);
  try {
    // The flat index of (track, item): the items of the tracks before it, plus the item.
    Statement st = impl_->db->prepare(
        "SELECT a.month, (SELECT count(*) FROM agenda_items b JOIN tracks tb ON tb.variant = b.variant AND "
        "tb.track = b.track WHERE b.variant = a.variant AND tb.position < t.position) + a.item, a.share_closed "
        "FROM monthly_agenda a JOIN tracks t ON t.variant = a.variant AND t.track = a.track WHERE a.variant = ?");
    st.bind(1, name);
    while (st.step()) {
      const auto t = st.integer(0), j = st.integer(1);
      if (t < 0 || j < 0 || static_cast<std::size_t>(t) >= months || static_cast<std::size_t>(j) >= items) continue;
      out[static_cast<std::size_t>(t) * items + static_cast<std::size_t>(j)] = st.real(2);
    }
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  return out;
}

std::vector<double> ResultsReader::victory(const std::string& name) const {
  const auto months = static_cast<std::size_t>(variant(name).months), camps = impl_->camps.size();
  constexpr auto kinds = static_cast<std::size_t>(kVictoryKindCount);
  std::vector<double> out(months * camps * kinds, 0.0);
  try {
    Statement st = impl_->db->prepare("SELECT v.month, c.position, v.victory_by, v.probability FROM monthly_victory v "
                                      "JOIN camps c ON c.camp = v.camp WHERE v.variant = ?");
    st.bind(1, name);
    while (st.step()) {
      const auto t = st.integer(0), c = st.integer(1);
      const auto by = parse_enum<VictoryKind>(st.text(2));
      std::size_t k = kinds;
      for (std::size_t i = 0; i < kinds; ++i)
        if (by && kVictoryKinds[i] == *by) k = i;
      if (t < 0 || c < 0 || static_cast<std::size_t>(t) >= months || static_cast<std::size_t>(c) >= camps || k == kinds)
        continue;
      out[(static_cast<std::size_t>(t) * camps + static_cast<std::size_t>(c)) * kinds + k] = st.real(3);
    }
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  return out;
}

std::vector<StoredCalendarYear> ResultsReader::calendar_years(const std::string& variant) const {
  std::vector<StoredCalendarYear> out;
  try {
    Statement st = impl_->db->prepare(
        "SELECT year, first_month, last_month, months FROM calendar_years WHERE variant = ? ORDER BY year");
    st.bind(1, variant);
    while (st.step())
      out.push_back({static_cast<int>(st.integer(0)), st.text(1), st.text(2), static_cast<int>(st.integer(3))});
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  return out;
}

std::vector<StoredYearDeaths> ResultsReader::run_yearly_deaths(const std::string& variant) const {
  std::vector<StoredYearDeaths> out;
  try {
    Statement st = impl_->db->prepare(
        "SELECT x.run, x.year, x.deaths FROM run_yearly_deaths_compact x JOIN variants v ON "
        "v.position = x.variant_position WHERE v.variant = ? ORDER BY x.run, x.year");
    st.bind(1, variant);
    while (st.step()) {
      out.push_back({st.integer(0), static_cast<int>(st.integer(1)), st.real(2)});
      if (!std::isfinite(out.back().deaths))
        impl_->damaged(fmt::format("run {} of variant '{}' has {} battle deaths in {}", out.back().run, variant,
                                   out.back().deaths, out.back().year));
    }
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  return out;
}

std::vector<StoredObservation> ResultsReader::observations(const std::string& variant) const {
  std::vector<StoredObservation> out;
  try {
    Statement st = impl_->db->prepare(
        "SELECT observation, quantity, period, first_month, last_month, value, low, high, source, use, base_rate, line "
        "FROM observations WHERE variant = ? ORDER BY observation");
    st.bind(1, variant);
    while (st.step()) {
      StoredObservation o;
      o.index = static_cast<int>(st.integer(0));
      o.quantity = st.text(1);
      o.period = st.text(2);
      o.first = st.text(3);
      o.last = st.text(4);
      o.value = st.real(5);
      if (!st.is_null(6)) o.low = st.real(6);
      if (!st.is_null(7)) o.high = st.real(7);
      o.source = st.text(8);
      o.score_only = st.text(9) == "score";
      if (!st.is_null(10)) o.base_rate = st.real(10);
      o.line = static_cast<int>(st.integer(11));
      out.push_back(std::move(o));
    }
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  return out;
}

std::vector<StoredObservationValue> ResultsReader::run_observations(const std::string& variant) const {
  std::vector<StoredObservationValue> out;
  try {
    Statement st = impl_->db->prepare(
        "SELECT x.run, x.observation, x.value FROM run_observations_compact x JOIN variants v ON "
        "v.position = x.variant_position WHERE v.variant = ? ORDER BY x.run, x.observation");
    st.bind(1, variant);
    while (st.step()) out.push_back({st.integer(0), static_cast<int>(st.integer(1)), st.real(2)});
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  return out;
}

std::vector<StoredMilestones> ResultsReader::milestones(const std::string& variant) const {
  std::vector<StoredMilestones> out;
  try {
    // In Milestone order: exploratory_talks, formal_talks, agreement, collapse, victory, peace, exit_deal.
    Statement st = impl_->db->prepare(
        "SELECT run, first_exploratory, first_formal, first_agreement, first_cascade, "
        "CASE WHEN outcome = 'victory' THEN months_simulated - 1 END, peace_month, first_exit_deal "
        "FROM runs WHERE variant = ? ORDER BY run");
    st.bind(1, variant);
    while (st.step()) {
      StoredMilestones m;
      m.run = st.integer(0);
      for (int k = 0; k < 7; ++k) m.month[static_cast<std::size_t>(k)] = stored_month(st, k + 1);
      out.push_back(m);
    }
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
  return out;
}

const std::vector<std::string>& ResultsReader::tables() {
  static const std::vector<std::string> kTables{
      "experiment",    "files",          "variants",       "issues",         "camps",         "actors",
      "regions",       "tracks",         "agenda_items",   "inputs",         "calendar_years", "observations",
      "runs",          "run_tracks",     "run_inputs",     "run_yearly_deaths", "run_observations",
      "monthly",       "monthly_control", "region_control", "monthly_agenda", "monthly_victory", "survival",
      "yearly_deaths", "region_shapes",  "questions",      "question_variants"};
  return kTables;
}

void ResultsReader::for_each_row(const std::string& table,
                                 const std::function<void(const std::vector<std::string>&)>& header,
                                 const std::function<void(const std::vector<StoredCell>&)>& row) const {
  try {
    Statement st = impl_->db->prepare("SELECT * FROM " + store::quote_identifier(table));
    const int n = st.columns();
    std::vector<std::string> names;
    for (int c = 0; c < n; ++c) names.push_back(st.name(c));
    header(names);
    std::vector<StoredCell> cells(static_cast<std::size_t>(n));
    while (st.step()) {
      for (int c = 0; c < n; ++c) {
        StoredCell& cell = cells[static_cast<std::size_t>(c)];
        cell = StoredCell{};
        if (st.is_null(c)) continue;
        if (st.type(c) == SQLITE_FLOAT) cell.type = StoredCell::Type::real, cell.real = st.real(c);
        else if (st.type(c) == SQLITE_INTEGER) cell.type = StoredCell::Type::integer, cell.integer = st.integer(c);
        else cell.type = StoredCell::Type::text, cell.text = st.text(c);
      }
      row(cells);
    }
  } catch (const store::SqliteError& e) {
    impl_->failed(e);
  }
}

}  // namespace parley
