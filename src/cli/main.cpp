// The parley command line: argument parsing only; each subcommand lives in its own file.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "parley/bargain.hpp"
#include "parley/version.hpp"

namespace {

using parley::cli::kMaxRuns;

// --runs: a whole number from 1 to kMaxRuns, with a message that says why the cap is there.
CLI::Validator runs_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        long long n = 0;
        std::size_t used = 0;
        try {
          n = std::stoll(text, &used);
        } catch (const std::out_of_range&) {  // more digits than 64 bits hold
          used = text.find_first_not_of("+-0123456789") == std::string::npos ? text.size() : 0;
          n = text.find('-') == std::string::npos ? kMaxRuns + 1 : 0;
        } catch (const std::exception&) {
          used = 0;
        }
        if (used == 0 || used != text.size()) return fmt::format("'{}' is not a whole number of runs", text);
        if (n < 1) return fmt::format("{} runs: give at least 1", text);
        if (n > kMaxRuns)
          return fmt::format(
              "{} runs per variant is more than parley run accepts (100,000,000). 10^8 runs of the "
              "flagship scenario already take about 6 hours of 2 cores and 9 GB of results per variant, "
              "so a larger count is taken for a typing slip (see Limits in docs/robustness.md)",
              text);
        return "";
      },
      "INT in [1, 100000000]", "RunsLimit");
}

// --seed: a whole number that fits 64 bits. CLI11 alone saturates -1, 2^64 and 1e23 to the same
// seed, so three different experiments would silently be one.
CLI::Validator seed_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::string digits = !text.empty() && text[0] == '+' ? text.substr(1) : text;
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (digits.empty() || end != digits.data() + digits.size() || ec == std::errc::invalid_argument)
          return fmt::format("'{}' is not a seed: expected a whole number from 0 to 18446744073709551615", text);
        if (ec == std::errc::result_out_of_range)
          return fmt::format("{} is not a seed: seeds are 64-bit, from 0 to 18446744073709551615", text);
        return "";
      },
      "UINT64", "Seed");
}

// --threads: each thread is a stack and 32 items of the results window; beyond the cores it
// gains nothing, and tens of thousands exhaust the process (std::terminate when one fails to start).
constexpr unsigned kMaxThreads = 1024;
CLI::Validator threads_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        unsigned long long n = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (text.empty() || end != text.data() + text.size() || ec == std::errc::invalid_argument)
          return fmt::format("'{}' is not a whole number of threads", text);
        if (ec == std::errc::result_out_of_range || n > kMaxThreads)
          return fmt::format("{} threads is more than parley run accepts ({}): more threads than cores gain "
                             "nothing (see Limits in docs/robustness.md)", text, kMaxThreads);
        return "";
      },
      "INT in [0, 1024]", "ThreadsLimit");
}

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

void add_run_command(CLI::App& app, parley::cli::RunCommandOptions& o, int& status) {
  auto* run = app.add_subcommand("run", "Simulate a scenario many times (Monte Carlo) and store the results");
  run->footer(
      "Simulates the scenario month by month, many times: fighting in every region, beliefs\n"
      "learning from the battlefield, patron pressure, the deal on the table, and the talks\n"
      "moving from closed to exploratory, formal, agreement and, if it holds, durable peace.\n"
      "\n"
      "Runs are spread over --threads threads (default: every core). Run n of seed s always\n"
      "draws the same random numbers, whatever the thread count, and every variant's run n\n"
      "faces the same luck as the base's (common random numbers): differences between\n"
      "variants are paired, run by run, and much less noisy than with independent runs.\n"
      "\n"
      "At the end it prints, per variant, the chance of each outcome, the median month of the\n"
      "first agreement and of durable peace (Kaplan-Meier, censored at the horizon) with 95%\n"
      "intervals, the terms agreed and the battle deaths.\n"
      "\n"
      "With --out FILE the experiment goes into a SQLite results database (see\n"
      "docs/results-format.md): one row per run and variant, monthly aggregates, the chance\n"
      "that each camp holds each region each month, and survival curves. Rows are committed\n"
      "about once a second; if the run is interrupted (Ctrl-C, a kill), the database keeps\n"
      "every completed run, is marked incomplete, and --resume finishes it. Read it back with\n"
      "parley summary, parley compare and parley export.\n"
      "\n"
      "With --trace K, the first K runs are narrated month by month (offensives, regions\n"
      "changing hands, talks opened and derailed, agreements, defections, the end) and their\n"
      "monthly trace is written as CSV (--trace-csv).\n"
      "\n"
      "A progress line (runs done, runs per second, time left) is drawn on stderr when it is\n"
      "a terminal; --quiet turns it and the narrative off.\n"
      "\n"
      "Examples:\n"
      "  parley run scenarios/two-party/scenario.yaml --runs 1 --seed 7 --trace\n"
      "  parley run scenarios/patron/scenario.yaml --runs 10000 --all-variants --out patron.db\n"
      "  parley run scenarios/patron/scenario.yaml --out patron.db --resume\n"
      "  parley compare patron.db --baseline base");
  run->add_option("scenario", o.scenario, "Scenario file (YAML)")->required();
  run->add_option("--variant", o.variants, "Run this variant (repeatable; 'base' for the base scenario)");
  run->add_flag("--all-variants", o.all_variants, "Run the base scenario and every variant");
  run->add_option("-n,--runs", o.runs, "Number of runs per variant")->check(runs_validator())->capture_default_str();
  run->add_option("-s,--seed", o.seed, "Random seed")->check(seed_validator())->capture_default_str();
  run->add_option("-j,--threads", o.threads, "Threads to run on (0: every core)")
      ->check(threads_validator())
      ->capture_default_str();
  run->add_option("-o,--out", o.out, "Write the results database (SQLite) here; it must not exist yet");
  run->add_option("--posterior", o.posterior,
                  "Draw the uncertain values of each run jointly from this posterior (written by parley calibrate)");
  run->add_flag("--resume", o.resume,
                "Finish the interrupted experiment in --out (same scenario file; seed, runs and variants come from the database)");
  run->add_option("--trace", o.trace, "Narrate and trace the first K runs (K defaults to 1)")
      ->expected(0, 1)
      ->default_str("1")
      ->check(CLI::Range(0, 1000));
  run->add_option("--trace-csv", o.trace_csv, "Where the monthly trace is written (CSV)")->capture_default_str();
  run->add_flag("-q,--quiet", o.quiet, "No narrative and no progress line, only the summary");
  run->callback([&o, &status] { status = parley::cli::run(o); });
}

void add_calibrate_command(CLI::App& app, parley::cli::CalibrateOptions& o, int& status) {
  auto* cal = app.add_subcommand("calibrate", "Fit a scenario's uncertain values to its history (ABC-SMC)");
  cal->footer(
      "Fits the scenario's uncertain values (the ones given as distributions: the priors) to\n"
      "its observations dated before meta.origin, by approximate Bayesian computation with\n"
      "sequential Monte Carlo (ABC-SMC; docs/forecasting.md). Each proposal simulates the\n"
      "history (the months from meta.start to the origin) and is scored by the distance\n"
      "between its simulated observations and the observed ones, each scaled by its spread\n"
      "under the prior. Tolerances fall generation by generation (each the --quantile of the\n"
      "last accepted distances) until --generations, the --budget of simulations, an\n"
      "acceptance below --min-acceptance, or Ctrl-C (which keeps the last whole generation).\n"
      "The database is rewritten after every generation, so a calibration stopped by Ctrl-C,\n"
      "a kill or a crash loses at most the generation under way: `--resume` continues it\n"
      "(same scenario, seed, --particles, --quantile, --min-acceptance and --variant; a\n"
      "larger --generations or --budget goes further) with the particles an uninterrupted\n"
      "run would have found.\n"
      "\n"
      "Observations at or after the origin are refused unless marked `use: score`: a forecast\n"
      "is calibrated only on what was known at its vantage point.\n"
      "\n"
      "Writes a posterior database (--out, SQLite: particles and weights, each generation's\n"
      "tolerance, acceptance and effective sample size, and a posterior predictive check at\n"
      "every observation) and prints priors against posteriors. `parley run --posterior FILE`\n"
      "then draws each run's values jointly from it. Same seed: the same posterior, whatever\n"
      "the number of threads.\n"
      "\n"
      "Example:\n"
      "  parley calibrate scenarios/afghanistan-2015/scenario.yaml --out posterior.db\n"
      "  parley run scenarios/afghanistan-2015/scenario.yaml --posterior posterior.db --runs 1000");
  cal->add_option("scenario", o.scenario, "Scenario file (YAML) with meta.origin, observations and distributions")
      ->required();
  cal->add_option("-o,--out", o.out, "Write the posterior database (SQLite) here; it must not exist yet (unless --resume)")->required();
  cal->add_flag("--resume", o.resume, "Continue the calibration stopped in --out (same settings; --generations and --budget may grow)");
  cal->add_option("--variant", o.variant, "Calibrate this variant instead of the base scenario");
  cal->add_option("--particles", o.particles, "Particles per generation")->check(CLI::Range(10, 1'000'000))->capture_default_str();
  cal->add_option("--generations", o.generations, "Generations at most")->check(CLI::Range(1, 1000))->capture_default_str();
  cal->add_option("--budget", o.budget, "Simulations at most, over all generations")
      ->check(CLI::Range(10ull, 1'000'000'000ull))
      ->capture_default_str();
  cal->add_option("--quantile", o.quantile, "Each tolerance: this quantile of the last generation's distances")
      ->check(CLI::Range(0.05, 0.95))
      ->capture_default_str();
  cal->add_option("--min-acceptance", o.min_acceptance, "Stop when a generation accepts less than this share")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cal->add_option("--checks", o.checks, "Posterior predictive draws (as many from the prior)")
      ->check(CLI::Range(0, 100'000))
      ->capture_default_str();
  cal->add_option("-s,--seed", o.seed, "Random seed")->check(seed_validator())->capture_default_str();
  cal->add_option("-j,--threads", o.threads, "Threads (0: every core)")->check(threads_validator())->capture_default_str();
  cal->add_flag("-q,--quiet", o.quiet, "No progress lines");
  cal->callback([&o, &status] { status = parley::cli::calibrate(o); });
}

void add_score_command(CLI::App& app, parley::cli::ScoreCommandOptions& o, int& status) {
  auto* sc = app.add_subcommand("score", "Score a results database's forecast against what happened");
  sc->footer(
      "Scores the forecast in a results database (written by parley run --out) against an\n"
      "observations file (the CSV of docs/scenario-format.md, \"observations\"; its camps,\n"
      "actors and regions are those of the database), each row from every run's own value:\n"
      "battle deaths over whole calendar years (run_yearly_deaths), any row of the scenario's\n"
      "own observations file (run_observations: deaths between two camps, shares, control,\n"
      "forces), and milestones by a date from the runs' months (\"not by this date\" too).\n"
      "\n"
      "Quantities: the CRPS (exact, in the quantity's units), the ignorance on binned\n"
      "predictives (deaths and forces in half decades 0, 1, 3, 10, 30, ... unless --bins; shares\n"
      "and control in tenths) with the --floor, the PIT, and coverage of the central 50% and\n"
      "90% intervals. Milestones: the Brier and log scores. The same scores for the baselines\n"
      "built from the file's rows dated before the scenario's meta.origin: persistence, linear\n"
      "trend and climatology (milestones: the row's base_rate, else 50%), and the skill against\n"
      "the best of them, 1 - score / best baseline's score.\n"
      "\n"
      "Rows ending before the origin are history: they build the baselines and are not scored\n"
      "unless --include-history (an in-sample check). Rows the database cannot score are listed\n"
      "with the reason. Formulas: docs/forecasting.md.\n"
      "\n"
      "Exit status: 0 scored, 1 cannot write the output, 2 bad input (a missing or bad\n"
      "observations file, every error located; a database that is missing, incomplete or not\n"
      "a parley results database of this version; an unknown --variant; bad --bins).\n"
      "\n"
      "Example:\n"
      "  parley run tests/data/calibrate/scenario.yaml --runs 500 --seed 7 --out r.db\n"
      "  parley score r.db tests/data/calibrate/observations.csv --json -o scores.json");
  sc->add_option("database", o.database, "Results database (SQLite)")->required();
  sc->add_option("observations", o.observations, "Observations file (CSV)")->required();
  sc->add_option("--variant", o.variant, "Score this variant (default: the first stored, the base when it was run)");
  sc->add_flag("--json", o.json, "Write JSON instead of text");
  sc->add_option("-o,--output", o.output, "Write to this file instead of standard output");
  sc->add_option("--floor", o.floor, "Probability floor of the ignorance and the log score")
      ->check(CLI::Range(1e-12, 0.5))
      ->capture_default_str();
  sc->add_option("--bins", o.bins, "Ignorance bin edges for deaths and forces, ascending, comma-separated (inf allowed)");
  sc->add_flag("--include-history", o.include_history,
               "Also score the rows ending before the origin (in sample: the history the forecast started from)");
  sc->add_option("-s,--seed", o.seed, "Seed of the PIT's randomisation (default: the experiment's seed)")
      ->check(seed_validator());
  sc->callback([&o, &status] { status = parley::cli::score(o); });
}

void add_sensitivity_command(CLI::App& app, parley::cli::SensitivityOptions& o, int& status) {
  auto* sen = app.add_subcommand("sensitivity", "Which uncertain values move the forecast (Morris, then Sobol)");
  sen->footer(
      "Measures how much each of the scenario's uncertain values (the ones given as\n"
      "distributions) moves the outputs an analyst asks about, in two phases (docs/forecasting.md,\n"
      "\"Sensitivity\"):\n"
      "  1. Morris screening of every uncertain value: --trajectories paths of k + 1 points over\n"
      "     each value's quantiles (4 levels); mu* is the mean absolute change of an output per\n"
      "     unit of a value's probability. A value is kept when its mu* reaches\n"
      "     --screen-threshold times the largest mu* on any output (0 keeps every value).\n"
      "  2. Sobol first-order and total indices of the values kept (Saltelli's design, Jansen's\n"
      "     estimators), --samples rows, with --bootstrap percentile 95% intervals; the values\n"
      "     screened out are held at their nominal values (the median, a choice's first value).\n"
      "Each point of a design is the mean of --replicates simulated runs with the values fixed\n"
      "there; all points of one Morris path, and of one Sobol row, share their dice (common\n"
      "random numbers). Cost: (trajectories (k + 1) + samples (kept + 2)) x replicates runs.\n"
      "\n"
      "Outputs (--outputs, comma-separated; default all): peace (durable peace by the horizon,\n"
      "0/1), months_to_agreement (from the origin or start; a run without one counts the months\n"
      "to the horizon), deaths_first_year (battle deaths in the 12 months from the origin or\n"
      "start), deaths_total (from the origin or start to the horizon), terms:<issue> (the last\n"
      "agreement's terms; the status quo without one; `terms` names every issue), victory\n"
      "(a military victory by any camp, 0/1).\n"
      "\n"
      "Writes a sensitivity database (--out, SQLite: tables morris, sobol, inputs, outputs,\n"
      "files and the settings), optionally the same tables as CSV (--csv DIR), and prints them.\n"
      "`parley report RESULTS.db --sensitivity FILE` adds a tornado chart. Same seed: the same\n"
      "numbers, whatever the number of threads. Exit status: 0 done, 1 cannot write, 2 invalid\n"
      "input (no uncertain value, an unknown output, --out exists), 130 interrupted (after the\n"
      "screening the database keeps it).\n"
      "\n"
      "Example:\n"
      "  parley sensitivity tests/data/sensitivity/scenario.yaml --out sens.db\n"
      "  parley run tests/data/sensitivity/scenario.yaml --runs 1000 --out r.db\n"
      "  parley report r.db -o r.html --sensitivity sens.db");
  sen->add_option("scenario", o.scenario, "Scenario file (YAML) with uncertain values")->required();
  sen->add_option("-o,--out", o.out, "Write the sensitivity database (SQLite) here; it must not exist yet")->required();
  sen->add_option("--variant", o.variant, "Analyse this variant instead of the base scenario");
  sen->add_option("--outputs", o.outputs, "Comma-separated outputs (default: all; see below)");
  sen->add_option("--trajectories", o.trajectories, "Morris trajectories")
      ->check(CLI::Range(2ull, 100'000ull))
      ->capture_default_str();
  sen->add_option("--samples", o.samples, "Sobol samples (rows of each of the matrices A and B)")
      ->check(CLI::Range(2ull, 1'000'000ull))
      ->capture_default_str();
  sen->add_option("--bootstrap", o.bootstrap, "Bootstrap resamples for the Sobol intervals (0: none)")
      ->check(CLI::Range(0ull, 100'000ull))
      ->capture_default_str();
  sen->add_option("--replicates", o.replicates, "Runs averaged at each point of the designs")
      ->check(CLI::Range(1ull, 10'000ull))
      ->capture_default_str();
  sen->add_option("--screen-threshold", o.screen_threshold,
                  "Keep an input whose Morris mu* reaches this share of the largest on some output")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  sen->add_option("--csv", o.csv_dir, "Also write the tables as CSV files into this folder (created if needed)");
  sen->add_option("-s,--seed", o.seed, "Random seed")->check(seed_validator())->capture_default_str();
  sen->add_option("-j,--threads", o.threads, "Threads (0: every core)")->check(threads_validator())->capture_default_str();
  sen->add_flag("-q,--quiet", o.quiet, "No progress lines");
  sen->callback([&o, &status] { status = parley::cli::sensitivity(o); });
}

void add_report_command(CLI::App& app, parley::cli::ReportCommandOptions& o, int& status) {
  auto* report = app.add_subcommand("report", "Write an HTML report from a results database");
  report->footer(
      "Writes one self-contained HTML file (no network needed to view it: the charts are SVG\n"
      "drawn by parley, the script is inline) for a complete results database written by\n"
      "parley run --out. It opens with the questions answered in sentences, each with its\n"
      "number and 95% interval: will formal talks, an agreement and durable peace come, when,\n"
      "on what terms, will an agreement hold, how many die; then, for each of the scenario's\n"
      "'questions', how its variants differ from the first one (paired, run by run). Then the\n"
      "charts: talks states over time, time to agreement and to peace per variant, battle\n"
      "deaths per year as a fan chart, variant differences with intervals, the terms agreed,\n"
      "and, when the scenario has a 'map', the regions coloured by the first camp's control\n"
      "share (its mean over runs; or, with --map holder or the page's switch, the chance that\n"
      "it holds the most of each), with a month slider. Months are counted from the forecast's\n"
      "origin (meta.origin; the start without one), month 0 being its month, with dates.\n"
      "\n"
      "The file is written beside its final name and renamed into place, so a failed write\n"
      "never leaves a half report. Exit status: 0 written, 1 cannot write, 2 when the\n"
      "database is missing, damaged, incomplete or not a parley results database, when\n"
      "-o names a folder or the database itself, or when the --observations file is bad.\n"
      "With --observations, a last section scores the forecast against that file as\n"
      "parley score does (see parley score --help).\n"
      "\n"
      "With --sensitivity FILE (written by parley sensitivity) the report adds \"What the\n"
      "forecast depends on\": per output, the uncertain inputs as horizontal bars sorted by\n"
      "their total Sobol index, the first-order index inside, both with bootstrap intervals,\n"
      "and a sentence naming the inputs that account for 5% or more of the output's variance.\n"
      "\n"
      "Example:  parley run scenarios/afghanistan-2015/scenario.yaml --all-variants \\\n"
      "              --runs 2000 --out afg.db && parley report afg.db -o afg.html");
  report->add_option("database", o.database, "Results database (SQLite)")->required();
  report->add_option("-o,--output", o.output, "The HTML file to write (replaced if it exists)")->capture_default_str();
  report->add_option("-b,--baseline", o.baseline,
                     "The variant the headline answers describe (default: the first question's first variant, "
                     "else 'base')");
  report->add_option("--month", o.month,
                     "The month the map opens at, counted from the origin (meta.origin, else the start): 0 = its "
                     "own month (default 11, the end of the first year)")
      ->check(CLI::Range(0, 100000));
  report->add_option("--map", o.map,
                     "What colours the map's regions at first: 'share' (the first camp's control share, its mean "
                     "over runs) or 'holder' (the share of runs in which the first camp holds the most); the page "
                     "switches between them")
      ->check(CLI::IsMember({"share", "holder"}))
      ->capture_default_str();
  report->add_option("--observations", o.observations,
                     "Add \"How the forecast scored\": parley score's scores against this observations file, the "
                     "deaths fan with the observations on it, the PIT histogram and the milestones' reliability");
  report->add_option("--sensitivity", o.sensitivity,
                     "Add \"What the forecast depends on\": tornado charts from this sensitivity database "
                     "(written by parley sensitivity)");
  report->callback([&o, &status] { status = parley::cli::report(o); });
}

void add_results_commands(CLI::App& app, parley::cli::ResultsCommandOptions& o, int& status) {
  auto* summary = app.add_subcommand("summary", "Summarise a results database");
  summary->footer(
      "Prints, for every variant in a results database written by parley run --out: the\n"
      "chance of each outcome at the horizon (with Wilson 95% intervals), the median month of\n"
      "the first agreement and of durable peace (Kaplan-Meier, runs without one censored at\n"
      "the horizon) with 95% intervals, the mean terms of the agreements, and battle deaths.\n"
      "An incomplete database (an interrupted run) is summarised too, with a warning.\n"
      "\n"
      "Months are counted from the forecast's origin (meta.origin; the start without one),\n"
      "month 0 being the origin's own month, and shown with their dates: \"month 14 (Jul\n"
      "2016)\". With an origin, milestones reached before it are reported apart and battle\n"
      "deaths are those from it on (docs/report.md, \"Months and dates\").\n"
      "\n"
      "Example:  parley summary patron.db");
  summary->add_option("database", o.database, "Results database (SQLite)")->required();
  summary->callback([&o, &status] { status = parley::cli::summary(o); });

  auto* compare = app.add_subcommand("compare", "Compare variants against a baseline");
  compare->footer(
      "For every variant in a results database, the difference from the baseline variant in\n"
      "the chance of peace, of an agreement, of continued war and of each camp's victory, the\n"
      "months to agreement and to peace, battle deaths, terms and final control. Runs are\n"
      "paired (run n of each variant drew the same random numbers), so each difference comes\n"
      "with a paired 95% interval: mean difference +/- 1.96 standard errors. A difference\n"
      "whose interval excludes zero is described in words (more likely, sooner, fewer...).\n"
      "Months count from the origin (meta.origin; the start without one), month 0 being its\n"
      "month; with an origin, deaths are those from it on and a run whose first agreement\n"
      "(peace) came before it is left out of that measure.\n"
      "\n"
      "Example:  parley compare patron.db --baseline base");
  compare->add_option("database", o.database, "Results database (SQLite)")->required();
  compare->add_option("-b,--baseline", o.baseline, "The variant to compare against")->capture_default_str();
  compare->callback([&o, &status] { status = parley::cli::compare(o); });

  auto* exp = app.add_subcommand("export", "Export a results database to CSV or JSON");
  exp->footer(
      "Writes every table of a results database (experiment, files, variants, issues, camps,\n"
      "actors, regions, tracks, agenda_items, inputs, calendar_years, observations, runs,\n"
      "run_tracks, run_inputs, run_yearly_deaths, run_observations, monthly, monthly_control,\n"
      "region_control, monthly_agenda, monthly_victory, survival, yearly_deaths,\n"
      "region_shapes, questions, question_variants) as one file per\n"
      "table: CSV with a header row (--csv DIR) or JSON arrays of records (--json DIR), ready\n"
      "for pandas.read_csv / read_json(orient='records') or R's read.csv. Missing values\n"
      "(a month that never came) are empty cells in CSV and null in JSON. The columns are\n"
      "described in docs/results-format.md.\n"
      "\n"
      "Example:  parley export patron.db --csv patron-csv");
  exp->add_option("database", o.database, "Results database (SQLite)")->required();
  exp->add_option("--csv", o.csv_dir, "Directory for CSV files (created if needed)");
  exp->add_option("--json", o.json_dir, "Directory for JSON files (created if needed)");
  exp->callback([&o, &status] { status = parley::cli::export_results(o); });
}

}  // namespace

int main(int argc, char** argv) {
  // A write past a file size limit (ulimit -f) fails with EFBIG and is reported as such
  // ("the file size limit was reached"); by default SIGXFSZ would kill parley without a word.
  std::signal(SIGXFSZ, SIG_IGN);
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
              (2011) as printed; --preset velev is Velev's public reimplementation
              exactly (jmckib/bdm-scholz-expected-utility-model), which nearly
              reproduces the published trajectory, including its typo that
              prevents every capitulation; --preset velev-corrected is the same
              with capitulation restored. Each ambiguity of the reconstruction
              can be overridden with --option, e.g. --option A4=none
              --option A6=velev (see docs/bargaining.md):
                A1 target|printed        A2 challenger|target   A3 figure|text
                A4 full|none|expected    A5 literal|weighted
                A6 literal|net-vote|velev A7 own|mover          A8 initial|current|scale
                A9 median|mean           A10 scholz|velev|enforceable
                A11 actors|positions     A12 <Q in [0,1]>       capitulation on|off
              Stopping: --rounds N fixed rounds (default 10); with --tolerance T,
              stop once the median moves by at most T for --stable-rounds rounds
              (at most --rounds, default 100).
  smp         KTAB's Spatial Model of Politics, on one or more dimensions at
              once: actors challenge the target that gains them most, each
              challenge becomes a bargain between the two positions, and every
              actor's queue of bargains is settled by a probabilistic Condorcet
              election; turns run until a turn moves the actors by less than 2%
              of the first turn's move (KTAB's rule; --rounds caps the turns,
              default 100). Positions on 0-100. TABLE may also be a KTAB XML
              scenario, whose <ModelParameters> and <IdealAdjustment> are used.
              The forecast is KTAB's probability-weighted mean of the final
              positions, with the most probable final position beside it.
              Options (KTAB's names, --option KEY=VALUE, defaults first):
                VictoryProbModel Linear|Square|Quartic|Octic|Binary
                PCEModel Conditional|MarkovIncentive|MarkovUniform
                StateTransitions Deterministic|Stochastic (with --seed N)
                VotingRule Proportional|Binary|PropBin|PropCbc|Cubic|ASymProsp
                BigRAdjust OneThird|None|Half|TwoThirds|Full
                BigRRange Mid|Min|Max       ThirdPartyCommit SemiCommit|NoCommit|FullCommit
                InterVecBrgn S2P2|S1P1|S2PMax
                BargnModel InitOnlyInterp|InitRcvrInterp|PWCompInterp

Output: --format text (a table for a person), csv (one row per issue and round:
median, mean, every position and risk exponent; smp: one row per turn and actor with
its position and the probability of that position) or json (smp: issues[k].forecast,
most_probable, and every turn's positions and distinct positions with their
probabilities). Exit status: 0 ok, 2 when
the table or an option is invalid (errors as file:line:column: error: ...).)");
  bargain->add_option("table", bargain_opts.table, "CSV table of actors (smp: or a KTAB XML scenario)")->required();
  bargain->add_option("-m,--model", bargain_opts.model, "Bargaining model")
      ->check(CLI::IsMember(parley::enum_choices<parley::bargain::Model>()))
      ->capture_default_str();
  bargain->add_option("--preset", bargain_opts.preset, "EUM preset: scholz, velev or velev-corrected")
      ->check(CLI::IsMember({"scholz", "velev", "velev-corrected"}))
      ->capture_default_str();
  bargain->add_option("-r,--rounds", bargain_opts.rounds, "EUM rounds (the cap with --tolerance); SMP: the most turns (default 100)");
  bargain->add_option("-f,--format", bargain_opts.format, "Output format")
      ->check(CLI::IsMember({"text", "csv", "json"}))
      ->capture_default_str();
  bargain->add_option("--salience-scale", bargain_opts.salience_scale,
                      "Salience scale: auto (0-100 when any value exceeds 1), 1 or 100")
      ->check(CLI::IsMember({"auto", "1", "100"}))
      ->capture_default_str();
  bargain->add_option("-o,--option", bargain_opts.eum_options, "EUM ambiguity override, e.g. A4=none, or SMP option, e.g. VotingRule=PropCbc (repeatable)")
      ->allow_extra_args(false);
  bargain->add_option("--q", bargain_opts.q, "EUM: probability Q that an unchallenged actor stays put (A12)")
      ->check(CLI::Range(0.0, 1.0));
  bargain->add_option("--tolerance", bargain_opts.tolerance, "EUM: stop when the median moves by at most this")
      ->check(CLI::NonNegativeNumber);
  bargain->add_option("--stable-rounds", bargain_opts.stable_rounds, "EUM: rounds the median must stay within --tolerance")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  bargain->add_option("--loss", bargain_opts.loss, "Nash: linear or quadratic loss")
      ->check(CLI::IsMember(parley::enum_choices<parley::bargain::Loss>()))
      ->capture_default_str();
  bargain->add_option("--status-quo", bargain_opts.status_quo, "Nash: disagreement point as a position");
  bargain->add_option("--span", bargain_opts.span, "Nash utility span / EUM issue scale (A8=scale)")
      ->check(CLI::PositiveNumber);
  bargain->add_flag("--joint", bargain_opts.joint, "Nash: solve all issues jointly (linear loss)");
  bargain->add_option("--seed", bargain_opts.seed, "SMP: seed of StateTransitions=Stochastic (default 1, or the XML prngSeed)");
  bargain->callback([&] { status = parley::cli::bargain(bargain_opts); });

  parley::cli::RunCommandOptions run_opts;
  for (int i = 0; i < argc; ++i) run_opts.command_line += (i ? " " : "") + std::string(i ? argv[i] : "parley");
  add_run_command(app, run_opts, status);
  parley::cli::CalibrateOptions calibrate_opts;
  calibrate_opts.command_line = run_opts.command_line;
  add_calibrate_command(app, calibrate_opts, status);
  parley::cli::ScoreCommandOptions score_opts;
  add_score_command(app, score_opts, status);
  parley::cli::SensitivityOptions sensitivity_opts;
  sensitivity_opts.command_line = run_opts.command_line;
  add_sensitivity_command(app, sensitivity_opts, status);
  parley::cli::ResultsCommandOptions results_opts;
  add_results_commands(app, results_opts, status);
  parley::cli::ReportCommandOptions report_opts;
  add_report_command(app, report_opts, status);

  // `parley nosuch --help` would print the top-level help and exit 0: an unknown command is an
  // error whatever follows it.
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(sub->get_name());
    if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
      std::string list;
      for (std::size_t i = 0; i < names.size(); ++i) list += (i ? (i + 1 == names.size() ? " or " : ", ") : "") + names[i];
      std::cerr << fmt::format("parley: unknown command '{}', expected {} (parley --help lists them)\n", argv[1], list);
      return parley::cli::kExitInvalidInput;
    }
  }
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
