// parley validate: load each scenario file, print every error, or a one-screen summary.
#include <fmt/format.h>

#include <cstdio>
#include <iostream>
#include <map>

#include "cli/commands.hpp"
#include "parley/scenario_loader.hpp"

namespace parley::cli {

namespace {

std::string thousands(double x) {
  auto n = static_cast<long long>(x + 0.5);
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string actor_list(const Scenario& s, const std::vector<int>& ids) {
  std::string out;
  for (int i : ids) out += (out.empty() ? "" : ", ") + s.actors[static_cast<std::size_t>(i)].id;
  return out.empty() ? "none" : out;
}

void print_actors(const Scenario& s, std::string& out) {
  out += fmt::format("  actors     {}\n", s.actors.size());
  for (int role = 0; role <= static_cast<int>(Role::civil); ++role) {
    std::map<std::string, std::vector<std::string>> by_camp;
    for (const auto& a : s.actors) {
      if (static_cast<int>(a.role) != role) continue;
      std::string camp = a.camp >= 0 ? s.camps[static_cast<std::size_t>(a.camp)].id : "-";
      by_camp[camp].push_back(a.id + (a.veto ? "*" : ""));
    }
    if (by_camp.empty()) continue;
    std::string line;
    for (const auto& [camp, ids] : by_camp) {
      std::string names;
      for (const auto& id : ids) names += (names.empty() ? "" : ", ") + id;
      line += (line.empty() ? "" : "; ") + (camp == "-" ? names : camp + ": " + names);
    }
    out += fmt::format("    {:<12} {}\n", to_string(static_cast<Role>(role)), line);
  }
}

void print_world(const Scenario& s, std::string& out) {
  double population = 0;
  std::vector<double> held(s.camps.size(), 0), forces(s.camps.size(), 0);
  for (const auto& g : s.regions) {
    population += g.population;
    for (std::size_t c = 0; c < s.camps.size(); ++c) held[c] += g.population * g.control[c];
    for (std::size_t i = 0; i < s.actors.size(); ++i)
      if (s.actors[i].camp >= 0) forces[static_cast<std::size_t>(s.actors[i].camp)] += g.forces[i];
  }
  out += fmt::format("  regions    {} (population {})\n", s.regions.size(), thousands(population));
  for (std::size_t c = 0; c < s.camps.size(); ++c) {
    out += fmt::format("    {:<12} holds {:.1f}% of the population, {} fighters\n", s.camps[c].id,
                       population > 0 ? 100 * held[c] / population : 0.0, thousands(forces[c]));
  }
  for (const auto& p : s.patrons) {
    out += fmt::format("  patron     {} -> {} (support {}, leverage {}, lag {} months)\n",
                       s.actors[static_cast<std::size_t>(p.patron)].id, s.actors[static_cast<std::size_t>(p.client)].id,
                       p.support, p.leverage, p.lag);
  }
}

void print_talks(const Scenario& s, std::string& out) {
  for (const TalksSetup& t : s.tracks) {
    out += fmt::format("  {:<10} {} at the start; model {}; participants: {}\n", s.tracks.size() > 1 ? t.id : "talks",
                       to_string(t.initial_state), to_string(t.model), actor_list(s, t.participants));
    if (t.kind == TrackKind::exit && t.backer >= 0)
      out += fmt::format("             exit track: {} leaves on signing\n", s.actors[static_cast<std::size_t>(t.backer)].id);
    if (t.mediator >= 0)
      out += fmt::format("             mediator {} (factor {})\n", s.actors[static_cast<std::size_t>(t.mediator)].id,
                         t.mediator_factor);
    for (const auto& g : t.guarantors)
      out += fmt::format("             guarantor {} (strength {})\n", s.actors[static_cast<std::size_t>(g.actor)].id,
                         g.strength);
    if (!t.agenda.empty()) {
      out += "             agenda";
      for (std::size_t n = 0; n < t.agenda.size(); ++n) {
        out += n ? " |" : "";
        for (int k : t.agenda[n]) out += " " + s.issues[static_cast<std::size_t>(k)].id;
      }
      out += "\n";
    }
    if (t.ratifier >= 0) out += fmt::format("             ratifier {}\n", s.actors[static_cast<std::size_t>(t.ratifier)].id);
  }
}

std::string summary(const ScenarioSet& set) {
  const Scenario& s = set.base;
  std::string out;
  out += fmt::format("{}: valid\n", s.source_path);
  out += fmt::format("  scenario   {}\n", s.name);
  out += fmt::format("  months     {} ({} to {})\n", s.months, s.start.to_string(), s.start.plus(s.months - 1).to_string());
  out += fmt::format("  issues     {}:", s.issues.size());
  for (const auto& i : s.issues) out += " " + i.id;
  out += fmt::format("\n  camps      {}:", s.camps.size());
  for (const auto& c : s.camps) out += " " + c.id;
  out += "\n";
  print_actors(s, out);
  print_world(s, out);
  print_talks(s, out);
  out += fmt::format("  events     {}\n", s.events.size());
  if (s.origin > 0) {
    out += fmt::format("  origin     {} (month {}): months before it are history, the forecast starts there\n",
                       s.start.plus(s.origin).to_string(), s.origin);
  }
  if (!s.observations_file.empty()) {
    std::size_t before = 0, score = 0;
    for (const auto& ob : s.observations) {
      if (ob.score_only) ++score;
      else if (s.origin > 0 && ob.last_month < s.origin) ++before;
    }
    out += fmt::format("  observed   {} rows from {}", s.observations.size(), s.observations_file);
    if (s.origin > 0) out += fmt::format(" ({} before the origin, {} for scoring only)", before, score);
    out += "\n";
  }
  if (!s.inputs.empty()) {
    out += fmt::format("  uncertain  {} input{}, drawn in each run:\n", s.inputs.size(), s.inputs.size() == 1 ? "" : "s");
    for (const auto& in : s.inputs) out += fmt::format("    {:<40} {}\n", in.name, in.distribution.describe());
  }
  out += fmt::format("  variants   {}{}", set.variants.size(), set.variants.empty() ? "\n" : ":\n");
  for (const auto& v : set.variants)
    out += fmt::format("    {:<22} {}\n", v.variant, v.variant_description);
  out += "  (* = veto player)\n";
  return out;
}

}  // namespace

int validate(const ValidateOptions& options) {
  bool all_valid = true;
  for (const auto& file : options.files) {
    LoadResult result = load_scenario_file(file);
    for (const auto& d : result.diagnostics.items()) std::cerr << d.str() << '\n';
    if (!result.scenarios) {
      all_valid = false;
      std::cerr << fmt::format("{}: invalid: {} error{}\n", file, result.diagnostics.error_count(),
                               result.diagnostics.error_count() == 1 ? "" : "s");
      continue;
    }
    if (!options.quiet) std::cout << summary(*result.scenarios);
  }
  std::cout.flush();
  return all_valid ? kExitOk : kExitInvalidInput;
}

}  // namespace parley::cli
