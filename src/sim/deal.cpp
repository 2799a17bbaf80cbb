// Stage 9, the deal on the table (MODEL.md section 6): bargaining weights from fighting,
// and the scenario's bargaining model among the talks participants, computed by the
// bargaining module's kernels with the world's scratch buffers.
#include <algorithm>
#include <cmath>

#include "parley/bargain.hpp"
#include "parley/bargain_eum.hpp"
#include "parley/bargain_smp.hpp"
#include "sim/detail/stages.hpp"

namespace parley::sim {

namespace {

// Bargaining weight b_i = c_i ((1 - m_i) + m_i M_i(t) / M_i(0)): leverage from fighting.
void set_weights(World& w) {
  ActorState& a = w.actor;
  for (int i = 0; i < w.actors; ++i) {
    const double ratio = a.strength0[i] > 0 ? a.strength[i] / a.strength0[i] : 1.0;
    a.weight[i] = a.clout[i] * ((1 - a.military_share[i]) + a.military_share[i] * ratio);
  }
}

// The disagreement utility of actor i: its value of war when it has a camp to fight with,
// else the status quo (or zero) as the scenario says.
double disagreement(const World& w, const TalksSetup& t, int i) {
  if (w.actor.camp[i] >= 0) return w.actor.value_of_war[i];
  if (t.outside_option == OutsideOption::zero) return 0.0;
  return utility(w, i, w.talks.status_quo.data());
}

// Per issue, the expected outcome of war on that issue alone minus the whole cost of war,
// so that the issue-weighted sum of these is the actor's value of war.
double issue_disagreement(const World& w, const TalksSetup& t, int i, int k) {
  const double x = w.actor.position(i, k);
  auto u = [&](double y) {
    double d = std::fabs(y - x) / 100;
    return 1 - (w.params.loss == UtilityLoss::quadratic ? d * d : d);
  };
  if (w.actor.camp[i] < 0) {
    if (t.outside_option == OutsideOption::zero) return 0.0;
    return u(w.scenario->issues[idx(k)].status_quo);
  }
  const int camp = w.actor.camp[i];
  const int enemy = enemy_of(w, camp) >= 0 ? enemy_of(w, camp) : camp;
  const double P = w.actor.win_probability[i];
  return P * u(w.scenario->camps[idx(camp)].victory_terms[idx(k)]) +
         (1 - P) * u(w.scenario->camps[idx(enemy)].victory_terms[idx(k)]) - w.actor.cost[i] * w.actor.war_months[i];
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

// The table: the track's participants and, after a rejection, its ratifier (MODEL.md 11),
// whose weight is ratifier_weight of the participants' total.
// Fills the scratch seats (actor and weight per seat) and returns how many there are.
std::size_t seats(World& w, const TalksSetup& t, bool with_ratifier) {
  Scratch& x = w.scratch;
  std::size_t n = 0;
  double total = 0;
  for (int i : t.participants) {
    x.seat_actor[n] = i;
    x.weights[n++] = w.actor.weight[i];
    total += w.actor.weight[i];
  }
  if (with_ratifier && t.ratifier >= 0 && std::find(t.participants.begin(), t.participants.end(), t.ratifier) == t.participants.end()) {
    x.seat_actor[n] = t.ratifier;
    x.weights[n++] = w.params.ratifier_weight * total;
  }
  return n;
}

// SMP over every issue at once (docs/bargaining.md, "SMP in talks"): bargaining weights as
// capabilities, positions on 0-100 scaled to 0-1, each seat's saliences divided by their sum
// when it exceeds 1 (KTAB needs at most all of an actor's attention). The deal is KTAB's
// forecast, the probability-weighted mean of the final positions.
void smp_deal(World& w, const TalksSetup& t, std::size_t n, const Grid<double>& ideal, Vec<double>& deal) {
  Scratch& x = w.scratch;
  if (n < 2) {
    for (int k = 0; k < w.issues; ++k) deal[k] = ideal(x.seat_actor[0], k);
    return;
  }
  bargain::SmpScenario sc;
  sc.actors = n;
  sc.dims = idx(w.issues);
  for (std::size_t j = 0; j < n; ++j) {
    const int i = x.seat_actor[j];
    sc.capability.push_back(std::max(x.weights[j], 1e-12));  // KTAB's votes need a positive weight
    double total = 0;
    for (int k = 0; k < w.issues; ++k) total += std::max(0.0, w.actor.salience(i, k));
    const double scale = total > 1 ? total : 1.0;
    for (int k = 0; k < w.issues; ++k) {
      sc.position.push_back(std::clamp(ideal(i, k) / 100.0, 0.0, 1.0));
      // an actor that cares about nothing still needs some salience for KTAB's distances
      sc.salience.push_back(total > 0 ? std::max(0.0, w.actor.salience(i, k)) / scale
                                      : 1.0 / static_cast<double>(w.issues));
    }
  }
  bargain::SmpOptions o;
  for (const auto& a : t.smp_options) bargain::apply_smp_option(o, a);  // validated when the scenario was read
  o.max_turns = t.smp_turns;
  const auto res = bargain::run_smp(sc, o);
  for (int k = 0; k < w.issues; ++k) deal[k] = 100.0 * res.forecast[idx(k)];
}

// Nash's solution over every issue at once (linear loss), or no deal when no point beats
// every participant's value of war.
bool joint_nash_deal(World& w, const TalksSetup& t, std::size_t n, const Grid<double>& ideal, Vec<double>& deal) {
  Scratch& x = w.scratch;
  const std::size_t K = idx(w.issues);
  std::span<double> weights(x.weights.data(), n), d(x.disagreements.data(), n);
  std::span<double> xs(x.positions.data(), n * K), ws(x.saliences.data(), n * K);
  for (std::size_t j = 0; j < n; ++j) {
    const int i = x.seat_actor[j];
    d[j] = disagreement(w, t, i);
    for (int k = 0; k < w.issues; ++k) {
      xs[j * K + idx(k)] = ideal(i, k);
      ws[j * K + idx(k)] = w.actor.issue_weight(i, k);
    }
  }
  auto res = bargain::nash_joint(weights, xs, ws, d, x.spans, std::span<double>(x.outcome.data(), K), x.kernel);
  if (res.status == bargain::Status::ok) std::copy(x.outcome.begin(), x.outcome.begin() + static_cast<long>(K), deal.begin());
  return res.status == bargain::Status::ok;
}

}  // namespace

bool bargain_track(World& w, const Track& track, const Grid<double>& ideal, bool with_ratifier, Vec<double>& deal) {
  const TalksSetup& t = *track.setup;
  const std::size_t n = seats(w, t, with_ratifier);
  if (n == 0) return true;
  if (t.model == BargainModelKind::smp) {
    smp_deal(w, t, n, ideal, deal);
    return true;
  }
  if (t.model == BargainModelKind::nash && t.joint) return joint_nash_deal(w, t, n, ideal, deal);
  Scratch& x = w.scratch;
  std::span<double> weights(x.weights.data(), n), pos(x.positions.data(), n), sal(x.saliences.data(), n),
      d(x.disagreements.data(), n);
  bool feasible = true;
  for (int k = 0; k < w.issues; ++k) {
    for (std::size_t j = 0; j < n; ++j) {
      const int i = x.seat_actor[j];
      pos[j] = ideal(i, k);
      sal[j] = w.actor.salience(i, k);
      if (t.model == BargainModelKind::nash) d[j] = issue_disagreement(w, t, i, k);
    }
    bargain::Outcome out;
    switch (t.model) {
      case BargainModelKind::compromise: out = bargain::compromise(weights, pos, sal); break;
      case BargainModelKind::median: out = bargain::median(weights, pos, sal, x.kernel); break;
      case BargainModelKind::nash:
        out = bargain::nash(weights, pos, sal, d, 100.0,
                            w.params.loss == UtilityLoss::quadratic ? bargain::Loss::quadratic : bargain::Loss::linear);
        break;
      case BargainModelKind::eum: {
        auto res = bargain::run_eum(weights, pos, sal, eum_options(t));
        out.position = res.forecast;
        break;
      }
      case BargainModelKind::smp: break;  // handled above, over all issues at once
    }
    if (out.status == bargain::Status::ok) deal[k] = out.position;
    if (out.status == bargain::Status::no_agreement) feasible = false;
  }
  return feasible;
}

void compute_deal(World& w) {
  set_weights(w);
  for (Track& t : w.talks.tracks) {
    if (t.state == TalksState::agreement || t.state == TalksState::peace) {
      std::copy(t.terms.begin(), t.terms.end(), t.deal.begin());  // the signed terms are the deal
      continue;
    }
    if (t.setup->participants.empty()) continue;
    t.deal_feasible = bargain_track(w, t, w.actor.position, false, t.deal);
  }
}

}  // namespace parley::sim
