// Loading actor tables: plain CSV with named columns, and KTAB's scenario CSV format.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "parley/bargain_table.hpp"

namespace parley::bargain {

namespace {

constexpr double kMaxTableValue = 1e100;

std::string lower(const std::string& s) {
  std::string out = s;
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

SourceLocation at(const std::string& path, const CsvCell& cell) { return {path, cell.line, cell.column}; }

// Where a missing cell would have started: just after the row's last cell.
SourceLocation after_row(const std::string& path, const CsvRow& row) {
  if (row.cells.empty()) return {path, row.line, 1};
  const CsvCell& last = row.cells.back();
  return {path, last.line, last.column + static_cast<int>(last.text.size()) + 1};
}

// Reads the number in `row`'s column `col`; reports a missing or non-numeric cell.
std::optional<double> number_at(const std::string& path, const CsvRow& row, std::size_t col,
                                const std::string& what, Diagnostics& diags) {
  if (col >= row.cells.size() || row.cells[col].text.empty()) {
    SourceLocation where = col < row.cells.size() ? at(path, row.cells[col]) : after_row(path, row);
    diags.error(where, fmt::format("missing {}: expected a number", what));
    return std::nullopt;
  }
  const CsvCell& cell = row.cells[col];
  auto v = parse_number(cell.text);
  if (!v) diags.error(at(path, cell), fmt::format("{} is not a number: found '{}'", what, cell.text));
  return v;
}

// Column indices of one issue in the source table.
struct IssueColumns {
  std::string name;
  std::size_t position = 0, salience = 0;
};

struct Layout {
  std::size_t first_row = 1;  // index of the first actor row in csv.rows
  std::size_t actor = 0, capability = 0;
  std::optional<std::size_t> disagreement;
  std::vector<IssueColumns> issues;
  std::optional<std::size_t> declared_actors;  // KTAB's title line
  const CsvCell* declared_cell = nullptr;
};

// KTAB's format opens with a title line "name, description, actors, dimensions," and a
// header whose first cell is "Actor".
bool looks_like_ktab(const CsvTable& csv) {
  if (csv.rows.size() < 2 || csv.rows[0].cells.size() < 4) return false;
  const auto& title = csv.rows[0].cells;
  auto actors = parse_number(title[2].text), dims = parse_number(title[3].text);
  return actors && dims && *dims >= 1 && !csv.rows[1].cells.empty() &&
         lower(csv.rows[1].cells[0].text) == "actor";
}

std::optional<Layout> ktab_layout(const CsvTable& csv, Diagnostics& diags) {
  Layout l;
  l.first_row = 2;
  l.actor = 0;
  l.capability = 2;
  const auto& title = csv.rows[0].cells;
  const CsvRow& header = csv.rows[1];
  // The counts come from the file: check them before they become sizes (a cast of a
  // negative, fractional or huge double to std::size_t is undefined).
  const double actors = *parse_number(title[2].text), declared_dims = *parse_number(title[3].text);
  bool counts_ok = true;
  if (actors < 0 || actors > 1e9 || actors != std::floor(actors)) {
    diags.error(at(csv.path, title[2]),
                fmt::format("KTAB title: the number of actors must be a whole number, not '{}'", title[2].text));
    counts_ok = false;
  }
  if (declared_dims > static_cast<double>(header.cells.size()) || declared_dims != std::floor(declared_dims)) {
    diags.error(at(csv.path, title[3]),
                fmt::format("KTAB title: the number of dimensions must be a whole number no larger than the "
                            "header allows, not '{}'", title[3].text));
    counts_ok = false;
  }
  if (!counts_ok) return std::nullopt;
  l.declared_actors = static_cast<std::size_t>(actors);
  l.declared_cell = &title[2];
  const auto dims = static_cast<std::size_t>(declared_dims);
  for (std::size_t d = 0; d < dims; ++d) {
    IssueColumns ic;
    ic.position = 3 + 2 * d;
    ic.salience = 4 + 2 * d;
    if (ic.salience >= header.cells.size()) {
      diags.error(after_row(csv.path, header),
                  fmt::format("KTAB header has no columns for dimension {} of {}", d + 1, dims));
      return std::nullopt;
    }
    ic.name = header.cells[ic.position].text;
    const std::string suffix = " position";
    if (ic.name.size() > suffix.size() && lower(ic.name).ends_with(suffix))
      ic.name.resize(ic.name.size() - suffix.size());
    l.issues.push_back(ic);
  }
  return l;
}

std::optional<Layout> plain_layout(const CsvTable& csv, Diagnostics& diags) {
  Layout l;
  const CsvRow& header = csv.rows[0];
  std::map<std::string, std::size_t> cols;
  std::vector<std::string> names;
  std::map<std::string, std::size_t> issue_pos, issue_sal;
  std::vector<std::string> issue_order;
  for (std::size_t c = 0; c < header.cells.size(); ++c) {
    const std::string name = lower(header.cells[c].text);
    names.push_back(name);
    // Names are matched in any case, so 'position' twice, or 'position:X' and 'position:x', would
    // leave all but one column silently unread.
    const bool read = name == "actor" || name == "capability" || name == "position" || name == "salience" ||
                      name == "disagreement" || name.starts_with("position:") || name.starts_with("salience:");
    if (auto [it, fresh] = cols.emplace(name, c); !fresh && read)
      diags.error(at(csv.path, header.cells[c]),
                  fmt::format("duplicate column '{}' (the same as column {} '{}'; names are matched in any case)",
                              header.cells[c].text, it->second + 1, header.cells[it->second].text));
    for (const char* prefix : {"position:", "salience:"}) {
      const std::string p = prefix;
      if (name.size() > p.size() && name.starts_with(p)) {
        const std::string issue = header.cells[c].text.substr(p.size());
        const std::string key = lower(issue);
        auto& target = p == "position:" ? issue_pos : issue_sal;
        if (!issue_pos.count(key) && !issue_sal.count(key)) issue_order.push_back(issue);
        target.emplace(key, c);
      }
    }
  }
  auto need = [&](const std::string& name) -> std::optional<std::size_t> {
    auto it = cols.find(name);
    if (it != cols.end()) return it->second;
    std::string hint = closest_match(name, names);
    diags.error({csv.path, header.line, 1},
                fmt::format("missing column '{}': the header must name actor, capability, position and "
                            "salience{}", name, hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
    return std::nullopt;
  };
  auto actor = need("actor");
  auto capability = need("capability");
  if (cols.count("position") || cols.count("salience") || issue_order.empty()) {
    auto pos = need("position");
    auto sal = need("salience");
    if (pos && sal) l.issues.push_back({"issue", *pos, *sal});
  }
  for (const auto& issue : issue_order) {
    const std::string key = lower(issue);
    if (!issue_pos.count(key) || !issue_sal.count(key)) {
      diags.error({csv.path, header.line, 1},
                  fmt::format("missing column '{}:{}': every issue needs a position and a salience column",
                              issue_pos.count(key) ? "salience" : "position", issue));
      continue;
    }
    l.issues.push_back({issue, issue_pos[key], issue_sal[key]});
  }
  if (cols.count("disagreement")) l.disagreement = cols["disagreement"];
  if (!actor || !capability || diags.has_errors()) return std::nullopt;
  l.actor = *actor;
  l.capability = *capability;
  return l;
}

// Reads one actor row into the table; returns false when a cell is bad.
bool read_row(const CsvTable& csv, const CsvRow& row, const Layout& l, ActorTable& t,
              std::map<std::string, int>& seen, Diagnostics& diags) {
  const std::size_t before = diags.error_count();
  if (l.actor >= row.cells.size() || row.cells[l.actor].text.empty()) {
    diags.error(l.actor < row.cells.size() ? at(csv.path, row.cells[l.actor]) : after_row(csv.path, row),
                "missing actor name");
  } else {
    const CsvCell& name = row.cells[l.actor];
    auto [it, fresh] = seen.emplace(name.text, name.line);
    if (!fresh)
      diags.error(at(csv.path, name),
                  fmt::format("duplicate actor '{}' (first listed on line {})", name.text, it->second));
    t.actors.push_back(name.text);
  }
  t.actor_at.push_back(l.actor < row.cells.size() ? at(csv.path, row.cells[l.actor]) : after_row(csv.path, row));
  t.capability_at.push_back(l.capability < row.cells.size() ? at(csv.path, row.cells[l.capability])
                                                            : after_row(csv.path, row));
  auto cap = number_at(csv.path, row, l.capability, "capability", diags);
  if (cap && *cap < 0)
    diags.error(at(csv.path, row.cells[l.capability]),
                fmt::format("negative capability {}: expected a number >= 0", row.cells[l.capability].text));
  // Capabilities are relative, so any scale works, but near 1e308 the weighted sums overflow to
  // inf: values are bounded where products of a few of them still fit a double.
  if (cap && *cap > kMaxTableValue)
    diags.error(at(csv.path, row.cells[l.capability]),
                fmt::format("capability {} is too large: expected a number from 0 to 1e100 (capabilities are "
                            "relative: scale them down)", row.cells[l.capability].text));
  t.capabilities.push_back(cap.value_or(0));
  for (std::size_t k = 0; k < l.issues.size(); ++k) {
    const IssueColumns& ic = l.issues[k];
    auto pos = number_at(csv.path, row, ic.position, "position", diags);
    auto sal = number_at(csv.path, row, ic.salience, "salience", diags);
    if (pos && std::fabs(*pos) > kMaxTableValue)
      diags.error(at(csv.path, row.cells[ic.position]),
                  fmt::format("position {} is too large: expected a number from -1e100 to 1e100",
                              row.cells[ic.position].text));
    if (sal && *sal < 0)
      diags.error(at(csv.path, row.cells[ic.salience]),
                  fmt::format("negative salience {}: expected a number >= 0", row.cells[ic.salience].text));
    t.issues[k].position_at.push_back(ic.position < row.cells.size() ? at(csv.path, row.cells[ic.position])
                                                                      : after_row(csv.path, row));
    t.issues[k].salience_at.push_back(ic.salience < row.cells.size() ? at(csv.path, row.cells[ic.salience])
                                                                      : after_row(csv.path, row));
    t.issues[k].positions.push_back(pos.value_or(0));
    t.issues[k].saliences.push_back(sal.value_or(0));
  }
  if (l.disagreement) {
    auto d = number_at(csv.path, row, *l.disagreement, "disagreement", diags);
    t.disagreement.push_back(d.value_or(0));
  }
  return diags.error_count() == before;
}

// Decides the salience scale (auto: 0-100 when any value exceeds 1) and rescales to 0-1.
void rescale_saliences(ActorTable& t, const CsvTable& csv, const Layout& l, SalienceScale scale,
                       Diagnostics& diags) {
  double largest = 0;
  for (const auto& issue : t.issues)
    for (double s : issue.saliences) largest = std::max(largest, s);
  if (scale == SalienceScale::automatic) {
    t.salience_divisor = largest > 1 ? 100 : 1;
    t.salience_note = largest > 1 ? "0-100 (auto: a salience exceeds 1, so all were divided by 100)"
                                  : "0-1 (auto: no salience exceeds 1)";
  } else {
    t.salience_divisor = scale == SalienceScale::percent ? 100 : 1;
    t.salience_note = scale == SalienceScale::percent ? "0-100 (--salience-scale 100)" : "0-1 (--salience-scale 1)";
  }
  const double limit = t.salience_divisor;
  for (std::size_t k = 0; k < t.issues.size(); ++k) {
    for (std::size_t i = 0; i < t.issues[k].saliences.size(); ++i) {
      double& s = t.issues[k].saliences[i];
      if (s > limit) {
        const CsvCell& cell = csv.rows[l.first_row + i].cells[l.issues[k].salience];
        diags.error(at(csv.path, cell), fmt::format("salience {} exceeds {}: expected a number in 0-{}",
                                                    cell.text, limit, limit == 1 ? "1" : "100"));
      }
      s /= t.salience_divisor;
    }
  }
}

}  // namespace

std::optional<ActorTable> parse_table(const CsvTable& csv, SalienceScale scale, Diagnostics& diags) {
  if (csv.rows.empty()) {
    diags.error({csv.path, 1, 1}, "empty table: expected a header naming actor, capability, position, salience");
    return std::nullopt;
  }
  const bool ktab = looks_like_ktab(csv);
  auto layout = ktab ? ktab_layout(csv, diags) : plain_layout(csv, diags);
  if (!layout) return std::nullopt;
  ActorTable t;
  t.path = csv.path;
  t.format = ktab ? TableFormat::ktab : TableFormat::plain;
  for (const auto& ic : layout->issues) t.issues.push_back({ic.name, {}, {}, {}, {}});
  if (csv.rows.size() <= layout->first_row) {
    const CsvRow& header = csv.rows[layout->first_row - 1];
    diags.error({csv.path, header.line, 1}, "empty table: the header is followed by no actors");
    return std::nullopt;
  }
  std::map<std::string, int> seen;
  for (std::size_t r = layout->first_row; r < csv.rows.size(); ++r)
    read_row(csv, csv.rows[r], *layout, t, seen, diags);
  const std::size_t found = csv.rows.size() - layout->first_row;
  if (layout->declared_actors && *layout->declared_actors != found)
    diags.error(at(csv.path, *layout->declared_cell),
                fmt::format("the KTAB title line declares {} actors but the file lists {}",
                            *layout->declared_actors, found));
  rescale_saliences(t, csv, *layout, scale, diags);
  if (diags.has_errors()) return std::nullopt;
  return t;
}

std::optional<ActorTable> load_table(const std::string& path, SalienceScale scale, Diagnostics& diags) {
  auto csv = read_csv_file(path, diags);
  if (!csv || diags.has_errors()) return std::nullopt;
  return parse_table(*csv, scale, diags);
}

}  // namespace parley::bargain
