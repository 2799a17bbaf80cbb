// The headline figures of a variant in words: outcomes, times to agreement and peace, terms, deaths.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

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

// `zero`: the calendar month of month 0; `last`: the last month of the horizon.
std::string month_text(const std::optional<int>& m, const std::optional<YearMonth>& zero, int last) {
  return m ? month_label(zero, *m) : fmt::format("beyond {}", month_label(zero, last));
}

std::string median_text(const MedianTime& m, const std::optional<YearMonth>& zero, int last) {
  if (!m.median) return fmt::format("median not reached by {}", month_label(zero, last));
  return fmt::format("median {}, 95% interval {} to {}", month_label(zero, *m.median), month_text(m.lower, zero, last),
                     month_text(m.upper, zero, last));
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

std::optional<YearMonth> parse_year_month(const std::string& text) {
  int year = 0, month = 0;
  char dash = 0;
  if (text.size() != 7 || std::sscanf(text.c_str(), "%4d%c%2d", &year, &dash, &month) != 3 || dash != '-' ||
      month < 1 || month > 12 || year < 0)
    return std::nullopt;
  return YearMonth{year, month};
}

std::string calendar_name(const YearMonth& ym) {
  static const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{} {}", names[(ym.month - 1 + 12) % 12], ym.year);
}

std::string month_label(const std::optional<YearMonth>& month0, int month) {
  if (!month0) return fmt::format("month {}", month);
  return fmt::format("month {} ({})", month, calendar_name(month0->plus(month)));
}

// Wilson's interval for a proportion: unlike the normal one it stays inside [0, 1] and is
// sensible when no run or every run has the outcome.
std::pair<double, double> wilson_interval(std::int64_t k, std::int64_t n) {
  if (n == 0) return {0, 0};
  const double z = 1.959963984540054, nn = static_cast<double>(n), p = static_cast<double>(k) / nn;
  const double centre = (p + z * z / (2 * nn)) / (1 + z * z / nn);
  const double half = z / (1 + z * z / nn) * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

VariantSummary::VariantSummary(std::string name, int months, std::vector<std::string> issues,
                               std::optional<YearMonth> start, int origin)
    : name_(std::move(name)), months_(months), issues_(std::move(issues)), start_(start),
      origin_(std::clamp(origin, 0, std::max(0, months - 1))),
      agreement_at_(static_cast<std::size_t>(months - origin_) + 1, 0),
      peace_at_(static_cast<std::size_t>(months - origin_) + 1, 0), terms_(issues_.size()),
      deaths_hist_(LogHistogram::kBins, 0) {}

void VariantSummary::add(const RunSummaryInput& run) {
  const std::string victor = run.outcome == RunOutcome::victory ? run.victor : "";
  auto it = std::find_if(outcomes_.begin(), outcomes_.end(),
                         [&](const auto& o) { return o.outcome == run.outcome && o.victor == victor; });
  if (it == outcomes_.end()) outcomes_.push_back({run.outcome, victor, 1});
  else ++it->runs;
  // Months after the origin; a milestone of the history is counted apart, never as a forecast month.
  const int forecast = months_ - origin_;
  auto at = [&](int month) {
    return static_cast<std::size_t>(month >= origin_ && month < months_ ? month - origin_ : forecast);
  };
  const auto before = [this](int month) { return month >= 0 && month < origin_; };
  if (before(run.first_formal)) ++formal_before_;
  if (before(run.first_agreement)) ++agreement_before_;
  else ++agreement_at_[at(run.first_agreement)];
  if (before(run.peace_month)) ++peace_before_;
  else ++peace_at_[at(run.peace_month)];
  if (ended_before_origin(run.outcome, run.months_simulated, origin_)) ++ended_before_;
  for (std::size_t k = 0; k < run.terms.size() && k < terms_.size(); ++k) terms_[k].add(run.terms[k]);
  const double deaths = origin_ > 0 ? std::max(0.0, run.battle_deaths - run.history_deaths) : run.battle_deaths;
  deaths_.add(deaths);
  history_deaths_.add(run.history_deaths);
  if (run.outcome == RunOutcome::victory)
    for (int k = 0; k < kVictoryKindCount; ++k)
      if (kVictoryKinds[k] == run.victory_by) ++victories_by_[k];
  months_formal_.add(run.months_formal);
  if (run.months_formal > 0) ++with_formal_;
  ++deaths_hist_[static_cast<std::size_t>(LogHistogram::bin(deaths))];
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
  const int forecast = months_ - origin_, last = forecast - 1;
  // Month 0 is the origin's calendar month (the start's without an origin).
  const std::optional<YearMonth> zero = start_ ? std::optional<YearMonth>(start_->plus(origin_)) : std::nullopt;
  const auto pct = [n](std::int64_t k) { return 100.0 * static_cast<double>(k) / static_cast<double>(std::max<std::int64_t>(n, 1)); };
  std::string out;
  if (origin_ == 0) {
    out = fmt::format("{}: {} runs over {} months, {} to {}\n", name_, n, months_, month_label(zero, 0),
                      month_label(zero, last));
  } else {
    out = fmt::format("{}: {} runs; the forecast: {} months from the origin, {} to {}\n", name_, n, forecast,
                      month_label(zero, 0), month_label(zero, last));
    out += fmt::format("  counted from the origin: the {} months before it{} are history (a spin-up); every run is\n"
                       "  simulated from the start\n",
                       origin_, start_ ? fmt::format(" ({} to {})", calendar_name(*start_), calendar_name(start_->plus(origin_ - 1))) : "");
    if (formal_before_ + agreement_before_ + peace_before_ + ended_before_ > 0)
      out += fmt::format("  already reached before the origin: formal talks in {:.1f}% of runs, an agreement in {:.1f}%, "
                         "durable peace in {:.1f}%; {:.1f}% of runs ended there\n",
                         pct(formal_before_), pct(agreement_before_), pct(peace_before_), pct(ended_before_));
  }
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
    out += fmt::format("  military victories by how: attrition {:.1f}%, collapse {:.1f}%, capital {:.1f}% of runs\n",
                       pct(victories_by_[0]), pct(victories_by_[1]), pct(victories_by_[2]));
  }
  out += fmt::format("  formal talks (first track): {:.1f} months on average (+/- {:.1f}); in {:.1f}% of runs{}\n",
                     months_formal_.mean(), months_formal_.half_width(), pct(with_formal_),
                     origin_ > 0 ? " (history included)" : "");
  if (origin_ == 0) {
    const auto share = [&](const std::vector<std::int64_t>& at) { return pct(n - at.back()); };
    out += fmt::format("  first agreement: signed in {:.1f}% of runs; {}\n", share(agreement_at_),
                       median_text(median_agreement(), zero, last));
    out += fmt::format("  durable peace:   reached in {:.1f}% of runs; {}\n", share(peace_at_),
                       median_text(median_peace(), zero, last));
  } else {
    // Of the runs without the milestone at the origin: the share reaching it by the horizon.
    const auto share = [&](const std::vector<std::int64_t>& at, std::int64_t before) {
      std::int64_t k = 0;
      for (std::size_t t = 0; t + 1 < at.size(); ++t) k += at[t];
      return 100.0 * static_cast<double>(k) / static_cast<double>(std::max<std::int64_t>(n - before, 1));
    };
    out += fmt::format("  first agreement: signed after the origin in {:.1f}% of the runs without one before it; {}\n",
                       share(agreement_at_, agreement_before_), median_text(median_agreement(), zero, last));
    out += fmt::format("  durable peace:   reached after the origin in {:.1f}% of the runs without it before; {}\n",
                       share(peace_at_, peace_before_), median_text(median_peace(), zero, last));
  }
  if (!issues_.empty() && terms_[0].n() > 0) {
    out += fmt::format("  terms of the last agreement (mean over the {} runs with one; 95% interval):\n", terms_[0].n());
    for (std::size_t k = 0; k < issues_.size(); ++k) {
      // One agreement gives no spread to estimate an interval from.
      const std::string spread = terms_[k].n() > 1 ? fmt::format(" (+/- {:.1f})", terms_[k].half_width()) : "";
      out += fmt::format("    {:<20} {:6.1f}{}\n", issues_[k], terms_[k].mean(), spread);
    }
  }
  out += fmt::format("  battle deaths{}: mean {:.0f} (+/- {:.0f}); median {:.0f}; 90% of runs between {:.0f} and {:.0f}\n",
                     origin_ > 0 ? " from the origin" : "", deaths_.mean(), deaths_.half_width(),
                     quantile_of(deaths_hist_, 0.5), quantile_of(deaths_hist_, 0.05), quantile_of(deaths_hist_, 0.95));
  if (origin_ > 0)
    out += fmt::format("  battle deaths in the history (before the origin): mean {:.0f}\n", history_deaths_.mean());
  return out;
}

}  // namespace parley
