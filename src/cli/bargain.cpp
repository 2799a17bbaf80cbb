// parley bargain: load a table of actors, run a bargaining model, print text, CSV or JSON.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "parley/csv.hpp"
#include "parley/bargain_table.hpp"

namespace parley::cli {

namespace {

namespace bg = parley::bargain;

// The run as the command understood it, for headers and JSON.
struct Setup {
  bg::ForecastOptions forecast;
  std::string preset;
  std::string stopping;
};

// Turns the command-line options into model options; an error message when they clash.
std::string make_setup(const BargainOptions& o, Setup& s) {
  s.forecast.model = parse_enum<bg::Model>(o.model).value_or(bg::Model::eum);  // main.cpp checks the name
  s.preset = o.preset;
  auto preset = bg::parse_preset(o.preset);
  if (!preset) return fmt::format("unknown preset '{}' (expected scholz, velev or velev-corrected)", o.preset);
  s.forecast.eum = bg::preset_options(*preset);
  for (const auto& assignment : o.eum_options) {
    std::string err = bg::apply_option(s.forecast.eum, assignment);
    if (!err.empty()) return err;
  }
  bg::EumOptions& e = s.forecast.eum;
  // NaN passes every range check (each comparison is false), and infinity is no position.
  for (const auto& [name, value] : {std::pair{"--q", o.q}, std::pair{"--tolerance", o.tolerance},
                                    std::pair{"--span", o.span}, std::pair{"--status-quo", o.status_quo}})
    if (value && !std::isfinite(*value)) return fmt::format("{}: {} is not a finite number", name, *value);
  if (o.q) e.q = *o.q;
  if (o.rounds && (*o.rounds < 1 || *o.rounds > kMaxEumRounds))
    return fmt::format("--rounds must be from 1 to {} (the limit bounds the model's work), got {}", kMaxEumRounds,
                       *o.rounds);
  if (o.tolerance) {
    e.stop = bg::StopRule::converge;
    e.tolerance = *o.tolerance;
    e.stable_rounds = o.stable_rounds;
    e.max_rounds = o.rounds ? *o.rounds : 100;
    s.stopping = fmt::format("median moves by at most {} for {} rounds (at most {} rounds)", e.tolerance,
                             e.stable_rounds, e.max_rounds);
  } else {
    if (o.rounds) e.max_rounds = *o.rounds;
    s.stopping = fmt::format("fixed, {} rounds", e.max_rounds);
  }
  s.forecast.loss = parse_enum<bg::Loss>(o.loss).value_or(bg::Loss::linear);
  s.forecast.status_quo = o.status_quo;
  s.forecast.span = o.span;
  s.forecast.joint = o.joint;
  if (o.joint && s.forecast.model != bg::Model::nash) return "--joint applies to --model nash only";
  if (o.joint && s.forecast.loss != bg::Loss::linear) return "--joint supports --loss linear only";
  return {};
}

std::string number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); }

const char* format_name(bg::TableFormat f) { return f == bg::TableFormat::ktab ? "KTAB scenario CSV" : "table"; }

void print_text(const bg::ActorTable& t, const Setup& s, const bg::Forecast& fc) {
  const bool eum = fc.model == bg::Model::eum;
  fmt::print("{} ({}, {} actors, {} issue{})\n", t.path, format_name(t.format), t.actors.size(),
             t.issues.size(), t.issues.size() == 1 ? "" : "s");
  fmt::print("model: {}", bg::to_string(fc.model));
  if (eum) fmt::print(", preset {}\n  options: {}\n  stopping: {}", s.preset, bg::describe(s.forecast.eum), s.stopping);
  if (fc.model == bg::Model::nash) {
    fmt::print(" ({} loss{})", bg::to_string(s.forecast.loss), s.forecast.joint ? ", joint over all issues" : "");
    fmt::print("\n  utility span: {}\n  disagreement: {}",
               s.forecast.span ? fmt::format("{} (--span)", *s.forecast.span) : "the range of positions on each issue",
               s.forecast.status_quo ? fmt::format("utility of the status quo {}", *s.forecast.status_quo)
               : !t.disagreement.empty() ? "the table's disagreement column" : "0 for every actor");
  }
  fmt::print("\nsalience scale: {}\n", t.salience_note);
  for (std::size_t k = 0; k < fc.issues.size(); ++k) {
    const bg::IssueForecast& f = fc.issues[k];
    fmt::print("\nissue '{}': ", f.name);
    if (f.status == bg::Status::no_agreement)
      fmt::print("no agreement: no point gives every actor more than its disagreement utility\n");
    else if (f.status == bg::Status::no_weight)
      fmt::print("no forecast: no actor has positive capability x salience\n");
    else
      fmt::print("forecast {:.4f}{}\n", f.forecast, eum ? fmt::format(" (median after round {}{})",
                 f.rounds.back().round, f.converged ? ", converged" : "") : "");
    fmt::print("  {:>5}  {:>10}  {:>10}\n", "round", "median", "mean");
    for (const auto& r : f.rounds) fmt::print("  {:>5}  {:>10.4f}  {:>10.4f}\n", r.round, r.median, r.mean);
    const auto& last = f.rounds.back();
    if (eum) fmt::print("  {:<24} {:>10} {:>8} {:>10} {:>10} {:>6}\n", "actor", "capability", "salience", "start", "end", "risk");
    else fmt::print("  {:<24} {:>10} {:>8} {:>10}\n", "actor", "capability", "salience", "position");
    for (std::size_t i = 0; i < t.actors.size(); ++i) {
      fmt::print("  {:<24} {:>10.4g} {:>8.3f} {:>10.4f}", t.actors[i], t.capabilities[i],
                 t.issues[k].saliences[i], t.issues[k].positions[i]);
      if (eum) {
        fmt::print(" {:>10.4f}", last.positions[i]);
        if (!last.risk.empty()) fmt::print(" {:>6.3f}", last.risk[i]);
      }
      fmt::print("\n");
    }
  }
}

void print_csv(const bg::ActorTable& t, const bg::Forecast& fc) {
  std::string line = "issue,round,median,mean";
  // Appending piece by piece: `"," + std::string` trips a false -Wrestrict in GCC 12.
  for (const auto& a : t.actors) {
    line += ',';
    line += csv_field(a);
  }
  for (const auto& a : t.actors) {
    line += ",r_";
    line += csv_field(a);
  }
  std::cout << line << '\n';
  for (const auto& f : fc.issues) {
    for (const auto& r : f.rounds) {
      line = fmt::format("{},{},{},{}", csv_field(f.name), r.round, number(r.median), number(r.mean));
      for (double x : r.positions) {
        line += ',';
        line += number(x);
      }
      for (std::size_t i = 0; i < t.actors.size(); ++i) {
        line += ',';
        if (!r.risk.empty()) line += number(r.risk[i]);
      }
      std::cout << line << '\n';
    }
  }
}

nlohmann::ordered_json to_json(const bg::ActorTable& t, const Setup& s, const bg::Forecast& fc) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["model"] = std::string(bg::to_string(fc.model));
  if (fc.model == bg::Model::eum) {
    j["preset"] = s.preset;
    j["options"] = bg::describe(s.forecast.eum);
    j["stopping"] = s.stopping;
  }
  if (fc.model == bg::Model::nash) {
    j["loss"] = std::string(bg::to_string(s.forecast.loss));
    j["joint"] = s.forecast.joint;
    if (s.forecast.joint) j["solver"] = {{"sweeps", fc.joint.sweeps}, {"max_axis_slope", fc.joint.max_slope}};
  }
  j["table"] = t.path;
  j["table_format"] = t.format == bg::TableFormat::ktab ? "ktab" : "plain";
  j["salience_scale"] = t.salience_divisor == 100 ? "100" : "1";
  j["salience_note"] = t.salience_note;
  j["actors"] = t.actors;
  j["issues"] = ordered_json::array();
  for (const auto& f : fc.issues) {
    ordered_json issue;
    issue["name"] = f.name;
    issue["forecast"] = f.status == bg::Status::ok ? ordered_json(f.forecast) : ordered_json(nullptr);
    issue["status"] = std::string(bg::to_string(f.status));
    if (fc.model == bg::Model::eum) issue["converged"] = f.converged;
    issue["rounds"] = ordered_json::array();
    for (const auto& r : f.rounds) {
      ordered_json round, positions = ordered_json::object(), risk = ordered_json::object();
      for (std::size_t i = 0; i < t.actors.size(); ++i) {
        positions[t.actors[i]] = r.positions[i];
        risk[t.actors[i]] = r.risk.empty() ? ordered_json(nullptr) : ordered_json(r.risk[i]);
      }
      round["round"] = r.round;
      round["median"] = r.median;
      round["mean"] = r.mean;
      round["positions"] = positions;
      round["risk"] = risk;
      issue["rounds"].push_back(round);
    }
    j["issues"].push_back(issue);
  }
  return j;
}

bg::SalienceScale scale_from(const std::string& s) {
  if (s == "1") return bg::SalienceScale::unit;
  if (s == "100") return bg::SalienceScale::percent;
  return bg::SalienceScale::automatic;
}

}  // namespace

int bargain(const BargainOptions& options) {
  if (options.model == "smp") return bargain_smp(options);
  Setup setup;
  if (std::string err = make_setup(options, setup); !err.empty()) {
    std::fprintf(stderr, "parley bargain: %s\n", err.c_str());
    return kExitInvalidInput;
  }
  Diagnostics diags;
  auto table = bg::load_table(options.table, scale_from(options.salience_scale), diags);
  if (!table) {
    std::cerr << diags.str();
    return kExitInvalidInput;
  }
  if (setup.forecast.model == bg::Model::eum) {
    const std::size_t actors = table->actors.size();
    const double work = static_cast<double>(setup.forecast.eum.max_rounds) * static_cast<double>(actors) *
                        static_cast<double>(actors) * static_cast<double>(table->issues.size());
    if (actors > kMaxEumActors || work > kMaxEumWork) {
      std::fprintf(stderr,
                   "parley bargain: %s: %zu actors x %zu issues x %d rounds is more than the EUM model takes (at most "
                   "%zu actors, and rounds x actors^2 x issues at most 10^8, about 10 s: its work and memory grow with them; "
                   "see Limits in docs/robustness.md)\n",
                   options.table.c_str(), actors, table->issues.size(), setup.forecast.eum.max_rounds, kMaxEumActors);
      return kExitInvalidInput;
    }
  }
  if (setup.forecast.eum.a8 == bg::RangeRule::scale && setup.forecast.model == bg::Model::eum) {
    const double span = options.span.value_or(setup.forecast.eum.scale_span);
    for (const auto& issue : table->issues)
      for (double x : issue.positions)
        if (x < 0 || x > span) {
          std::fprintf(stderr, "parley bargain: A8=scale needs every position in [0, %g] (set --span)\n", span);
          return kExitInvalidInput;
        }
  }
  const bg::Forecast fc = bg::forecast(*table, setup.forecast);
  // The table's values are bounded, but say so rather than print inf should a sum still overflow.
  for (const auto& issue : fc.issues)
    if (issue.status == bg::Status::ok && !std::isfinite(issue.forecast)) {
      std::fprintf(stderr, "parley bargain: %s: the forecast on issue '%s' is not a finite number (the weighted sums "
                   "overflowed); scale the capabilities down\n", options.table.c_str(), issue.name.c_str());
      return kExitFailure;
    }
  if (options.format == "json") std::cout << to_json(*table, setup, fc).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  else if (options.format == "csv") {
    // CSV rows carry no header lines; the scale goes to stderr so a reader still learns it.
    std::fprintf(stderr, "parley bargain: salience scale %s\n", table->salience_note.c_str());
    print_csv(*table, fc);
  }
  else print_text(*table, setup, fc);
  return kExitOk;
}

}  // namespace parley::cli
