// parley compare: each variant against a baseline, run n against run n (common random numbers),
// with paired 95% intervals, in numbers and words.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <functional>

#include "parley/results_store.hpp"
#include "store/paired.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"

namespace parley {

using store::Database;
using store::Statement;

namespace {

std::string line(const store::PairedMeasure& m, int width) {
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

std::string compare_one(Database& db, const store::ResultsLayout& l, const std::string& baseline,
                        const std::string& variant) {
  const store::PairedComparison c = store::compare_variants(db, l, baseline, variant);
  std::string out = fmt::format("\nvariant {} against {} ({} paired runs: run n of each drew the same random numbers)\n",
                                variant, baseline, c.pairs);
  // Columns as wide as the names (at least 9), so no variant's name is cut.
  const int width = static_cast<int>(std::max<std::size_t>({9, baseline.size() + 1, variant.size() + 1}));
  out += fmt::format("  {:<48}{:>{}}{:>{}}  difference (95% interval): in words\n", "measure", baseline, width, variant,
                     width);
  for (const auto& m : c.measures) out += line(m, width);
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
    const store::ResultsLayout l = store::read_layout(db, baseline);
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
