// The compact monthly record of a run, folded from its trace as soon as the run ends.
#include "parley/experiment.hpp"

namespace parley {

RunMonths summarise_months(const Scenario& scenario, const Trace& trace) {
  const std::size_t camps = scenario.camps.size(), regions = scenario.regions.size();
  double population = 0;
  for (const auto& r : scenario.regions) population += r.population;
  RunMonths m;
  m.months = static_cast<int>(trace.rows.size());
  m.talks.reserve(trace.rows.size());
  m.deaths.reserve(trace.rows.size());
  m.share.assign(trace.rows.size() * camps, 0.0);
  m.holder.assign(trace.rows.size() * regions, 0);
  double deaths = 0;
  for (std::size_t t = 0; t < trace.rows.size(); ++t) {
    const TraceRow& row = trace.rows[t];
    m.talks.push_back(static_cast<std::uint8_t>(row.talks));
    deaths += row.battle_deaths;
    m.deaths.push_back(deaths);
    for (std::size_t r = 0; r < regions; ++r) {
      const double* control = &row.control[r * camps];
      std::size_t best = 0;
      // The same rule as the narrative's "changes hands": the largest share, ties to the first camp.
      for (std::size_t c = 0; c < camps; ++c) {
        if (control[c] > control[best]) best = c;
        m.share[t * camps + c] += scenario.regions[r].population * control[c];
      }
      m.holder[t * regions + r] = static_cast<std::uint8_t>(best);
    }
    if (population > 0)
      for (std::size_t c = 0; c < camps; ++c) m.share[t * camps + c] /= population;
  }
  return m;
}

}  // namespace parley
