// Value -> Scenario: dated events, the cross-section checks, and the build entry point.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "parley/parameters.hpp"
#include "scenario/build.hpp"
#include "scenario/build_internal.hpp"

namespace parley::scenario {

namespace {
// In the order of EventKind.
const std::vector<std::string> kEventKinds{"set", "scale", "talks", "pressure", "forces", "shock", "cohesion", "position", "deaths"};
const char* const kKindList = "set, scale, talks, pressure, forces, shock, cohesion, position, deaths";
const std::vector<std::string> kStates{"closed", "exploratory", "formal", "agreement", "peace", "collapsed"};

std::vector<std::string> parameter_names() {
  std::vector<std::string> names;
  for (const auto& p : parameter_specs()) names.emplace_back(p.name);
  return names;
}
std::vector<std::string> actor_field_names() {
  std::vector<std::string> names;
  for (const auto& f : actor_field_specs()) names.emplace_back(f.name);
  return names;
}

struct Target {
  int actor = -1;
  const ParameterSpec* parameter = nullptr;
  ActorField field = ActorField::none;
  double min = 0, max = 0;
  bool ok = false;
};
}  // namespace

// "open_rate" or "taliban.cost_of_war".
static Target resolve_target(Builder& b, const Value& v, const std::string& what) {
  Target t;
  auto s = read_string(v, what, b.diags);
  if (!s) return t;
  auto dot = s->find('.');
  if (dot == std::string::npos) {
    if (const ParameterSpec* p = find_parameter(*s)) return {-1, p, ActorField::none, p->min, p->max, true};
    std::string hint = closest_match(*s, parameter_names());
    b.diags.error(v.where, fmt::format("{}: unknown parameter '{}'{}", what, *s,
                                       hint.empty() ? ", expected a parameter name or <actor>.<field>"
                                                    : fmt::format(" (did you mean '{}'?)", hint)));
    return t;
  }
  Value actor_part = v;
  actor_part.text = s->substr(0, dot);
  t.actor = b.resolve(actor_part, b.actors, what);
  std::string field = s->substr(dot + 1);
  const ActorFieldSpec* f = find_actor_field(field);
  if (!f) {
    std::string hint = closest_match(field, actor_field_names());
    b.diags.error(v.where, fmt::format("{}: actors have no settable field '{}'{}", what, field,
                                       hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
    return t;
  }
  t.field = f->field;
  t.min = f->min;
  t.max = f->max;
  t.ok = t.actor >= 0;
  return t;
}

void Builder::read_event(const Value& item, Scenario& s) {
  MapReader r(item, "event", diags);
  Event e;
  const Value* date = r.get("date", true);
  e.month = date ? scenario_month(*date, "event: 'date'", s) : -1;
  e.note = r.string("note").value_or("");
  for (const auto& k : kEventKinds) r.allow(k);
  bool ok = read_effect(item, s, e, "event");
  ok = ok && e.month >= 0;
  r.finish();
  if (ok) s.events.push_back(std::move(e));
}

bool Builder::read_effect(const Value& item, Scenario& s, Event& e, const std::string& ctx) {
  std::vector<std::string> present;
  for (const auto& k : kEventKinds)
    if (item.is_mapping() && item.find(k)) present.push_back(k);
  if (!item.is_mapping()) {
    diags.error(item.where, fmt::format("{}: found {}, expected a mapping with one of {}", ctx, item.describe(),
                                        kKindList));
    return false;
  }
  if (present.size() != 1) {
    diags.error(item.where, fmt::format("{}: found {} of {}; expected exactly one", ctx,
                                        present.empty() ? "none" : std::to_string(present.size()), kKindList));
    return false;
  }
  const std::string& kind = present[0];
  const Value& body = *item.find(kind);
  e.kind = static_cast<EventKind>(std::find(kEventKinds.begin(), kEventKinds.end(), kind) - kEventKinds.begin());
  const std::string what = ctx + ": " + kind;
  bool ok = true;
  if (kind == "set" || kind == "scale") {
    MapReader b(body, what, diags);
    const Value* target = b.get("parameter", true);
    Target t = target ? resolve_target(*this, *target, what + ": 'parameter'") : Target{};
    if (target) e.target = target->text;
    e.target_actor = t.actor;
    e.parameter = t.parameter;
    e.target_field = t.field;
    std::optional<double> x = kind == "set" ? b.number("value", {t.ok ? t.min : -1e300, t.ok ? t.max : 1e300}, true)
                                            : b.number("factor", {0, 1e6}, true);
    b.finish();
    ok = t.ok && x;
    e.value = x.value_or(0);
  } else if (kind == "talks") {
    auto st = read_choice(body, ctx + ": 'talks'", kStates, diags);
    ok = st.has_value();
    e.state = static_cast<TalksState>(st.value_or(0));
  } else if (kind == "pressure") {
    MapReader b(body, what, diags);
    const Value* patron = b.get("patron", true);
    const Value* client = b.get("client", true);
    int p = patron ? resolve(*patron, actors, what + ": 'patron'") : -1;
    int c = client ? resolve(*client, actors, what + ": 'client'") : -1;
    auto x = b.number("value", {0, 1}, true);
    b.finish();
    for (std::size_t i = 0; i < s.patrons.size(); ++i)
      if (s.patrons[i].patron == p && s.patrons[i].client == c) e.relation = static_cast<int>(i);
    if (p >= 0 && c >= 0 && e.relation < 0)
      diags.error(body.where, fmt::format("{}: no patron relation from '{}' to '{}', expected one "
                                          "defined under 'patrons'", what, patron->text, client->text));
    ok = x && e.relation >= 0;
    e.value = x.value_or(0);
  } else if (kind == "forces" || kind == "cohesion" || kind == "deaths") {
    MapReader b(body, what, diags);
    const bool needs_actor = kind != "deaths";
    if (const Value* a = needs_actor ? b.get("actor", true) : nullptr) e.actor = resolve(*a, actors, what + ": 'actor'");
    if (kind != "cohesion")
      if (const Value* g = b.get("region")) e.region = resolve(*g, regions, what + ": 'region'");
    std::optional<double> x = kind == "forces"     ? b.number("change", {-1e9, 1e9}, true)
                              : kind == "cohesion" ? b.number("change", {-1, 1}, true)
                                                   : b.number("count", {0, 1e9}, true);
    b.finish();
    if (e.actor >= 0 && s.actors[static_cast<std::size_t>(e.actor)].role != Role::belligerent)
      diags.error(body.where, fmt::format("{}: '{}' is not a belligerent, expected an actor that "
                                          "holds forces", what, s.actors[static_cast<std::size_t>(e.actor)].id));
    ok = x && (!needs_actor || e.actor >= 0);
    e.value = x.value_or(0);
  } else if (kind == "position") {
    MapReader b(body, what, diags);
    if (const Value* a = b.get("actor", true)) e.actor = resolve(*a, actors, what + ": 'actor'");
    e.positions = per_issue(b.get("positions", true), what + ": positions", {0, 100}, false, NAN);
    b.finish();
    ok = e.actor >= 0;
  } else {
    auto x = read_number(body, ctx + ": 'shock' (added derailment hazard)", diags, {0, 1});
    ok = x.has_value();
    e.value = x.value_or(0);
  }
  return ok;
}

void Builder::read_shocks(const Value* list, Scenario& s) {
  if (!list) return;
  std::vector<std::string> ids;
  for (const auto& item : list->items) {
    MapReader r(item, "shock", diags);
    Shock sh;
    sh.id = read_id(r, "id");
    const std::string ctx = fmt::format("shock '{}'", sh.id);
    r.set_context(ctx);
    if (!sh.id.empty() && std::find(ids.begin(), ids.end(), sh.id) != ids.end())
      diags.error(item.where, fmt::format("duplicate shock id '{}'", sh.id));
    ids.push_back(sh.id);
    sh.note = r.string("note").value_or("");
    const Value* hazard = r.get("hazard");
    const Value* dates = sequence(r, "dates", false, 1200);
    if (hazard) sh.hazard = read_number(*hazard, ctx + ": 'hazard' (a monthly probability)", diags, {0, 1}).value_or(0);
    if (hazard && dates)
      diags.error(dates->where, fmt::format("{}: both 'hazard' and 'dates', expected one: a monthly hazard or "
                                            "probabilities on given dates", ctx));
    if (!hazard && !dates)
      diags.error(item.where, fmt::format("{}: neither 'hazard' nor 'dates', expected one", ctx));
    if (dates) {
      for (const auto& d : dates->items) {
        MapReader dr(d, ctx + ": dates", diags);
        const Value* date = dr.get("date", true);
        const int t = date ? scenario_month(*date, ctx + ": dates: 'date'", s) : -1;
        auto prob = dr.number("probability", {0, 1}, true);
        dr.finish();
        if (t >= 0 && prob) sh.dates.emplace_back(t, *prob);
      }
    }
    sh.once = r.boolean("once").value_or(false);
    if (const Value* effects = sequence(r, "effects", true, 100)) {
      for (const auto& eff : effects->items) {
        Event e;
        if (read_effect(eff, s, e, ctx + ": effect")) sh.effects.push_back(std::move(e));
      }
      if (effects->items.empty())
        diags.error(effects->where, fmt::format("{}: 'effects' is empty, expected at least one effect", ctx));
    }
    r.finish();
    s.shocks.push_back(std::move(sh));
  }
}

void Builder::add_latent_camps(const Value& doc, Scenario& s) {
  const std::size_t actors_before = s.actors.size();
  for (std::size_t i = 0; i < actors_before; ++i) {
    if (!(s.actors[i].hardliner_share > 0) || s.actors[i].role != Role::belligerent || s.actors[i].camp < 0) continue;
    const Actor parent = s.actors[i];
    Camp camp;
    camp.id = parent.id + "_hardliners";
    camp.name = parent.name + " hardliners";
    camp.victory_terms = parent.hardliner_positions;
    camp.latent = true;
    camp.splinter_of = static_cast<int>(i);
    for (const auto& existing : s.camps)
      if (existing.id == camp.id) {
        const Value* at = doc.find("camps");
        diags.error(at ? at->where : doc.where,
                    fmt::format("camp '{}': the id is reserved for the hardliners of actor '{}' "
                                "(hardliner_share > 0), expected another id", camp.id, parent.id));
      }
    Actor h = parent;
    h.id = parent.id + "_hardliners";
    h.name = parent.name + " hardliners";
    h.camp = static_cast<int>(s.camps.size());
    h.positions = parent.hardliner_positions;
    h.veto = false;
    h.outside = false;
    h.hardliner_share = 0;
    h.spoiler_capacity = 0;
    h.funding_ceiling = {};
    h.splinter_of = static_cast<int>(i);
    for (const auto& existing : s.actors)
      if (existing.id == h.id)
        diags.error(doc.find("actors") ? doc.find("actors")->where : doc.where,
                    fmt::format("actor '{}': the id is reserved for the hardliners of actor '{}', expected another id",
                                h.id, parent.id));
    s.actors[i].hardliners = static_cast<int>(s.actors.size());
    s.camps.push_back(std::move(camp));
    s.actors.push_back(std::move(h));
    for (auto& g : s.regions) {
      g.control.push_back(0.0);
      g.forces.push_back(0.0);
    }
  }
}

void Builder::cross_checks(const Value& doc, Scenario& s) {
  std::vector<int> forces_by_camp(s.camps.size(), 0);
  for (std::size_t i = 0; i < s.actors.size(); ++i) {
    const Actor& a = s.actors[i];
    if (a.role != Role::belligerent || a.camp < 0) continue;
    for (const auto& g : s.regions)
      if (i < g.forces.size() && g.forces[i] > 0) forces_by_camp[static_cast<std::size_t>(a.camp)] = 1;
  }
  const Value* camps_v = doc.find("camps");
  int armed = 0;
  for (std::size_t c = 0; c < s.camps.size(); ++c) armed += forces_by_camp[c];
  if (camps_v && !s.regions.empty() && s.camps.size() >= 2 && armed < 2) {
    diags.error(camps_v->where, "camps: fewer than two camps have forces in any region, expected at least two "
                                "camps with belligerents holding forces");
  }
  const Value* talks_v = doc.find("talks");
  if (talks_v && s.talks.mediator >= 0 && s.talks.participants.empty())
    diags.warning(talks_v->where, "talks: a mediator but no participants");
}

Scenario build_scenario(const Value& doc, const std::string& path, Diagnostics& diags) {
  Scenario s;
  s.source_path = path;
  Builder b{path, diags};
  MapReader r(doc, "scenario file", diags);
  if (!r.ok()) return s;
  if (const Value* fmt_v = r.get("format")) read_integer(*fmt_v, "'format'", diags, {1, 1});
  if (const Value* meta = r.get("meta", true)) b.read_meta(*meta, s);
  b.read_issues(b.sequence(r, "issues", true, kMaxIssues), s);
  b.read_camps(b.sequence(r, "camps", true, kMaxCamps), s);
  b.read_actors(b.sequence(r, "actors", true, kMaxActors), s);
  b.read_regions(b.sequence(r, "regions", true, kMaxRegions), s);
  // Capitals name regions, which come after the camps.
  for (const auto& [c, v] : b.capitals)
    s.camps[static_cast<std::size_t>(c)].capital =
        b.resolve(*v, b.regions, fmt::format("camp '{}': 'capital'", s.camps[static_cast<std::size_t>(c)].id));
  b.read_patrons(b.sequence(r, "patrons", false, kMaxPatrons), s);
  if (const Value* talks = r.get("talks")) b.read_talks(*talks, s);
  b.read_events(b.sequence(r, "events", false, kMaxEvents), s);
  b.read_shocks(b.sequence(r, "shocks", false, kMaxEvents), s);
  if (const Value* map = r.get("map")) b.read_map(*map, s);
  const Value* variants = doc.find("variants");
  if (const Value* questions = r.get("questions"))
    b.read_questions(*questions, s, variants && !variants->is_null() ? variants : nullptr);
  r.allow("variants");
  r.finish();
  // Checks across sections only make sense once each section is sound on its own.
  if (!diags.has_errors()) b.cross_checks(doc, s);
  if (!diags.has_errors()) b.add_latent_camps(doc, s);
  return s;
}

}  // namespace parley::scenario
