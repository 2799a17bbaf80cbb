// The model parameters of MODEL.md with their defaults (in Parameters), ranges and meanings.
#include "parley/parameters.hpp"

#include <array>
#include <limits>

namespace parley {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

// clang-format off
const std::array kParameters = {
  ParameterSpec{"engagement_rate", &Parameters::engagement_rate, 0, 1000, false, false, "engagements per month per 1000 fighters", "3",
    "lambda0: expected engagements in a region per month, per 1000 fighters of the smaller side, at season 1 and tempo 1"},
  ParameterSpec{"csf_exponent", &Parameters::csf_exponent, 0, 10, false, false, "-", "3",
    "g: exponent of the contest success function p = A^g/(A^g+B^g); 0 makes every engagement a coin toss"},
  ParameterSpec{"engagement_share", &Parameters::engagement_share, 0, 1, false, false, "fraction", "3",
    "epsilon: fraction of the smaller force that takes part in one engagement, per side"},
  ParameterSpec{"loss_loser", &Parameters::loss_loser, 0, 1, false, false, "fraction", "3",
    "l_lose: fraction of the engaged fighters the losing side loses"},
  ParameterSpec{"loss_winner", &Parameters::loss_winner, 0, 1, false, false, "fraction", "3",
    "l_win: fraction of the engaged fighters the winning side loses; must be below loss_loser"},
  ParameterSpec{"control_shift", &Parameters::control_shift, 0, 1, false, false, "fraction per net win", "3",
    "eta: the side with more wins takes 1-(1-eta)^|W-L| of the other side's control share"},
  ParameterSpec{"civilian_multiplier", &Parameters::civilian_multiplier, 0, 100, false, false, "civilian deaths per battle death", "3",
    "civilian harm added on top of battle deaths (0: battle deaths only, comparable to UCDP)"},
  ParameterSpec{"recruitment_rate", &Parameters::recruitment_rate, 0, 1000, false, false, "fighters per month per 1000 people", "3",
    "default recruitment of a belligerent from the population its camp controls (actors may override)"},
  ParameterSpec{"attrition_rate", &Parameters::attrition_rate, 0, 1, false, false, "fraction per month", "3",
    "fighters lost each month to desertion, disease and retirement"},
  ParameterSpec{"victory_control", &Parameters::victory_control, 0.5, 1, true, false, "share of population", "3",
    "a camp holding at least this share of the population wins militarily"},
  ParameterSpec{"victory_min_forces", &Parameters::victory_min_forces, 0, kInf, false, false, "fighters", "3",
    "a camp wins when every hostile camp's forces fall below this"},
  ParameterSpec{"belief_forgetting", &Parameters::belief_forgetting, 0, 1, true, false, "-", "4",
    "omega: weight kept on past evidence each month in the Beta belief update (1: never forget)"},
  ParameterSpec{"belief_evidence_weight", &Parameters::belief_evidence_weight, 0, 1000, false, false, "pseudo-observations per engagement", "4",
    "how much one engagement counts in the Beta belief update (1: each engagement is one observation)"},
  ParameterSpec{"cost_pressure", &Parameters::cost_pressure, 0, 10, false, false, "utility per month", "5",
    "extra monthly cost of war imposed on a client at full pressure and full leverage"},
  ParameterSpec{"pressure_tempo_effect", &Parameters::pressure_tempo_effect, 0, 1, false, false, "fraction", "5",
    "how much full pressure at full leverage lowers the client's offensive tempo above 1 (1: back to normal tempo)"},
  ParameterSpec{"war_steps", &Parameters::war_steps, 2, 1000, false, true, "steps", "7",
    "N: length of the gambler's-ruin random walk that values continued war"},
  ParameterSpec{"months_per_step", &Parameters::months_per_step, 0, 120, true, false, "months", "7",
    "months of war per step of the random walk, to turn expected steps into months of cost"},
  ParameterSpec{"open_rate", &Parameters::open_rate, 0, 1, false, false, "probability per month", "8",
    "closed -> exploratory: the monthly chance of opening talks at full ripeness, before the mediator factor"},
  ParameterSpec{"formal_rate", &Parameters::formal_rate, 0, 1, false, false, "probability per month", "8",
    "exploratory -> formal: the monthly chance at full ripeness"},
  ParameterSpec{"ripeness_kappa", &Parameters::ripeness_kappa, 0, 1000, false, false, "per unit of utility", "8",
    "kappa: steepness of the logistic response of talks to the least surplus S_min"},
  ParameterSpec{"ripeness_bias", &Parameters::ripeness_bias, -1, 1, false, false, "utility", "8",
    "added to S_min when deciding whether talks open (positive: talks open more readily)"},
  ParameterSpec{"derail_rate", &Parameters::derail_rate, 0, 1, false, false, "probability per month", "8",
    "base monthly hazard that exploratory or formal talks break down"},
  ParameterSpec{"spoiler_support_boost", &Parameters::spoiler_support_boost, 0, 10, false, false, "fraction", "8",
    "an excluded major player that prefers war raises its support to its client by this fraction"},
  ParameterSpec{"invited_spoiler_factor", &Parameters::invited_spoiler_factor, 0, 1, false, false, "fraction", "8",
    "an invited player whose surplus is negative adds this fraction of its spoiler hazard (MODEL.md: one half)"},
  ParameterSpec{"defect_rate", &Parameters::defect_rate, 0, 1, false, false, "probability per month", "8",
    "monthly chance that a signatory defects when it is indifferent between the deal and war"},
  ParameterSpec{"defect_kappa", &Parameters::defect_kappa, 0, 1000, false, false, "per unit of utility", "8",
    "kappa_d: steepness of the defection response to EV_war - u(D) - guarantee"},
  ParameterSpec{"ddr_rate", &Parameters::ddr_rate, 0, 1, false, false, "fraction per month", "8",
    "share of the insurgent camp's remaining forces demobilised each month of implementation"},
  ParameterSpec{"durable_months", &Parameters::durable_months, 1, 1200, false, true, "months", "8",
    "months an agreement must hold without defection to count as peace"},
  ParameterSpec{"opening_toughness", &Parameters::opening_toughness, 0, 10, false, false, "fraction of the distance", "11",
    "opening demands: z = x + opening_toughness (x - D), the position pushed away from the deal (0: demands are the positions)"},
  ParameterSpec{"concession_rate", &Parameters::concession_rate, 0, 1, false, false, "fraction per month", "11",
    "how far a veto participant moves its demand toward the proposal in a month, at indifference and without urgency"},
  ParameterSpec{"concession_kappa", &Parameters::concession_kappa, 0, 1000, false, false, "per unit of utility", "11",
    "kappa_c: steepness of the concession response to u_i(P) - EV_war_i"},
  ParameterSpec{"closing_tolerance", &Parameters::closing_tolerance, 0, 100, false, false, "points", "11",
    "an agenda item closes when every veto participant's demand on each of its issues is this close to the proposal"},
  ParameterSpec{"talks_learning", &Parameters::talks_learning, 0, 1, false, false, "fraction per month", "11",
    "each month of formal talks moves a participant's belief mean this fraction of the way toward the others'"},
  ParameterSpec{"violence_derail", &Parameters::violence_derail, 0, 1, false, false, "probability per month per deaths_scale", "11",
    "added to the derailment hazard of exploratory and formal talks per deaths_scale battle deaths between the table's camps in the month"},
  ParameterSpec{"deaths_scale", &Parameters::deaths_scale, 0, kInf, true, false, "battle deaths", "11",
    "the battle deaths in a month that add violence_derail to the derailment hazard"},
  ParameterSpec{"ratification_delay", &Parameters::ratification_delay, 0, 120, false, true, "months", "11",
    "months from signing a package to the ratifier's vote"},
  ParameterSpec{"ratification_kappa", &Parameters::ratification_kappa, 0, 1000, false, false, "per unit of utility", "11",
    "kappa_r: steepness of the ratifier's approval in u_r(terms) - u_r(status quo)"},
  ParameterSpec{"ratification_bias", &Parameters::ratification_bias, -100, 100, false, false, "logit", "11",
    "added inside the ratifier's logistic approval (positive: approves more readily)"},
  ParameterSpec{"ratifier_weight", &Parameters::ratifier_weight, 0, 100, false, false, "fraction of the table's weight", "11",
    "after a rejection, the ratifier's position enters the proposal with this share of the participants' total bargaining weight"},
  ParameterSpec{"standing_population_weight", &Parameters::standing_population_weight, 0, 1, false, false, "fraction", "7",
    "mu: weight of the population share in a camp's standing T = mu popshare + (1 - mu) strength share; 1 gives version 1. 0.5: population and armed strength count alike, as neither alone decides wars"},
  ParameterSpec{"cohesion_rate", &Parameters::cohesion_rate, 0, 1, false, false, "fraction per month", "13",
    "share of the gap between a belligerent's cohesion and its target closed each month (0: cohesion never moves). 0.2: half the gap in about 3 months, the weeks-to-months pace of the collapses of MODEL.md 13"},
  ParameterSpec{"cohesion_memory", &Parameters::cohesion_memory, 0, 1, false, false, "fraction", "13",
    "weight kept each month on the remembered results against expectation and on the remembered share of regions lost. 0.7: a memory of about three months"},
  ParameterSpec{"cohesion_results_weight", &Parameters::cohesion_results_weight, 0, 10, false, false, "per unit of win share", "13",
    "how much winning fewer engagements than expected lowers the cohesion target. 1: ten points below expectation cost 0.1"},
  ParameterSpec{"cohesion_belief_weight", &Parameters::cohesion_belief_weight, 0, 10, false, false, "per unit of probability", "13",
    "how much the camp's believed chance of winning the war (below one half) lowers the cohesion target, and above one half raises it. 0.5: a camp that expects to lose for certain loses 0.25"},
  ParameterSpec{"cohesion_funding_weight", &Parameters::cohesion_funding_weight, 0, 10, false, false, "per unit of funding", "13",
    "how much unfunded forces (above the ceiling) and promised support withheld lower the cohesion target. 0.5: unpaid soldiers half-fight (half the funding gone costs 0.25)"},
  ParameterSpec{"cohesion_presence_weight", &Parameters::cohesion_presence_weight, 0, 10, false, false, "per unit of presence", "13",
    "how much the departure of the camp's outside belligerents (foreign armies) lowers the cohesion target of the others. 0.5: a full withdrawal costs 0.5, the largest single term, as in 1975, 1992 and 2021"},
  ParameterSpec{"cohesion_contagion_weight", &Parameters::cohesion_contagion_weight, 0, 10, false, false, "per unit of regions lost", "13",
    "how much the remembered share of the camp's regions lost lowers the cohesion target (contagion). 1: losing a third of one's regions in a few months costs about a third"},
  ParameterSpec{"collapse_threshold", &Parameters::collapse_threshold, 0, 1, false, false, "cohesion", "13",
    "below this cohesion, where the enemy holds the local advantage, fighters surrender, desert or defect (0: no collapse, version 1)"},
  ParameterSpec{"collapse_rate", &Parameters::collapse_rate, 0, 1, false, false, "fraction per month", "13",
    "monthly chance that each fighter of a collapsing belligerent leaves, at cohesion 0; it falls linearly to 0 at the threshold. 0.3: a region can be lost in two or three months"},
  ParameterSpec{"defect_share", &Parameters::defect_share, 0, 1, false, false, "fraction", "13",
    "of the fighters lost in a collapse, the share that joins the enemy (the rest surrender or desert). 0.3: most go home, some change sides (McLauchlin 2010)"},
  ParameterSpec{"capital_cohesion_loss", &Parameters::capital_cohesion_loss, 0, 1, false, false, "cohesion", "13",
    "cohesion a camp's belligerents lose at once when the camp loses its capital (below half of its control). 0.3: as much as a strong month of contagion"},
  ParameterSpec{"victory_on_capital", &Parameters::victory_on_capital, 0, 1, false, true, "0 or 1", "13",
    "1: the camp that takes a camp's capital wins the war; 0 (default): a capital lost costs cohesion only, since wars have outlived their capitals (Kabul 1996)"},
  ParameterSpec{"stake_pressure_max", &Parameters::stake_pressure_max, 0, 1, false, false, "pressure", "14",
    "the most a patron adds to (or takes from) its scheduled pressure because of its own stakes (0: pressure follows the schedule only, version 1)"},
  ParameterSpec{"stake_pressure_kappa", &Parameters::stake_pressure_kappa, 0, 1000, false, false, "per unit of utility", "14",
    "steepness of the stake term: stake_pressure_max tanh(kappa z), z the patron's surplus above its client's (or its negative surplus). 10: a gap of 0.1 gives three quarters of the maximum"},
  ParameterSpec{"exit_margin", &Parameters::exit_margin, 0, 1, false, false, "utility", "14",
    "a backer seeks an exit deal when its value of leaving exceeds its value of staying by this. 0.01: about five months of a default cost of war"},
  ParameterSpec{"exit_patience", &Parameters::exit_patience, 1, 120, false, true, "months", "14",
    "months in a row that leaving must beat staying before a backer opens exit talks. 3: a season, not one bad month"},
  ParameterSpec{"exit_deals", &Parameters::exit_deals, 0, 1, false, true, "switch", "14",
    "1: a backer whose leaving beats staying opens its exit track (tracks of kind exit) with the enemy camp; 0: exit tracks never open (version 1, one table)"},
  ParameterSpec{"withdrawal_months", &Parameters::withdrawal_months, 1, 120, false, true, "months", "14",
    "months over which a backer that signed an exit deal withdraws its forces. 12: the Soviet withdrawal of 1988-89 took nine, the US of 2020-21 fourteen"},
};

const std::array kActorFields = {
  ActorFieldSpec{"clout", ActorField::clout, &Actor::clout, 0, kInf},
  ActorFieldSpec{"military_share", ActorField::military_share, &Actor::military_share, 0, 1},
  ActorFieldSpec{"effectiveness", ActorField::effectiveness, &Actor::effectiveness, 0, kInf},
  ActorFieldSpec{"cost_of_war", ActorField::cost_of_war, &Actor::cost_of_war, 0, 10},
  ActorFieldSpec{"recruitment_rate", ActorField::recruitment_rate, &Actor::recruitment_rate, 0, 1000},
  ActorFieldSpec{"spoiler_capacity", ActorField::spoiler_capacity, &Actor::spoiler_capacity, 0, 1},
};
// clang-format on
}  // namespace

std::span<const ParameterSpec> parameter_specs() { return kParameters; }

const ParameterSpec* find_parameter(const std::string& name) {
  for (const auto& p : kParameters)
    if (name == p.name) return &p;
  return nullptr;
}

std::span<const ActorFieldSpec> actor_field_specs() { return kActorFields; }

const ActorFieldSpec* actor_field_spec(ActorField field) {
  for (const auto& f : kActorFields)
    if (f.field == field) return &f;
  return nullptr;
}

const ActorFieldSpec* find_actor_field(const std::string& name) {
  for (const auto& f : kActorFields)
    if (name == f.name) return &f;
  return nullptr;
}

}  // namespace parley
