// Value -> Scenario: dated events, the cross-section checks, and the build entry point.
#include <algorithm>
#include <cmath>
#include <optional>
#include <fmt/format.h>

#include "parley/parameters.hpp"
#include "scenario/build.hpp"
#include "scenario/build_internal.hpp"
#include "scenario/uncertain.hpp"

namespace parley::scenario {

namespace {

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
  r.string("id");  // optional: names the event for a variant's `events-: [id]`
  for (const auto& [kind, name] : kEventKindNames) r.allow(std::string(name));
  bool ok = read_effect(item, s, e, "event");
  ok = ok && e.month >= 0;
  r.finish();
  if (ok && e.kind == EventKind::tempo) tempo_events.emplace_back(&item, e);
  if (ok) s.events.push_back(std::move(e));
}

// One effect: of a dated event, or of a shock when it strikes (then `ctx` names the shock).
bool Builder::read_effect(const Value& item, Scenario& s, Event& e, const std::string& ctx) {
  std::string kinds;
  for (const auto& [kind, name] : kEventKindNames) kinds += (kinds.empty() ? "" : ", ") + std::string(name);
  if (!item.is_mapping()) {
    diags.error(item.where, fmt::format("{}: found {}, expected a mapping with one of {}", ctx, item.describe(), kinds));
    return false;
  }
  std::vector<std::string> present;
  for (const auto& [kind, name] : kEventKindNames)
    if (item.find(std::string(name))) present.push_back(std::string(name));
  if (present.size() != 1) {
    diags.error(item.where, fmt::format("{}: found {} of {}; expected exactly one", ctx,
                                        present.empty() ? "none" : std::to_string(present.size()), kinds));
    return false;
  }
  const std::string& kind = present[0];
  const Value& body = *item.find(kind);
  e.kind = *parse_enum<EventKind>(kind);
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
    // A state (the first track), or {state: ..., track: id}.
    const Value* state = &body;
    std::optional<MapReader> b;
    if (body.is_mapping()) {
      b.emplace(body, what, diags);
      state = b->get("state", true);
      if (const Value* tr = b->get("track")) {
        e.track = resolve(*tr, tracks, what + ": 'track'");
        ok = e.track >= 0;
      }
      b->finish();
    }
    auto st = state ? read_enum<TalksState>(*state, ctx + ": 'talks'", diags) : std::nullopt;
    ok = ok && st;
    e.state = st.value_or(TalksState::closed);
  } else if (kind == "tempo") {
    MapReader b(body, what, diags);
    if (const Value* a = b.get("actor", true)) e.actor = resolve(*a, actors, what + ": 'actor'");
    auto x = b.number("tempo", {0, 10}, true);
    auto months = b.integer("months", {1, 1200}, true);
    b.finish();
    if (e.actor >= 0 && s.actors[static_cast<std::size_t>(e.actor)].role != Role::belligerent)
      diags.error(body.where, fmt::format("{}: '{}' is not a belligerent, expected an actor that fights", what,
                                          s.actors[static_cast<std::size_t>(e.actor)].id));
    ok = x && months && e.actor >= 0;
    e.value = x.value_or(0);
    e.duration = months.value_or(0);
  } else if (kind == "position") {
    // {actor, issue, value} for one issue, or {actor, positions: {issue: value, ...}}.
    MapReader b(body, what, diags);
    if (const Value* a = b.get("actor", true)) e.actor = resolve(*a, actors, what + ": 'actor'");
    const Value* several = body.is_mapping() ? body.find("positions") : nullptr;
    if (several) {
      e.positions = per_issue(b.get("positions", true), what + ": positions", {0, 100}, false, NAN);
      ok = e.actor >= 0;
    } else {
      const Value* k = b.get("issue", true);
      if (k) e.issue = resolve(*k, issues, what + ": 'issue'");
      auto x = b.number("value", {0, 100}, true);
      ok = x && e.actor >= 0 && e.issue >= 0;
      e.positions.assign(s.issues.size(), NAN);
      if (ok) e.positions[static_cast<std::size_t>(e.issue)] = *x;
      e.value = x.value_or(0);
    }
    b.finish();
  } else if (kind == "salience") {
    MapReader b(body, what, diags);
    if (const Value* a = b.get("actor", true)) e.actor = resolve(*a, actors, what + ": 'actor'");
    if (const Value* k = b.get("issue", true)) e.issue = resolve(*k, issues, what + ": 'issue'");
    auto x = b.number("value", {0, 1}, true);
    b.finish();
    ok = x && e.actor >= 0 && e.issue >= 0;
    e.value = x.value_or(0);
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
  } else {
    // A hazard (every track), or {hazard: x, track: id}.
    const Value* hazard = &body;
    std::optional<MapReader> b;
    if (body.is_mapping()) {
      b.emplace(body, what, diags);
      hazard = b->get("hazard", true);
      if (const Value* tr = b->get("track")) {
        e.track = resolve(*tr, tracks, what + ": 'track'");
        ok = e.track >= 0;
      }
      b->finish();
    }
    auto x = hazard ? read_number(*hazard, ctx + ": 'shock' (added derailment hazard)", diags, {0, 1}) : std::nullopt;
    ok = ok && x;
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
    // Hostile to its parent's camp and to every camp the parent's camp fights (MODEL.md 12, 15).
    const int parent_camp = parent.camp;
    camp.hostile_to.push_back(parent_camp);
    for (std::size_t c = 0; c < s.camps.size(); ++c)
      if (static_cast<int>(c) != parent_camp) {
        const auto& a = s.camps[static_cast<std::size_t>(parent_camp)].hostile_to;
        const auto& b = s.camps[c].hostile_to;
        if (std::find(a.begin(), a.end(), static_cast<int>(c)) != a.end() ||
            std::find(b.begin(), b.end(), parent_camp) != b.end())
          camp.hostile_to.push_back(static_cast<int>(c));
      }
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
  for (std::size_t n = 0; n < s.tracks.size() && n < track_values.size(); ++n)
    if (s.tracks[n].mediator >= 0 && s.tracks[n].participants.empty())
      diags.warning(track_values[n]->where, fmt::format("{}: a mediator but no participants",
                                                        doc.find("talks") ? "talks" : "track '" + s.tracks[n].id + "'"));
}

// Two tempo periods of one belligerent may not overlap: which would hold is not said.
void Builder::check_tempo_periods(const Scenario& s) {
  for (std::size_t a = 0; a < tempo_events.size(); ++a)
    for (std::size_t b = 0; b < tempo_events.size(); ++b) {
      const Event& x = tempo_events[a].second;
      const Event& y = tempo_events[b].second;
      if (a == b || x.actor != y.actor || y.month < x.month || (y.month == x.month && b < a) ||
          y.month >= x.month + x.duration)
        continue;
      const YearMonth from = YearMonth::from_index(s.start.index() + x.month);
      diags.error(tempo_events[b].first->where,
                  fmt::format("event: tempo: '{}' already has a tempo set from {:04}-{:02} for {} months, expected "
                              "periods of one belligerent not to overlap",
                              s.actors[static_cast<std::size_t>(y.actor)].id, from.year, from.month, x.duration));
    }
}

namespace {

// A camp that already holds victory_control of the population wins as soon as the first month's
// victory check runs: every run is over at once, which a valid scenario should not hide.
void warn_of_victory_at_the_start(const Value& doc, const Scenario& s, Diagnostics& diags) {
  double population = 0;
  std::vector<double> held(s.camps.size(), 0.0);
  for (const auto& g : s.regions) {
    population += g.population;
    for (std::size_t c = 0; c < s.camps.size() && c < g.control.size(); ++c) held[c] += g.population * g.control[c];
  }
  if (population <= 0) return;
  const Value* regions = doc.find("regions");
  for (std::size_t c = 0; c < s.camps.size(); ++c) {
    const double share = held[c] / population;
    if (share < s.parameters.victory_control) continue;
    diags.warning(regions ? regions->where : doc.where,
                  fmt::format("camp '{}' holds {:.1f}% of the population at the start, at or above victory_control "
                              "({:.1f}%): every run ends in its military victory in the first month. Lower its "
                              "control, or raise meta.parameters.victory_control above {:.3f}",
                              s.camps[c].id, 100 * share, 100 * s.parameters.victory_control, share));
  }
}

}  // namespace

Scenario build_scenario(const Value& doc, const std::string& path, Diagnostics& diags) {
  Scenario s;
  s.source_path = path;
  Builder b{path, diags};
  MapReader r(doc, "scenario file", diags);
  if (!r.ok()) return s;
  if (const Value* fmt_v = r.get("format")) read_integer(*fmt_v, "'format'", diags, {1, 2});
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
  const Value* talks = r.get("talks");
  const Value* tracks = b.sequence(r, "tracks", false, 64);
  if (talks && tracks)
    diags.error(tracks->where, "tracks: found both 'talks' and 'tracks', expected one of them (a 'talks' block is one track)");
  if (talks) b.read_talks(*talks, s);
  if (tracks) b.read_tracks(tracks, s);
  if (s.tracks.empty()) s.tracks.emplace_back();  // no talks: one closed table nobody sits at
  b.read_events(b.sequence(r, "events", false, kMaxEvents), s);
  b.read_shocks(b.sequence(r, "shocks", false, kMaxEvents), s);
  if (const Value* map = r.get("map")) b.read_map(*map, s);
  if (const Value* obs = r.get("observations")) b.read_observations(*obs, s);
  const Value* variants = doc.find("variants");
  if (const Value* questions = r.get("questions"))
    b.read_questions(*questions, s, variants && !variants->is_null() ? variants : nullptr);
  r.allow("variants");
  r.finish();
  // Checks across sections only make sense once each section is sound on its own.
  if (!diags.has_errors()) b.cross_checks(doc, s);
  // These use only ids that resolved, so they run in the same pass as every other check.
  b.check_track_camps(s);
  b.check_tempo_periods(s);
  // Latent splinter camps take their place now, so that the limits below count them.
  if (!diags.has_errors()) b.add_latent_camps(doc, s);
  const std::int64_t cells = static_cast<std::int64_t>(s.months) * static_cast<std::int64_t>(s.regions.size()) *
                             static_cast<std::int64_t>(s.camps.size());
  if (!diags.has_errors() && cells > kMaxControlCells) {
    const Value* meta = doc.find("meta");
    const Value* months = meta && meta->is_mapping() ? meta->find("months") : nullptr;
    diags.error(months ? months->where : doc.where,
                fmt::format("months x regions x camps = {} x {} x {} = {} cells, more than the limit of {}: each "
                            "cell is counted in memory while the runs go and stored as a row of region_control; "
                            "shorten the horizon or merge regions (see Limits in docs/robustness.md)",
                            s.months, s.regions.size(), s.camps.size(), cells, kMaxControlCells));
  }
  if (!diags.has_errors()) warn_of_victory_at_the_start(doc, s, diags);
  if (doc.is_mapping()) collect_inputs(doc, s, diags, s.inputs);
  return s;
}

}  // namespace parley::scenario
