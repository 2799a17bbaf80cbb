// The headline figures of a variant in words: outcomes, times to agreement and peace, terms, deaths.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "parley/analysis.hpp"

namespace parley {

namespace {

const char* outcome_words(RunOutcome outcome) {
  switch (outcome) {
    case RunOutcome::peace: return "durable peace";
    case RunOutcome::agreement: return "agreement in force, not yet durable";
    case RunOutcome::war: return "still at war";
    case RunOutcome::victory: break;
  }
  return "military victory";
}

// A fixed order (peace, agreement, war, victories by camp) makes variants easy to compare.
std::pair<int, std::string> rank(RunOutcome outcome, const std::string& victor) {
  switch (outcome) {
    case RunOutcome::peace: return {0, ""};
    case RunOutcome::agreement: return {1, ""};
    case RunOutcome::war: return {2, ""};
    case RunOutcome::victory: break;
  }
  return {3, victor};
}

std::string month_text(const std::optional<int>& m, int horizon) {
  return m ? fmt::format("{}", *m) : fmt::format("beyond {}", horizon);
}

std::string median_text(const MedianTime& m, int horizon) {
  if (!m.median) return fmt::format("median not reached within {} months", horizon);
  return fmt::format("median month {} (95% interval {} to {})", *m.median, month_text(m.lower, horizon),
                     month_text(m.upper, horizon));
}

double quantile_of(const std::vector<std::int64_t>& hist, double q) {
  std::int64_t total = 0;
  for (auto c : hist) total += c;
  const double target = q * static_cast<double>(total);
  double below = 0;
  for (int b = 0; b < LogHistogram::kBins; ++b) {
    const auto c = static_cast<double>(hist[static_cast<std::size_t>(b)]);
    if (c > 0 && below + c >= target) {
      const double f = std::clamp((target - below) / c, 0.0, 1.0);
      return LogHistogram::bin_low(b) + f * (LogHistogram::bin_high(b) - LogHistogram::bin_low(b));
    }
    below += c;
  }
  return LogHistogram::bin_low(LogHistogram::kBins);
}

}  // namespace

// Wilson's interval for a proportion: unlike the normal one it stays inside [0, 1] and is
// sensible when no run or every run has the outcome.
std::pair<double, double> wilson_interval(std::int64_t k, std::int64_t n) {
  if (n == 0) return {0, 0};
  const double z = 1.959963984540054, nn = static_cast<double>(n), p = static_cast<double>(k) / nn;
  const double centre = (p + z * z / (2 * nn)) / (1 + z * z / nn);
  const double half = z / (1 + z * z / nn) * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

VariantSummary::VariantSummary(std::string name, int months, std::vector<std::string> issues)
    : name_(std::move(name)), months_(months), issues_(std::move(issues)),
      agreement_at_(static_cast<std::size_t>(months) + 1, 0), peace_at_(static_cast<std::size_t>(months) + 1, 0),
      terms_(issues_.size()), deaths_hist_(LogHistogram::kBins, 0) {}

void VariantSummary::add(const RunSummaryInput& run) {
  const std::string victor = run.outcome == RunOutcome::victory ? run.victor : "";
  auto it = std::find_if(outcomes_.begin(), outcomes_.end(),
                         [&](const auto& o) { return o.outcome == run.outcome && o.victor == victor; });
  if (it == outcomes_.end()) outcomes_.push_back({run.outcome, victor, 1});
  else ++it->runs;
  auto at = [this](int month) { return static_cast<std::size_t>(month >= 0 && month < months_ ? month : months_); };
  ++agreement_at_[at(run.first_agreement)];
  ++peace_at_[at(run.peace_month)];
  for (std::size_t k = 0; k < run.terms.size() && k < terms_.size(); ++k) terms_[k].add(run.terms[k]);
  deaths_.add(run.battle_deaths);
  if (run.outcome == RunOutcome::victory)
    for (int k = 0; k < kVictoryKindCount; ++k)
      if (kVictoryKinds[k] == run.victory_by) ++victories_by_[k];
  months_formal_.add(run.months_formal);
  if (run.months_formal > 0) ++with_formal_;
  ++deaths_hist_[static_cast<std::size_t>(LogHistogram::bin(run.battle_deaths))];
}

namespace {

// The last slot counts runs censored at the horizon.
std::vector<SurvivalPoint> censored_curve(const std::vector<std::int64_t>& at) {
  std::vector<std::int64_t> events(at.begin(), at.end() - 1), censored(at.size(), 0);
  censored.back() = at.back();
  return kaplan_meier_counts(events, censored);
}

}  // namespace

MedianTime VariantSummary::median_agreement() const { return median_time(censored_curve(agreement_at_)); }
MedianTime VariantSummary::median_peace() const { return median_time(censored_curve(peace_at_)); }

std::string VariantSummary::text() const {
  const std::int64_t n = runs();
  std::string out = fmt::format("{}: {} runs over {} months\n", name_, n, months_);
  out += "  outcome at the horizon                          share   95% interval\n";
  auto sorted = outcomes_;
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return rank(a.outcome, a.victor) < rank(b.outcome, b.victor); });
  for (const auto& [outcome, victor, k] : sorted) {
    auto [lo, hi] = wilson_interval(k, n);
    std::string words = !victor.empty() ? "military victory for " + victor : outcome_words(outcome);
    out += fmt::format("    {:<44} {:5.1f}%  {:5.1f} to {:5.1f}%\n", words,
                       100.0 * static_cast<double>(k) / static_cast<double>(n), 100 * lo, 100 * hi);
  }
  std::int64_t won = 0;
  for (auto k : victories_by_) won += k;
  if (won > 0) {
    const auto pct = [n](std::int64_t k) { return 100.0 * static_cast<double>(k) / static_cast<double>(n); };
    out += fmt::format("  military victories by how: attrition {:.1f}%, collapse {:.1f}%, capital {:.1f}% of runs\n",
                       pct(victories_by_[0]), pct(victories_by_[1]), pct(victories_by_[2]));
  }
  out += fmt::format("  formal talks (first track): {:.1f} months on average (+/- {:.1f}); in {:.1f}% of runs\n",
                     months_formal_.mean(), months_formal_.half_width(),
                     100.0 * static_cast<double>(with_formal_) / static_cast<double>(std::max<std::int64_t>(n, 1)));
  const auto share = [n](const std::vector<std::int64_t>& at) {
    return 100.0 * static_cast<double>(n - at.back()) / static_cast<double>(std::max<std::int64_t>(n, 1));
  };
  out += fmt::format("  first agreement: signed in {:.1f}% of runs; {}\n", share(agreement_at_),
                     median_text(median_agreement(), months_));
  out += fmt::format("  durable peace:   reached in {:.1f}% of runs; {}\n", share(peace_at_),
                     median_text(median_peace(), months_));
  if (!issues_.empty() && terms_[0].n() > 0) {
    out += fmt::format("  terms of the last agreement (mean over the {} runs with one; 95% interval):\n", terms_[0].n());
    for (std::size_t k = 0; k < issues_.size(); ++k) {
      // One agreement gives no spread to estimate an interval from.
      const std::string spread = terms_[k].n() > 1 ? fmt::format(" (+/- {:.1f})", terms_[k].half_width()) : "";
      out += fmt::format("    {:<20} {:6.1f}{}\n", issues_[k], terms_[k].mean(), spread);
    }
  }
  out += fmt::format("  battle deaths: mean {:.0f} (+/- {:.0f}); median {:.0f}; 90% of runs between {:.0f} and {:.0f}\n",
                     deaths_.mean(), deaths_.half_width(), quantile_of(deaths_hist_, 0.5),
                     quantile_of(deaths_hist_, 0.05), quantile_of(deaths_hist_, 0.95));
  return out;
}

}  // namespace parley
