// Paired differences between two variants, run n against run n, and their words for people.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "parley/analysis.hpp"

namespace parley {

namespace {

std::vector<PairedMeasure> measures(const PairedLayout& l) {
  std::vector<PairedMeasure> m;
  const auto add = [&](std::string key, std::string name, bool probability, std::string higher, std::string lower) {
    PairedMeasure x;
    x.key = std::move(key);
    x.name = std::move(name);
    x.probability = probability;
    x.higher = std::move(higher);
    x.lower = std::move(lower);
    m.push_back(std::move(x));
  };
  // Variants may have their own horizons (a variant can change meta.months): each variant's runs
  // are read against its own, and the peace measure says both when they differ.
  // Months are counted from the origin (docs/report.md "Months and dates"): the baseline's last
  // month is its horizon less its origin, less one.
  const int vm = l.variant_months < 0 ? l.months : l.variant_months;
  const int vo = l.variant_origin < 0 ? l.origin : l.variant_origin;
  const int last = l.months - l.origin - 1, vlast = vm - vo - 1;
  const std::optional<YearMonth> start = parse_year_month(l.start);
  const std::optional<YearMonth> zero = start ? std::optional<YearMonth>(start->plus(l.origin)) : std::nullopt;
  const bool from_origin = l.origin > 0 || vo > 0;
  add("peace",
      last == vlast && l.origin == vo ? fmt::format("durable peace by {}", month_label(zero, last))
                                      : fmt::format("durable peace at the horizon (month {} vs {})", last, vlast),
      true, "more likely", "less likely");
  add("agreement", from_origin ? "an agreement signed after the origin" : "an agreement ever signed", true,
      "more likely", "less likely");
  add("agreement_2y", fmt::format("an agreement by {}", month_label(zero, 23)), true, "more likely", "less likely");
  add("war", "still at war at the horizon", true, "more likely", "less likely");
  for (const auto& c : l.camps) add("victory:" + c, "military victory for " + c, true, "more likely", "less likely");
  add("months_to_agreement", fmt::format("months to first agreement (never = {})", last + 1), false, "later", "sooner");
  add("months_to_peace", fmt::format("months to peace (never = {})", last + 1), false, "later", "sooner");
  add("months_formal", "months in formal talks (first track)", false, "more", "fewer");
  add("battle_deaths", from_origin ? "battle deaths from the origin" : "battle deaths", false, "more", "fewer");
  for (const auto& i : l.issues)
    add("term:" + i, "terms on " + i + " (runs where both agreed)", false, "higher", "lower");
  for (const auto& c : l.camps) add("share:" + c, "final population share of " + c, true, "larger", "smaller");
  return m;
}

// Values of one run for every measure, in the order of measures() (NaN: not defined). Months
// count from `origin`; a first agreement (peace) before it leaves its measures undefined: a
// milestone of the history is no forecast month.
std::vector<double> values(const StoredRun& r, const PairedLayout& l, int horizon, int origin) {
  const double nan = std::nan("");
  const auto month = [&](int m) {
    return m < 0 ? static_cast<double>(horizon - origin) : m < origin ? nan : static_cast<double>(m - origin);
  };
  const bool agreed = r.first_agreement >= 0, agreed_before = agreed && r.first_agreement < origin;
  std::vector<double> v{r.outcome == RunOutcome::peace ? 1.0 : 0.0, agreed_before ? nan : agreed ? 1.0 : 0.0,
                        agreed_before ? nan : agreed && r.first_agreement < origin + 24 ? 1.0 : 0.0,
                        r.outcome == RunOutcome::war ? 1.0 : 0.0};
  for (std::size_t c = 0; c < l.camps.size(); ++c) v.push_back(r.victor == static_cast<int>(c) ? 1.0 : 0.0);
  v.push_back(month(r.first_agreement));
  v.push_back(month(r.peace_month));
  v.push_back(static_cast<double>(r.months_formal));
  v.push_back(origin > 0 ? std::max(0.0, r.battle_deaths - r.history_deaths) : r.battle_deaths);
  for (std::size_t k = 0; k < l.issues.size(); ++k) v.push_back(k < r.terms.size() ? r.terms[k] : std::nan(""));
  for (std::size_t k = 0; k < l.camps.size(); ++k) v.push_back(k < r.shares.size() ? r.shares[k] : 0.0);
  return v;
}

std::string line(const PairedMeasure& m, int width) {
  const double scale = m.probability ? 100 : 1;
  const double d = m.difference.mean() * scale, h = m.difference.half_width() * scale;
  const char* unit = m.probability ? " points" : "";
  std::string words = "no clear difference";
  if (m.difference.n() > 1 && d - h > 0) words = m.higher;
  if (m.difference.n() > 1 && d + h < 0) words = m.lower;
  if (m.difference.n() > 0 && m.difference.sd() == 0 && d == 0) words = "identical in every run";
  const std::string fmt_value = m.probability ? fmt::format("{{:{}.1f}}%", width - 1) : fmt::format("{{:{}.1f}}", width);
  return fmt::format("  {:<48}{}{}  {:+.1f}{} ({:+.1f} to {:+.1f}): {}\n", m.name,
                     fmt::format(fmt::runtime(fmt_value), m.base.mean() * scale),
                     fmt::format(fmt::runtime(fmt_value), m.variant.mean() * scale), d, unit, d - h, d + h, words);
}

}  // namespace

const PairedMeasure* PairedComparison::find(const std::string& key) const {
  for (const auto& m : measures)
    if (m.key == key) return &m;
  return nullptr;
}

PairedComparison compare_paired(const PairedLayout& l, const std::vector<StoredRun>& baseline,
                                const std::vector<StoredRun>& variant) {
  PairedComparison out;
  out.measures = measures(l);
  // Both lists are in run order: walk them together, keeping the runs both have.
  std::size_t j = 0;
  for (const StoredRun& b : baseline) {
    while (j < variant.size() && variant[j].run < b.run) ++j;
    if (j == variant.size()) break;
    if (variant[j].run != b.run) continue;
    ++out.pairs;
    const std::vector<double> bv = values(b, l, l.months, l.origin),
                              vv = values(variant[j], l, l.variant_months < 0 ? l.months : l.variant_months,
                                          l.variant_origin < 0 ? l.origin : l.variant_origin);
    for (std::size_t k = 0; k < out.measures.size(); ++k) {
      if (std::isnan(bv[k]) || std::isnan(vv[k])) continue;
      out.measures[k].base.add(bv[k]);
      out.measures[k].variant.add(vv[k]);
      out.measures[k].difference.add(vv[k] - bv[k]);
    }
  }
  return out;
}

std::string paired_text(const PairedComparison& c, const std::string& baseline, const std::string& variant) {
  std::string out = fmt::format("\nvariant {} against {} ({} paired runs: run n of each drew the same random numbers)\n",
                                variant, baseline, c.pairs);
  // Columns as wide as the names (at least 9), so no variant's name is cut.
  const int width = static_cast<int>(std::max<std::size_t>({9, baseline.size() + 1, variant.size() + 1}));
  out += fmt::format("  {:<48}{:>{}}{:>{}}  difference (95% interval): in words\n", "measure", baseline, width, variant,
                     width);
  for (const auto& m : c.measures) out += line(m, width);
  return out;
}

}  // namespace parley
