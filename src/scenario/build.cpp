// Value -> Scenario: meta, issues, camps and actors (regions, patrons, talks, events in
// build_world.cpp). Each reader reports and goes on, so one pass finds every error.
#include "scenario/build.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "parley/parameters.hpp"
#include "scenario/build_internal.hpp"

namespace parley::scenario {

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  auto c0 = static_cast<unsigned char>(id[0]);
  if (!(std::isalpha(c0) || id[0] == '_')) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || c == '-';
  });
}

std::string Builder::read_id(MapReader& r, const std::string& key) {
  const Value* v = r.get(key, true);
  if (!v) return {};
  auto s = read_string(*v, r.context() + ": '" + key + "'", diags);
  if (!s) return {};
  if (!valid_id(*s)) {
    diags.error(v->where, fmt::format("{}: '{}': found '{}', expected an id: a letter or '_' then letters, "
                                      "digits, '_' or '-' (at most 64)", r.context(), key, *s));
    return {};
  }
  return *s;
}

int Builder::resolve(const Value& v, const IdTable& table, const std::string& what) {
  auto s = read_string(v, what, diags);
  if (!s) return -1;
  auto it = std::find(table.ids.begin(), table.ids.end(), *s);
  if (it != table.ids.end()) return static_cast<int>(it - table.ids.begin());
  std::string hint = closest_match(*s, table.ids);
  diags.error(v.where, fmt::format("{}: unknown {} '{}'{}", what, table.kind, *s,
                                   hint.empty() ? fmt::format(" (known: {})", table.list())
                                                : fmt::format(" (did you mean '{}'?)", hint)));
  return -1;
}

int Builder::resolve_key(const Key& key, const IdTable& table, const std::string& what) {
  Value v;
  v.kind = Value::Kind::scalar;
  v.text = key.text;
  v.where = key.where;
  return resolve(v, table, what);
}

std::string IdTable::list() const {
  std::string s;
  for (std::size_t i = 0; i < ids.size() && i < 12; ++i) s += (i ? ", " : "") + ids[i];
  if (ids.size() > 12) s += ", ...";
  return s.empty() ? "none defined" : s;
}

void Builder::check_duplicate(IdTable& table, const std::string& id, const Value& item) {
  if (id.empty()) {  // already reported as missing; keeps ids and first_seen in step
    table.ids.push_back("");
    table.first_seen.push_back(&item);
    return;
  }
  auto it = std::find(table.ids.begin(), table.ids.end(), id);
  if (it != table.ids.end()) {
    const Value* first = table.first_seen[static_cast<std::size_t>(it - table.ids.begin())];
    diags.error(item.where, fmt::format("duplicate {} id '{}' (first defined at line {})", table.kind, id,
                                        first ? first->where.line : 0));
  }
  table.ids.push_back(id);
  table.first_seen.push_back(&item);
}

const Value* Builder::sequence(MapReader& r, const std::string& key, bool required, std::size_t limit) {
  const Value* v = r.get(key, required);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_sequence()) {
    diags.error(v->where, fmt::format("{}: '{}': found {}, expected a list", r.context(), key, v->describe()));
    return nullptr;
  }
  if (v->items.size() > limit) {
    diags.error(v->where, fmt::format("{}: '{}': {} items, more than the limit of {}", r.context(), key,
                                      v->items.size(), limit));
    return nullptr;
  }
  return v;
}

// Reads {issue: number} with every issue present exactly once.
std::vector<double> Builder::per_issue(const Value* v, const std::string& what, const Range& range,
                                       bool all_required, double fill) {
  std::vector<double> out(issues.ids.size(), fill);
  if (!v) return out;
  if (!v->is_mapping()) {
    diags.error(v->where, fmt::format("{}: found {}, expected a mapping of issue id to number", what,
                                      v->describe()));
    return out;
  }
  std::vector<bool> seen(out.size(), false);
  for (const auto& [key, val] : v->entries) {
    int k = resolve_key(key, issues, what);
    if (k < 0) continue;
    seen[static_cast<std::size_t>(k)] = true;
    if (auto x = read_number(val, fmt::format("{}: '{}'", what, key.text), diags, range))
      out[static_cast<std::size_t>(k)] = *x;
  }
  if (all_required) {
    for (std::size_t k = 0; k < out.size(); ++k)
      if (!seen[k] && !issues.ids[k].empty())
        diags.error(v->where, fmt::format("{}: missing issue '{}'", what, issues.ids[k]));
  }
  return out;
}

void Builder::read_parameters(const Value& v, Parameters& p) {
  MapReader r(v, "meta: parameters", diags);
  for (const auto& spec : parameter_specs()) {
    Range range{spec.min, spec.max, spec.min_open, false};
    auto x = spec.integer ? [&]() -> std::optional<double> {
      auto i = r.integer(spec.name, range);
      return i ? std::optional<double>(*i) : std::nullopt;
    }() : r.number(spec.name, range);
    if (x) p.*spec.member = *x;
  }
  if (auto loss = r.choice<bargain::Loss>("loss")) p.loss = *loss;
  r.finish();
  if (p.loss_winner > p.loss_loser) {
    const Value* at = v.find("loss_winner") ? v.find("loss_winner") : &v;
    diags.error(at->where, fmt::format("meta: parameters: loss_winner {} exceeds loss_loser {}: the loser "
                                       "of an engagement must lose at least as large a share",
                                       p.loss_winner, p.loss_loser));
  }
}

void Builder::read_meta(const Value& v, Scenario& s) {
  MapReader r(v, "meta", diags);
  if (auto name = r.string("name", true)) s.name = *name;
  if (auto d = r.string("description")) s.description = *d;
  bool start_known = false;
  if (const Value* start = r.get("start", true)) {
    if (auto ym = read_year_month(*start, "meta: 'start'", diags)) {
      s.start = *ym;
      start_known = true;
    }
  }
  if (auto m = r.integer("months", {1, 1200}, true)) s.months = *m;
  // Dates are checked against the scenario's span only when that span is known.
  months_known = start_known && s.months > 0;
  if (const Value* origin = r.get("origin")) {
    if (auto ym = read_year_month(*origin, "meta: 'origin'", diags); ym && months_known) {
      s.origin = ym->index() - s.start.index();
      if (s.origin <= 0 || s.origin >= s.months) {
        diags.error(origin->where, fmt::format("meta: 'origin': {} is not after the start and before the end, expected a "
                                               "month from {} to {}",
                                               origin->text, s.start.plus(1).to_string(),
                                               s.start.plus(s.months - 1).to_string()));
        s.origin = 0;
      }
    }
  }
  if (const Value* season = r.get("season")) read_season(*season, s);
  if (const Value* p = r.get("parameters")) read_parameters(*p, s.parameters);
  r.finish();
}

void Builder::read_season(const Value& v, Scenario& s) {
  if (!v.is_sequence() || v.items.size() != 12) {
    diags.error(v.where, fmt::format("meta: 'season': found {}{}, expected a list of 12 numbers "
                                     "(January first)", v.describe(),
                                     v.is_sequence() ? fmt::format(" of {} values", v.items.size()) : ""));
    return;
  }
  for (std::size_t m = 0; m < 12; ++m) {
    if (auto x = read_number(v.items[m], fmt::format("meta: 'season' month {}", m + 1), diags, {0, 100}))
      s.season[m] = *x;
  }
}

void Builder::read_issues(const Value* list, Scenario& s) {
  if (!list) return;
  for (const auto& item : list->items) {
    MapReader r(item, "issue", diags);
    Issue issue;
    issue.id = read_id(r, "id");
    r.set_context(fmt::format("issue '{}'", issue.id));
    if (auto l = r.string("label", true)) issue.label = *l;
    if (auto l = r.string("low")) issue.low = *l;
    if (auto h = r.string("high")) issue.high = *h;
    if (auto q = r.number("status_quo", {0, 100})) issue.status_quo = *q;
    r.finish();
    check_duplicate(issues, issue.id, item);
    s.issues.push_back(std::move(issue));
  }
  if (s.issues.empty()) diags.error(list->where, "issues: the list is empty, expected at least one issue");
}

void Builder::read_camps(const Value* list, Scenario& s) {
  if (!list) return;
  for (const auto& item : list->items) {
    MapReader r(item, "camp", diags);
    Camp camp;
    camp.id = read_id(r, "id");
    r.set_context(fmt::format("camp '{}'", camp.id));
    camp.name = r.string("name").value_or(camp.id);
    camp.victory_terms = per_issue(r.get("victory_terms", true),
                                   fmt::format("camp '{}': victory_terms", camp.id), {0, 100}, true, 50);
    camp.disarms = r.boolean("disarms").value_or(false);
    hostile_values.push_back(sequence(r, "hostile_to", false, kMaxCamps));
    if (const Value* cap = r.get("capital")) capitals.emplace_back(static_cast<int>(s.camps.size()), cap);
    r.finish();
    check_duplicate(camps, camp.id, item);
    s.camps.push_back(std::move(camp));
  }
  if (s.camps.size() < 2) diags.error(list->where, "camps: expected at least two camps to be at war");
  // hostile_to names camps defined anywhere in the list, so it is resolved once all are known.
  for (std::size_t c = 0; c < s.camps.size() && c < hostile_values.size(); ++c) {
    Camp& camp = s.camps[c];
    const Value* hv = hostile_values[c];
    if (!hv) {
      for (std::size_t e = 0; e < s.camps.size(); ++e)
        if (e != c) camp.hostile_to.push_back(static_cast<int>(e));
      continue;
    }
    const std::string what = fmt::format("camp '{}': hostile_to", camp.id);
    for (const auto& h : hv->items) {
      const int e = resolve(h, camps, what);
      if (e < 0) continue;
      if (static_cast<std::size_t>(e) == c)
        diags.error(h.where, fmt::format("{}: found the camp itself, expected other camps", what));
      else if (std::find(camp.hostile_to.begin(), camp.hostile_to.end(), e) != camp.hostile_to.end())
        diags.error(h.where, fmt::format("{}: '{}' is listed twice", what, h.text));
      else
        camp.hostile_to.push_back(e);
    }
  }
}

}  // namespace parley::scenario
