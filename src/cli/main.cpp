// The parley command line: argument parsing only; each subcommand lives in its own file.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "parley/version.hpp"

namespace {

constexpr const char* kDescription =
    "parley simulates peace processes in which fighting and talking go on at once.\n"
    "\n"
    "A scenario file describes a conflict: issues in dispute, camps and actors with\n"
    "positions, a map of regions under contested control, patrons and their pressure,\n"
    "talks and a mediator, and dated events. parley runs many Monte Carlo futures of\n"
    "it, month by month (war, beliefs, bargaining, talks, implementation), and reports\n"
    "the chance and timing of talks, agreement and durable peace, and on what terms.\n"
    "\n"
    "Start with:  parley validate scenarios/two-party/scenario.yaml\n"
    "Help on one command:  parley COMMAND --help";

void add_not_built(CLI::App& app, const char* name, const char* what, const char* issue, int& status) {
  auto* sub = app.add_subcommand(name, std::string(what) + " (not built yet)");
  sub->allow_extras();
  sub->footer(std::string("This command is planned but not built yet in parley ") + parley::kVersion +
              ": " + issue + ".");
  sub->callback([name, issue, &status] {
    std::fprintf(stderr, "parley %s: not built yet in parley %s (%s)\n", name, parley::kVersion, issue);
    status = parley::cli::kExitNotBuilt;
  });
}

void add_run_command(CLI::App& app, parley::cli::RunCommandOptions& o, int& status) {
  auto* run = app.add_subcommand("run", "Simulate a scenario, one run or many");
  run->footer(
      "Simulates the scenario month by month: fighting in every region, beliefs learning\n"
      "from the battlefield, patron pressure, the deal on the table, and the talks moving\n"
      "from closed to exploratory, formal, agreement and, if it holds, durable peace.\n"
      "\n"
      "Run n of seed s always draws the same random numbers, so a run can be replayed\n"
      "exactly, and every variant's run n faces the same luck as the base's (common random\n"
      "numbers).\n"
      "\n"
      "With --trace, the first runs are narrated month by month (offensives, regions\n"
      "changing hands, talks opened and derailed, agreements and their terms, defections,\n"
      "the end) and their full monthly trace is written as CSV: control per region and\n"
      "camp, forces, beliefs, values of war, each actor's surplus, the deal, deaths.\n"
      "\n"
      "Examples:\n"
      "  parley run scenarios/two-party/scenario.yaml --runs 1 --seed 7 --trace\n"
      "  parley run scenarios/patron/scenario.yaml --runs 1000 --variant strong_pressure");
  run->add_option("scenario", o.scenario, "Scenario file (YAML)")->required();
  run->add_option("--variant", o.variants, "Run this variant (repeatable; 'base' for the base scenario)");
  run->add_flag("--all-variants", o.all_variants, "Run the base scenario and every variant");
  run->add_option("-n,--runs", o.runs, "Number of runs")->check(CLI::Range(1LL, 100000000LL))->capture_default_str();
  run->add_option("-s,--seed", o.seed, "Random seed")->capture_default_str();
  run->add_option("--trace", o.trace, "Narrate and trace the first K runs (K defaults to 1)")
      ->expected(0, 1)
      ->default_str("1")
      ->check(CLI::Range(0, 1000));
  run->add_option("--trace-csv", o.trace_csv, "Where the monthly trace is written (CSV)")->capture_default_str();
  run->add_flag("-q,--quiet", o.quiet, "No narrative, only the summary");
  run->callback([&o, &status] { status = parley::cli::run(o); });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{kDescription, "parley"};
  app.set_version_flag("-V,--version", fmt::format("parley {}", parley::kVersion), "Print the version and exit");
  app.require_subcommand(0, 1);
  int status = parley::cli::kExitOk;

  // validate
  parley::cli::ValidateOptions validate_opts;
  auto* validate = app.add_subcommand("validate", "Check scenario files and summarise them");
  validate->footer(
      "Check one or more scenario files and summarise each.\n"
      "\n"
      "Every problem is reported, not only the first, as 'file:line:column: error: ...'\n"
      "saying what was found and what was expected: YAML syntax, unknown or missing keys\n"
      "(with did-you-mean hints), wrong types, values out of range, references to ids that\n"
      "do not exist, duplicate ids, control shares that do not sum to 1, bad rows in\n"
      "region CSV files, and variants that override keys that do not exist.\n"
      "\n"
      "A valid file gets a one-screen summary: actors by role and camp, regions, issues,\n"
      "months and variants. Exit status: 0 when every file is valid, 2 when any is not.");
  validate->add_option("files", validate_opts.files, "Scenario files (YAML)")->required();
  validate->add_flag("-q,--quiet", validate_opts.quiet, "Print errors only, no summary");
  validate->callback([&] { status = parley::cli::validate(validate_opts); });

  // bargain
  parley::cli::BargainOptions bargain_opts;
  auto* bargain = app.add_subcommand("bargain", "Forecast a negotiated outcome from a table of actors");
  bargain->footer(R"(Forecast the outcome of a negotiation from a table of actors: each actor's
capability, position and salience on one or more issues (the 'Predictioneer's
game'). The table is CSV with a header naming actor, capability, position and
salience (any case and order; extra columns ignored), or position:<issue> and
salience:<issue> pairs for several issues. KTAB scenario CSV files are recognised
automatically. Saliences may be on 0-1 or 0-100 (see --salience-scale).

Models:
  compromise  The capability x salience weighted mean of positions. The best single
              predictor in studies of EU decisions; use it as the baseline.
  median      The capability x salience weighted median (ties: the lower position).
              The position no majority of weighted votes can beat; use it when the
              decision is by (weighted) majority.
  nash        The asymmetric Nash bargaining solution: maximises the sum of
              capability x salience weighted logs of each actor's gain over its
              disagreement utility. Use it when actors can walk away: give
              --status-quo X (disagreement = utility of X) or a 'disagreement' column
              (utilities on 0-1); default 0. Utility is 1 - |y - x|/span (--loss
              linear) or 1 - ((y - x)/span)^2 (quadratic); span defaults to the range
              of positions (--span). --joint solves all issues at once with salience
              shares as issue weights (linear loss). If no point beats the
              disagreement point for everyone the answer is 'no agreement'.
  eum         Bueno de Mesquita's expected-utility challenge model, round by round:
              actors challenge, compromise or give in, and the weighted median after
              the last round is the forecast. Use it to explore how positions may
              shift. --preset scholz takes the equations of Scholz, Calbert and Smith
              (2011) as printed; --preset velev follows Velev's public
              reimplementation, which reproduces the published trajectory. Each
              ambiguity of the reconstruction can be overridden with --option, e.g.
              --option A4=none --option A6=velev (see docs/bargaining.md):
                A1 target|printed        A2 challenger|target   A3 figure|text
                A4 full|none|expected    A5 literal|weighted
                A6 literal|net-vote|velev A7 own|mover          A8 initial|current|scale
                A9 median|mean           A10 scholz|velev|enforceable
                A11 actors|positions     A12 <Q in [0,1]>       capitulation on|off
              Stopping: --rounds N fixed rounds (default 10); with --tolerance T,
              stop once the median moves by at most T for --stable-rounds rounds
              (at most --rounds, default 100).

Output: --format text (a table for a person), csv (one row per issue and round:
median, mean, every position and risk exponent) or json. Exit status: 0 ok, 2 when
the table or an option is invalid (errors as file:line:column: error: ...).)");
  bargain->add_option("table", bargain_opts.table, "CSV table of actors")->required();
  bargain->add_option("-m,--model", bargain_opts.model, "Bargaining model")
      ->check(CLI::IsMember({"compromise", "median", "nash", "eum"}))
      ->capture_default_str();
  bargain->add_option("--preset", bargain_opts.preset, "EUM preset: scholz or velev")
      ->check(CLI::IsMember({"scholz", "velev"}))
      ->capture_default_str();
  bargain->add_option("-r,--rounds", bargain_opts.rounds, "EUM rounds (the cap with --tolerance)");
  bargain->add_option("-f,--format", bargain_opts.format, "Output format")
      ->check(CLI::IsMember({"text", "csv", "json"}))
      ->capture_default_str();
  bargain->add_option("--salience-scale", bargain_opts.salience_scale,
                      "Salience scale: auto (0-100 when any value exceeds 1), 1 or 100")
      ->check(CLI::IsMember({"auto", "1", "100"}))
      ->capture_default_str();
  bargain->add_option("-o,--option", bargain_opts.eum_options, "EUM ambiguity override, e.g. A4=none (repeatable)")
      ->allow_extra_args(false);
  bargain->add_option("--q", bargain_opts.q, "EUM: probability Q that an unchallenged actor stays put (A12)")
      ->check(CLI::Range(0.0, 1.0));
  bargain->add_option("--tolerance", bargain_opts.tolerance, "EUM: stop when the median moves by at most this")
      ->check(CLI::NonNegativeNumber);
  bargain->add_option("--stable-rounds", bargain_opts.stable_rounds, "EUM: rounds the median must stay within --tolerance")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  bargain->add_option("--loss", bargain_opts.loss, "Nash: linear or quadratic loss")
      ->check(CLI::IsMember({"linear", "quadratic"}))
      ->capture_default_str();
  bargain->add_option("--status-quo", bargain_opts.status_quo, "Nash: disagreement point as a position");
  bargain->add_option("--span", bargain_opts.span, "Nash utility span / EUM issue scale (A8=scale)")
      ->check(CLI::PositiveNumber);
  bargain->add_flag("--joint", bargain_opts.joint, "Nash: solve all issues jointly (linear loss)");
  bargain->callback([&] { status = parley::cli::bargain(bargain_opts); });

  parley::cli::RunCommandOptions run_opts;
  add_run_command(app, run_opts, status);
  add_not_built(app, "summary", "Summarise a results database", "the experiments issue", status);
  add_not_built(app, "compare", "Compare variants against a baseline", "the experiments issue", status);
  add_not_built(app, "export", "Export a results database to CSV or JSON", "the experiments issue", status);
  add_not_built(app, "report", "Write an HTML report from a results database", "the flagship issue", status);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    // CLI11 uses 0 for --help/--version; usage errors get the invalid-input status.
    return code == 0 ? 0 : parley::cli::kExitInvalidInput;
  }
  if (argc == 1) {
    std::cout << app.help();
    return parley::cli::kExitOk;
  }
  return status;
}
