// Value -> Scenario: regions, patron relations, talks, events, schedules, and the checks
// that span several sections (control sums, who may hold forces, events in range).
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "parley/bargain_smp.hpp"
#include "parley/parameters.hpp"
#include "scenario/build.hpp"
#include "scenario/build_internal.hpp"

namespace parley::scenario {

int Builder::scenario_month(const Value& v, const std::string& what, const Scenario& s) {
  auto ym = read_year_month(v, what, diags);
  if (!ym) return -1;
  int t = ym->index() - s.start.index();
  if (months_known && (t < 0 || t >= s.months)) {
    diags.error(v.where, fmt::format("{}: {} is outside the scenario, expected a month from {} to {}", what,
                                     v.text, s.start.to_string(), s.start.plus(s.months - 1).to_string()));
    return -1;
  }
  return t;
}

Schedule Builder::read_schedule(const Value& v, const std::string& what, const Range& range,
                                const Scenario& s) {
  Schedule out;
  if (v.is_scalar()) {
    if (auto x = read_number(v, what, diags, range)) out.steps.push_back({0, *x});
    return out;
  }
  if (!v.is_sequence() || v.items.empty()) {
    diags.error(v.where, fmt::format("{}: found {}, expected a number or a list of {{from: YYYY-MM, "
                                     "value: number}}", what, v.describe()));
    return out;
  }
  for (const auto& step : v.items) {
    MapReader r(step, what + ": step", diags);
    const Value* from = r.get("from", true);
    int t = from ? scenario_month(*from, what + ": 'from'", s) : -1;
    auto x = r.number("value", range, true);
    r.finish();
    if (t < 0 || !x) continue;
    if (!out.steps.empty() && t <= out.steps.back().month) {
      diags.error(from->where, fmt::format("{}: 'from' {} is not after the previous step, expected dates in "
                                           "increasing order", what, from->text));
      continue;
    }
    out.steps.push_back({t, *x});
  }
  return out;
}

std::vector<double> Builder::per_id(const Value* v, const IdTable& table, const std::string& what,
                                    const Range& range) {
  std::vector<double> out(table.ids.size(), 0.0);
  if (!v || v->is_null()) return out;
  if (!v->is_mapping()) {
    diags.error(v->where, fmt::format("{}: found {}, expected a mapping of {} id to number", what,
                                      v->describe(), table.kind));
    return out;
  }
  for (const auto& [key, val] : v->entries) {
    int i = resolve_key(key, table, what);
    if (val.is_null() || (val.is_scalar() && val.text.empty())) continue;  // empty CSV cell: 0
    auto x = read_number(val, fmt::format("{}: '{}'", what, key.text), diags, range);
    if (i >= 0 && x) out[static_cast<std::size_t>(i)] = *x;
  }
  return out;
}

void Builder::read_regions(const Value* list, Scenario& s) {
  if (!list) return;
  for (const auto& item : list->items) {
    MapReader r(item, "region", diags);
    Region g;
    g.id = read_id(r, "id");
    check_duplicate(regions, g.id, item);
    const std::string ctx = fmt::format("region '{}'", g.id);
    r.set_context(ctx);
    g.name = r.string("name").value_or(g.id);
    if (g.name.empty()) g.name = g.id;
    g.population = r.number("population", {0, 1e10}, true).value_or(0);
    g.terrain = r.number("terrain", {0, 1}).value_or(0.0);
    const Value* control = r.get("control", true);
    g.control = per_id(control, camps, ctx + ": control", {0, 1});
    g.forces = per_id(r.get("forces"), actors, ctx + ": forces", {0, 1e9});
    r.finish();
    double sum = 0;
    for (double c : g.control) sum += c;
    if (control && control->is_mapping() && std::fabs(sum - 1.0) > 1e-6) {
      diags.error(control->where, fmt::format("{}: control shares sum to {:.9g}, expected 1 (within 1e-6)", ctx,
                                              sum));
    }
    for (std::size_t i = 0; i < g.forces.size() && i < s.actors.size(); ++i) {
      if (g.forces[i] > 0 && s.actors[i].role != Role::belligerent) {
        diags.error(control ? item.where : item.where,
                    fmt::format("{}: forces: actor '{}' is {}, expected only belligerents to hold forces", ctx,
                                s.actors[i].id, to_string(s.actors[i].role)));
      }
    }
    s.regions.push_back(std::move(g));
  }
  if (s.regions.empty() && list->tag != kUnreadable)
    diags.error(list->where, "regions: the list is empty, expected at least one region");
}

void Builder::read_patrons(const Value* list, Scenario& s) {
  if (!list) return;
  for (const auto& item : list->items) {
    MapReader r(item, "patron relation", diags);
    PatronRelation rel;
    const Value* patron = r.get("patron", true);
    const Value* client = r.get("client", true);
    if (patron) rel.patron = resolve(*patron, actors, "patron relation: 'patron'");
    if (client) rel.client = resolve(*client, actors, "patron relation: 'client'");
    std::string default_id = fmt::format("{}>{}", patron ? patron->text : "?", client ? client->text : "?");
    rel.id = r.string("id").value_or(default_id);
    const std::string ctx = fmt::format("patron relation '{}'", rel.id);
    r.set_context(ctx);
    check_duplicate(relations, rel.id, item);
    if (rel.patron >= 0 && rel.patron == rel.client)
      diags.error(client->where, fmt::format("{}: an actor cannot be its own patron", ctx));
    rel.support = r.number("support", {0, 1e9}).value_or(0);
    if (auto u = r.choice<SupportUnit>("support_unit")) rel.support_unit = *u;
    rel.leverage = r.number("leverage", {0, 1}).value_or(0);
    rel.lag = r.number("lag", {1, 120}).value_or(1);
    if (const Value* p = r.get("pressure")) rel.pressure = read_schedule(*p, ctx + ": 'pressure'", {0, 1}, s);
    r.finish();
    if (rel.support > 0 && rel.client >= 0 && s.actors[static_cast<std::size_t>(rel.client)].role != Role::belligerent)
      diags.error(item.where, fmt::format("{}: support goes to fighters, expected the client to be a belligerent",
                                          ctx));
    s.patrons.push_back(std::move(rel));
  }
}

void Builder::read_talks_model(MapReader& r, TalksSetup& t, const std::string& ctx) {
  if (auto m = r.choice<bargain::Model>("model")) t.model = *m;
  const Value* options = r.get("options");
  if (!options) return;
  MapReader o(*options, fmt::format("{}: options for model '{}'", ctx, to_string(t.model)), diags);
  if (t.model == bargain::Model::eum) {
    static constexpr const char* kPresets[] = {"scholz", "velev", "velev-corrected"};
    if (auto p = o.choice("preset", {"scholz", "velev", "velev-corrected"})) t.eum_preset = kPresets[*p];
    t.eum_rounds = o.integer("rounds", {1, 1000}).value_or(t.eum_rounds);
    t.eum_tolerance = o.number("tolerance", {0, 100}).value_or(t.eum_tolerance);
    t.eum_stable_rounds = o.integer("stable_rounds", {1, 1000}).value_or(t.eum_stable_rounds);
  } else if (t.model == bargain::Model::smp) {
    // KTAB's option names as keys, its value names as values (docs/bargaining.md)
    for (const auto& [key, values] : bargain::smp_option_choices())
      if (auto v = o.choice(key, values)) t.smp_options.push_back(key + "=" + values[static_cast<std::size_t>(*v)]);
    if (auto seed = o.integer("seed", {0, 2147483647})) t.smp_options.push_back(fmt::format("seed={}", *seed));
    t.smp_turns = o.integer("turns", {1, 1000}).value_or(t.smp_turns);
  } else if (t.model == bargain::Model::nash) {
    if (auto oo = o.choice<OutsideOption>("outside_option")) t.outside_option = *oo;
    t.joint = o.boolean("joint").value_or(t.joint);
  }
  o.finish();
}

// An agenda: a list of items, each an issue id or a list of issue ids. Issues it leaves out
// form one last item, so that the package always covers every issue.
void Builder::read_agenda(const Value& v, Scenario& s, TalksSetup& t, const std::string& ctx) {
  const std::string what = ctx + ": agenda";
  if (!v.is_sequence() || v.items.empty()) {
    diags.error(v.where, fmt::format("{}: found {}, expected a list of issues or of lists of issues", what, v.describe()));
    return;
  }
  std::vector<int> seen(s.issues.size(), 0);
  for (const auto& item : v.items) {
    std::vector<int> issues_of_item;
    auto add = [&](const Value& iv) {
      const int k = resolve(iv, issues, what);
      if (k < 0) return;
      if (seen[static_cast<std::size_t>(k)]) {
        diags.error(iv.where, fmt::format("{}: issue '{}' is on the agenda twice, expected each issue once", what, iv.text));
        return;
      }
      seen[static_cast<std::size_t>(k)] = 1;
      issues_of_item.push_back(k);
    };
    if (item.is_sequence()) {
      if (item.items.empty()) diags.error(item.where, fmt::format("{}: an empty item, expected at least one issue", what));
      for (const auto& iv : item.items) add(iv);
    } else {
      add(item);
    }
    if (!issues_of_item.empty()) t.agenda.push_back(std::move(issues_of_item));
  }
  if (t.kind == TrackKind::exit) return;  // an exit deal settles its own issues only, not the war's
  std::vector<int> rest;
  for (std::size_t k = 0; k < seen.size(); ++k)
    if (!seen[k]) rest.push_back(static_cast<int>(k));
  if (!rest.empty() && !t.agenda.empty()) t.agenda.push_back(std::move(rest));
}

// An exit track (MODEL.md 14): a backer's own deal with the enemy camp, on an agenda of its own
// issues, opened by the backer when leaving beats staying (docs/model.md, "Exit deals").
bool Builder::check_exit_track(const Value& v, const Scenario& s, const TalksSetup& t, const std::string& ctx,
                               const Value* backer, const Value* agenda) {
  const std::size_t before = diags.error_count();
  if (!backer) {
    diags.error(v.where, fmt::format("{}: kind: exit without a 'backer', expected the id of the participant that "
                                     "withdraws on signing", ctx));
  } else if (t.backer >= 0) {
    const Actor& a = s.actors[static_cast<std::size_t>(t.backer)];
    bool sends = false;
    for (const auto& rel : s.patrons) sends = sends || (rel.patron == t.backer && rel.support > 0);
    const bool is_backer = (a.outside && a.role == Role::belligerent) || (a.role == Role::patron && sends);
    if (!is_backer)
      diags.error(backer->where, fmt::format("{}: backer: '{}' is not a backer, expected an outside belligerent "
                                             "('outside: true') or a patron that sends fighters (support > 0)", ctx, a.id));
    else if (std::find(t.participants.begin(), t.participants.end(), t.backer) == t.participants.end())
      diags.error(backer->where, fmt::format("{}: backer: '{}' is not among the participants, expected the backer at "
                                             "its own table", ctx, a.id));
  }
  if (!agenda)
    diags.error(v.where, fmt::format("{}: kind: exit without an 'agenda', expected the backer's own issues (an exit "
                                     "deal does not settle the rest of the war)", ctx));
  if (t.initial_state == TalksState::agreement || t.initial_state == TalksState::peace ||
      t.initial_state == TalksState::collapsed) {
    const Value* st = v.find("state");
    diags.error(st ? st->where : v.where,
                fmt::format("{}: state: '{}' on an exit track, expected closed, exploratory or formal (a deal already "
                            "signed is a withdrawal: give the backer's forces and support as they are)",
                            ctx, to_string(t.initial_state)));
  }
  return diags.error_count() == before && t.backer >= 0;
}

void Builder::read_track(const Value& v, Scenario& s, TalksSetup& t, const std::string& context) {
  MapReader r(v, context, diags);
  bool complete = r.ok();
  std::string ctx = context;
  if (context == "track") {  // an entry of `tracks:` has an id
    const std::string id = read_id(r, "id");
    if (!id.empty()) t.id = id;
    ctx = fmt::format("track '{}'", id);
    r.set_context(ctx);
  }
  if (const Value* list = sequence(r, "participants", true)) {
    for (const auto& p : list->items) {
      int a = resolve(p, actors, ctx + ": participants");
      if (a < 0) {
        complete = false;
        continue;
      }
      if (std::find(t.participants.begin(), t.participants.end(), a) != t.participants.end())
        diags.error(p.where, fmt::format("{}: participants: '{}' is listed twice", ctx, p.text));
      else
        t.participants.push_back(a);
    }
  }
  if (const Value* m = r.get("mediator")) t.mediator = resolve(*m, actors, ctx + ": 'mediator'");
  t.mediator_factor = r.number("mediator_factor", {0, 100}).value_or(t.mediator >= 0 ? 1.5 : 1.0);
  if (const Value* list = sequence(r, "guarantors", false)) {
    for (const auto& g : list->items) {
      MapReader gr(g, ctx + ": guarantor", diags);
      Guarantor guarantor;
      if (const Value* a = gr.get("actor", true)) guarantor.actor = resolve(*a, actors, ctx + ": guarantor: 'actor'");
      guarantor.strength = gr.number("strength", {0, 1}, true).value_or(0);
      gr.finish();
      t.guarantors.push_back(guarantor);
    }
  }
  read_talks_model(r, t, ctx);
  if (auto kind = r.choice<TrackKind>("kind")) t.kind = *kind;
  if (auto st = r.choice<TalksState>("state")) t.initial_state = *st;
  const Value* ag = r.get("agenda");
  if (ag) read_agenda(*ag, s, t, ctx);
  if (const Value* rat = r.get("ratifier")) t.ratifier = resolve(*rat, actors, ctx + ": 'ratifier'");
  const Value* backer = r.get("backer");
  if (backer) t.backer = resolve(*backer, actors, ctx + ": 'backer'");
  bool exit_ok = true;  // a broken exit track is not checked for hostile camps (no follow-on errors)
  if (t.kind == TrackKind::exit) {
    exit_ok = check_exit_track(v, s, t, ctx, backer, ag);
  } else if (backer && (!v.is_mapping() || !v.find("kind") || !v.find("kind")->is_scalar() ||
                        v.find("kind")->text == "peace")) {
    diags.error(backer->where, fmt::format("{}: 'backer' on a track of kind peace, expected it only with 'kind: exit'", ctx));
  }
  r.finish();
  track_complete.push_back(complete && exit_ok);
}

void Builder::read_talks(const Value& v, Scenario& s) {
  TalksSetup t;
  read_track(v, s, t, "talks");
  tracks.ids.push_back(t.id);
  tracks.first_seen.push_back(&v);
  track_values.push_back(&v);
  s.tracks.push_back(std::move(t));
}

void Builder::read_tracks(const Value* list, Scenario& s) {
  if (!list) return;
  for (const auto& item : list->items) {
    TalksSetup t;
    read_track(item, s, t, "track");
    check_duplicate(tracks, t.id == "talks" ? "" : t.id, item);
    track_values.push_back(&item);
    s.tracks.push_back(std::move(t));
  }
  if (s.tracks.empty() && list->tag != kUnreadable)
    diags.error(list->where, "tracks: the list is empty, expected at least one track");
}

void Builder::check_track_camps(const Scenario& s) {
  auto hostile = [&](int a, int b) {
    const auto& ha = s.camps[static_cast<std::size_t>(a)].hostile_to;
    const auto& hb = s.camps[static_cast<std::size_t>(b)].hostile_to;
    return std::find(ha.begin(), ha.end(), b) != ha.end() || std::find(hb.begin(), hb.end(), a) != hb.end();
  };
  for (std::size_t n = 0; n < s.tracks.size() && n < track_values.size(); ++n) {
    const TalksSetup& t = s.tracks[n];
    if (t.participants.empty() || n >= track_complete.size() || !track_complete[n]) continue;  // nobody sits, or reported
    bool camps_known = true;  // a belligerent or political actor without a camp had its camp reported
    for (int i : t.participants) {
      const Actor& a = s.actors[static_cast<std::size_t>(i)];
      if (a.camp < 0 && (a.role == Role::belligerent || a.role == Role::political)) camps_known = false;
    }
    if (!camps_known) continue;
    // At an exit track the backer sits for the camp it backs (a patron's: its first client's).
    auto camp_of = [&](int i) {
      int c = s.actors[static_cast<std::size_t>(i)].camp;
      if (c < 0 && i == t.backer)
        for (const auto& rel : s.patrons)
          if (c < 0 && rel.patron == i && rel.support > 0) c = s.actors[static_cast<std::size_t>(rel.client)].camp;
      return c;
    };
    if (t.kind == TrackKind::exit && t.backer >= 0)
      for (std::size_t m = 0; m < n; ++m)
        if (s.tracks[m].kind == TrackKind::exit && s.tracks[m].backer == t.backer) {
          diags.error(track_values[n]->where,
                      fmt::format("track '{}': backer: '{}' already has the exit track '{}', expected one exit track per "
                                  "backer", t.id, s.actors[static_cast<std::size_t>(t.backer)].id, s.tracks[m].id));
          break;
        }
    bool found = false;
    for (int i : t.participants)
      for (int j : t.participants) {
        const int a = camp_of(i), b = camp_of(j);
        if (a >= 0 && b >= 0 && a != b && hostile(a, b)) found = true;
      }
    if (!found) {
      const std::string ctx = s.tracks.size() == 1 && t.id == "talks" ? "talks" : fmt::format("track '{}'", t.id);
      diags.error(track_values[n]->where, fmt::format("{}: participants: found fewer than two hostile camps at the table, "
                                                      "expected actors of at least two camps at war with each other", ctx));
    }
  }
}

void Builder::read_events(const Value* list, Scenario& s) {
  if (!list) return;
  for (std::size_t n = 0; n < list->items.size(); ++n) {
    const std::size_t before = s.events.size();
    read_event(list->items[n], s);
    if (s.events.size() > before) s.events.back().order = static_cast<int>(n);
  }
  std::stable_sort(s.events.begin(), s.events.end(),
                   [](const Event& a, const Event& b) { return a.month < b.month; });
}

}  // namespace parley::scenario
