// parley compare: each variant against a baseline, run n against run n (common random numbers),
// with paired 95% intervals, in numbers and words.
#include <fmt/format.h>

#include <filesystem>
#include <functional>

#include "parley/results_store.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"

namespace parley {

using store::Database;
using store::Statement;

namespace {

// One paired measure: its name, whether it is a probability (shown in points), the words for
// "higher" and "lower", and the per-run value (NaN when the run does not have it).
struct Measure {
  std::string name;
  bool probability = false;
  std::string higher, lower;
  MeanInterval base, variant, difference;
};

struct Layout {
  std::vector<std::string> issues, camps;
  int months = 0;
};

// Values of one run for every measure, from the columns starting at `c`.
std::vector<double> values(const Statement& st, int c, const Layout& l) {
  const auto month = [&](int col) { return st.is_null(col) ? static_cast<double>(l.months) : st.real(col); };
  const std::string outcome = st.text(c), victor = st.is_null(c + 1) ? "" : st.text(c + 1);
  std::vector<double> v{outcome == "peace" ? 1.0 : 0.0, st.is_null(c + 2) ? 0.0 : 1.0, outcome == "war" ? 1.0 : 0.0};
  for (const auto& camp : l.camps) v.push_back(victor == camp ? 1.0 : 0.0);
  v.push_back(month(c + 2));
  v.push_back(month(c + 3));
  v.push_back(st.real(c + 4));
  int col = c + 5;
  for (std::size_t k = 0; k < l.issues.size(); ++k, ++col) v.push_back(st.is_null(col) ? std::nan("") : st.real(col));
  for (std::size_t k = 0; k < l.camps.size(); ++k, ++col) v.push_back(st.real(col));
  return v;
}

std::vector<Measure> measures(const Layout& l) {
  std::vector<Measure> m;
  m.push_back({fmt::format("durable peace by month {}", l.months), true, "more likely", "less likely", {}, {}, {}});
  m.push_back({"an agreement ever signed", true, "more likely", "less likely", {}, {}, {}});
  m.push_back({"still at war at the horizon", true, "more likely", "less likely", {}, {}, {}});
  for (const auto& c : l.camps) m.push_back({"military victory for " + c, true, "more likely", "less likely", {}, {}, {}});
  m.push_back({"months to first agreement (never = horizon)", false, "later", "sooner", {}, {}, {}});
  m.push_back({"months to peace (never = horizon)", false, "later", "sooner", {}, {}, {}});
  m.push_back({"battle deaths", false, "more", "fewer", {}, {}, {}});
  for (const auto& i : l.issues)
    m.push_back({"terms on " + i + " (runs where both agreed)", false, "higher", "lower", {}, {}, {}});
  for (const auto& c : l.camps) m.push_back({"final population share of " + c, true, "larger", "smaller", {}, {}, {}});
  return m;
}

std::string columns(const Layout& l, const char* t) {
  std::string out = fmt::format("{0}.outcome, {0}.victor, {0}.first_agreement, {0}.peace_month, {0}.battle_deaths", t);
  for (const auto& i : l.issues) out += fmt::format(", {}.{}", t, store::quote_identifier("term_" + i));
  for (const auto& c : l.camps) out += fmt::format(", {}.{}", t, store::quote_identifier("share_" + c));
  return out;
}

std::string line(const Measure& m) {
  const double scale = m.probability ? 100 : 1;
  const double d = m.difference.mean() * scale, h = m.difference.half_width() * scale;
  const char* unit = m.probability ? " points" : "";
  std::string words = "no clear difference";
  if (m.difference.n() > 1 && d - h > 0) words = m.higher;
  if (m.difference.n() > 1 && d + h < 0) words = m.lower;
  if (m.difference.n() > 0 && m.difference.sd() == 0 && d == 0) words = "identical in every run";
  const std::string fmt_value = m.probability ? "{:8.1f}%" : "{:9.1f}";
  return fmt::format("  {:<48}{}{}  {:+.1f}{} ({:+.1f} to {:+.1f}): {}\n", m.name,
                     fmt::format(fmt::runtime(fmt_value), m.base.mean() * scale),
                     fmt::format(fmt::runtime(fmt_value), m.variant.mean() * scale), d, unit, d - h, d + h, words);
}

std::string compare_one(Database& db, const Layout& l, const std::string& baseline, const std::string& variant) {
  Statement st = db.prepare("SELECT " + columns(l, "b") + ", " + columns(l, "v") +
                            " FROM runs b JOIN runs v ON v.run = b.run AND v.variant = ? WHERE b.variant = ? ORDER BY b.run");
  st.bind(1, variant).bind(2, baseline);
  std::vector<Measure> ms = measures(l);
  const int width = 5 + static_cast<int>(l.issues.size() + l.camps.size());
  std::int64_t pairs = 0;
  while (st.step()) {
    ++pairs;
    std::vector<double> b = values(st, 0, l), v = values(st, width, l);
    for (std::size_t k = 0; k < ms.size(); ++k) {
      if (std::isnan(b[k]) || std::isnan(v[k])) continue;
      ms[k].base.add(b[k]);
      ms[k].variant.add(v[k]);
      ms[k].difference.add(v[k] - b[k]);
    }
  }
  std::string out = fmt::format("\nvariant {} against {} ({} paired runs: run n of each drew the same random numbers)\n",
                                variant, baseline, pairs);
  out += fmt::format("  {:<48}{:>9}{:>9}  difference (95% interval): in words\n", "measure", baseline.substr(0, 8),
                     variant.substr(0, 8));
  for (const auto& m : ms) out += line(m);
  return out;
}

}  // namespace

std::string compare_results(const std::string& path, const std::string& baseline) {
  if (!std::filesystem::exists(path)) throw StoreError(path + ": no such file");
  try {
    Database db(path, Database::Mode::open_existing);
    ExperimentInfo info = store::read_experiment(db, path);
    if (std::find(info.variants.begin(), info.variants.end(), baseline) == info.variants.end()) {
      std::string known;
      for (const auto& v : info.variants) known += (known.empty() ? "" : ", ") + v;
      throw StoreError(fmt::format("{} has no variant '{}' (it holds: {})", path, baseline, known));
    }
    if (info.variants.size() < 2)
      throw StoreError(path + " holds one variant only; run the experiment with --all-variants or several --variant");
    Layout l;
    Statement is = db.prepare("SELECT issue FROM issues ORDER BY position");
    while (is.step()) l.issues.push_back(is.text(0));
    Statement cs = db.prepare("SELECT camp FROM camps ORDER BY position");
    while (cs.step()) l.camps.push_back(cs.text(0));
    Statement ms = db.prepare("SELECT months FROM variants WHERE variant = ?");
    ms.bind(1, baseline);
    if (ms.step()) l.months = static_cast<int>(ms.integer(0));
    std::string out;
    if (!info.complete)
      out += fmt::format("NOTE: {} is INCOMPLETE ({} of {} runs stored); comparisons cover the stored pairs only.\n",
                         path, info.items_done, info.runs * info.variants.size());
    out += fmt::format("Differences are variant minus {}, averaged over paired runs; the interval is the mean\n"
                       "difference +/- 1.96 standard errors of the paired differences.\n", baseline);
    for (const auto& v : info.variants)
      if (v != baseline) out += compare_one(db, l, baseline, v);
    return out;
  } catch (const store::SqliteError& e) {
    throw StoreError(path + " is not a parley results database (" + e.what() + ")");
  }
}

}  // namespace parley
