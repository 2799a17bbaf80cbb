// parley bargain --model smp: KTAB's Spatial Model of Politics on a table or a KTAB XML file.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "parley/csv.hpp"
#include "parley/bargain_smp_io.hpp"

namespace parley::cli {

namespace {

namespace bg = parley::bargain;

// Positions are printed on the input's 0-100 scale, to 12 significant digits so that an
// input 6.37 (stored as 0.0637) prints as 6.37, not 6.370000000000001.
double pct(double v) { return std::stod(fmt::format("{:.12g}", 100.0 * v)); }

std::string stopping_text(const bg::SmpOptions& o) {
  return fmt::format("KTAB's rule: after at least {} turns, stop when a turn moves the actors by less than {}% of "
                     "the first turn's move; at most {} turns",
                     o.min_turns, 100 * o.min_delta_ratio, o.max_turns);
}

void print_text(const bg::SmpInput& in, const bg::SmpResult& r) {
  const std::size_t n = in.actors.size(), D = in.dims.size();
  fmt::print("{} ({}, {} actors, {} dimension{})\n", in.path, in.format, n, D, D == 1 ? "" : "s");
  fmt::print("model: smp (KTAB's Spatial Model of Politics)\n  options: {}{}\n  stopping: {}\n", bg::describe(in.options),
             in.has_parameters ? " (from the file's <ModelParameters>)" : "", stopping_text(in.options));
  fmt::print("scale: positions and saliences 0-100 as in KTAB (divided by 100 inside the model)\n");
  const auto& last = r.states.back();
  fmt::print("\n{} states ({} turns), {}\n", r.states.size(), r.states.size() - 1,
             r.stopped_early ? "stopped by the move rule" : "stopped at the turn limit");
  fmt::print("\nforecast: the probability-weighted mean of the final positions (KTAB), and the most probable one\n");
  fmt::print("  {:<24} {:>10} {:>14}\n", "dimension", "forecast", "most probable");
  for (std::size_t k = 0; k < D; ++k)
    fmt::print("  {:<24} {:>10.2f} {:>14.2f}\n", in.dims[k], pct(r.forecast[k]), pct(r.most_probable[k]));
  fmt::print("\n  {:>4}  {:>9}  {:>8}  {:>8}\n", "turn", "moved", "distinct", "top prob");
  for (std::size_t t = 0; t < r.states.size(); ++t) {
    const auto& s = r.states[t];
    double moved = 0;
    if (t > 0)
      for (std::size_t i = 0; i < n; ++i) {
        double sq = 0;
        for (std::size_t k = 0; k < D; ++k) {
          const double d = s.position[i * D + k] - r.states[t - 1].position[i * D + k];
          sq += d * d;
        }
        moved += std::sqrt(sq);
      }
    double top = 0;
    for (double p : s.probability) top = std::max(top, p);
    fmt::print("  {:>4}  {:>9}  {:>8}  {:>8.4f}\n", t, t ? fmt::format("{:.3f}", pct(moved)) : "-", s.distinct.size(), top);
  }
  fmt::print("\n  {:<24} {:>10}", "actor", "capability");
  for (std::size_t k = 0; k < D; ++k) fmt::print(" {:>15}", fmt::format("{} start>end", D == 1 ? "" : in.dims[k]).substr(0, 15));
  fmt::print(" {:>8}\n", "P(final)");
  const auto& first = r.states.front();
  for (std::size_t i = 0; i < n; ++i) {
    fmt::print("  {:<24} {:>10.4g}", in.actors[i], in.scenario.capability[i]);
    for (std::size_t k = 0; k < D; ++k)
      fmt::print(" {:>15}", fmt::format("{:.2f}>{:.2f}", pct(first.position[i * D + k]), pct(last.position[i * D + k])));
    fmt::print(" {:>8.4f}\n", last.probability[last.distinct_of[i]]);
  }
}

void print_csv(const bg::SmpInput& in, const bg::SmpResult& r) {
  const std::size_t D = in.dims.size();
  std::string line = "turn,actor";
  for (const auto& d : in.dims) {
    line += ',';
    line += csv_field(d);
  }
  line += ",probability";
  std::cout << line << '\n';
  for (std::size_t t = 0; t < r.states.size(); ++t) {
    const auto& s = r.states[t];
    for (std::size_t i = 0; i < in.actors.size(); ++i) {
      line = fmt::format("{},{}", t, csv_field(in.actors[i]));
      for (std::size_t k = 0; k < D; ++k) line += fmt::format(",{}", pct(s.position[i * D + k]));
      line += fmt::format(",{}", s.probability[s.distinct_of[i]]);
      std::cout << line << '\n';
    }
  }
}

nlohmann::ordered_json to_json(const bg::SmpInput& in, const bg::SmpResult& r) {
  using nlohmann::ordered_json;
  const std::size_t D = in.dims.size();
  ordered_json j;
  j["model"] = "smp";
  j["options"] = bg::describe(in.options);
  j["stopping"] = stopping_text(in.options);
  j["table"] = in.path;
  j["table_format"] = in.format;
  j["actors"] = in.actors;
  j["states"] = r.states.size();
  j["stopped_early"] = r.stopped_early;
  j["issues"] = ordered_json::array();
  for (std::size_t k = 0; k < D; ++k)
    j["issues"].push_back({{"name", in.dims[k]}, {"forecast", pct(r.forecast[k])}, {"most_probable", pct(r.most_probable[k])}});
  j["turns"] = ordered_json::array();
  auto vec = [&](const std::vector<double>& v, std::size_t i) {
    ordered_json a = ordered_json::array();
    for (std::size_t k = 0; k < D; ++k) a.push_back(pct(v[i * D + k]));
    return a;
  };
  for (std::size_t t = 0; t < r.states.size(); ++t) {
    const auto& s = r.states[t];
    ordered_json turn, positions = ordered_json::object(), ideals = ordered_json::object(),
                       risk = ordered_json::object();
    for (std::size_t i = 0; i < in.actors.size(); ++i) {
      positions[in.actors[i]] = vec(s.position, i);
      ideals[in.actors[i]] = vec(s.ideal, i);
      risk[in.actors[i]] = s.risk[i];
    }
    turn["turn"] = t;
    turn["positions"] = positions;
    turn["ideals"] = ideals;
    turn["risk"] = risk;
    turn["distinct"] = ordered_json::array();
    for (std::size_t u = 0; u < s.distinct.size(); ++u) {
      ordered_json who = ordered_json::array();
      for (std::size_t i = 0; i < in.actors.size(); ++i)
        if (s.distinct_of[i] == u) who.push_back(in.actors[i]);
      turn["distinct"].push_back({{"position", vec(s.position, s.distinct[u])}, {"probability", s.probability[u]},
                                  {"actors", who}});
    }
    j["turns"].push_back(turn);
  }
  return j;
}

}  // namespace

int bargain_smp(const BargainOptions& options) {
  Diagnostics diags;
  const bg::SalienceScale scale = options.salience_scale == "1"     ? bg::SalienceScale::unit
                                  : options.salience_scale == "100" ? bg::SalienceScale::percent
                                                                    : bg::SalienceScale::automatic;
  auto in = bg::load_smp(options.table, scale, diags);
  std::cerr << diags.str();
  if (!in) return kExitInvalidInput;
  for (const auto& assignment : options.eum_options) {
    if (std::string err = bg::apply_smp_option(in->options, assignment); !err.empty()) {
      std::fprintf(stderr, "parley bargain: %s\n", err.c_str());
      return kExitInvalidInput;
    }
  }
  if (options.seed) in->options.seed = *options.seed;
  if (options.rounds) {
    if (*options.rounds < 1) {
      std::fprintf(stderr, "parley bargain: --rounds must be at least 1, got %d\n", *options.rounds);
      return kExitInvalidInput;
    }
    in->options.max_turns = *options.rounds;
  }
  const bg::SmpResult r = bg::run_smp(in->scenario, in->options);
  if (options.format == "json") std::cout << to_json(*in, r).dump(2) << '\n';
  else if (options.format == "csv") print_csv(*in, r);
  else print_text(*in, r);
  return kExitOk;
}

}  // namespace parley::cli
