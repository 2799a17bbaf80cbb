// Stage 4, the war of MODEL.md section 3: engagements by region and pair of camps,
// casualties, and control moving with the balance of engagements won.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "parley/random.hpp"
#include "sim/detail/stages.hpp"
#include "util/numeric.hpp"

namespace parley::sim {

namespace {

// A^g / (A^g + B^g), with g = 1 (the default) needing no pow at all.
double contest_success(double a, double b, double g) {
  if (a <= 0 && b <= 0) return 0.5;
  if (g == 1) return a / (a + b);
  if (b <= 0) return 1.0;
  if (a <= 0) return 0.0;
  return 1.0 / (1.0 + std::pow(b / a, g));
}

// This month's battlefield, hoisted out of the world for the loop over regions and pairs:
// the arrays the engagements read and write, and each camp's fighting belligerents (members
// whose forces take part: not latent, not withdrawing under an exit deal), in member order.
// The arithmetic is the same, operation for operation, as reading through the world.
struct Field {
  const double* effectiveness = nullptr;
  const double* cohesion = nullptr;
  double* losses = nullptr;
  double* casualties = nullptr;
  const int* fighters = nullptr;  // camp c's: fighters[begin[c]] .. fighters[begin[c + 1] - 1]
  const int* begin = nullptr;
};

struct Side {
  double forces = 0;
  double effective = 0;  // tau F h (1 + d theta) (MODEL.md 3, 13)
};

[[gnu::always_inline]] inline Side side_in_region(const Field& f, const double* forces, const double* control, int camp,
                                                  double terrain) {
  Side s;
  double tau_f = 0;
  for (const int* p = f.fighters + f.begin[camp], *end = f.fighters + f.begin[camp + 1]; p != end; ++p) {
    const int i = *p;
    const double x = forces[i];
    s.forces += x;
    tau_f += f.effectiveness[i] * x * f.cohesion[i];
  }
  s.effective = tau_f * (1 + terrain * control[camp]);
  return s;
}

// Removes `loss` fighters from camp in the region, shared by the camp's actors in proportion.
[[gnu::always_inline]] inline void take_losses(const Field& f, double* forces, int camp, double loss, double camp_forces) {
  if (loss <= 0 || camp_forces <= 0) return;
  const double share = std::min(1.0, loss / camp_forces);
  for (const int* p = f.fighters + f.begin[camp], *end = f.fighters + f.begin[camp + 1]; p != end; ++p) {
    const int i = *p;
    const double lost = forces[i] * share;
    forces[i] -= lost;
    f.losses[i] += lost;
    f.casualties[i] += lost;
  }
}

// The month's running totals over every engagement, kept out of the world until the end.
struct Tally {
  double deaths = 0;
  double engagements = 0;
};

void engage(World& w, const Field& f, int r, int a, int b, Rng& rng, Tally& tally) {
  const double terrain = w.scenario->regions[idx(r)].terrain;
  double* forces = w.region.forces.row(r).data();
  double* control = w.region.control.row(r).data();
  const Side A = side_in_region(f, forces, control, a, terrain);
  const Side B = side_in_region(f, forces, control, b, terrain);
  if (A.forces <= 0 || B.forces <= 0) return;
  const Parameters& p = w.params;
  const double smaller = std::min(A.forces, B.forces);
  const double tempo = (w.camp.tempo[a] + w.camp.tempo[b]) / 2;
  const double lambda = p.engagement_rate * w.scenario->season[idx(w.calendar)] * tempo * smaller / 1000;
  const std::int64_t engagements = rng.poisson(lambda);
  if (engagements == 0) return;
  const double p_a = contest_success(A.effective, B.effective, p.csf_exponent);
  const std::int64_t won = rng.binomial(engagements, p_a);
  const double W = static_cast<double>(won), L = static_cast<double>(engagements - won);
  const double engaged = p.engagement_share * smaller;
  const double loss_a = std::min(A.forces, (W * p.loss_winner + L * p.loss_loser) * engaged);
  const double loss_b = std::min(B.forces, (L * p.loss_winner + W * p.loss_loser) * engaged);
  take_losses(f, forces, a, loss_a, A.forces);
  take_losses(f, forces, b, loss_b, B.forces);
  tally.deaths += loss_a + loss_b;
  w.war.pair_deaths(a, b) += loss_a + loss_b;
  w.result.camp_deaths[idx(a)] += loss_a;
  w.result.camp_deaths[idx(b)] += loss_b;
  tally.engagements += static_cast<double>(engagements);
  w.camp.wins[a] += W;
  w.camp.losses[a] += L;
  w.camp.wins[b] += L;
  w.camp.losses[b] += W;
  if (won * 2 == engagements) return;
  const int gainer = W > L ? a : b, loser = W > L ? b : a;
  const double frac = 1 - power_of(1 - p.control_shift, static_cast<std::uint64_t>(std::llabs(won - (engagements - won))));
  double& from = control[loser];
  const double moved = from * frac;
  from -= moved;
  control[gainer] += moved;
}

}  // namespace

void fight(World& w) {
  w.camp.wins.fill(0);
  w.camp.losses.fill(0);
  w.actor.losses.fill(0);
  w.war.engagements = 0;
  w.war.deaths = w.war.pending_deaths;  // attacks of events and shocks this month (MODEL.md 16)
  w.war.pending_deaths = 0;
  w.war.pair_deaths.fill(0.0);
  // The pairs of camps at war this month, in index order (the same in every region: the tracks'
  // states do not change while the war is fought).
  std::vector<int>& pairs = w.scratch.war_pairs;  // reserved for every pair: no allocation
  pairs.clear();
  for (int a = 0; a < w.camps; ++a)
    for (int b = a + 1; b < w.camps; ++b)
      if (hostile(w, a, b) && !ceasefire_between(w, a, b)) {
        pairs.push_back(a);
        pairs.push_back(b);
      }
  // Each camp's fighting belligerents this month (reserved for every actor: no allocation).
  std::vector<int>& fighters = w.scratch.fighters;
  std::vector<int>& begin = w.scratch.fighter_begin;
  fighters.clear();
  begin.clear();
  for (int c = 0; c < w.camps; ++c) {
    begin.push_back(static_cast<int>(fighters.size()));
    for (int i : w.camp.members[idx(c)])
      if (w.actor.fighting[i]) fighters.push_back(i);
  }
  begin.push_back(static_cast<int>(fighters.size()));
  const Field field{.effectiveness = w.actor.effectiveness.data(),
                    .cohesion = w.actor.cohesion.data(),
                    .losses = w.actor.losses.data(),
                    .casualties = w.actor.casualties.data(),
                    .fighters = fighters.data(),
                    .begin = begin.data()};
  Tally tally{.deaths = w.war.deaths, .engagements = w.war.engagements};
  const StreamFamily streams({w.seed, w.run, static_cast<std::uint64_t>(w.month), Stream::war});
  if (!pairs.empty())
    for (int r = 0; r < w.regions; ++r) {
      Rng rng = streams.sub(static_cast<std::uint64_t>(r));
      for (std::size_t n = 0; n < pairs.size(); n += 2) engage(w, field, r, pairs[n], pairs[n + 1], rng, tally);
    }
  w.war.deaths = tally.deaths;
  w.war.engagements = tally.engagements;
  update_shares(w);
  const double civilians = w.war.deaths * w.params.civilian_multiplier;
  w.result.battle_deaths += w.war.deaths;
  w.result.civilian_deaths += civilians;
  const auto year = idx(w.month / 12);
  if (year < w.result.deaths_by_year.size()) w.result.deaths_by_year[year] += w.war.deaths;
  const auto calendar_year = idx((w.scenario->start.month - 1 + w.month) / 12);
  if (calendar_year < w.result.calendar_deaths.size()) w.result.calendar_deaths[calendar_year] += w.war.deaths;
}

}  // namespace parley::sim
