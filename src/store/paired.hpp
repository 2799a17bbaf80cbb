// Paired comparison of two variants run by run (run n of each drew the same random numbers):
// used by `parley compare` and by the report.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parley/analysis.hpp"
#include "store/sqlite.hpp"

namespace parley::store {

struct ResultsLayout {
  std::vector<std::string> issues, camps;
  int months = 0;
};

// Issues and camps in order, and the horizon of `variant`.
ResultsLayout read_layout(Database& db, const std::string& variant);

// One measure of a run: a key for code ("peace", "agreement", "agreement_2y", "war",
// "victory:<camp>", "months_to_agreement", "months_to_peace", "battle_deaths", "term:<issue>",
// "share:<camp>"), a name for people, whether it is a probability (shown in points), and the
// words for a higher and a lower value.
struct PairedMeasure {
  std::string key, name;
  bool probability = false;
  std::string higher, lower;
  MeanInterval base, variant, difference;  // difference = variant - base, run by run
};

struct PairedComparison {
  std::int64_t pairs = 0;
  std::vector<PairedMeasure> measures;
  const PairedMeasure* find(const std::string& key) const;
};

PairedComparison compare_variants(Database& db, const ResultsLayout& layout, const std::string& baseline,
                                  const std::string& variant);

}  // namespace parley::store
