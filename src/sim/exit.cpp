// Stage 8b, backers' exit deals (MODEL.md 14). A backer (a patron of a belligerent, or an
// outside belligerent) values staying at its value of war, with its own utility and its cost
// of involvement (war weariness, pressure.cpp), and leaving at the same lottery without the
// cost and without its own strength in its camp's standing (value_of_war.cpp). When leaving
// beats staying by exit_margin for exit_patience months in a row it opens exit talks with the
// enemy camp (open_exit_talks). On signing (sign_exit_deal) its forces stop fighting and
// leave over withdrawal_months, its support ends, and its camp-mates' cohesion loses its
// presence (cohesion.cpp).
//
// Exit deals are meant to be talks tracks of their own (MODEL.md 12). Until the tracks exist,
// open_exit_talks only marks the talks open, and this stage signs them with probability
// exit_sign_rate a month: one draw a month per backer from the exit stream, made whether or not
// talks are open, so that common random numbers stay paired.
#include <algorithm>

#include "parley/random.hpp"
#include "sim/detail/stages.hpp"

namespace parley::sim {

void open_exit_talks(World& w, int backer, int enemy_camp) {
  w.actor.exit_state[backer] = exit_talking;
  log_event(w, {.kind = RunEventKind::exit_talks_opened, .actor = backer, .camp = enemy_camp});
}

void sign_exit_deal(World& w, int backer) {
  ActorState& a = w.actor;
  a.exit_state[backer] = exit_withdrawing;
  a.exit_month[backer] = w.month;
  a.withdraw_from[backer] = total_forces(w, backer);
  a.fighting[backer] = 0;
  ++w.result.exit_deals;
  if (w.result.first_exit_deal < 0) w.result.first_exit_deal = w.month;
  const int camp = a.backs[backer];
  log_event(w, {.kind = RunEventKind::exit_deal_signed, .actor = backer, .camp = camp >= 0 ? enemy_of(w, camp) : -1,
                .months = static_cast<int>(w.params.withdrawal_months)});
  compute_strength(w);
}

void update_backers(World& w) {
  ActorState& a = w.actor;
  const StreamFamily streams({w.seed, w.run, static_cast<std::uint64_t>(w.month), Stream::exit});
  for (int j = 0; j < w.actors; ++j) {
    const int camp = a.backs[j];
    if (camp < 0) continue;
    const double u = streams.sub(static_cast<std::uint64_t>(j)).uniform();
    switch (a.exit_state[j]) {
      case exit_none: {
        const bool leave = a.leave_value[j] > a.value_of_war[j] + w.params.exit_margin;
        a.exit_streak[j] = leave ? a.exit_streak[j] + 1 : 0;
        const int enemy = enemy_of(w, camp);
        if (enemy >= 0 && a.exit_streak[j] >= static_cast<int>(w.params.exit_patience)) open_exit_talks(w, j, enemy);
        break;
      }
      case exit_talking:
        if (u < w.params.exit_sign_rate) sign_exit_deal(w, j);
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
