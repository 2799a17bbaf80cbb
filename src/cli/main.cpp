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
  bargain->footer(
      "Forecast the outcome of a negotiation from a table of actors: each actor's\n"
      "capability, position and salience on one or more issues (the 'Predictioneer's\n"
      "game'). Models: compromise (weighted mean), median (weighted median), nash\n"
      "(asymmetric Nash bargaining solution) and eum (Bueno de Mesquita's expected-utility\n"
      "challenge model, run round by round).");
  bargain->add_option("table", bargain_opts.table, "CSV table of actors")->required();
  bargain->add_option("-m,--model", bargain_opts.model, "Bargaining model")
      ->check(CLI::IsMember({"compromise", "median", "nash", "eum"}))
      ->capture_default_str();
  bargain->add_option("--preset", bargain_opts.preset, "EUM preset")->capture_default_str();
  bargain->add_option("-r,--rounds", bargain_opts.rounds, "EUM rounds");
  bargain->add_option("-f,--format", bargain_opts.format, "Output format")
      ->check(CLI::IsMember({"text", "csv", "json"}))
      ->capture_default_str();
  bargain->add_option("--salience-scale", bargain_opts.salience_scale, "Salience scale: auto, 1 or 100")
      ->check(CLI::IsMember({"auto", "1", "100"}))
      ->capture_default_str();
  bargain->callback([&] { status = parley::cli::bargain(bargain_opts); });

  add_not_built(app, "run", "Run a scenario's Monte Carlo experiment", "the simulation issue", status);
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
