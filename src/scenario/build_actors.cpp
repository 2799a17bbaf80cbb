// Value -> Scenario: actors, their strategies and belief priors.
#include <fmt/format.h>

#include "scenario/build_internal.hpp"

namespace parley::scenario {

void Builder::read_actors(const Value* list, Scenario& s) {
  if (!list) return;
  for (const auto& item : list->items) read_actor(item, s);
  if (s.actors.empty()) diags.error(list->where, "actors: the list is empty, expected at least two belligerents");
}

void Builder::read_actor(const Value& item, Scenario& s) {
  MapReader r(item, "actor", diags);
  Actor a;
  a.id = read_id(r, "id");
  check_duplicate(actors, a.id, item);
  const std::string ctx = fmt::format("actor '{}'", a.id);
  r.set_context(ctx);
  a.name = r.string("name").value_or(a.id);
  if (auto role = r.choice<Role>("role", true)) a.role = *role;
  const bool armed = a.role == Role::belligerent;
  const bool needs_camp = armed || a.role == Role::political;
  if (const Value* camp = r.get("camp", needs_camp)) a.camp = resolve(*camp, camps, ctx + ": 'camp'");
  a.clout = r.number("clout", {0, 1e12}).value_or(1.0);
  a.military_share = r.number("military_share", {0, 1}).value_or(armed ? 0.5 : 0.0);
  a.effectiveness = r.number("effectiveness", {0, 1e6}).value_or(1.0);
  a.positions = per_issue(r.get("positions", true), ctx + ": positions", {0, 100}, true, 50);
  a.salience = per_issue(r.get("salience", true), ctx + ": salience", {0, 1}, true, 0);
  a.veto = r.boolean("veto").value_or(needs_camp);
  a.cost_of_war = r.number("cost_of_war", {0, 10}).value_or(armed ? 0.001 : 0.0);
  a.recruitment_rate = r.number("recruitment_rate", {0, 1000}).value_or(s.parameters.recruitment_rate);
  a.spoiler_capacity = r.number("spoiler_capacity", {0, 1}).value_or(0.0);
  a.cohesion = r.number("cohesion", {0, 1}).value_or(1.0);
  a.outside = r.boolean("outside").value_or(false);
  if (a.outside && !armed)
    diags.error(r.get("outside")->where, fmt::format("{}: 'outside' is only for belligerents (this actor is {}); "
                                                     "a patron is a backer already", ctx, to_string(a.role)));
  if (const Value* wv = r.get("weariness")) {
    MapReader wr(*wv, ctx + ": weariness", diags);
    a.weariness_per_year = wr.number("per_year", {0, 1}).value_or(0);
    a.weariness_per_log_casualty = wr.number("per_log_casualty", {0, 1}).value_or(0);
    wr.finish();
  }
  if (const Value* hs = r.get("hardliner_share")) {
    a.hardliner_share = read_number(*hs, ctx + ": 'hardliner_share'", diags, {0, 1}).value_or(0);
    if (!armed && a.hardliner_share > 0)
      diags.error(hs->where, fmt::format("{}: 'hardliner_share' is only for belligerents (this actor is {}); "
                                         "hardliners split off with fighters", ctx, to_string(a.role)));
  }
  a.hardliner_positions = a.positions;
  if (const Value* hp = r.get("hardliner_positions")) {
    a.hardliner_positions = per_issue(hp, ctx + ": hardliner_positions", {0, 100}, false, 0);
    // Issues not given keep the actor's own position.
    if (hp->is_mapping())
      for (std::size_t k = 0; k < a.positions.size(); ++k) {
        bool given = false;
        for (const auto& [key, val] : hp->entries) given = given || (k < issues.ids.size() && key.text == issues.ids[k]);
        if (!given) a.hardliner_positions[k] = a.positions[k];
      }
  }
  if (auto alloc = r.choice<Allocation>("allocation")) a.allocation = *alloc;
  if (const Value* ceiling = r.get("funding_ceiling"))
    a.funding_ceiling = read_schedule(*ceiling, ctx + ": 'funding_ceiling'", {0, 1e9}, s);
  if (const Value* belief = r.get("belief", armed)) {
    if (!armed) {
      diags.error(belief->where, fmt::format("{}: 'belief' is only for belligerents (this actor is {}); "
                                             "others value war with their camp's belief", ctx, to_string(a.role)));
    } else {
      MapReader b(*belief, ctx + ": belief", diags);
      BeliefPrior prior;
      prior.mean = b.number("mean", {0, 1, true, true}, true).value_or(0.5);
      prior.strength = b.number("strength", {0, 1e6, true, false}, true).value_or(10);
      b.finish();
      a.belief = prior;
    }
  }
  if (const Value* strategy = r.get("strategy")) {
    if (!armed)
      diags.error(strategy->where, fmt::format("{}: 'strategy' is only for belligerents (this actor is {})",
                                               ctx, to_string(a.role)));
    else
      read_strategy(*strategy, a);
  }
  r.finish();
  s.actors.push_back(std::move(a));
}

void Builder::read_strategy(const Value& v, Actor& a) {
  MapReader r(v, fmt::format("actor '{}': strategy", a.id), diags);
  if (auto p = r.choice<TalksPolicy>("talks")) a.strategy.talks = *p;
  if (const Value* tempo = r.get("tempo")) {
    if (tempo->is_sequence() && tempo->items.size() == 12) {
      for (std::size_t m = 0; m < 12; ++m)
        if (auto x = read_number(tempo->items[m], fmt::format("{}: 'tempo' month {}", r.context(), m + 1),
                                 diags, {0, 10}))
          a.strategy.tempo[m] = *x;
    } else if (auto x = read_number(*tempo, r.context() + ": 'tempo' (a number or 12 numbers, January "
                                                          "first)", diags, {0, 10})) {
      a.strategy.tempo.fill(*x);
    }
  }
  a.strategy.leverage_seeking = r.number("leverage_seeking", {0, 10}).value_or(1.0);
  a.strategy.ceasefire_tempo = r.number("ceasefire_tempo", {0, 1}).value_or(0.1);
  if (const Value* ff = r.get("fight_first")) {
    MapReader f(*ff, r.context() + ": fight_first", diags);
    a.strategy.fight_first_control = f.number("control", {0, 1}).value_or(0.6);
    a.strategy.fight_first_enemy_forces = f.number("enemy_forces", {0, 1e9}).value_or(0.0);
    f.finish();
  }
  r.finish();
}

}  // namespace parley::scenario
