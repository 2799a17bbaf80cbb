// The value of war (MODEL.md section 7) and the deal on the table (section 6), computed by
// the bargaining module's kernels among the talks participants.
#include <algorithm>
#include <cmath>

#include "parley/bargain.hpp"
#include "parley/bargain_eum.hpp"
#include "parley/bargain_smp.hpp"
#include "parley/value_of_war.hpp"
#include "sim/world.hpp"

namespace parley::sim {

namespace {

// The hostile camp that a camp is fighting for: the one holding the most population.
int enemy_of(const World& w, int camp) {
  int best = -1;
  for (int c = 0; c < w.camps; ++c)
    if (c != camp && (best < 0 || population_share(w, c) > population_share(w, best))) best = c;
  return best;
}

// The chance of winning an engagement that camp c's belligerent expects: its belief mean,
// moved by the change in the force balance since the camp last fought (so that one side
// disarming during implementation raises the other's value of war).
double engagement_belief(const World& w, int i, double ratio_now) {
  const auto ui = static_cast<std::size_t>(i);
  const double b = w.alpha[ui] / (w.alpha[ui] + w.beta[ui]);
  const double ref = w.ratio_ref[static_cast<std::size_t>(w.camp_of[ui])];
  if (!(ref > 0) || !std::isfinite(ref)) return b;
  if (!std::isfinite(ratio_now)) return 1.0;
  const double rel = ratio_now / ref;
  return b * rel / (b * rel + (1 - b));
}

double terms_utility(const World& w, int actor, int camp) {
  return utility(w, actor, w.scenario->camps[static_cast<std::size_t>(camp)].victory_terms.data());
}

RuinValue camp_ruin(const World& w, int camp, double p) {
  const int n = static_cast<int>(w.params.war_steps);
  const int k = static_cast<int>(std::lround(population_share(w, camp) * n));
  return gamblers_ruin(k, n, p);
}

void set_war_value(World& w, int i, int camp, const RuinValue& ruin) {
  const auto ui = static_cast<std::size_t>(i);
  const int enemy = enemy_of(w, camp);
  const double months = ruin.expected_steps * w.params.months_per_step;
  const double lose = enemy >= 0 ? terms_utility(w, i, enemy) : terms_utility(w, i, camp);
  w.win_probability[ui] = ruin.win_probability;
  w.war_months[ui] = months;
  w.value_of_war[ui] = ruin.win_probability * terms_utility(w, i, camp) + (1 - ruin.win_probability) * lose -
                       w.cost[ui] * months;
}

}  // namespace

void value_war(World& w) {
  const double g = w.params.csf_exponent;
  std::vector<double>& p_camp = w.camp_ratio;
  for (int c = 0; c < w.camps; ++c) {
    const auto uc = static_cast<std::size_t>(c);
    const int e = enemy_of(w, c);
    const double own = w.camp_strength[uc], other = e >= 0 ? w.camp_strength[static_cast<std::size_t>(e)] : 0.0;
    const double rho = other > 0 ? std::pow(own / other, g) : INFINITY;
    p_camp[uc] = rho;
    if (w.month == 0 || w.wins[uc] + w.losses[uc] > 0) w.ratio_ref[uc] = rho;
  }
  // Belligerents first; then everyone else with the belief of the camp they back.
  std::vector<double>& belief_sum = w.camp_belief_sum;
  std::vector<double>& belief_n = w.camp_belief_n;
  std::fill(belief_sum.begin(), belief_sum.end(), 0);
  std::fill(belief_n.begin(), belief_n.end(), 0);
  for (int i = 0; i < w.actors; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    if (!w.armed[ui] || w.camp_of[ui] < 0) continue;
    const auto camp = static_cast<std::size_t>(w.camp_of[ui]);
    const double p = engagement_belief(w, i, p_camp[camp]);
    belief_sum[camp] += p;
    belief_n[camp] += 1;
    set_war_value(w, i, w.camp_of[ui], camp_ruin(w, w.camp_of[ui], p));
  }
  // Everyone else of a camp shares the camp's mean belief, so one walk per camp serves them all.
  std::vector<RuinValue>& shared = w.camp_ruin;
  std::vector<char>& done = w.camp_ruin_done;
  std::fill(done.begin(), done.end(), 0);
  for (int i = 0; i < w.actors; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    if (w.armed[ui] && w.camp_of[ui] >= 0) continue;
    if (w.camp_of[ui] >= 0) {
      const auto camp = static_cast<std::size_t>(w.camp_of[ui]);
      if (!done[camp]) {
        shared[camp] = camp_ruin(w, w.camp_of[ui], belief_n[camp] > 0 ? belief_sum[camp] / belief_n[camp] : 0.5);
        done[camp] = 1;
      }
      set_war_value(w, i, w.camp_of[ui], shared[camp]);
      continue;
    }
    // No camp: the chance that camp 0 wins, averaged over every belligerent's view of it.
    double sum = 0, count = 0;
    for (int c = 0; c < w.camps; ++c) {
      const auto uc = static_cast<std::size_t>(c);
      if (belief_n[uc] <= 0) continue;
      sum += c == 0 ? belief_sum[uc] : belief_n[uc] - belief_sum[uc];
      count += belief_n[uc];
    }
    set_war_value(w, i, 0, camp_ruin(w, 0, count > 0 ? sum / count : 0.5));
  }
}

}  // namespace parley::sim

namespace parley::sim {

namespace {

// Bargaining weight b_i = c_i ((1 - m_i) + m_i M_i(t) / M_i(0)): leverage from fighting.
void set_weights(World& w) {
  for (int i = 0; i < w.actors; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    const double ratio = w.strength0[ui] > 0 ? w.strength[ui] / w.strength0[ui] : 1.0;
    w.weight[ui] = w.clout[ui] * ((1 - w.military_share[ui]) + w.military_share[ui] * ratio);
  }
}

// The disagreement utility of actor i: its value of war when it has a camp to fight with,
// else the status quo (or zero) as the scenario says.
double disagreement(const World& w, int i) {
  const auto ui = static_cast<std::size_t>(i);
  if (w.camp_of[ui] >= 0) return w.value_of_war[ui];
  if (w.scenario->talks.outside_option == OutsideOption::zero) return 0.0;
  return utility(w, i, w.status_quo.data());
}

// Per issue, the expected outcome of war on that issue alone minus the whole cost of war,
// so that the issue-weighted sum of these is the actor's value of war.
double issue_disagreement(const World& w, int i, int k) {
  const auto ui = static_cast<std::size_t>(i), uk = static_cast<std::size_t>(k);
  const double x = w.position[ui * static_cast<std::size_t>(w.issues) + uk];
  auto u = [&](double y) {
    double d = std::fabs(y - x) / 100;
    return 1 - (w.params.loss == UtilityLoss::quadratic ? d * d : d);
  };
  if (w.camp_of[ui] < 0) {
    if (w.scenario->talks.outside_option == OutsideOption::zero) return 0.0;
    return u(w.scenario->issues[uk].status_quo);
  }
  const int camp = w.camp_of[ui];
  const int enemy = enemy_of(w, camp) >= 0 ? enemy_of(w, camp) : camp;
  const double P = w.win_probability[ui];
  return P * u(w.scenario->camps[static_cast<std::size_t>(camp)].victory_terms[uk]) +
         (1 - P) * u(w.scenario->camps[static_cast<std::size_t>(enemy)].victory_terms[uk]) - w.cost[ui] * w.war_months[ui];
}

bargain::EumOptions eum_options(const TalksSetup& t) {
  bargain::EumOptions o = bargain::preset_options(bargain::parse_preset(t.eum_preset).value_or(bargain::EumPreset::scholz));
  o.max_rounds = t.eum_rounds;
  if (t.eum_tolerance > 0) {
    o.stop = bargain::StopRule::converge;
    o.tolerance = t.eum_tolerance;
    o.stable_rounds = t.eum_stable_rounds;
  }
  return o;
}

// SMP over every issue at once (docs/bargaining.md, "SMP in talks"): bargaining weights as
// capabilities, positions on 0-100 scaled to 0-1, each participant's saliences divided by
// their sum when it exceeds 1 (KTAB needs at most all of an actor's attention). The deal is
// KTAB's forecast, the probability-weighted mean of the final positions.
void smp_deal(World& w, const TalksSetup& t, std::span<const double> weights) {
  const std::size_t n = t.participants.size(), K = static_cast<std::size_t>(w.issues);
  if (n < 2) {
    const auto i = static_cast<std::size_t>(t.participants[0]);
    for (std::size_t k = 0; k < K; ++k) w.deal[k] = w.position[i * K + k];
    return;
  }
  bargain::SmpScenario sc;
  sc.actors = n;
  sc.dims = K;
  for (std::size_t j = 0; j < n; ++j) {
    const auto i = static_cast<std::size_t>(t.participants[j]);
    sc.capability.push_back(std::max(weights[j], 1e-12));  // KTAB's votes need a positive weight
    double total = 0;
    for (std::size_t k = 0; k < K; ++k) total += std::max(0.0, w.scenario->actors[i].salience[k]);
    const double scale = total > 1 ? total : 1.0;
    for (std::size_t k = 0; k < K; ++k) {
      sc.position.push_back(std::clamp(w.position[i * K + k] / 100.0, 0.0, 1.0));
      // an actor that cares about nothing still needs some salience for KTAB's distances
      sc.salience.push_back(total > 0 ? std::max(0.0, w.scenario->actors[i].salience[k]) / scale : 1.0 / static_cast<double>(K));
    }
  }
  bargain::SmpOptions o;
  for (const auto& a : t.smp_options) bargain::apply_smp_option(o, a);  // validated when the scenario was read
  o.max_turns = t.smp_turns;
  const auto res = bargain::run_smp(sc, o);
  for (std::size_t k = 0; k < K; ++k) w.deal[k] = 100.0 * res.forecast[k];
}

}  // namespace

void compute_deal(World& w) {
  set_weights(w);
  if (w.talks == TalksState::agreement || w.talks == TalksState::peace) {
    std::copy(w.terms.begin(), w.terms.end(), w.deal.begin());  // the signed terms are the deal
    return;
  }
  const TalksSetup& t = w.scenario->talks;
  const std::size_t n = t.participants.size(), K = static_cast<std::size_t>(w.issues);
  if (n == 0) return;
  std::span<double> weights(w.scratch_w.data(), n), x(w.scratch_x.data(), n), s(w.scratch_s.data(), n),
      d(w.scratch_d.data(), n);
  for (std::size_t j = 0; j < n; ++j) weights[j] = w.weight[static_cast<std::size_t>(t.participants[j])];
  w.deal_feasible = true;
  if (t.model == BargainModelKind::smp) {
    smp_deal(w, t, weights);
    return;
  }
  if (t.model == BargainModelKind::nash && t.joint) {
    std::span<double> xs(w.scratch_x.data(), n * K), ws(w.scratch_s.data(), n * K);
    for (std::size_t j = 0; j < n; ++j) {
      const auto i = static_cast<std::size_t>(t.participants[j]);
      d[j] = disagreement(w, t.participants[j]);
      for (std::size_t k = 0; k < K; ++k) {
        xs[j * K + k] = w.position[i * K + k];
        ws[j * K + k] = w.issue_weight[i * K + k];
      }
    }
    std::vector<double>& spans = w.scratch_spans;
    auto res = bargain::nash_joint(weights, xs, ws, d, spans, std::span<double>(w.scratch_y.data(), K), w.scratch_big);
    if (res.status == bargain::Status::ok) std::copy(w.scratch_y.begin(), w.scratch_y.begin() + static_cast<long>(K), w.deal.begin());
    w.deal_feasible = res.status == bargain::Status::ok;
    return;
  }
  for (std::size_t k = 0; k < K; ++k) {
    for (std::size_t j = 0; j < n; ++j) {
      const auto i = static_cast<std::size_t>(t.participants[j]);
      x[j] = w.position[i * K + k];
      s[j] = w.scenario->actors[i].salience[k];
      if (t.model == BargainModelKind::nash) d[j] = issue_disagreement(w, t.participants[j], static_cast<int>(k));
    }
    bargain::Outcome out;
    switch (t.model) {
      case BargainModelKind::compromise: out = bargain::compromise(weights, x, s); break;
      case BargainModelKind::median: out = bargain::median(weights, x, s, w.scratch_big); break;
      case BargainModelKind::nash:
        out = bargain::nash(weights, x, s, d, 100.0,
                            w.params.loss == UtilityLoss::quadratic ? bargain::Loss::quadratic : bargain::Loss::linear);
        break;
      case BargainModelKind::eum: {
        auto res = bargain::run_eum(weights, x, s, eum_options(t));
        out.position = res.forecast;
        break;
      }
      case BargainModelKind::smp: break;  // handled above, over all issues at once
    }
    if (out.status == bargain::Status::ok) w.deal[k] = out.position;
    if (out.status == bargain::Status::no_agreement) w.deal_feasible = false;
  }
}

}  // namespace parley::sim
