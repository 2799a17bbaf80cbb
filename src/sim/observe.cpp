// The simulated value of each row of a scenario's observations file (parley calibrate and
// parley score compare them with what happened): battle deaths summed over the row's period,
// shares, control and forces read at the period's last month, and milestones as 1 when
// reached by the period's end. A run that ends before a row's last month (a victory, a
// peace) holds its final state, and its deaths stop.
#include "sim/detail/stages.hpp"

namespace parley::sim {

namespace {

double snapshot(const World& w, const ObservedValue& o) {
  switch (o.quantity) {
    case ObservedQuantity::population_share: return population_share(w, o.camp);
    case ObservedQuantity::control: return w.region.control(o.region, o.camp);
    case ObservedQuantity::forces: return total_forces(w, o.actor);
    case ObservedQuantity::battle_deaths:
    case ObservedQuantity::milestone: break;
  }
  return 0;
}

bool is_snapshot(const ObservedValue& o) {
  return o.quantity == ObservedQuantity::population_share || o.quantity == ObservedQuantity::control ||
         o.quantity == ObservedQuantity::forces;
}

}  // namespace

void observe_month(const World& w, const std::vector<ObservedValue>& rows, std::vector<double>& values) {
  for (std::size_t n = 0; n < rows.size(); ++n) {
    const ObservedValue& o = rows[n];
    if (o.quantity == ObservedQuantity::battle_deaths) {
      if (w.month < o.first_month || w.month > o.last_month) continue;
      if (o.camp < 0) {
        values[n] += w.war.deaths;
      } else {
        const int lo = std::min(o.camp, o.other_camp), hi = std::max(o.camp, o.other_camp);
        values[n] += w.war.pair_deaths(lo, hi);
      }
    } else if (is_snapshot(o) && w.month == o.last_month) {
      values[n] = snapshot(w, o);
    }
  }
}

void observe_end(const World& w, const std::vector<ObservedValue>& rows, std::vector<double>& values) {
  const RunResult& r = w.result;
  const int last_month = w.month - 1;  // the last month simulated
  for (std::size_t n = 0; n < rows.size(); ++n) {
    const ObservedValue& o = rows[n];
    if (is_snapshot(o) && o.last_month > last_month) values[n] = snapshot(w, o);  // held after the end
    if (o.quantity != ObservedQuantity::milestone) continue;
    int month = -1;
    switch (o.milestone) {
      case Milestone::exploratory_talks: month = r.first_exploratory; break;
      case Milestone::formal_talks: month = r.first_formal; break;
      case Milestone::agreement: month = r.first_agreement; break;
      case Milestone::collapse: month = r.first_cascade; break;
      case Milestone::victory: month = r.outcome == RunOutcome::victory ? last_month : -1; break;
      case Milestone::peace: month = r.peace_month; break;
      case Milestone::exit_deal: month = r.first_exit_deal; break;
    }
    values[n] = month >= 0 && month <= o.last_month ? 1.0 : 0.0;
  }
}

}  // namespace parley::sim
