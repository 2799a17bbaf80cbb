// Stage 1b, random shocks (MODEL.md 16): each shock the scenario declares strikes this month
// with its hazard (or its probability on the given dates), and then applies its effects like a
// scripted event. Shock n draws exactly one uniform a month from sub-stream n of the shocks
// stream, struck or not, so a shock with hazard 0 changes nothing and variants stay paired.
#include "parley/random.hpp"
#include "sim/detail/stages.hpp"

namespace parley::sim {

namespace {

double chance(const Shock& s, int month) {
  if (s.dates.empty()) return s.hazard;
  for (const auto& [m, p] : s.dates)
    if (m == month) return p;
  return 0;
}

}  // namespace

void apply_shocks(World& w) {
  const auto& shocks = w.scenario->shocks;
  if (shocks.empty()) return;
  const StreamFamily streams({w.seed, w.run, static_cast<std::uint64_t>(w.month), Stream::shocks});
  for (std::size_t n = 0; n < shocks.size(); ++n) {
    const Shock& s = shocks[n];
    const int k = static_cast<int>(n);
    const double u = streams.sub(n).uniform();
    if (s.once && w.shock_struck[k]) continue;
    if (!(u < chance(s, w.month))) continue;
    w.shock_struck[k] = 1;
    ++w.result.shocks;
    log_event(w, {.kind = RunEventKind::shock, .index = k});
    for (const Event& e : s.effects) apply_effect(w, e);
  }
}

}  // namespace parley::sim
