// parley run: simulate runs of a scenario (and its variants), narrate and trace the first
// ones, and summarise the outcomes.
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>

#include "cli/commands.hpp"
#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"

namespace parley::cli {

namespace {

std::vector<const Scenario*> chosen(const ScenarioSet& set, const RunCommandOptions& o, bool& ok) {
  std::vector<const Scenario*> out;
  ok = true;
  if (o.all_variants) {
    out.push_back(&set.base);
    for (const auto& v : set.variants) out.push_back(&v);
    return out;
  }
  if (o.variants.empty()) return {&set.base};
  for (const auto& name : o.variants) {
    const Scenario* s = set.find(name);
    if (!s) {
      std::string known = "base";
      for (const auto& v : set.variants) known += ", " + v.variant;
      std::fprintf(stderr, "parley run: %s has no variant '%s' (known: %s)\n", o.scenario.c_str(), name.c_str(),
                   known.c_str());
      ok = false;
      continue;
    }
    out.push_back(s);
  }
  return out;
}

std::string trace_path(const RunCommandOptions& o, const Scenario& s, std::size_t scenarios, long long run) {
  if (o.trace <= 1 && scenarios == 1) return o.trace_csv;
  std::string stem = o.trace_csv, ext;
  if (auto dot = stem.rfind('.'); dot != std::string::npos && stem.find('/', dot) == std::string::npos) {
    ext = stem.substr(dot);
    stem = stem.substr(0, dot);
  }
  std::string variant = scenarios > 1 ? "-" + (s.variant.empty() ? std::string("base") : s.variant) : "";
  return fmt::format("{}{}-run{}{}", stem, variant, run, ext);
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    std::fprintf(stderr, "parley run: cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

struct Tally {
  std::map<std::string, long long> outcomes;
  double deaths = 0;
  long long agreements = 0;
};

void print_summary(const Scenario& s, const Tally& t, long long runs) {
  std::cout << fmt::format("\n{} ({} runs):\n", s.variant.empty() ? "base scenario" : "variant " + s.variant, runs);
  for (const auto& [name, n] : t.outcomes)
    std::cout << fmt::format("  {:<24} {:6.1f}%\n", name, 100.0 * static_cast<double>(n) / static_cast<double>(runs));
  std::cout << fmt::format("  {:<24} {:6.1f}%\n", "ever signed an agreement",
                           100.0 * static_cast<double>(t.agreements) / static_cast<double>(runs));
  std::cout << fmt::format("  {:<24} {:8.0f}\n", "mean battle deaths", t.deaths / static_cast<double>(runs));
}

}  // namespace

int run(const RunCommandOptions& o) {
  LoadResult loaded = load_scenario_file(o.scenario);
  for (const auto& d : loaded.diagnostics.items()) std::cerr << d.str() << '\n';
  if (!loaded.scenarios) return kExitInvalidInput;
  bool ok = true;
  std::vector<const Scenario*> scenarios = chosen(*loaded.scenarios, o, ok);
  if (!ok) return kExitInvalidInput;
  for (const Scenario* s : scenarios) {
    Tally tally;
    for (long long n = 0; n < o.runs; ++n) {
      Trace trace;
      RunOptions ro;
      ro.seed = o.seed;
      ro.run = static_cast<std::uint64_t>(n);
      ro.trace = n < o.trace ? &trace : nullptr;
      RunResult r = simulate_run(*s, ro);
      std::string name = r.outcome == RunOutcome::victory
                             ? "victory:" + s->camps[static_cast<std::size_t>(r.victor)].id
                             : to_string(r.outcome);
      ++tally.outcomes[name];
      tally.deaths += r.battle_deaths;
      tally.agreements += r.first_agreement >= 0;
      if (!ro.trace) continue;
      if (!o.quiet) {
        std::cout << fmt::format("{} run {} (seed {}):\n", s->variant.empty() ? s->name : s->name + " / " + s->variant,
                                 n, o.seed);
        for (const auto& line : trace.narrative) std::cout << "  " << line << '\n';
      }
      std::string csv;
      write_trace_csv(*s, trace, csv);
      std::string path = trace_path(o, *s, scenarios.size(), n);
      if (!write_file(path, csv)) return kExitFailure;
      std::cout << fmt::format("  monthly trace ({} months) written to {}\n", trace.rows.size(), path);
    }
    print_summary(*s, tally, o.runs);
  }
  return kExitOk;
}

}  // namespace parley::cli
