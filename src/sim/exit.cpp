// Stage 8b, backers' exit deals (MODEL.md 14). A backer (a patron of a belligerent, or an
// outside belligerent) values staying at its value of war, with its own utility and its cost
// of involvement (war weariness, pressure.cpp), and leaving at the same lottery without the
// cost and without its own strength in its camp's standing (value_of_war.cpp). When leaving
// beats staying by exit_margin for exit_patience months in a row it opens its exit track (a
// track of kind exit, declared in the scenario) with the enemy camp (open_exit_talks). From
// there the track is negotiated like any other (talks.cpp, negotiation.cpp, ratification.cpp);
// its signing (sign_exit_deal) withdraws the backer's forces over withdrawal_months, ends its
// support and its fighting, and leaves its client's war going. This stage draws nothing.
#include <algorithm>

#include "sim/detail/stages.hpp"

namespace parley::sim {

void open_exit_talks(World& w, int backer, int enemy_camp) {
  w.actor.exit_state[backer] = exit_talking;
  log_event(w, {.kind = RunEventKind::exit_talks_opened, .actor = backer, .camp = enemy_camp});
  const int t = w.actor.exit_track[backer];
  if (t >= 0 && w.talks.tracks[idx(t)].state == TalksState::closed) open_track(w, t);
}

void sign_exit_deal(World& w, int backer) {
  ActorState& a = w.actor;
  if (a.exit_state[backer] >= exit_withdrawing) return;  // it is leaving already
  a.exit_state[backer] = exit_withdrawing;
  a.exit_month[backer] = w.month;
  a.withdraw_from[backer] = total_forces(w, backer);
  a.fighting[backer] = 0;
  ++w.result.exit_deals;
  if (w.result.first_exit_deal < 0) w.result.first_exit_deal = w.month;
  const int camp = a.backs[backer];
  const int t = a.exit_track[backer];
  std::vector<double> terms;  // on the exit track's agenda, in its order
  if (w.log && t >= 0)
    for (const auto& item : w.talks.tracks[idx(t)].items)
      for (int k : item) terms.push_back(w.talks.tracks[idx(t)].deal[k]);
  log_event(w, {.kind = RunEventKind::exit_deal_signed, .actor = backer, .camp = camp >= 0 ? enemy_of(w, camp) : -1,
                .months = static_cast<int>(w.params.withdrawal_months), .track = t, .values = std::move(terms)});
  compute_strength(w);
}

void update_backers(World& w) {
  ActorState& a = w.actor;
  const bool exits = w.params.exit_deals > 0;
  for (int j = 0; j < w.actors; ++j) {
    const int camp = a.backs[j];
    if (camp < 0) continue;
    const int t = a.exit_track[j];
    const TalksState state = t >= 0 ? w.talks.tracks[idx(t)].state : TalksState::closed;
    switch (a.exit_state[j]) {
      case exit_none: {
        if (t < 0 || !exits) break;  // no exit track, or exit deals off: the backer stays
        if (state == TalksState::exploratory || state == TalksState::formal) {  // opened by an event
          a.exit_state[j] = exit_talking;
          break;
        }
        const bool leave = a.leave_value[j] > a.value_of_war[j] + w.params.exit_margin;
        a.exit_streak[j] = leave ? a.exit_streak[j] + 1 : 0;
        const int enemy = enemy_of(w, camp);
        if (enemy >= 0 && a.exit_streak[j] >= static_cast<int>(w.params.exit_patience)) open_exit_talks(w, j, enemy);
        break;
      }
      case exit_talking:
        // Talks that broke down: the backer weighs staying and leaving again from scratch.
        if (state == TalksState::closed || state == TalksState::collapsed) {
          a.exit_state[j] = exit_none;
          a.exit_streak[j] = 0;
        }
        break;
      case exit_withdrawing:
        if (w.month - a.exit_month[j] >= static_cast<int>(w.params.withdrawal_months)) {
          a.exit_state[j] = exit_gone;
          log_event(w, {.kind = RunEventKind::withdrawal_done, .actor = j});
        }
        break;
      default: break;
    }
  }
}

}  // namespace parley::sim
