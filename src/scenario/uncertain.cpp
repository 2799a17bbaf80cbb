// Uncertain inputs in the scenario format (MODEL.md 17): a number may be written as a
// distribution, `{uniform: [lo, hi]}`, `{normal: {mean:, sd:, low:, high:}}`,
// `{lognormal: {median:, sigma:, low:, high:}}`, `{beta: {a:, b:, low:, high:}}`,
// `{triangular: [lo, mode, hi]}` or `{choice: [x, y, ...]}` (`{choice: {values:, weights:}}`).
// Its support must lie inside the value's range. The builder reads the nominal value
// (Distribution::nominal) where the number goes; collect_inputs then finds every
// distribution in the document and resolves its place to a typed target.
#include "scenario/uncertain.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <set>

#include "parley/hash.hpp"
#include "parley/parameters.hpp"
#include "scenario/reader.hpp"

namespace parley::scenario {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
const std::vector<std::string> kKinds{"uniform", "normal", "lognormal", "beta", "triangular", "choice"};

std::optional<std::vector<double>> numbers(const Value& v, const std::string& what, Diagnostics& d, std::size_t min_n,
                                           std::size_t max_n) {
  if (!v.is_sequence() || v.items.size() < min_n || v.items.size() > max_n) {
    d.error(v.where, fmt::format("{}: found {}, expected a list of {} numbers", what, v.describe(),
                                 min_n == max_n ? std::to_string(min_n) : fmt::format("{} to {}", min_n, max_n)));
    return std::nullopt;
  }
  std::vector<double> out;
  for (const Value& item : v.items) {
    auto x = read_number(item, what, d, {});
    if (!x) return std::nullopt;
    out.push_back(*x);
  }
  return out;
}

bool check_support(const Distribution& dist, const Value& at, const std::string& what, Diagnostics& d,
                   const Range& range) {
  const bool low_ok = range.min_open ? dist.low > range.min : dist.low >= range.min;
  const bool high_ok = range.max_open ? dist.high < range.max : dist.high <= range.max;
  if (low_ok && high_ok) return true;
  const auto bound = [](double x) { return std::isinf(x) ? std::string(x < 0 ? "-infinity" : "infinity") : fmt::format("{:.9g}", x); };
  std::string hint;
  if (dist.kind == DistributionKind::normal || dist.kind == DistributionKind::lognormal)
    hint = !low_ok ? " (give it a 'low' bound)" : " (give it a 'high' bound)";
  d.error(at.where, fmt::format("{}: the {}'s values run from {} to {}, expected them inside the value's range {}{}",
                                what, to_string(dist.kind), bound(dist.low), bound(dist.high), range.describe(), hint));
  return false;
}

}  // namespace

bool is_distribution(const Value& v) {
  return v.is_mapping() && v.entries.size() == 1 &&
         std::find(kKinds.begin(), kKinds.end(), v.entries[0].first.text) != kKinds.end();
}

std::optional<Distribution> read_distribution(const Value& v, const std::string& what, Diagnostics& d,
                                              const Range& range) {
  const std::string& kind = v.entries[0].first.text;
  const Value& body = v.entries[0].second;
  const std::string ctx = fmt::format("{}: {}", what, kind);
  Distribution dist;
  dist.kind = static_cast<DistributionKind>(std::find(kKinds.begin(), kKinds.end(), kind) - kKinds.begin());
  switch (dist.kind) {
    case DistributionKind::uniform: {
      auto xs = numbers(body, ctx + " [low, high]", d, 2, 2);
      if (!xs) return std::nullopt;
      dist.low = (*xs)[0];
      dist.high = (*xs)[1];
      if (dist.low > dist.high) {
        d.error(body.where, fmt::format("{}: low {} is above high {}, expected low <= high", ctx, dist.low, dist.high));
        return std::nullopt;
      }
      break;
    }
    case DistributionKind::triangular: {
      auto xs = numbers(body, ctx + " [low, mode, high]", d, 3, 3);
      if (!xs) return std::nullopt;
      dist.low = (*xs)[0];
      dist.a = (*xs)[1];
      dist.high = (*xs)[2];
      if (!(dist.low <= dist.a && dist.a <= dist.high)) {
        d.error(body.where, fmt::format("{}: found [{}, {}, {}], expected low <= mode <= high", ctx, dist.low, dist.a,
                                        dist.high));
        return std::nullopt;
      }
      break;
    }
    case DistributionKind::choice: {
      const Value* values = &body;
      const Value* weights = nullptr;
      if (body.is_mapping()) {
        MapReader r(body, ctx, d);
        values = r.get("values", true);
        weights = r.get("weights");
        r.finish();
        if (!values) return std::nullopt;
      }
      auto xs = numbers(*values, ctx + " values", d, 1, 10000);
      if (!xs) return std::nullopt;
      dist.values = *xs;
      if (weights) {
        auto ws = numbers(*weights, ctx + " weights", d, xs->size(), xs->size());
        if (!ws) return std::nullopt;
        double total = 0;
        for (double w : *ws) {
          if (!(w >= 0) || !std::isfinite(w)) {
            d.error(weights->where, fmt::format("{}: weight {} is not a finite number >= 0", ctx, w));
            return std::nullopt;
          }
          total += w;
        }
        if (!(total > 0)) {
          d.error(weights->where, fmt::format("{}: the weights sum to 0, expected a positive sum", ctx));
          return std::nullopt;
        }
        dist.weights = *ws;
      }
      dist.low = *std::min_element(dist.values.begin(), dist.values.end());
      dist.high = *std::max_element(dist.values.begin(), dist.values.end());
      break;
    }
    case DistributionKind::normal:
    case DistributionKind::lognormal:
    case DistributionKind::beta: {
      MapReader r(body, ctx, d);
      const bool normal = dist.kind == DistributionKind::normal, beta = dist.kind == DistributionKind::beta;
      const char* first = normal ? "mean" : beta ? "a" : "median";
      const char* second = normal ? "sd" : beta ? "b" : "sigma";
      auto a = r.number(first, normal ? Range{} : Range{0, 1e300, true, false}, true);
      auto b = r.number(second, beta ? Range{0, 1e300, true, false} : Range{0, 1e300}, true);
      const double low_default = normal ? -kInf : 0.0, high_default = beta ? 1.0 : kInf;
      auto low = r.number("low", {});
      auto high = r.number("high", {});
      r.finish();
      if (!a || !b) return std::nullopt;
      dist.a = *a;
      dist.b = *b;
      dist.low = low.value_or(low_default);
      dist.high = high.value_or(high_default);
      if (!(dist.low < dist.high) && !(dist.low == dist.high && !beta)) {
        d.error(body.where, fmt::format("{}: low {} is not below high {}", ctx, dist.low, dist.high));
        return std::nullopt;
      }
      if (dist.kind == DistributionKind::lognormal && dist.low < 0) {
        d.error(body.where, fmt::format("{}: low {} is negative, expected a lognormal's bounds >= 0", ctx, dist.low));
        return std::nullopt;
      }
      if (normal && (dist.a < dist.low || dist.a > dist.high) && dist.b == 0) {
        d.error(body.where, fmt::format("{}: sd 0 with the mean {} outside [low, high]", ctx, dist.a));
        return std::nullopt;
      }
      break;
    }
  }
  if (!check_support(dist, v, what, d, range)) return std::nullopt;
  return dist;
}

namespace {

// Walks the document's known places, claiming each distribution found there.
struct Collector {
  const Scenario& s;
  Diagnostics& diags;
  std::vector<UncertainInput>& out;
  std::set<const Value*> claimed;

  void claim(const Value* v, const std::string& name, InputTarget target, bool integer = false) {
    if (!v || !is_distribution(*v)) return;
    Diagnostics quiet;  // the builder has reported this distribution's errors already
    auto dist = read_distribution(*v, name, quiet, {-1e300, 1e300});
    claimed.insert(v);
    if (!dist) return;
    dist->integer = integer;
    out.push_back({name, *dist, target, fnv1a64(name)});
  }

  static const Value* at(const Value* v, const std::string& key) { return v && v->is_mapping() ? v->find(key) : nullptr; }

  template <class F>
  void per_key(const Value* map, F f) {
    if (!map || !map->is_mapping()) return;
    for (const auto& [key, val] : map->entries) f(key.text, &val);
  }

  void parameters(const Value* p) {
    for (const ParameterSpec& spec : parameter_specs()) {
      InputTarget t{InputTarget::Kind::parameter, &spec};
      claim(at(p, spec.name), std::string("parameters.") + spec.name, t, spec.integer);
    }
  }

  void actors(const Value* list) {
    if (!list || !list->is_sequence()) return;
    using K = InputTarget::Kind;
    for (std::size_t n = 0; n < list->items.size() && n < s.actors.size(); ++n) {
      const Value* item = &list->items[n];
      const int i = static_cast<int>(n);
      const std::string base = "actors." + s.actors[n].id + ".";
      for (const ActorFieldSpec& f : actor_field_specs())
        claim(at(item, f.name), base + f.name, {K::actor_field, nullptr, i, -1, static_cast<int>(f.field)});
      per_key(at(item, "positions"), [&](const std::string& issue, const Value* v) {
        claim(v, base + "positions." + issue, {K::actor_position, nullptr, i, s.issue_index(issue)});
      });
      per_key(at(item, "salience"), [&](const std::string& issue, const Value* v) {
        claim(v, base + "salience." + issue, {K::actor_salience, nullptr, i, s.issue_index(issue)});
      });
      const Value* belief = at(item, "belief");
      claim(at(belief, "mean"), base + "belief.mean", {K::belief_mean, nullptr, i});
      claim(at(belief, "strength"), base + "belief.strength", {K::belief_strength, nullptr, i});
      const Value* strategy = at(item, "strategy");
      claim(at(strategy, "leverage_seeking"), base + "strategy.leverage_seeking", {K::leverage_seeking, nullptr, i});
      claim(at(strategy, "ceasefire_tempo"), base + "strategy.ceasefire_tempo", {K::ceasefire_tempo, nullptr, i});
    }
  }

  void regions(const Value* list) {
    if (!list || !list->is_sequence()) return;
    using K = InputTarget::Kind;
    for (std::size_t n = 0; n < list->items.size() && n < s.regions.size(); ++n) {
      const Value* item = &list->items[n];
      const int r = static_cast<int>(n);
      const std::string base = "regions." + s.regions[n].id + ".";
      claim(at(item, "population"), base + "population", {K::region_population, nullptr, r});
      claim(at(item, "terrain"), base + "terrain", {K::region_terrain, nullptr, r});
      per_key(at(item, "forces"), [&](const std::string& actor, const Value* v) {
        claim(v, base + "forces." + actor, {K::region_forces, nullptr, r, s.actor_index(actor)});
      });
    }
  }

  void issues(const Value* list) {
    if (!list || !list->is_sequence()) return;
    for (std::size_t n = 0; n < list->items.size() && n < s.issues.size(); ++n)
      claim(at(&list->items[n], "status_quo"), "issues." + s.issues[n].id + ".status_quo",
            {InputTarget::Kind::issue_status_quo, nullptr, static_cast<int>(n)});
  }

  void patrons(const Value* list) {
    if (!list || !list->is_sequence()) return;
    using K = InputTarget::Kind;
    for (std::size_t n = 0; n < list->items.size() && n < s.patrons.size(); ++n) {
      const Value* item = &list->items[n];
      const int j = static_cast<int>(n);
      const std::string base = "patrons." + s.patrons[n].id + ".";
      claim(at(item, "support"), base + "support", {K::patron_support, nullptr, j});
      claim(at(item, "leverage"), base + "leverage", {K::patron_leverage, nullptr, j});
      claim(at(item, "lag"), base + "lag", {K::patron_lag, nullptr, j});
    }
  }

  void events(const Value* list) {
    if (!list || !list->is_sequence()) return;
    for (std::size_t n = 0; n < list->items.size(); ++n) {
      const Value* item = &list->items[n];
      // The event's place in the scenario's event list (sorted by month, stable).
      int index = -1;
      for (std::size_t e = 0; e < s.events.size(); ++e)
        if (s.events[e].order == static_cast<int>(n)) index = static_cast<int>(e);
      const std::string base = fmt::format("events.{}.", n + 1);
      const InputTarget t{InputTarget::Kind::event_value, nullptr, index};
      for (const char* kind : {"set", "scale", "pressure", "forces"}) {
        const Value* body = at(item, kind);
        for (const char* key : {"value", "factor", "change"}) claim(at(body, key), base + kind + "." + key, t);
      }
      claim(at(item, "shock"), base + "shock", t);
    }
  }

  // Every distribution in the document that no known place claimed is an error.
  void unclaimed(const Value& v) {
    if (is_distribution(v)) {
      if (!claimed.count(&v))
        diags.error(v.where, "a distribution is not supported here; uncertain values may stand for model parameters, "
                             "actors' numbers (clout, military_share, effectiveness, cost_of_war, recruitment_rate, "
                             "spoiler_capacity, positions, salience, belief mean and strength, leverage_seeking, "
                             "ceasefire_tempo), issues' status_quo, regions' population, terrain and forces, patron "
                             "relations' support, leverage and lag, events' values, and talks' mediator_factor");
      return;
    }
    for (const Value& item : v.items) unclaimed(item);
    for (const auto& entry : v.entries) unclaimed(entry.second);
  }
};

}  // namespace

void collect_inputs(const Value& doc, const Scenario& s, Diagnostics& diags, std::vector<UncertainInput>& out) {
  Collector c{s, diags, out, {}};
  const Value* meta = Collector::at(&doc, "meta");
  c.parameters(Collector::at(meta, "parameters"));
  c.issues(Collector::at(&doc, "issues"));
  c.actors(Collector::at(&doc, "actors"));
  c.regions(Collector::at(&doc, "regions"));
  c.patrons(Collector::at(&doc, "patrons"));
  c.claim(Collector::at(Collector::at(&doc, "talks"), "mediator_factor"), "talks.mediator_factor",
          {InputTarget::Kind::mediator_factor});
  c.events(Collector::at(&doc, "events"));
  // Variants are merged onto the document and built on their own, where their
  // distributions are collected; here only the document's own places count.
  for (const auto& entry : doc.entries)
    if (entry.first.text != "variants") c.unclaimed(entry.second);
}

}  // namespace parley::scenario
