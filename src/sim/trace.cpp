// The monthly trace as CSV: one row per month, columns named after the scenario's ids,
// so that it opens as it is in pandas, R or a spreadsheet.
#include <fmt/format.h>

#include "parley/simulation.hpp"

namespace parley {

namespace {

void header(const Scenario& s, std::string& out) {
  out += "month,date,talks,engagements,battle_deaths,civilian_deaths";
  for (const auto& i : s.issues) out += ",deal:" + i.id;
  for (const auto& c : s.camps) out += ",tempo:" + c.id;
  for (const auto& a : s.actors) out += ",forces:" + a.id;
  for (const auto& a : s.actors)
    if (a.role == Role::belligerent) out += ",belief:" + a.id;
  for (const auto& a : s.actors) out += ",weight:" + a.id;
  for (const auto& a : s.actors) out += ",value_of_war:" + a.id;
  for (const auto& a : s.actors) out += ",surplus:" + a.id;
  for (const auto& p : s.patrons) out += ",pressure:" + p.id;
  for (const auto& g : s.regions)
    for (const auto& c : s.camps) out += ",control:" + g.id + ":" + c.id;
  for (const auto& a : s.actors)  // version 2, last so that version 1 columns keep their places
    if (a.role == Role::belligerent) out += ",cohesion:" + a.id;
  out += '\n';
}

void numbers(const std::vector<double>& xs, std::string& out) {
  for (double x : xs) out += fmt::format(",{:.6g}", x);
}

}  // namespace

void write_trace_csv(const Scenario& s, const Trace& trace, std::string& out) {
  header(s, out);
  for (const auto& row : trace.rows) {
    out += fmt::format("{},{},{},{:.6g},{:.6g},{:.6g}", row.month, s.start.plus(row.month).to_string(), to_string(row.talks),
                       row.engagements, row.battle_deaths, row.civilian_deaths);
    numbers(row.deal, out);
    numbers(row.tempo, out);
    numbers(row.forces, out);
    for (std::size_t i = 0; i < s.actors.size(); ++i)
      if (s.actors[i].role == Role::belligerent) out += fmt::format(",{:.6g}", row.belief[i]);
    numbers(row.weight, out);
    numbers(row.value_of_war, out);
    numbers(row.surplus, out);
    numbers(row.pressure, out);
    numbers(row.control, out);
    for (std::size_t i = 0; i < s.actors.size(); ++i)
      if (s.actors[i].role == Role::belligerent) out += fmt::format(",{:.6g}", i < row.cohesion.size() ? row.cohesion[i] : 1.0);
    out += '\n';
  }
}

}  // namespace parley
