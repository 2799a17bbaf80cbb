// The results tables: created from the scenario's ids, filled from the aggregates at the end.
#include <algorithm>
#include <fmt/format.h>

#include "store/schema.hpp"

namespace parley::store {

namespace {

constexpr double kQuantiles[] = {0.05, 0.25, 0.5, 0.75, 0.95};

std::string month_date(const Scenario& s, int month) { return s.start.plus(month).to_string(); }

void write_monthly(Database& db, const std::string& variant, const Scenario& s, const VariantAggregate& a) {
  Statement st = db.prepare(
      "INSERT INTO monthly VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (int t = 0; t < a.months(); ++t) {
    st.bind(1, variant).bind(2, t).bind(3, month_date(s, t));
    int col = 4;
    for (const auto& [state, name] : kTalksStateNames) st.bind(col++, a.talks_share(t, state));
    st.bind(col++, a.deaths_mean(t));
    for (double q : kQuantiles) st.bind(col++, a.deaths_quantile(t, q));
    st.run();
  }
}

void write_control(Database& db, const std::string& variant, const Scenario& s, const VariantAggregate& a) {
  Statement st = db.prepare("INSERT INTO monthly_control VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (int t = 0; t < a.months(); ++t)
    for (int c = 0; c < a.camps(); ++c) {
      st.bind(1, variant).bind(2, t).bind(3, month_date(s, t)).bind(4, s.camps[static_cast<std::size_t>(c)].id);
      st.bind(5, a.share_mean(t, c));
      int col = 6;
      for (double q : kQuantiles) st.bind(col++, a.share_quantile(t, c, q));
      st.run();
    }
  Statement rs = db.prepare("INSERT INTO region_control VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (int t = 0; t < a.months(); ++t)
    for (int r = 0; r < a.regions(); ++r)
      for (int c = 0; c < a.camps(); ++c) {
        rs.bind(1, variant).bind(2, t).bind(3, month_date(s, t)).bind(4, s.regions[static_cast<std::size_t>(r)].id);
        rs.bind(5, s.camps[static_cast<std::size_t>(c)].id).bind(6, a.holding_probability(t, r, c));
        rs.bind(7, a.control_mean(t, r, c)).run();
      }
}

void write_yearly(Database& db, const std::string& variant, const Scenario& s, const VariantAggregate& a) {
  Statement st = db.prepare("INSERT INTO yearly_deaths VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (int y = 0; y < a.years(); ++y) {
    st.bind(1, variant).bind(2, a.year_number(y)).bind(3, month_date(s, a.year_first_month(y)));
    st.bind(4, month_date(s, a.year_last_month(y))).bind(5, a.year_deaths_mean(y));
    int col = 6;
    for (double q : kQuantiles) st.bind(col++, a.year_deaths_quantile(y, q));
    st.run();
  }
}

void write_agenda(Database& db, const std::string& variant, const Scenario& s, const VariantAggregate& a) {
  const std::vector<int> items = agenda_items(s);
  const std::vector<std::string> ids = track_ids(s);
  Statement st = db.prepare("INSERT INTO monthly_agenda VALUES (?, ?, ?, ?, ?, ?)");
  for (int t = 0; t < a.months(); ++t) {
    int flat = 0;
    for (std::size_t k = 0; k < items.size(); ++k)
      for (int j = 0; j < items[k]; ++j, ++flat)
        if (flat < a.items())
          st.bind(1, variant).bind(2, t).bind(3, month_date(s, t)).bind(4, ids[k]).bind(5, j)
              .bind(6, a.closed_share(t, flat)).run();
  }
}

void write_victory(Database& db, const std::string& variant, const Scenario& s, const VariantAggregate& a) {
  Statement st = db.prepare("INSERT INTO monthly_victory VALUES (?, ?, ?, ?, ?, ?)");
  for (int t = 0; t < a.months(); ++t)
    for (int c = 0; c < a.camps(); ++c)
      for (VictoryKind k : kVictoryKinds)
        st.bind(1, variant).bind(2, t).bind(3, month_date(s, t)).bind(4, s.camps[static_cast<std::size_t>(c)].id)
            .bind(5, enum_name(k)).bind(6, a.victory_probability(t, c, k)).run();
}

void write_survival(Database& db, const std::string& variant, const char* event,
                    const std::vector<SurvivalPoint>& curve) {
  Statement st = db.prepare("INSERT INTO survival VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& p : curve) {
    st.bind(1, variant).bind(2, std::string(event)).bind(3, p.time).bind(4, p.at_risk).bind(5, p.events);
    st.bind(6, p.censored).bind(7, p.survival).bind(8, p.lower).bind(9, p.upper).run();
  }
}

}  // namespace

std::string talks_columns(const std::string& type) {
  std::string out;
  for (const auto& [state, name] : kTalksStateNames) out += fmt::format("{}p_{}{}", out.empty() ? "" : ", ", name, type);
  return out;
}

std::string schema_sql(const Scenario& s) {
  std::string runs_extra;
  for (const auto& i : s.issues) runs_extra += ",\n  " + quote_identifier("term_" + i.id) + " REAL";
  for (const auto& c : s.camps) runs_extra += ",\n  " + quote_identifier("share_" + c.id) + " REAL NOT NULL";
  for (const auto& c : s.camps) runs_extra += ",\n  " + quote_identifier("camp_deaths_" + c.id) + " REAL NOT NULL";
  return fmt::format(R"(PRAGMA application_id = {};
PRAGMA user_version = {};
CREATE TABLE experiment (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  scenario_path TEXT NOT NULL, scenario_name TEXT NOT NULL, scenario_description TEXT NOT NULL,
  seed INTEGER NOT NULL, runs INTEGER NOT NULL, trace_runs INTEGER NOT NULL,
  parley_version TEXT NOT NULL, command_line TEXT NOT NULL,
  started_at TEXT NOT NULL, finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('incomplete', 'complete')),
  items_done INTEGER NOT NULL);
CREATE TABLE files (position INTEGER PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('scenario', 'regions', 'map', 'observations', 'overrides')),
  path TEXT NOT NULL, bytes INTEGER NOT NULL, hash TEXT NOT NULL, content TEXT NOT NULL);
CREATE TABLE variants (variant TEXT PRIMARY KEY, position INTEGER NOT NULL, description TEXT NOT NULL,
  months INTEGER NOT NULL, start TEXT NOT NULL, origin INTEGER NOT NULL);
CREATE TABLE actors (actor TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL, camp TEXT);
CREATE TABLE issues (issue TEXT PRIMARY KEY, position INTEGER NOT NULL, label TEXT NOT NULL,
  low TEXT NOT NULL, high TEXT NOT NULL, status_quo REAL NOT NULL);
CREATE TABLE camps (camp TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL);
CREATE TABLE regions (region TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL,
  population REAL NOT NULL);
CREATE TABLE runs (
  variant TEXT NOT NULL, run INTEGER NOT NULL, outcome TEXT NOT NULL, victor TEXT,
  months_simulated INTEGER NOT NULL, first_exploratory INTEGER, first_formal INTEGER,
  first_agreement INTEGER, last_agreement INTEGER, agreements INTEGER NOT NULL, peace_month INTEGER,
  collapses INTEGER NOT NULL, derailments INTEGER NOT NULL,
  battle_deaths REAL NOT NULL, history_deaths REAL NOT NULL, civilian_deaths REAL NOT NULL,
  victory_by TEXT CHECK (victory_by IN ('attrition', 'collapse', 'capital')), cascades INTEGER NOT NULL,
  first_cascade INTEGER, cascade_regions INTEGER NOT NULL, cascade_months INTEGER NOT NULL,
  exit_deals INTEGER NOT NULL, first_exit_deal INTEGER, splinters INTEGER NOT NULL,
  splinter_fighters REAL NOT NULL, shocks INTEGER NOT NULL, capitals_lost INTEGER NOT NULL,
  history_draws INTEGER NOT NULL{},
  PRIMARY KEY (variant, run)) WITHOUT ROWID;
CREATE TABLE tracks (variant TEXT NOT NULL, track TEXT NOT NULL, position INTEGER NOT NULL,
  participants TEXT NOT NULL, items INTEGER NOT NULL, PRIMARY KEY (variant, track));
CREATE TABLE agenda_items (variant TEXT NOT NULL, track TEXT NOT NULL, item INTEGER NOT NULL,
  issues TEXT NOT NULL, PRIMARY KEY (variant, track, item));
CREATE TABLE run_tracks (variant TEXT NOT NULL, run INTEGER NOT NULL, track TEXT NOT NULL,
  months_formal INTEGER NOT NULL, first_formal INTEGER, first_agreement INTEGER, last_agreement INTEGER,
  agreements INTEGER NOT NULL, items_closed INTEGER NOT NULL, items_reopened INTEGER NOT NULL,
  rejections INTEGER NOT NULL, derailments INTEGER NOT NULL,
  PRIMARY KEY (variant, run, track)) WITHOUT ROWID;
CREATE TABLE inputs (variant TEXT NOT NULL, input TEXT NOT NULL, position INTEGER NOT NULL,
  distribution TEXT NOT NULL, PRIMARY KEY (variant, input));
CREATE UNIQUE INDEX variants_by_position ON variants (position);
CREATE UNIQUE INDEX inputs_by_position ON inputs (variant, position);
CREATE TABLE run_inputs_compact (variant_position INTEGER NOT NULL, run INTEGER NOT NULL,
  input_position INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (variant_position, run, input_position))
  WITHOUT ROWID;
CREATE VIEW run_inputs AS SELECT v.variant AS variant, x.run AS run, i.input AS input, x.value AS value
  FROM run_inputs_compact x JOIN variants v ON v.position = x.variant_position
  JOIN inputs i ON i.variant = v.variant AND i.position = x.input_position ORDER BY v.variant, x.run, i.input;
CREATE TABLE calendar_years (variant TEXT NOT NULL, year INTEGER NOT NULL, first_month TEXT NOT NULL,
  last_month TEXT NOT NULL, months INTEGER NOT NULL, PRIMARY KEY (variant, year));
CREATE TABLE run_yearly_deaths_compact (variant_position INTEGER NOT NULL, run INTEGER NOT NULL,
  year INTEGER NOT NULL, deaths REAL NOT NULL, PRIMARY KEY (variant_position, run, year)) WITHOUT ROWID;
CREATE VIEW run_yearly_deaths AS SELECT v.variant AS variant, x.run AS run, x.year AS year, x.deaths AS deaths
  FROM run_yearly_deaths_compact x JOIN variants v ON v.position = x.variant_position ORDER BY v.variant, x.run, x.year;
CREATE TABLE observations (variant TEXT NOT NULL, observation INTEGER NOT NULL, quantity TEXT NOT NULL,
  period TEXT NOT NULL, first_month TEXT NOT NULL, last_month TEXT NOT NULL, value REAL NOT NULL, low REAL,
  high REAL, source TEXT NOT NULL, use TEXT NOT NULL CHECK (use IN ('calibrate', 'score')), base_rate REAL,
  line INTEGER NOT NULL, PRIMARY KEY (variant, observation));
CREATE TABLE run_observations_compact (variant_position INTEGER NOT NULL, run INTEGER NOT NULL,
  observation INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (variant_position, run, observation)) WITHOUT ROWID;
CREATE VIEW run_observations AS SELECT v.variant AS variant, x.run AS run, x.observation AS observation,
  x.value AS value FROM run_observations_compact x JOIN variants v ON v.position = x.variant_position
  ORDER BY v.variant, x.run, x.observation;
CREATE TABLE monthly (variant TEXT NOT NULL, month INTEGER NOT NULL, date TEXT NOT NULL,
  {},
  deaths_mean REAL, deaths_p05 REAL, deaths_p25 REAL, deaths_median REAL, deaths_p75 REAL, deaths_p95 REAL,
  PRIMARY KEY (variant, month));
CREATE TABLE monthly_control (variant TEXT NOT NULL, month INTEGER NOT NULL, date TEXT NOT NULL,
  camp TEXT NOT NULL, share_mean REAL, share_p05 REAL, share_p25 REAL, share_median REAL, share_p75 REAL,
  share_p95 REAL, PRIMARY KEY (variant, month, camp));
CREATE TABLE region_control (variant TEXT NOT NULL, month INTEGER NOT NULL, date TEXT NOT NULL,
  region TEXT NOT NULL, camp TEXT NOT NULL, probability REAL NOT NULL, share_mean REAL NOT NULL,
  PRIMARY KEY (variant, month, region, camp)) WITHOUT ROWID;
CREATE TABLE survival (variant TEXT NOT NULL, event TEXT NOT NULL CHECK (event IN ('agreement', 'peace')),
  month INTEGER NOT NULL, at_risk INTEGER NOT NULL, events INTEGER NOT NULL, censored INTEGER NOT NULL,
  survival REAL NOT NULL, lower REAL NOT NULL, upper REAL NOT NULL, PRIMARY KEY (variant, event, month));
CREATE TABLE yearly_deaths (variant TEXT NOT NULL, year INTEGER NOT NULL, first_month TEXT NOT NULL,
  last_month TEXT NOT NULL, deaths_mean REAL, deaths_p05 REAL, deaths_p25 REAL, deaths_median REAL,
  deaths_p75 REAL, deaths_p95 REAL, PRIMARY KEY (variant, year));
CREATE TABLE monthly_agenda (variant TEXT NOT NULL, month INTEGER NOT NULL, date TEXT NOT NULL,
  track TEXT NOT NULL, item INTEGER NOT NULL, share_closed REAL NOT NULL,
  PRIMARY KEY (variant, month, track, item)) WITHOUT ROWID;
CREATE TABLE monthly_victory (variant TEXT NOT NULL, month INTEGER NOT NULL, date TEXT NOT NULL,
  camp TEXT NOT NULL, victory_by TEXT NOT NULL CHECK (victory_by IN ('attrition', 'collapse', 'capital')),
  probability REAL NOT NULL, PRIMARY KEY (variant, month, camp, victory_by)) WITHOUT ROWID;
CREATE TABLE region_shapes (region TEXT PRIMARY KEY, geometry TEXT NOT NULL);
CREATE TABLE questions (question TEXT PRIMARY KEY, position INTEGER NOT NULL, text TEXT NOT NULL);
CREATE TABLE question_variants (question TEXT NOT NULL, position INTEGER NOT NULL, variant TEXT NOT NULL,
  PRIMARY KEY (question, position));
CREATE TABLE checkpoint (variant TEXT PRIMARY KEY, state BLOB NOT NULL);
)",
                     kApplicationId, kSchemaVersion, runs_extra, talks_columns(" REAL"));
}

ExperimentInfo read_experiment(Database& db, const std::string& path) {
  Statement id = db.prepare("PRAGMA application_id");
  if (!id.step() || id.integer(0) != kApplicationId) throw SqliteError("no parley application id");
  Statement version = db.prepare("PRAGMA user_version");
  const std::int64_t found = version.step() ? version.integer(0) : 0;
  if (found >= 1 && found < kSchemaVersion)
    throw SqliteError(fmt::format("schema version {} is older than the {} this parley reads; run the experiment "
                                  "again to write it in the new form", found, kSchemaVersion));
  if (found != kSchemaVersion)
    throw SqliteError(fmt::format("schema version {} is not the {} this parley reads", found, kSchemaVersion));
  Statement st = db.prepare(
      "SELECT scenario_path, scenario_name, scenario_description, seed, runs, trace_runs, parley_version, "
      "command_line, started_at, finished_at, status, items_done FROM experiment");
  if (!st.step()) throw SqliteError("the experiment table of " + path + " is empty");
  ExperimentInfo info;
  info.scenario_path = st.text(0);
  info.scenario_name = st.text(1);
  info.scenario_description = st.text(2);
  info.seed = static_cast<std::uint64_t>(st.integer(3));
  info.runs = static_cast<std::uint64_t>(st.integer(4));
  info.trace_runs = static_cast<std::uint64_t>(st.integer(5));
  info.parley_version = st.text(6);
  info.command_line = st.text(7);
  info.started_at = st.text(8);
  info.finished_at = st.text(9);
  info.complete = st.text(10) == "complete";
  info.items_done = static_cast<std::uint64_t>(st.integer(11));
  Statement f = db.prepare("SELECT role, path, hash, content FROM files ORDER BY position");
  while (f.step()) {
    const auto role = parse_enum<SourceRole>(f.text(0));
    if (!role) throw SqliteError(fmt::format("the files table of {} names the role '{}'", path, f.text(0)));
    info.files.push_back({*role, f.text(1), f.text(3), f.text(2)});
  }
  Statement v = db.prepare("SELECT variant FROM variants ORDER BY position");
  while (v.step()) info.variants.push_back(v.text(0));
  return info;
}

void write_aggregates(Database& db, const std::string& variant, const Scenario& s, const VariantAggregate& a) {
  write_monthly(db, variant, s, a);
  write_control(db, variant, s, a);
  write_yearly(db, variant, s, a);
  write_survival(db, variant, "agreement", a.agreement_curve());
  write_survival(db, variant, "peace", a.peace_curve());
  write_agenda(db, variant, s, a);
  write_victory(db, variant, s, a);
}

}  // namespace parley::store
