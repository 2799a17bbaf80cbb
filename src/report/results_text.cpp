// parley summary and parley compare: a results database in words, read through ResultsReader.
#include <fmt/format.h>

#include <cmath>

#include "parley/analysis.hpp"
#include "parley/report.hpp"
#include "parley/results_reader.hpp"

namespace parley {

std::string summarise_results(const std::string& database) {
  const ResultsReader reader(database);
  const ExperimentInfo& info = reader.info();
  std::string out = reader.incomplete_note();
  out += fmt::format("{}: scenario {}, seed {}, {} runs per variant, parley {}\n", database, info.scenario_path,
                     info.seed, info.runs, info.parley_version);
  std::vector<std::string> issues;
  for (const auto& i : reader.issues()) issues.push_back(i.id);
  for (const auto& v : info.variants) {
    // Each variant over its own horizon (a variant may change meta.months).
    const StoredVariant& sv = reader.variant(v);
    VariantSummary summary(v == "base" ? "base scenario" : "variant " + v, sv.months, issues,
                           parse_year_month(sv.start), sv.origin);
    reader.for_each_run(v, [&](const StoredRun& r) {
      RunSummaryInput in;
      in.outcome = r.outcome;
      if (r.outcome == RunOutcome::victory && r.victor >= 0)
        in.victor = reader.camps()[static_cast<std::size_t>(r.victor)].id;
      in.first_agreement = r.first_agreement;
      in.peace_month = r.peace_month;
      in.battle_deaths = r.battle_deaths;
      in.victory_by = r.victory_by;
      in.months_formal = r.months_formal;
      in.first_formal = r.first_formal;
      in.history_deaths = r.history_deaths;
      in.months_simulated = r.months_simulated;
      if (!r.terms.empty() && !std::isnan(r.terms[0])) in.terms = r.terms;
      summary.add(in);
    });
    out += '\n' + (summary.runs() ? summary.text() : fmt::format("variant {}: no runs stored\n", v));
  }
  return out;
}

std::string compare_results(const std::string& database, const std::string& baseline) {
  const ResultsReader reader(database);
  const ExperimentInfo& info = reader.info();
  const StoredVariant& base = reader.variant(baseline);
  if (info.variants.size() < 2)
    throw StoreError(database + " holds one variant only; run the experiment with --all-variants or several --variant");
  PairedLayout layout;
  for (const auto& i : reader.issues()) layout.issues.push_back(i.id);
  for (const auto& c : reader.camps()) layout.camps.push_back(c.id);
  layout.months = base.months;
  layout.origin = base.origin;
  layout.start = base.start;
  std::string out;
  if (!info.complete)
    out += fmt::format("NOTE: {} is INCOMPLETE ({} of {} runs stored); comparisons cover the stored pairs only.\n",
                       database, info.items_done, info.runs * info.variants.size());
  out += fmt::format("Differences are variant minus {}, averaged over paired runs; the interval is the mean\n"
                     "difference +/- 1.96 standard errors of the paired differences.\n", baseline);
  const std::optional<YearMonth> start = parse_year_month(base.start);
  const std::optional<YearMonth> zero = start ? std::optional<YearMonth>(start->plus(base.origin)) : std::nullopt;
  if (base.origin > 0)
    out += fmt::format("Counted from the origin, {}: months are months after it, deaths those from it on; the {}\n"
                       "months before it are history, and a run with its first agreement (peace) there is left out\n"
                       "of the measures of the first agreement (peace).\n",
                       month_label(zero, 0), base.origin);
  else
    out += fmt::format("Months are counted from {}.\n", month_label(zero, 0));
  const std::vector<StoredRun> base_runs = reader.runs(baseline);
  for (const auto& v : info.variants)
    if (v != baseline) {
      layout.variant_months = reader.variant(v).months;
      layout.variant_origin = reader.variant(v).origin;
      out += paired_text(compare_paired(layout, base_runs, reader.runs(v)), baseline, v);
    }
  return out;
}

}  // namespace parley
