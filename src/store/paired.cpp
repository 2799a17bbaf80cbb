// Paired differences between two variants, from the runs table.
#include "store/paired.hpp"

#include <fmt/format.h>

#include <cmath>

namespace parley::store {

namespace {

// Variants may have their own horizons (a variant can change meta.months): each variant's runs
// are read against its own, and the peace measure says both when they differ.
int horizon(Database& db, const std::string& variant, int fallback) {
  Statement ms = db.prepare("SELECT months FROM variants WHERE variant = ?");
  ms.bind(1, variant);
  return ms.step() ? static_cast<int>(ms.integer(0)) : fallback;
}

std::vector<PairedMeasure> measures(const ResultsLayout& l, int base_months, int variant_months) {
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
  add("peace",
      base_months == variant_months
          ? fmt::format("durable peace by month {}", base_months)
          : fmt::format("durable peace at the horizon (month {} vs {})", base_months, variant_months),
      true, "more likely", "less likely");
  add("agreement", "an agreement ever signed", true, "more likely", "less likely");
  add("agreement_2y", "an agreement within 24 months", true, "more likely", "less likely");
  add("war", "still at war at the horizon", true, "more likely", "less likely");
  for (const auto& c : l.camps) add("victory:" + c, "military victory for " + c, true, "more likely", "less likely");
  add("months_to_agreement", "months to first agreement (never = horizon)", false, "later", "sooner");
  add("months_to_peace", "months to peace (never = horizon)", false, "later", "sooner");
  add("battle_deaths", "battle deaths", false, "more", "fewer");
  for (const auto& i : l.issues)
    add("term:" + i, "terms on " + i + " (runs where both agreed)", false, "higher", "lower");
  for (const auto& c : l.camps) add("share:" + c, "final population share of " + c, true, "larger", "smaller");
  return m;
}

std::string columns(const ResultsLayout& l, const char* t) {
  std::string out = fmt::format("{0}.outcome, {0}.victor, {0}.first_agreement, {0}.peace_month, {0}.battle_deaths", t);
  for (const auto& i : l.issues) out += fmt::format(", {}.{}", t, quote_identifier("term_" + i));
  for (const auto& c : l.camps) out += fmt::format(", {}.{}", t, quote_identifier("share_" + c));
  return out;
}

// Values of one run for every measure, from the columns starting at `c` (NaN: not defined).
std::vector<double> values(const Statement& st, int c, const ResultsLayout& l, int months) {
  const auto month = [&](int col) { return st.is_null(col) ? static_cast<double>(months) : st.real(col); };
  const std::string outcome = st.text(c), victor = st.is_null(c + 1) ? "" : st.text(c + 1);
  const bool agreed = !st.is_null(c + 2);
  std::vector<double> v{outcome == "peace" ? 1.0 : 0.0, agreed ? 1.0 : 0.0,
                        agreed && st.real(c + 2) < 24 ? 1.0 : 0.0, outcome == "war" ? 1.0 : 0.0};
  for (const auto& camp : l.camps) v.push_back(victor == camp ? 1.0 : 0.0);
  v.push_back(month(c + 2));
  v.push_back(month(c + 3));
  v.push_back(st.real(c + 4));
  int col = c + 5;
  for (std::size_t k = 0; k < l.issues.size(); ++k, ++col) v.push_back(st.is_null(col) ? std::nan("") : st.real(col));
  for (std::size_t k = 0; k < l.camps.size(); ++k, ++col) v.push_back(st.real(col));
  return v;
}

}  // namespace

const PairedMeasure* PairedComparison::find(const std::string& key) const {
  for (const auto& m : measures)
    if (m.key == key) return &m;
  return nullptr;
}

ResultsLayout read_layout(Database& db, const std::string& variant) {
  ResultsLayout l;
  Statement is = db.prepare("SELECT issue FROM issues ORDER BY position");
  while (is.step()) l.issues.push_back(is.text(0));
  Statement cs = db.prepare("SELECT camp FROM camps ORDER BY position");
  while (cs.step()) l.camps.push_back(cs.text(0));
  Statement ms = db.prepare("SELECT months FROM variants WHERE variant = ?");
  ms.bind(1, variant);
  if (ms.step()) l.months = static_cast<int>(ms.integer(0));
  return l;
}

PairedComparison compare_variants(Database& db, const ResultsLayout& l, const std::string& baseline,
                                  const std::string& variant) {
  Statement st = db.prepare("SELECT " + columns(l, "b") + ", " + columns(l, "v") +
                            " FROM runs b JOIN runs v ON v.run = b.run AND v.variant = ? WHERE b.variant = ? ORDER BY b.run");
  st.bind(1, variant).bind(2, baseline);
  PairedComparison out;
  const int base_months = horizon(db, baseline, l.months), variant_months = horizon(db, variant, l.months);
  out.measures = measures(l, base_months, variant_months);
  const int width = 5 + static_cast<int>(l.issues.size() + l.camps.size());
  while (st.step()) {
    ++out.pairs;
    std::vector<double> b = values(st, 0, l, base_months), v = values(st, width, l, variant_months);
    for (std::size_t k = 0; k < out.measures.size(); ++k) {
      if (std::isnan(b[k]) || std::isnan(v[k])) continue;
      out.measures[k].base.add(b[k]);
      out.measures[k].variant.add(v[k]);
      out.measures[k].difference.add(v[k] - b[k]);
    }
  }
  return out;
}

}  // namespace parley::store
