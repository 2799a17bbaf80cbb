// The talks state machine of MODEL.md section 8: ripeness, acceptance by every veto
// participant, derailment by spoilers and shocks, implementation and defection.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "parley/random.hpp"
#include "sim/world.hpp"

namespace parley::sim {

namespace {

constexpr std::uint64_t kTalksStream = 2;

double sig(double z) { return 1.0 / (1.0 + std::exp(-z)); }

void say(const World& w, Trace* trace, const std::string& text) {
  if (trace) trace->narrative.push_back(date_of(w) + "  " + text);
}

std::string terms_text(const World& w) {
  std::string s;
  for (int k = 0; k < w.issues; ++k)
    s += fmt::format("{}{} {:.1f}", k ? ", " : "", w.scenario->issues[static_cast<std::size_t>(k)].label,
                     w.deal[static_cast<std::size_t>(k)]);
  return s;
}

// Surpluses of every actor, and the least among veto participants (the ripeness signal).
double least_surplus(World& w) {
  double least = INFINITY;
  bool any = false;
  for (int i = 0; i < w.actors; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    w.surplus[ui] = utility(w, i, w.deal.data()) - w.value_of_war[ui];
    if (w.veto_participant[ui]) {
      least = std::min(least, w.surplus[ui]);
      any = true;
    }
  }
  return any ? least : -1.0;  // without a veto participant nobody can sign
}

// Derailment hazard from spoilers (MODEL.md section 8), and their raised support.
double spoilers(World& w) {
  double hazard = 0;
  for (int j = 0; j < w.actors; ++j) {
    const auto uj = static_cast<std::size_t>(j);
    w.support_boost[uj] = 1;
    const double zeta = w.spoiler_capacity[uj];
    if (zeta <= 0 || w.surplus[uj] >= 0) continue;
    if (w.participant[uj]) {
      hazard += w.params.invited_spoiler_factor * zeta * w.weight[uj];
    } else {
      hazard += zeta * w.weight[uj];
      w.support_boost[uj] = 1 + w.params.spoiler_support_boost;
    }
  }
  return hazard;
}

bool fight_first_blocks(const World& w) {
  for (int i = 0; i < w.actors; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    if (!w.veto_participant[ui] || !w.armed[ui]) continue;
    const Strategy& st = w.scenario->actors[ui].strategy;
    if (st.talks != TalksPolicy::fight_first) continue;
    const int camp = w.camp_of[ui];
    double enemy_forces = 0;
    for (int r = 0; r < w.regions; ++r)
      for (int e = 0; e < w.actors; ++e)
        if (w.armed[static_cast<std::size_t>(e)] && w.camp_of[static_cast<std::size_t>(e)] != camp)
          enemy_forces += w.forces[static_cast<std::size_t>(r * w.actors + e)];
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

void sign(World& w, Trace* trace, const std::string& why) {
  w.talks = TalksState::agreement;
  w.agreement_age = 0;
  w.terms = w.deal;
  if (w.result.first_agreement < 0) w.result.first_agreement = w.month;
  w.result.last_agreement = w.month;
  ++w.result.agreements;
  w.result.terms = w.terms;
  say(w, trace, "Agreement signed" + why + ": " + terms_text(w) + ".");
}

void implement(World& w, Trace* trace, const double* u) {
  ++w.agreement_age;
  const double g = guarantee(w);
  for (int i = 0; i < w.actors; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    if (!w.veto_participant[ui]) continue;
    const double temptation = w.value_of_war[ui] - utility(w, i, w.terms.data()) - g;
    if (u[i] < w.params.defect_rate * sig(w.params.defect_kappa * temptation)) {
      w.talks = TalksState::collapsed;
      ++w.result.collapses;
      say(w, trace, fmt::format("{} defects: the agreement collapses and war resumes.", w.scenario->actors[ui].name));
      return;
    }
  }
  if (w.agreement_age >= static_cast<int>(w.params.durable_months)) {
    w.talks = TalksState::peace;
    w.result.peace_month = w.month;
    say(w, trace, fmt::format("The agreement has held {} months: durable peace.", w.agreement_age));
  }
}

}  // namespace

void force_talks_state(World& w, TalksState state, Trace* trace, const std::string& what) {
  if (state == TalksState::agreement) {
    sign(w, trace, " (scripted)");
    return;
  }
  w.talks = state;
  if (state == TalksState::exploratory && w.result.first_exploratory < 0) w.result.first_exploratory = w.month;
  if (state == TalksState::formal && w.result.first_formal < 0) w.result.first_formal = w.month;
  if (state == TalksState::peace && w.result.peace_month < 0) w.result.peace_month = w.month;
  say(w, trace, what);
}

void step_talks(World& w, Trace* trace) {
  const Parameters& p = w.params;
  const double s_min = least_surplus(w);
  const bool talking = w.talks == TalksState::exploratory || w.talks == TalksState::formal;
  w.spoiler_hazard = talking ? spoilers(w) : 0.0;
  if (!talking) std::fill(w.support_boost.begin(), w.support_boost.end(), 1.0);
  // A fixed number of draws every month keeps common random numbers aligned across variants.
  Rng rng(w.seed, w.run, static_cast<std::uint64_t>(w.month), kTalksStream);
  const double u_open = rng.uniform(), u_derail = rng.uniform(), u_formal = rng.uniform();
  double* u_defect = w.scratch_u.data();
  for (int i = 0; i < w.actors; ++i) u_defect[i] = rng.uniform();
  const double hazard = std::min(1.0, p.derail_rate + w.spoiler_hazard + w.shock);
  const double mediator = w.scenario->talks.mediator >= 0 ? w.scenario->talks.mediator_factor : 1.0;
  switch (w.talks) {
    case TalksState::closed:
      if (u_open < std::min(1.0, p.open_rate * mediator * sig(p.ripeness_kappa * (s_min + p.ripeness_bias))))
        force_talks_state(w, TalksState::exploratory, trace, "Exploratory talks open.");
      break;
    case TalksState::exploratory:
      if (u_derail < hazard) {
        ++w.result.derailments;
        force_talks_state(w, TalksState::closed, trace, "Talks break down.");
      } else if (!fight_first_blocks(w) && u_formal < p.formal_rate * sig(p.ripeness_kappa * s_min)) {
        force_talks_state(w, TalksState::formal, trace, "Formal talks open.");
      }
      break;
    case TalksState::formal:
      if (w.deal_feasible && s_min >= 0) {
        sign(w, trace, "");
      } else if (u_derail < hazard) {
        ++w.result.derailments;
        force_talks_state(w, TalksState::closed, trace, "Talks break down.");
      }
      break;
    case TalksState::agreement: implement(w, trace, u_defect); break;
    case TalksState::collapsed: w.talks = TalksState::closed; break;
    case TalksState::peace: break;
  }
}

}  // namespace parley::sim
