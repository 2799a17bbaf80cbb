// The war of MODEL.md section 3: engagements by region, casualties, control, forces, victory.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "parley/random.hpp"
#include "sim/world.hpp"
#include "util/numeric.hpp"

namespace parley::sim {

namespace {

// Stream purposes, so that each kind of draw has its own stream (common random numbers
// stay aligned between variants even when one variant draws more in some place).
constexpr std::uint64_t kWarStream = 1;

// A^g / (A^g + B^g), with g = 1 (the default) needing no pow at all.
double contest_success(double a, double b, double g) {
  if (a <= 0 && b <= 0) return 0.5;
  if (g == 1) return a / (a + b);
  if (b <= 0) return 1.0;
  if (a <= 0) return 0.0;
  return 1.0 / (1.0 + std::pow(b / a, g));
}

struct Side {
  double forces = 0;
  double effective = 0;  // tau F (1 + d theta)
};

Side side_in_region(const World& w, int r, int camp, double terrain) {
  Side s;
  const auto A = static_cast<std::size_t>(w.actors);
  double tau_f = 0;
  for (int member : w.camp_members[static_cast<std::size_t>(camp)]) {
    const auto i = static_cast<std::size_t>(member);
    double f = w.forces[static_cast<std::size_t>(r) * A + i];
    s.forces += f;
    tau_f += w.effectiveness[i] * f;
  }
  s.effective = tau_f * (1 + terrain * w.control[static_cast<std::size_t>(r * w.camps + camp)]);
  return s;
}

// Removes `loss` fighters from camp in region r, shared by the camp's actors in proportion.
void take_losses(World& w, int r, int camp, double loss, double camp_forces) {
  if (loss <= 0 || camp_forces <= 0) return;
  const auto A = static_cast<std::size_t>(w.actors);
  double share = std::min(1.0, loss / camp_forces);
  for (int member : w.camp_members[static_cast<std::size_t>(camp)]) {
    const auto i = static_cast<std::size_t>(member);
    double& f = w.forces[static_cast<std::size_t>(r) * A + i];
    double lost = f * share;
    f -= lost;
    w.losses_of[i] += lost;
  }
}

bool ceasefire_between(const World& w, int a, int b) {
  return w.talks == TalksState::agreement && w.signatory_camp[static_cast<std::size_t>(a)] &&
         w.signatory_camp[static_cast<std::size_t>(b)];
}

void engage(World& w, int r, int a, int b, Rng& rng) {
  const Region& region = w.scenario->regions[static_cast<std::size_t>(r)];
  Side A = side_in_region(w, r, a, region.terrain);
  Side B = side_in_region(w, r, b, region.terrain);
  if (A.forces <= 0 || B.forces <= 0) return;
  const Parameters& p = w.params;
  const double smaller = std::min(A.forces, B.forces);
  const double tempo = (w.camp_tempo[static_cast<std::size_t>(a)] + w.camp_tempo[static_cast<std::size_t>(b)]) / 2;
  const double lambda = p.engagement_rate * w.scenario->season[static_cast<std::size_t>(w.calendar)] * tempo * smaller / 1000;
  const std::int64_t engagements = rng.poisson(lambda);
  if (engagements == 0) return;
  const double p_a = contest_success(A.effective, B.effective, p.csf_exponent);
  const std::int64_t won = rng.binomial(engagements, p_a);
  const double W = static_cast<double>(won), L = static_cast<double>(engagements - won);
  const double engaged = p.engagement_share * smaller;
  const double loss_a = std::min(A.forces, (W * p.loss_winner + L * p.loss_loser) * engaged);
  const double loss_b = std::min(B.forces, (L * p.loss_winner + W * p.loss_loser) * engaged);
  take_losses(w, r, a, loss_a, A.forces);
  take_losses(w, r, b, loss_b, B.forces);
  w.month_deaths += loss_a + loss_b;
  w.engagements += static_cast<double>(engagements);
  w.wins[static_cast<std::size_t>(a)] += W;
  w.losses[static_cast<std::size_t>(a)] += L;
  w.wins[static_cast<std::size_t>(b)] += L;
  w.losses[static_cast<std::size_t>(b)] += W;
  if (won * 2 == engagements) return;
  const int gainer = W > L ? a : b, loser = W > L ? b : a;
  const double frac = 1 - power_of(1 - p.control_shift, static_cast<std::uint64_t>(std::llabs(won - (engagements - won))));
  double& from = w.control[static_cast<std::size_t>(r * w.camps + loser)];
  const double moved = from * frac;
  from -= moved;
  w.control[static_cast<std::size_t>(r * w.camps + gainer)] += moved;
}

}  // namespace

void fight(World& w) {
  std::fill(w.wins.begin(), w.wins.end(), 0);
  std::fill(w.losses.begin(), w.losses.end(), 0);
  std::fill(w.losses_of.begin(), w.losses_of.end(), 0);
  w.engagements = 0;
  w.month_deaths = 0;
  const std::uint64_t month_key = Rng::stream_key(w.seed, w.run, static_cast<std::uint64_t>(w.month), kWarStream);
  for (int r = 0; r < w.regions; ++r) {
    Rng rng = Rng::from_key(Rng::sub_key(month_key, static_cast<std::uint64_t>(r)));
    for (int a = 0; a < w.camps; ++a)
      for (int b = a + 1; b < w.camps; ++b)
        if (!ceasefire_between(w, a, b)) engage(w, r, a, b, rng);
  }
  update_shares(w);
  const double civilians = w.month_deaths * w.params.civilian_multiplier;
  w.result.battle_deaths += w.month_deaths;
  w.result.civilian_deaths += civilians;
  auto year = static_cast<std::size_t>(w.month / 12);
  if (year < w.result.deaths_by_year.size()) w.result.deaths_by_year[year] += w.month_deaths;
}

}  // namespace parley::sim
