// Stage 6c, collapse (MODEL.md 13). In a region where a belligerent's cohesion is below
// collapse_threshold and the strongest hostile camp there has the local advantage (more
// effective strength tau F h (1 + d theta)), each of its fighters there leaves this month with
// probability q = collapse_rate (1 - h / collapse_threshold): Binomial(round(F), q) leave,
// defect_share of them join that enemy (in proportion to its belligerents there), the rest
// surrender or desert; the camp's control share there passes to the enemy in the proportion
// of the camp's fighters that left. Then capitals: a camp whose control of its capital falls
// below one half loses capital_cohesion_loss of cohesion at once (and the war, with
// victory_on_capital). Draws come from the collapse stream, one sub-stream per region and
// actor, so that a collapse in one place moves no other draw.
#include <algorithm>
#include <cmath>

#include "parley/random.hpp"
#include "sim/detail/stages.hpp"

namespace parley::sim {

namespace {

double local_strength(const World& w, int r, int camp) {
  double s = 0;
  for (int i : w.camp.members[idx(camp)])
    if (w.actor.fighting[i]) s += w.actor.effectiveness[i] * w.region.forces(r, i) * w.actor.cohesion[i];
  return s * (1 + w.scenario->regions[idx(r)].terrain * w.region.control(r, camp));
}

double camp_forces_in(const World& w, int r, int camp) {
  double f = 0;
  for (int i : w.camp.members[idx(camp)])
    if (w.actor.fighting[i]) f += w.region.forces(r, i);
  return f;
}

// Camps a and b are not fighting each other: not hostile, or an agreement signed on some
// track between them is being implemented or has become peace (MODEL.md 12).
bool at_peace(const World& w, int a, int b) { return !hostile(w, a, b) || ceasefire_between(w, a, b); }

// The hostile camp with the most effective strength in region r, or -1.
int local_enemy(const World& w, int r, int camp, double& strength) {
  int best = -1;
  strength = 0;
  for (int c = 0; c < w.camps; ++c) {
    if (c == camp || !w.camp.active[c] || at_peace(w, camp, c)) continue;
    const double s = local_strength(w, r, c);
    if (s > strength) {
      strength = s;
      best = c;
    }
  }
  return best;
}

void join_enemy(World& w, int r, int enemy, double fighters) {
  const double there = camp_forces_in(w, r, enemy);
  for (int j : w.camp.members[idx(enemy)]) {
    if (!w.actor.fighting[j]) continue;
    const double share = there > 0 ? w.region.forces(r, j) / there : 0.0;
    w.region.forces(r, j) += fighters * share;
  }
}

// True when a camp lost its capital this month (its members' cohesion fell).
bool check_capitals(World& w) {
  bool lost = false;
  for (int c = 0; c < w.camps; ++c) {
    const int cap = w.scenario->camps[idx(c)].capital;
    if (cap < 0) continue;
    const bool held = w.region.control(cap, c) >= 0.5;
    if (w.camp.capital_held[c] && !held) {
      for (int i : w.camp.members[idx(c)])
        w.actor.cohesion[i] = std::max(0.0, w.actor.cohesion[i] - w.params.capital_cohesion_loss);
      const int taker = holder(w, cap);
      lost = true;
      ++w.result.capitals_lost;
      log_event(w, {.kind = RunEventKind::capital_lost, .camp = c, .other = taker, .region = cap});
      if (w.params.victory_on_capital >= 1 && taker != c) w.war.capital_victor = taker;
    }
    w.camp.capital_held[c] = held;
  }
  return lost;
}

}  // namespace

void collapse(World& w) {
  const Parameters& p = w.params;
  w.war.capital_victor = -1;
  bool any = false;
  if (p.collapse_threshold > 0) {
    const StreamFamily streams({w.seed, w.run, static_cast<std::uint64_t>(w.month), Stream::collapse});
    Vec<double>& lost_by_camp = w.scratch.camp_fighters;  // scratch, refilled by check_victory
    Vec<double>& regions_by_camp = w.scratch.camp_weight;  // scratch, refilled by set_tempo
    lost_by_camp.fill(0);
    regions_by_camp.fill(0);
    for (int r = 0; r < w.regions; ++r) {
      for (int c = 0; c < w.camps; ++c) {
        if (!w.camp.active[c]) continue;
        bool weak = false;
        for (int i : w.camp.members[idx(c)])
          weak = weak || (w.actor.fighting[i] && w.actor.cohesion[i] < p.collapse_threshold && w.region.forces(r, i) > 0);
        if (!weak) continue;
        double enemy_strength = 0;
        const int enemy = local_enemy(w, r, c, enemy_strength);
        if (enemy < 0 || !(enemy_strength > local_strength(w, r, c))) continue;
        const double before = camp_forces_in(w, r, c);
        double left = 0;
        for (int i : w.camp.members[idx(c)]) {
          const double h = w.actor.cohesion[i];
          double& f = w.region.forces(r, i);
          if (!w.actor.fighting[i] || !(h < p.collapse_threshold) || !(f > 0)) continue;
          Rng rng = streams.sub(static_cast<std::uint64_t>(r) * static_cast<std::uint64_t>(w.actors) + static_cast<std::uint64_t>(i));
          const double q = p.collapse_rate * (1 - h / p.collapse_threshold);
          const double n = std::min(f, static_cast<double>(rng.binomial(std::llround(f), q)));
          f -= n;
          left += n;
        }
        if (!(left > 0)) continue;
        join_enemy(w, r, enemy, p.defect_share * left);
        const double moved = w.region.control(r, c) * std::min(1.0, left / before);
        w.region.control(r, c) -= moved;
        w.region.control(r, enemy) += moved;
        lost_by_camp[c] += left;
        regions_by_camp[c] += 1;
        any = true;
      }
    }
    if (any) {
      update_shares(w);
      for (int c = 0; c < w.camps; ++c) {
        if (!(lost_by_camp[c] > 0)) continue;
        CampState& k = w.camp;
        if (k.cascade_start[c] < 0 || k.cascade_last[c] < w.month - 2) {  // a new cascade
          k.cascade_start[c] = w.month;
          k.cascade_regions[c] = 0;
          w.result.cascade_regions = 0;
          ++w.result.cascades;
          if (w.result.first_cascade < 0) w.result.first_cascade = w.month;
        }
        k.cascade_last[c] = w.month;
        w.result.cascade_months = w.month - k.cascade_start[c];
        log_event(w, {.kind = RunEventKind::collapse, .camp = c, .months = static_cast<int>(regions_by_camp[c]),
                      .value = lost_by_camp[c]});
      }
    }
  }
  // Without a collapse no control moved since the cohesion stage counted the regions lost, and
  // no force or cohesion changed since it computed strengths (step_month's order).
  if (any) account_lost_regions(w);
  if (check_capitals(w) || any) compute_strength(w);
}

}  // namespace parley::sim
