// Stage 10, the talks state machine of MODEL.md sections 8, 11 and 12, once per track:
// ripeness, the negotiation of formal talks (negotiation.cpp), ratification
// (ratification.cpp), derailment by spoilers, violence and shocks, implementation and
// defection. Which camps stop fighting follows from the tracks in agreement.
#include <algorithm>
#include <cmath>

#include "parley/random.hpp"
#include "sim/detail/stages.hpp"

namespace parley::sim {

namespace {

double sig(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// Surpluses of every actor on track t's deal, and the least among its veto participants (the
// ripeness signal).
double least_surplus(World& w, Track& t) {
  double least = INFINITY;
  bool any = false;
  for (int i = 0; i < w.actors; ++i) {
    t.surplus[i] = track_surplus(w, t, i, t.deal.data());
    if (t.veto[i]) {
      least = std::min(least, t.surplus[i]);
      any = true;
    }
  }
  return any ? least : -1.0;  // without a veto participant nobody can sign
}

// Derailment hazard from spoilers of track t (MODEL.md section 8), and their raised support.
double spoilers(World& w, const Track& t) {
  ActorState& a = w.actor;
  double hazard = 0;
  for (int j = 0; j < w.actors; ++j) {
    const double zeta = a.spoiler_capacity[j];
    if (zeta <= 0 || t.surplus[j] >= 0) continue;
    if (t.participant[j]) {
      hazard += w.params.invited_spoiler_factor * zeta * a.weight[j];
    } else {
      hazard += zeta * a.weight[j];
      a.support_boost[j] = 1 + w.params.spoiler_support_boost;
    }
  }
  return hazard;
}

// Violence at the table (MODEL.md 11): battle deaths this month between camps both at track
// t's table, per deaths_scale, times violence_derail. At an exit track, the deaths that count
// are the backer's own losses: attacks on its forces, not the war it is leaving.
double violence(const World& w, const Track& t) {
  if (w.params.violence_derail <= 0) return 0;
  if (!peace_track(t)) return t.backer >= 0 ? w.params.violence_derail * w.actor.losses[t.backer] / w.params.deaths_scale : 0.0;
  double deaths = 0;
  for (int a = 0; a < w.camps; ++a)
    for (int b = a + 1; b < w.camps; ++b)
      if (t.signatory[a] && t.signatory[b]) deaths += w.war.pair_deaths(a, b);
  return w.params.violence_derail * deaths / w.params.deaths_scale;
}

bool fight_first_blocks(const World& w, const Track& t) {
  const ActorState& a = w.actor;
  for (int i = 0; i < w.actors; ++i) {
    if (!t.veto[i] || !a.armed[i]) continue;
    const Strategy& st = w.scenario->actors[idx(i)].strategy;
    if (st.talks != TalksPolicy::fight_first) continue;
    const int camp = a.camp[i];
    double enemy_forces = 0;
    for (int r = 0; r < w.regions; ++r)
      for (int e = 0; e < w.actors; ++e)
        if (a.armed[e] && a.camp[e] != camp && (a.camp[e] < 0 || hostile(w, camp, a.camp[e])))
          enemy_forces += w.region.forces(r, e);
    const bool strong = population_share(w, camp) >= st.fight_first_control || enemy_forces < st.fight_first_enemy_forces;
    if (!strong) return true;
  }
  return false;
}

double guarantee(const Track& t) {
  double g = 0;
  for (const auto& gu : t.setup->guarantors) g += gu.strength;
  return g;
}

void implement(World& w, int track, const Vec<double>& u) {
  Track& t = w.talks.tracks[idx(track)];
  if (!peace_track(t)) return;  // an exit deal signed is a withdrawal under way, not a truce to keep
  ++t.agreement_age;
  const double g = guarantee(t);
  for (int i = 0; i < w.actors; ++i) {
    if (!t.veto[i]) continue;
    const double temptation = w.actor.value_of_war[i] - utility(w, i, t.terms.data()) - g;
    if (u[i] < w.params.defect_rate * sig(w.params.defect_kappa * temptation)) {
      t.state = TalksState::collapsed;
      ++w.result.collapses;
      log_event(w, {.kind = RunEventKind::defection, .actor = i, .track = track});
      return;
    }
  }
  if (t.agreement_age >= static_cast<int>(w.params.durable_months)) {
    t.state = TalksState::peace;
    if (w.result.peace_month < 0) w.result.peace_month = w.month;
    log_event(w, {.kind = RunEventKind::durable_peace, .months = t.agreement_age, .track = track});
  }
}

void derail(World& w, int track) {
  ++w.result.derailments;
  ++w.result.tracks[idx(track)].derailments;
  w.talks.tracks[idx(track)].ratify_in = -1;
  force_talks_state(w, track, TalksState::closed, RunEventKind::talks_broke_down);
}

void step_track(World& w, int track, Rng& rng, double u_ratify) {
  const Parameters& p = w.params;
  Track& t = w.talks.tracks[idx(track)];
  const double s_min = least_surplus(w, t);
  if (track == 0) w.actor.surplus = t.surplus;
  const bool talking = t.state == TalksState::exploratory || t.state == TalksState::formal;
  t.spoiler_hazard = talking ? spoilers(w, t) : 0.0;
  t.violence_hazard = talking ? violence(w, t) : 0.0;
  // A fixed number of draws every month keeps common random numbers aligned across variants.
  const double u_open = rng.uniform(), u_derail = rng.uniform(), u_formal = rng.uniform();
  Vec<double>& u_defect = w.scratch.defect_draws;
  for (int i = 0; i < w.actors; ++i) u_defect[i] = rng.uniform();
  const double hazard = std::min(1.0, p.derail_rate + t.spoiler_hazard + t.violence_hazard + t.shock);
  const double mediator = t.setup->mediator >= 0 ? t.setup->mediator_factor : 1.0;
  switch (t.state) {
    case TalksState::closed:
      if (t.setup->participants.empty()) break;  // a table nobody sits at never opens
      if (!peace_track(t)) break;                // an exit track opens when its backer wants out (exit.cpp)
      if (u_open < std::min(1.0, p.open_rate * mediator * sig(p.ripeness_kappa * (s_min + p.ripeness_bias))))
        force_talks_state(w, track, TalksState::exploratory, RunEventKind::talks_opened);
      break;
    case TalksState::exploratory:
      if (u_derail < hazard) {
        derail(w, track);
      } else if (!fight_first_blocks(w, t) && u_formal < p.formal_rate * sig(p.ripeness_kappa * s_min)) {
        force_talks_state(w, track, TalksState::formal, RunEventKind::formal_opened);
      }
      break;
    case TalksState::formal:
      ++w.result.tracks[idx(track)].months_formal;
      if (t.ratify_in >= 0) {  // a signed package awaits its vote: the table waits, and holds
        if (--t.ratify_in <= 0) {  // ratification_delay months after the signing month
          t.ratify_in = -1;
          if (ratification_vote(w, track, u_ratify)) {
            t.deal = t.package;
            force_talks_state(w, track, TalksState::agreement, RunEventKind::agreement_signed);
          }
        }
      } else if (negotiate(w, track)) {
        if (t.setup->ratifier >= 0) {
          t.package = t.proposal;
          t.ratify_in = static_cast<int>(p.ratification_delay);
          log_event(w, {.kind = RunEventKind::package_signed, .actor = t.setup->ratifier, .months = t.ratify_in,
                        .track = track, .values = t.package.values()});
          if (t.ratify_in == 0) {  // no delay: the vote is this month
            t.ratify_in = -1;
            if (ratification_vote(w, track, u_ratify)) {
              t.deal = t.package;
              force_talks_state(w, track, TalksState::agreement, RunEventKind::agreement_signed);
            }
          }
        } else {
          t.deal = t.proposal;
          force_talks_state(w, track, TalksState::agreement, RunEventKind::agreement_signed);
        }
      } else if (u_derail < hazard) {
        derail(w, track);
      }
      break;
    case TalksState::agreement: implement(w, track, u_defect); break;
    case TalksState::collapsed: t.state = TalksState::closed; break;
    case TalksState::peace: break;
  }
}

void sign(World& w, int track, bool scripted) {
  Track& t = w.talks.tracks[idx(track)];
  t.state = TalksState::agreement;
  t.agreement_age = 0;
  t.ratify_in = -1;
  t.terms = t.deal;
  TrackResult& tr = w.result.tracks[idx(track)];
  if (!peace_track(t)) {  // MODEL.md 14: the backer leaves; the run's agreements are the peace tracks'
    if (tr.first_agreement < 0) tr.first_agreement = w.month;
    tr.last_agreement = w.month;
    ++tr.agreements;
    if (t.backer >= 0) sign_exit_deal(w, t.backer);  // its event tells the terms on the agenda's issues
    return;
  }
  if (w.result.first_agreement < 0) w.result.first_agreement = w.month;
  if (tr.first_agreement < 0) tr.first_agreement = w.month;
  w.result.last_agreement = tr.last_agreement = w.month;
  ++w.result.agreements;
  ++tr.agreements;
  w.result.terms = t.terms.values();
  if (w.log) log_event(w, {.kind = RunEventKind::agreement_signed, .track = track, .scripted = scripted, .values = t.deal.values()});
  split_hardliners(w, track);  // MODEL.md 15: hardliners who prefer war to these terms fight on
}

}  // namespace

void force_talks_state(World& w, int track, TalksState state, RunEventKind why) {
  Track& t = w.talks.tracks[idx(track)];
  if (state == TalksState::agreement) {
    sign(w, track, why != RunEventKind::agreement_signed);
    return;
  }
  const bool was_formal = t.state == TalksState::formal;
  t.state = state;
  TrackResult& tr = w.result.tracks[idx(track)];
  if (peace_track(t)) {  // the run's talks milestones are those of talks that could end the war
    if (state == TalksState::exploratory && w.result.first_exploratory < 0) w.result.first_exploratory = w.month;
    if (state == TalksState::formal && w.result.first_formal < 0) w.result.first_formal = w.month;
    if (state == TalksState::peace && w.result.peace_month < 0) w.result.peace_month = w.month;
  }
  if (state == TalksState::formal && tr.first_formal < 0) tr.first_formal = w.month;
  log_event(w, {.kind = why, .track = track, .state = state});
  if (state == TalksState::formal && !was_formal) open_negotiation(w, track);
}

void open_track(World& w, int track, TalksState state) {
  force_talks_state(w, track, state, state == TalksState::formal ? RunEventKind::formal_opened : RunEventKind::talks_opened);
}

bool ceasefire_between(const World& w, int a, int b) {
  for (const Track& t : w.talks.tracks)
    if (peace_track(t) && (t.state == TalksState::agreement || t.state == TalksState::peace) && t.signatory[a] &&
        t.signatory[b])
      return true;
  return false;
}

bool agreement_in_force(const World& w) {
  for (const Track& t : w.talks.tracks)
    if (peace_track(t) && (t.state == TalksState::agreement || t.state == TalksState::peace)) return true;
  return false;
}

bool disarming_now(const World& w) {
  const int c = w.camp.disarming;
  for (const Track& t : w.talks.tracks)
    if (peace_track(t) && t.state == TalksState::agreement && c >= 0 && t.signatory[c]) return true;
  return false;
}

void step_talks(World& w) {
  w.actor.support_boost.fill(1.0);
  const int n = static_cast<int>(w.talks.tracks.size());
  const StreamId talks{w.seed, w.run, static_cast<std::uint64_t>(w.month), Stream::talks};
  const StreamId votes{w.seed, w.run, static_cast<std::uint64_t>(w.month), Stream::ratification};
  for (int t = 0; t < n; ++t) {
    // Track 0 draws from the talks stream itself (version 1's draws); track t from its sub-stream.
    // Exit deals switched off: an exit track never moves (and draws nothing; its streams are its own).
    if (!peace_track(w.talks.tracks[idx(t)]) && w.params.exit_deals <= 0) continue;
    Rng rng = t == 0 ? make_stream(talks) : make_stream(talks, static_cast<std::uint64_t>(t));
    // One draw per track and month from its own stream, read only by a ratifier's vote.
    const double u_ratify = w.talks.tracks[idx(t)].setup->ratifier >= 0
                                ? make_stream(votes, static_cast<std::uint64_t>(t)).uniform()
                                : 1.0;
    step_track(w, t, rng, u_ratify);
  }
}

}  // namespace parley::sim
