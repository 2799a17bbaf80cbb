// Stage 9, the deal on the table (MODEL.md section 6): bargaining weights from fighting,
// and the scenario's bargaining model among the talks participants, computed by the
// bargaining module's kernels with the world's scratch buffers.
#include <algorithm>
#include <cmath>

#include "parley/bargain.hpp"
#include "parley/bargain_eum.hpp"
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
  bargain::EumOptions o = bargain::preset_options(t.eum_preset == "velev" ? bargain::EumPreset::velev : bargain::EumPreset::scholz);
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
