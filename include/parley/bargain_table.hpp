// Tables of actors for `parley bargain`: loading (plain CSV or KTAB) and forecasts with traces.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parley/bargain.hpp"
#include "parley/bargain_eum.hpp"
#include "parley/csv.hpp"
#include "parley/diagnostics.hpp"

namespace parley::bargain {

struct Issue {
  std::string name;
  std::vector<double> positions;  // by actor
  std::vector<double> saliences;  // by actor, on 0-1 after loading
  std::vector<SourceLocation> position_at, salience_at;  // by actor: the cells they came from
};

enum class SalienceScale { automatic, unit, percent };
enum class TableFormat { plain, ktab };

struct ActorTable {
  std::string path;
  TableFormat format = TableFormat::plain;
  std::vector<std::string> actors;
  std::vector<double> capabilities;
  std::vector<SourceLocation> actor_at, capability_at;  // by actor: the cells they came from
  std::vector<Issue> issues;
  std::vector<double> disagreement;  // nash disagreement utilities; empty when not given
  double salience_divisor = 1;       // what the input saliences were divided by
  std::string salience_note;         // how that was decided, for the output
};

// Reads a plain table (header naming actor, capability, position, salience, or
// position:<issue> / salience:<issue> pairs; any case and order; other columns ignored) or a
// KTAB scenario CSV (recognised by its title line). Every problem goes to `diags` with its
// line and column; the result is empty when any error was found.
std::optional<ActorTable> parse_table(const CsvTable& csv, SalienceScale scale, Diagnostics& diags);
std::optional<ActorTable> load_table(const std::string& path, SalienceScale scale,
                                     Diagnostics& diags);

struct ForecastOptions {
  Model model = Model::eum;
  EumOptions eum;
  Loss loss = Loss::linear;                 // nash
  std::optional<double> status_quo;         // nash: d_i = u_i(status quo) on each issue
  std::optional<double> span;               // nash: utility span; default the range of positions
  bool joint = false;                       // nash: all issues at once (linear loss)
};

struct IssueForecast {
  std::string name;
  double forecast = 0;
  Status status = Status::ok;
  bool converged = false;         // eum with the convergence rule: it fired
  std::vector<EumRound> rounds;   // round 0 is the input; eum adds one per round played
};

struct Forecast {
  Model model = Model::eum;
  std::vector<IssueForecast> issues;
  JointNashResult joint;  // filled when ForecastOptions::joint
};

// Runs the chosen model on every issue of the table (or jointly, for joint nash).
Forecast forecast(const ActorTable& table, const ForecastOptions& options);

}  // namespace parley::bargain
