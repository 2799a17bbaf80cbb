// Formal talks as a negotiation (MODEL.md 11): demands opened away from the deal, the
// mediator's proposal from the track's bargaining model applied to the demands, concessions
// under cost and urgency, an agenda closed item by item with nothing agreed until everything
// is agreed, and (stage 11) beliefs that learn from the table.
#include <algorithm>
#include <cmath>

#include "sim/detail/stages.hpp"

namespace parley::sim {

namespace {

double sig(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// The next open item after `from`, in agenda order (wrapping); -1 when every item is closed.
int next_open_item(const Track& t, int from) {
  const int n = static_cast<int>(t.items.size());
  for (int step = 1; step <= n; ++step) {
    const int j = (from + step) % n;
    if (!t.item_closed[j]) return j;
  }
  return -1;
}

// The part of actor i's loss on the package that item j's issues make.
double item_loss(const World& w, const Track& t, int i, int j) {
  double loss = 0;
  for (int k : t.items[idx(j)]) {
    const double d = std::fabs(t.package[k] - w.actor.position(i, k)) / 100;
    loss += w.actor.issue_weight(i, k) * (w.params.loss == UtilityLoss::quadratic ? d * d : d);
  }
  return loss;
}

// Actor i's utility of value y on issue k alone, unweighted.
double issue_utility(const World& w, int i, int k, double y) {
  const double d = std::fabs(y - w.actor.position(i, k)) / 100;
  return 1 - (w.params.loss == UtilityLoss::quadratic ? d * d : d);
}

}  // namespace

double track_surplus(const World& w, const Track& t, int i, const double* y) {
  const ActorState& a = w.actor;
  if (peace_track(t)) return utility(w, i, y) - a.value_of_war[i];
  // An exit deal settles the agenda's issues and nothing else; for everyone but the backer
  // the war goes on either way, so its cost cancels and the deal is worth its terms against
  // what the war would give on those issues: P u(own camp's terms) + (1 - P) u(enemy's terms)
  // (the status quo for an actor with no camp). The backer leaves: its surplus is its value of
  // leaving over staying, with the lottery of leaving replaced by the terms on those issues.
  const bool backer = i == t.backer;
  const int camp = backer ? a.backs[i] : a.camp[i];
  const int enemy = camp >= 0 && enemy_of(w, camp) >= 0 ? enemy_of(w, camp) : camp;
  const double P = backer ? a.leave_win[i] : a.win_probability[i];
  double s = backer ? a.leave_value[i] - a.value_of_war[i] : 0.0;
  for (const auto& item : t.items)
    for (int k : item) {
      const double war = camp >= 0 ? P * issue_utility(w, i, k, w.scenario->camps[idx(camp)].victory_terms[idx(k)]) +
                                         (1 - P) * issue_utility(w, i, k, w.scenario->camps[idx(enemy)].victory_terms[idx(k)])
                                   : issue_utility(w, i, k, w.talks.status_quo[k]);
      s += a.issue_weight(i, k) * (issue_utility(w, i, k, y[k]) - war);
    }
  return s;
}

double urgency(const World& w, int i) {
  const double base = w.actor.cost_of_war[i];
  const int camp = w.actor.camp[i];
  if (base <= 0 || camp < 0) return 0.0;
  const int enemy = enemy_of(w, camp);
  if (enemy < 0) return 0.0;
  // The month's cost is the effective cost times how hard the war is fought this month, the
  // engagement rate's tempo factor (tempo_own + tempo_enemy) / 2: 1 in a normal month, near 0
  // under a mutual ceasefire.
  const double intensity = (w.camp.tempo[camp] + w.camp.tempo[enemy]) / 2;
  return w.actor.cost[i] / base * intensity;
}

void open_negotiation(World& w, int track) {
  Track& t = w.talks.tracks[idx(track)];
  t.item_closed.fill(0);
  t.item = 0;
  t.ratifier_at_table = false;
  t.ratify_in = -1;
  const double tough = w.params.opening_toughness;
  for (int i = 0; i < w.actors; ++i) {
    for (int k = 0; k < w.issues; ++k) {
      const double x = w.actor.position(i, k);
      t.demand(i, k) = t.veto[i] ? std::clamp(x + tough * (x - t.deal[k]), 0.0, 100.0) : x;
    }
    if (t.veto[i] && w.log) {
      const auto row = t.demand.row(i);
      log_event(w, {.kind = RunEventKind::demands_opened, .actor = i, .track = track,
                    .values = std::vector<double>(row.begin(), row.end())});
    }
  }
}

bool negotiate(World& w, int track) {
  Track& t = w.talks.tracks[idx(track)];
  const Parameters& p = w.params;
  // Participants without a veto state their positions as they stand; veto players concede.
  for (int i = 0; i < w.actors; ++i)
    if (!t.veto[i])
      for (int k = 0; k < w.issues; ++k) t.demand(i, k) = w.actor.position(i, k);
  t.feasible_proposal = bargain_track(w, t, t.demand, t.ratifier_at_table, t.proposal);
  for (std::size_t j = 0; j < t.items.size(); ++j)  // closed items keep their held terms
    if (t.item_closed[static_cast<int>(j)])
      for (int k : t.items[j]) t.proposal[k] = t.package[k];
  const std::vector<int>& issues = t.items[idx(t.item)];
  bool close = true;
  for (int i = 0; i < w.actors; ++i) {
    if (!t.veto[i]) continue;
    if (!(p.concession_rate > 0)) {  // nobody concedes (version 1's talks): z + 0 (P - z) is z
      for (int k : issues)
        if (std::fabs(t.demand(i, k) - t.proposal[k]) > p.closing_tolerance) close = false;
      continue;
    }
    const double gain = track_surplus(w, t, i, t.proposal.data());
    const double c = std::min(1.0, p.concession_rate * sig(p.concession_kappa * gain) * (1 + urgency(w, i)));
    for (int k : issues) {
      double& z = t.demand(i, k);
      z += c * (t.proposal[k] - z);
      if (std::fabs(z - t.proposal[k]) > p.closing_tolerance) close = false;
    }
  }
  if (!close) return false;
  for (int k : issues) t.package[k] = t.proposal[k];
  t.item_closed[t.item] = 1;
  ++w.result.tracks[idx(track)].items_closed;
  if (w.log) {
    std::vector<double> terms;
    for (int k : issues) terms.push_back(t.proposal[k]);
    log_event(w, {.kind = RunEventKind::item_closed, .index = t.item, .track = track, .values = std::move(terms)});
  }
  const int next = next_open_item(t, t.item);
  if (next >= 0) {
    t.item = next;
    return false;
  }
  // Nothing is agreed until everything is agreed: the whole package against each veto
  // player's value of war.
  int reluctant = -1;
  double least = INFINITY;
  for (int i = 0; i < w.actors; ++i) {
    if (!t.veto[i]) continue;
    const double s = track_surplus(w, t, i, t.package.data());
    if (s < least) {
      least = s;
      reluctant = i;
    }
  }
  if (reluctant < 0) return false;  // nobody can sign
  if (t.feasible_proposal && least >= 0) {
    t.proposal = t.package;
    return true;
  }
  // The item that hurts the reluctant party most reopens, and it restates its position there.
  int worst = 0;
  for (int j = 1; j < static_cast<int>(t.items.size()); ++j)
    if (item_loss(w, t, reluctant, j) > item_loss(w, t, reluctant, worst)) worst = j;
  t.item_closed[worst] = 0;
  t.item = worst;
  for (int k : t.items[idx(worst)]) t.demand(reluctant, k) = w.actor.position(reluctant, k);
  ++w.result.tracks[idx(track)].items_reopened;
  log_event(w, {.kind = RunEventKind::item_reopened, .actor = reluctant, .index = worst, .track = track, .value = least});
  return false;
}

void learn_at_table(World& w) {
  const double rate = w.params.talks_learning;
  if (rate <= 0) return;
  ActorState& a = w.actor;
  Vec<double>& next = w.scratch.belief_next;
  for (const Track& t : w.talks.tracks) {
    if (t.state != TalksState::formal) continue;
    for (int i = 0; i < w.actors; ++i) {
      next[i] = -1;
      if (!t.participant[i] || !a.armed[i] || a.camp[i] < 0) continue;
      const double p_i = a.alpha[i] / (a.alpha[i] + a.beta[i]);
      double sum = 0;
      int n = 0;
      for (int j = 0; j < w.actors; ++j) {
        if (j == i || !t.participant[j] || !a.armed[j] || a.camp[j] < 0) continue;
        const double p_j = a.alpha[j] / (a.alpha[j] + a.beta[j]);
        if (a.camp[j] == a.camp[i]) {
          sum += p_j;
          ++n;
        } else if (hostile(w, a.camp[i], a.camp[j])) {
          sum += 1 - p_j;  // j's belief that i's camp wins an engagement
          ++n;
        }
      }
      if (n > 0) next[i] = p_i + rate * (sum / n - p_i);
    }
    for (int i = 0; i < w.actors; ++i) {
      if (next[i] < 0) continue;
      const double strength = a.alpha[i] + a.beta[i];
      a.alpha[i] = next[i] * strength;
      a.beta[i] = (1 - next[i]) * strength;
    }
  }
}

}  // namespace parley::sim
