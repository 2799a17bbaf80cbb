// Reading a results database back: summaries per variant, paired comparisons, export.
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>

#include "parley/results_store.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"

namespace parley {

using store::Database;
using store::Statement;

namespace {

struct Opened {
  std::unique_ptr<Database> db;
  ExperimentInfo info;
  std::vector<std::string> issues, camps;
  std::map<std::string, int> months;  // by variant
};

Opened open_results(const std::string& path) {
  if (!std::filesystem::exists(path)) throw StoreError(path + ": no such file");
  Opened o;
  try {
    o.db = std::make_unique<Database>(path, Database::Mode::open_existing);
    o.info = store::read_experiment(*o.db, path);
    Statement is = o.db->prepare("SELECT issue FROM issues ORDER BY position");
    while (is.step()) o.issues.push_back(is.text(0));
    Statement cs = o.db->prepare("SELECT camp FROM camps ORDER BY position");
    while (cs.step()) o.camps.push_back(cs.text(0));
    // Each variant's own horizon (a variant may change meta.months): the first one's for all
    // summarised a 120-month variant as 12 months. The horizon sizes the summary's month
    // tables: fuzz_results found a negative one asking for a vector larger than max_size.
    // Scenarios allow 1 to 1200 months.
    Statement ms = o.db->prepare("SELECT variant, months FROM variants ORDER BY position");
    while (ms.step()) {
      const std::int64_t months = ms.integer(1);
      if (months < 0 || months > 1200)
        throw StoreError(fmt::format("{} is damaged: its variants table gives a horizon of {} months "
                                     "(parley runs last 1 to 1200)", path, months));
      o.months.emplace(ms.text(0), static_cast<int>(months));
    }
  } catch (const store::SqliteError& e) {
    throw StoreError(path + " is not a parley results database (" + e.what() + ")");
  }
  return o;
}

int month_or_never(const Statement& st, int c) { return st.is_null(c) ? -1 : static_cast<int>(st.integer(c)); }

std::string incomplete_note(const Opened& o, const std::string& path) {
  if (o.info.complete) return "";
  return fmt::format("NOTE: {} is INCOMPLETE: {} of {} runs were stored before it stopped. The figures below\n"
                     "cover those runs only; finish it with parley run {} --out {} --resume\n\n",
                     path, o.info.items_done, o.info.runs * o.info.variants.size(), o.info.scenario_path, path);
}

}  // namespace

std::string summarise_results(const std::string& path) {
  Opened o = open_results(path);
  try {
    std::string out = incomplete_note(o, path);
    out += fmt::format("{}: scenario {}, seed {}, {} runs per variant, parley {}\n", path, o.info.scenario_path,
                       o.info.seed, o.info.runs, o.info.parley_version);
    std::string terms;
    for (const auto& i : o.issues) terms += ", " + store::quote_identifier("term_" + i);
    Statement st = o.db->prepare("SELECT outcome, victor, first_agreement, peace_month, battle_deaths" + terms +
                                 " FROM runs WHERE variant = ? ORDER BY run");
    for (const auto& v : o.info.variants) {
      const auto horizon = o.months.find(v);
      VariantSummary summary(v == "base" ? "base scenario" : "variant " + v,
                             horizon == o.months.end() ? 0 : horizon->second, o.issues);
      st.bind(1, v);
      while (st.step()) {
        RunSummaryInput in;
        in.outcome = st.is_null(1) ? st.text(0) : st.text(0) + ":" + st.text(1);
        in.first_agreement = month_or_never(st, 2);
        in.peace_month = month_or_never(st, 3);
        in.battle_deaths = st.real(4);
        // parley writes finite deaths only; inf or NaN (SQLite stores them) is a damaged row.
        if (!std::isfinite(in.battle_deaths))
          throw StoreError(fmt::format("{} is damaged: run {} of variant {} has {} battle deaths", path,
                                       summary.runs(), v, in.battle_deaths));
        if (!o.issues.empty() && !st.is_null(5))
          for (std::size_t k = 0; k < o.issues.size(); ++k) in.terms.push_back(st.real(5 + static_cast<int>(k)));
        summary.add(in);
      }
      st.reset();
      out += '\n' + (summary.runs() ? summary.text() : fmt::format("variant {}: no runs stored\n", v));
    }
    return out;
  } catch (const store::SqliteError& e) {
    throw StoreError(path + ": " + e.what());
  }
}

}  // namespace parley
