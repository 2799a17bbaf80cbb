// Stage 10, the talks state machine of MODEL.md section 8: ripeness, acceptance by every
// veto participant, derailment by spoilers and shocks, implementation and defection.
#include <algorithm>
#include <cmath>

#include "parley/random.hpp"
#include "sim/detail/stages.hpp"

namespace parley::sim {

namespace {

double sig(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// Surpluses of every actor, and the least among veto participants (the ripeness signal).
double least_surplus(World& w) {
  double least = INFINITY;
  bool any = false;
  for (int i = 0; i < w.actors; ++i) {
    w.actor.surplus[i] = utility(w, i, w.talks.deal.data()) - w.actor.value_of_war[i];
    if (w.actor.veto[i]) {
      least = std::min(least, w.actor.surplus[i]);
      any = true;
    }
  }
  return any ? least : -1.0;  // without a veto participant nobody can sign
}

// Derailment hazard from spoilers (MODEL.md section 8), and their raised support.
double spoilers(World& w) {
  ActorState& a = w.actor;
  double hazard = 0;
  for (int j = 0; j < w.actors; ++j) {
    a.support_boost[j] = 1;
    const double zeta = a.spoiler_capacity[j];
    if (zeta <= 0 || a.surplus[j] >= 0) continue;
    if (a.participant[j]) {
      hazard += w.params.invited_spoiler_factor * zeta * a.weight[j];
    } else {
      hazard += zeta * a.weight[j];
      a.support_boost[j] = 1 + w.params.spoiler_support_boost;
    }
  }
  return hazard;
}

bool fight_first_blocks(const World& w) {
  const ActorState& a = w.actor;
  for (int i = 0; i < w.actors; ++i) {
    if (!a.veto[i] || !a.armed[i]) continue;
    const Strategy& st = w.scenario->actors[idx(i)].strategy;
    if (st.talks != TalksPolicy::fight_first) continue;
    const int camp = a.camp[i];
    double enemy_forces = 0;
    for (int r = 0; r < w.regions; ++r)
      for (int e = 0; e < w.actors; ++e)
        if (a.armed[e] && a.camp[e] != camp) enemy_forces += w.region.forces(r, e);
    const bool strong = population_share(w, camp) >= st.fight_first_control || enemy_forces < st.fight_first_enemy_forces;
    if (!strong) return true;
  }
  return false;
}

double guarantee(const World& w) {
  double g = 0;
  for (const auto& gu : w.scenario->talks.guarantors) g += gu.strength;
  return g;
}

void sign(World& w, bool scripted) {
  w.talks.state = TalksState::agreement;
  w.talks.agreement_age = 0;
  w.talks.terms = w.talks.deal;
  if (w.result.first_agreement < 0) w.result.first_agreement = w.month;
  w.result.last_agreement = w.month;
  ++w.result.agreements;
  w.result.terms = w.talks.terms.values();
  if (w.log) log_event(w, {.kind = RunEventKind::agreement_signed, .scripted = scripted, .values = w.talks.deal.values()});
  split_hardliners(w);  // MODEL.md 15: hardliners who prefer war fight on
}

void implement(World& w, const Vec<double>& u) {
  ++w.talks.agreement_age;
  const double g = guarantee(w);
  for (int i = 0; i < w.actors; ++i) {
    if (!w.actor.veto[i]) continue;
    const double temptation = w.actor.value_of_war[i] - utility(w, i, w.talks.terms.data()) - g;
    if (u[i] < w.params.defect_rate * sig(w.params.defect_kappa * temptation)) {
      w.talks.state = TalksState::collapsed;
      ++w.result.collapses;
      log_event(w, {.kind = RunEventKind::defection, .actor = i});
      return;
    }
  }
  if (w.talks.agreement_age >= static_cast<int>(w.params.durable_months)) {
    w.talks.state = TalksState::peace;
    w.result.peace_month = w.month;
    log_event(w, {.kind = RunEventKind::durable_peace, .months = w.talks.agreement_age});
  }
}

}  // namespace

void force_talks_state(World& w, TalksState state, RunEventKind why) {
  if (state == TalksState::agreement) {
    sign(w, true);
    return;
  }
  w.talks.state = state;
  if (state == TalksState::exploratory && w.result.first_exploratory < 0) w.result.first_exploratory = w.month;
  if (state == TalksState::formal && w.result.first_formal < 0) w.result.first_formal = w.month;
  if (state == TalksState::peace && w.result.peace_month < 0) w.result.peace_month = w.month;
  log_event(w, {.kind = why, .state = state});
}

void step_talks(World& w) {
  const Parameters& p = w.params;
  const double s_min = least_surplus(w);
  const bool talking = w.talks.state == TalksState::exploratory || w.talks.state == TalksState::formal;
  w.talks.spoiler_hazard = talking ? spoilers(w) : 0.0;
  if (!talking) w.actor.support_boost.fill(1.0);
  // A fixed number of draws every month keeps common random numbers aligned across variants.
  Rng rng = make_stream({w.seed, w.run, static_cast<std::uint64_t>(w.month), Stream::talks});
  const double u_open = rng.uniform(), u_derail = rng.uniform(), u_formal = rng.uniform();
  Vec<double>& u_defect = w.scratch.defect_draws;
  for (int i = 0; i < w.actors; ++i) u_defect[i] = rng.uniform();
  const double hazard = std::min(1.0, p.derail_rate + w.talks.spoiler_hazard + w.talks.shock);
  const double mediator = w.scenario->talks.mediator >= 0 ? w.scenario->talks.mediator_factor : 1.0;
  switch (w.talks.state) {
    case TalksState::closed:
      if (u_open < std::min(1.0, p.open_rate * mediator * sig(p.ripeness_kappa * (s_min + p.ripeness_bias))))
        force_talks_state(w, TalksState::exploratory, RunEventKind::talks_opened);
      break;
    case TalksState::exploratory:
      if (u_derail < hazard) {
        ++w.result.derailments;
        force_talks_state(w, TalksState::closed, RunEventKind::talks_broke_down);
      } else if (!fight_first_blocks(w) && u_formal < p.formal_rate * sig(p.ripeness_kappa * s_min)) {
        force_talks_state(w, TalksState::formal, RunEventKind::formal_opened);
      }
      break;
    case TalksState::formal:
      if (w.talks.deal_feasible && s_min >= 0) {
        sign(w, false);
      } else if (u_derail < hazard) {
        ++w.result.derailments;
        force_talks_state(w, TalksState::closed, RunEventKind::talks_broke_down);
      }
      break;
    case TalksState::agreement: implement(w, u_defect); break;
    case TalksState::collapsed: w.talks.state = TalksState::closed; break;
    case TalksState::peace: break;
  }
}

}  // namespace parley::sim
