// The observations file (FORECASTING.md): what happened, as CSV rows with their sources,
// for `parley calibrate` (rows dated before the origin) and `parley score` (any row).
//
//   quantity,period,value,low,high,source,use
//   battle_deaths,2014,12000,10500,13500,UCDP GED 21.1,
//   battle_deaths:government-taliban,2013-01..2013-06,4800,,,UCDP,
//   population_share:taliban,2014-12,0.12,0.08,0.16,assumption from LWJ maps,
//   control:helmand:taliban,2014-12,0.45,,,ISW,
//   forces:isaf,2014-12,13000,,,NATO placemats,
//   milestone:formal_talks,2015-04,0,,,no formal talks by April 2015,
//
// A period is a year (YYYY), a month (YYYY-MM) or an inclusive range of months
// (YYYY-MM..YYYY-MM); quantities that are states (share, control, forces) are read at the
// period's last month. A milestone's value is 1 when it was reached in the period, 0 when it
// had not been reached by the period's end. `use` is empty or `calibrate` (the default), or
// `score`: a row only for scoring forecasts, never for fitting them.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>

#include "parley/csv.hpp"
#include "scenario/build_internal.hpp"

namespace parley::scenario {

namespace {

const std::vector<std::string> kColumns{"quantity", "period", "value", "low", "high", "source", "use", "base_rate"};
const std::vector<std::string> kMilestones{"exploratory_talks", "formal_talks", "agreement", "collapse",
                                           "victory",           "peace",        "exit_deal"};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (std::size_t at = s.find(sep); at != std::string::npos; at = s.find(sep, from)) {
    out.push_back(s.substr(from, at - from));
    from = at + 1;
  }
  out.push_back(s.substr(from));
  return out;
}

int find_id(const std::vector<std::string>& ids, const std::string& id) {
  auto it = std::find(ids.begin(), ids.end(), id);
  return it == ids.end() ? -1 : static_cast<int>(it - ids.begin());
}

std::string list_of(const std::vector<std::string>& ids) {
  std::string s;
  for (const auto& id : ids) s += (s.empty() ? "" : ", ") + id;
  return s;
}

struct RowReader {
  const ObservationContext& s;
  Diagnostics& diags;
  const std::string& path;
  const std::vector<std::string>& camps;
  const std::vector<std::string>& actors;
  const std::vector<std::string>& regions;

  SourceLocation at(const CsvCell& c) const { return {path, c.line, c.column}; }

  bool quantity(const CsvCell& cell, ObservedValue& o) {
    const auto parts = split(cell.text, ':');
    const std::string& kind = parts[0];
    auto need = [&](std::size_t n, const char* form) {
      if (parts.size() == n) return true;
      diags.error(at(cell), fmt::format("observations: quantity '{}': expected {}", cell.text, form));
      return false;
    };
    auto id = [&](const std::vector<std::string>& ids, const std::string& x, const char* what) {
      const int i = find_id(ids, x);
      if (i < 0)
        diags.error(at(cell), fmt::format("observations: quantity '{}': unknown {} '{}' (known: {})", cell.text, what, x,
                                          list_of(ids)));
      return i;
    };
    if (kind == "battle_deaths") {
      o.quantity = ObservedQuantity::battle_deaths;
      if (parts.size() == 1) return true;
      if (!need(2, "battle_deaths or battle_deaths:<camp>-<camp>")) return false;
      const auto pair = split(parts[1], '-');
      if (pair.size() != 2) {
        diags.error(at(cell), fmt::format("observations: quantity '{}': expected battle_deaths:<camp>-<camp>", cell.text));
        return false;
      }
      o.camp = id(camps, pair[0], "camp");
      o.other_camp = id(camps, pair[1], "camp");
      return o.camp >= 0 && o.other_camp >= 0;
    }
    if (kind == "population_share") {
      o.quantity = ObservedQuantity::population_share;
      if (!need(2, "population_share:<camp>")) return false;
      o.camp = id(camps, parts[1], "camp");
      return o.camp >= 0;
    }
    if (kind == "control") {
      o.quantity = ObservedQuantity::control;
      if (!need(3, "control:<region>:<camp>")) return false;
      o.region = id(regions, parts[1], "region");
      o.camp = id(camps, parts[2], "camp");
      return o.region >= 0 && o.camp >= 0;
    }
    if (kind == "forces") {
      o.quantity = ObservedQuantity::forces;
      if (!need(2, "forces:<actor>")) return false;
      o.actor = id(actors, parts[1], "actor");
      return o.actor >= 0;
    }
    if (kind == "milestone") {
      o.quantity = ObservedQuantity::milestone;
      if (!need(2, "milestone:<name>")) return false;
      const int m = find_id(kMilestones, parts[1]);
      if (m < 0) {
        diags.error(at(cell), fmt::format("observations: quantity '{}': unknown milestone '{}', expected one of {}",
                                          cell.text, parts[1], list_of(kMilestones)));
        return false;
      }
      o.milestone = static_cast<Milestone>(m);
      return true;
    }
    diags.error(at(cell), fmt::format("observations: unknown quantity '{}', expected battle_deaths, population_share:<camp>, "
                                      "control:<region>:<camp>, forces:<actor> or milestone:<name>",
                                      cell.text));
    return false;
  }

  // Only ASCII digits: sscanf's %d also took a sign and leading blanks ("2020- 6", "2020-+6").
  static bool digits(const std::string& text, std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
      if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
    return true;
  }

  // YYYY-MM, as the scenario's own months (read_year_month).
  std::optional<YearMonth> month(const std::string& text) {
    if (text.size() != 7 || text[4] != '-' || !digits(text, 0, 4) || !digits(text, 5, 2)) return std::nullopt;
    const int m = std::stoi(text.substr(5, 2));
    if (m < 1 || m > 12) return std::nullopt;
    return YearMonth{std::stoi(text.substr(0, 4)), m};
  }

  bool period(const CsvCell& cell, ObservedValue& o) {
    const std::string& t = cell.text;
    std::optional<YearMonth> first, last;
    if (t.size() == 4 && digits(t, 0, 4)) {
      first = YearMonth{std::stoi(t), 1};
      last = YearMonth{std::stoi(t), 12};
    } else if (const auto dots = t.find(".."); dots != std::string::npos) {
      first = month(t.substr(0, dots));
      last = month(t.substr(dots + 2));
    } else {
      first = last = month(t);
    }
    if (!first || !last) {
      diags.error(at(cell), fmt::format("observations: period '{}': expected a year (2014), a month (2014-06) or a range "
                                        "of months (2014-01..2014-06)",
                                        t));
      return false;
    }
    if (last->index() < first->index()) {
      diags.error(at(cell), fmt::format("observations: period '{}' ends before it starts", t));
      return false;
    }
    o.first_month = first->index() - s.start.index();
    o.last_month = last->index() - s.start.index();
    o.outside = o.first_month < 0 || o.last_month >= s.months;
    if (o.outside && !s.allow_outside) {
      diags.error(at(cell), fmt::format("observations: period '{}' is outside the scenario, expected months from "
                                        "{} to {}",
                                        t, s.start.to_string(), s.start.plus(s.months - 1).to_string()));
      return false;
    }
    return true;
  }

  std::optional<double> number(const CsvCell& cell, const char* column, bool required) {
    if (cell.text.empty()) {
      if (required) diags.error(at(cell), fmt::format("observations: '{}' is empty, expected a number", column));
      return std::nullopt;
    }
    auto x = parse_number(cell.text);
    if (!x) diags.error(at(cell), fmt::format("observations: '{}': found '{}', expected a number", column, cell.text));
    return x;
  }

  void row(const CsvRow& r, const std::vector<int>& col, std::vector<ObservedValue>& out) {
    static const CsvCell empty{};
    auto cell = [&](int c) -> const CsvCell& {
      if (col[static_cast<std::size_t>(c)] < 0 || static_cast<std::size_t>(col[static_cast<std::size_t>(c)]) >= r.cells.size())
        return empty;
      return r.cells[static_cast<std::size_t>(col[static_cast<std::size_t>(c)])];
    };
    ObservedValue o;
    o.where = {path, r.line, 1};
    o.text = cell(0).text;
    bool ok = quantity(cell(0).line ? cell(0) : CsvCell{o.text, r.line, 1}, o);
    ok = period(cell(1).line ? cell(1) : CsvCell{"", r.line, 1}, o) && ok;
    const auto value = number(cell(2).line ? cell(2) : CsvCell{"", r.line, 1}, "value", true);
    o.low = number(cell(3), "low", false);
    o.high = number(cell(4), "high", false);
    o.source = cell(5).text;
    const std::string& use = cell(6).text;
    if (!use.empty() && use != "calibrate" && use != "score") {
      diags.error(at(cell(6)), fmt::format("observations: 'use': found '{}', expected calibrate, score or nothing", use));
      ok = false;
    }
    o.score_only = use == "score";
    o.base_rate = number(cell(7), "base_rate", false);
    if (o.base_rate && (*o.base_rate < 0 || *o.base_rate > 1 || o.quantity != ObservedQuantity::milestone)) {
      diags.error(at(cell(7)), fmt::format("observations: 'base_rate': found '{}', expected {}", cell(7).text,
                                           o.quantity == ObservedQuantity::milestone
                                               ? "a probability in [0, 1]"
                                               : "nothing (a base rate is a milestone's baseline)"));
      ok = false;
    }
    if (!value) return;
    o.value = *value;
    if (o.quantity == ObservedQuantity::milestone && o.value != 0 && o.value != 1) {
      diags.error(at(cell(2)), fmt::format("observations: a milestone's value is 1 (reached in the period) or 0 (not by "
                                           "its end), found {}",
                                           cell(2).text));
      ok = false;
    }
    const bool share = o.quantity == ObservedQuantity::population_share || o.quantity == ObservedQuantity::control;
    if ((share && (o.value < 0 || o.value > 1)) || (!share && o.value < 0)) {
      diags.error(at(cell(2)), fmt::format("observations: value {} is out of range, expected {}", cell(2).text,
                                           share ? "a share in [0, 1]" : "a number >= 0"));
      ok = false;
    }
    if ((o.low && *o.low > o.value) || (o.high && *o.high < o.value)) {
      diags.error(at(cell(2)), fmt::format("observations: value {} lies outside its own interval [{}, {}]", cell(2).text,
                                           o.low ? cell(3).text : "", o.high ? cell(4).text : ""));
      ok = false;
    }
    if (ok) out.push_back(std::move(o));
  }
};

}  // namespace

std::vector<ObservedValue> read_rows(const std::string& csv, const ObservationContext& context, Diagnostics& diags) {
  std::vector<ObservedValue> out;
  auto table = read_csv_file(csv, diags);
  if (!table) return out;
  if (table->rows.empty()) {
    diags.error({csv, 1, 1}, "observations: the file is empty, expected a header (quantity,period,value,...) and rows");
    return out;
  }
  const CsvRow& header = table->rows.front();
  std::vector<int> col(kColumns.size(), -1);
  for (std::size_t c = 0; c < header.cells.size(); ++c) {
    const int k = find_id(kColumns, header.cells[c].text);
    if (k < 0) {
      diags.error({csv, header.cells[c].line, header.cells[c].column},
                  fmt::format("observations: unknown column '{}', expected {}", header.cells[c].text, list_of(kColumns)));
      continue;
    }
    col[static_cast<std::size_t>(k)] = static_cast<int>(c);
  }
  for (int k : {0, 1, 2})
    if (col[static_cast<std::size_t>(k)] < 0)
      diags.error({csv, header.line, 1}, fmt::format("observations: the header has no '{}' column", kColumns[static_cast<std::size_t>(k)]));
  if (col[0] < 0 || col[1] < 0 || col[2] < 0) return out;
  RowReader reader{context, diags, csv, context.camps, context.actors, context.regions};
  for (std::size_t r = 1; r < table->rows.size(); ++r) reader.row(table->rows[r], col, out);
  return out;
}

void Builder::read_observations(const Value& v, Scenario& s) {
  auto file = read_string(v, "observations", diags);
  if (!file) return;
  namespace fs = std::filesystem;
  const fs::path p = fs::path(*file).is_absolute() ? fs::path(*file) : fs::path(path).parent_path() / *file;
  const std::string csv = p.lexically_normal().string();
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) {
    diags.error(v.where, fmt::format("observations: cannot read '{}': {}", csv,
                                     fs::exists(p, ec) ? "not a regular file" : "no such file"));
    return;
  }
  s.observations_file = csv;
  ObservationContext context{s.start, s.months, camps.ids, actors.ids, regions.ids, false};
  s.observations = read_rows(csv, context, diags);
}

}  // namespace parley::scenario

namespace parley {

std::vector<ObservedValue> read_observations_csv(const std::string& path, const ObservationContext& context,
                                                Diagnostics& diags) {
  return scenario::read_rows(path, context, diags);
}

}  // namespace parley
