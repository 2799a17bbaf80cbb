// Per-variant streaming aggregates: talks states, deaths and control by month, region holders,
// times to agreement and peace; saved as bytes for resuming.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "parley/analysis.hpp"

namespace parley {

namespace {

constexpr double kLogWidth = 0.02;  // bin width in log10 units
constexpr std::uint32_t kMagic = 0x70617234;  // "par4": the layout of VariantAggregate::save

// The value where the cumulative count reaches q * total, interpolated linearly in its bin.
template <class Edge>
double quantile(const std::int64_t* counts, int bins, double q, Edge edge) {
  std::int64_t total = 0;
  for (int b = 0; b < bins; ++b) total += counts[b];
  if (total == 0) return 0;
  const double target = q * static_cast<double>(total);
  double below = 0;
  for (int b = 0; b < bins; ++b) {
    const auto c = static_cast<double>(counts[b]);
    if (c > 0 && below + c >= target) return edge(b) + (edge(b + 1) - edge(b)) * std::clamp((target - below) / c, 0.0, 1.0);
    below += c;
  }
  return edge(bins);
}

template <class T>
void put(std::string& out, const std::vector<T>& v) {
  const auto n = static_cast<std::uint64_t>(v.size());
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

template <class T>
bool get(std::string_view& in, std::vector<T>& v) {
  std::uint64_t n = 0;
  if (in.size() < sizeof n) return false;
  std::memcpy(&n, in.data(), sizeof n);
  in.remove_prefix(sizeof n);
  if (n != v.size() || in.size() < n * sizeof(T)) return false;
  std::memcpy(v.data(), in.data(), n * sizeof(T));
  in.remove_prefix(n * sizeof(T));
  return true;
}

}  // namespace

int LogHistogram::bin(double x) {
  if (!(x >= 1)) return 0;
  // Infinity (a damaged or hand-edited database) goes into the last bin: converting the
  // infinite logarithm to int was undefined and indexed far outside the histogram.
  if (!std::isfinite(x)) return kBins - 1;
  const int b = 1 + static_cast<int>(std::floor(std::log10(x) / kLogWidth));
  return std::min(b, kBins - 1);
}

double LogHistogram::bin_low(int b) { return b <= 0 ? 0.0 : std::pow(10.0, (b - 1) * kLogWidth); }
double LogHistogram::bin_high(int b) { return bin_low(b + 1); }

int ShareHistogram::bin(double x) { return std::clamp(static_cast<int>(std::floor(x * kBins)), 0, kBins - 1); }

std::vector<int> agenda_items(const Scenario& s) {
  std::vector<int> out;
  for (const auto& t : s.tracks) out.push_back(std::max(1, static_cast<int>(t.agenda.size())));
  if (out.empty()) out.push_back(1);
  return out;
}

std::vector<std::string> track_ids(const Scenario& s) {
  std::vector<std::string> out;
  for (const auto& t : s.tracks) out.push_back(t.id);
  if (out.empty()) out.push_back(TalksSetup{}.id);
  return out;
}

namespace {

int kind_index(VictoryKind k) {
  for (int i = 0; i < kVictoryKindCount; ++i)
    if (kVictoryKinds[i] == k) return i;
  return -1;
}

int total_items(const Scenario& s) {
  int n = 0;
  for (int k : agenda_items(s)) n += k;
  return n;
}

}  // namespace

VariantAggregate::VariantAggregate(const Scenario& s)
    : months_(s.months), camps_(static_cast<int>(s.camps.size())), regions_(static_cast<int>(s.regions.size())),
      origin_(std::clamp(s.origin, 0, std::max(0, s.months - 1))), items_(total_items(s)) {
  const auto m = static_cast<std::size_t>(months_), c = static_cast<std::size_t>(camps_),
             r = static_cast<std::size_t>(regions_);
  talks_.assign(m * kStates, 0);
  deaths_sum_.assign(m, 0);
  deaths_hist_.assign(m * LogHistogram::kBins, 0);
  share_sum_.assign(m * c, 0);
  share_hist_.assign(m * c * ShareHistogram::kBins, 0);
  holder_.assign(m * r * c, 0);
  control_sum_.assign(m * r * c, 0);
  year_sum_.assign(static_cast<std::size_t>(years()), 0);
  year_hist_.assign(static_cast<std::size_t>(years()) * LogHistogram::kBins, 0);
  agreement_at_.assign(m, 0);
  peace_at_.assign(m, 0);
  closed_.assign(m * static_cast<std::size_t>(items_), 0);
  victory_at_.assign(m * c * kVictoryKindCount, 0);
}

void VariantAggregate::add(const RunResult& result, const RunMonths& rm) {
  ++runs_;
  if (result.first_agreement >= 0 && result.first_agreement < months_) ++agreement_at_[static_cast<std::size_t>(result.first_agreement)];
  if (result.peace_month >= 0 && result.peace_month < months_) ++peace_at_[static_cast<std::size_t>(result.peace_month)];
  // A victory ends the run in its month (check_victory, then the run stops).
  const int won = result.months_simulated - 1, kind = kind_index(result.victory_by);
  if (result.outcome == RunOutcome::victory && result.victor >= 0 && result.victor < camps_ && kind >= 0 && won >= 0 &&
      won < months_)
    ++victory_at_[(static_cast<std::size_t>(won) * static_cast<std::size_t>(camps_) + static_cast<std::size_t>(result.victor)) *
                      kVictoryKindCount + static_cast<std::size_t>(kind)];
  if (rm.months == 0) return;
  const auto c = static_cast<std::size_t>(camps_), r = static_cast<std::size_t>(regions_);
  const auto items = static_cast<std::size_t>(items_);
  // A record without the agenda (made by hand) adds nothing to it.
  const bool agenda = rm.closed.size() >= static_cast<std::size_t>(rm.months) * items;
  for (std::size_t t = 0; t < static_cast<std::size_t>(months_); ++t) {
    // After a run ends (victory or peace) its final state stands for the remaining months.
    const std::size_t row = std::min(t, static_cast<std::size_t>(rm.months - 1));
    ++talks_[t * kStates + rm.talks[row]];
    deaths_sum_[t] += rm.deaths[row];
    ++deaths_hist_[t * LogHistogram::kBins + static_cast<std::size_t>(LogHistogram::bin(rm.deaths[row]))];
    for (std::size_t k = 0; k < c; ++k) {
      const double share = rm.share[row * c + k];
      share_sum_[t * c + k] += share;
      ++share_hist_[(t * c + k) * ShareHistogram::kBins + static_cast<std::size_t>(ShareHistogram::bin(share))];
    }
    for (std::size_t g = 0; g < r; ++g) ++holder_[(t * r + g) * c + rm.holder[row * r + g]];
    // A record without control shares (made by hand) adds nothing to them.
    if (rm.control.size() >= (row + 1) * r * c)
      for (std::size_t k = 0; k < r * c; ++k) control_sum_[t * r * c + k] += rm.control[row * r * c + k];
    if (agenda)
      for (std::size_t j = 0; j < items; ++j) closed_[t * items + j] += rm.closed[row * items + j];
  }
  // Cumulative deaths at the end of month t (a run that ended keeps its last total).
  const auto cumulative = [&](int t) { return rm.deaths[static_cast<std::size_t>(std::min(t, rm.months - 1))]; };
  for (int y = 0; y < years(); ++y) {
    const int first = year_first_month(y), last = year_last_month(y);
    const double d = std::max(0.0, cumulative(last) - (first == 0 ? 0.0 : cumulative(first - 1)));
    year_sum_[static_cast<std::size_t>(y)] += d;
    ++year_hist_[static_cast<std::size_t>(y * LogHistogram::kBins + LogHistogram::bin(d))];
  }
}

int VariantAggregate::year_first_month(int year) const {
  return std::max(0, origin_ + 12 * (year_number(year) - 1));
}

int VariantAggregate::year_last_month(int year) const {
  return std::min(origin_ + 12 * year_number(year) - 1, months_ - 1);
}

std::string VariantAggregate::save() const {
  std::string out;
  const std::int64_t header[7] = {kMagic, months_, camps_, regions_, runs_, items_, origin_};
  out.append(reinterpret_cast<const char*>(header), sizeof header);
  put(out, talks_);
  put(out, deaths_sum_);
  put(out, deaths_hist_);
  put(out, share_sum_);
  put(out, share_hist_);
  put(out, holder_);
  put(out, control_sum_);
  put(out, year_sum_);
  put(out, year_hist_);
  put(out, agreement_at_);
  put(out, peace_at_);
  put(out, closed_);
  put(out, victory_at_);
  return out;
}

bool VariantAggregate::load(std::string_view in) {
  std::int64_t header[7];
  if (in.size() < sizeof header) return false;
  std::memcpy(header, in.data(), sizeof header);
  in.remove_prefix(sizeof header);
  if (header[0] != kMagic || header[1] != months_ || header[2] != camps_ || header[3] != regions_ ||
      header[5] != items_ || header[6] != origin_)
    return false;
  runs_ = header[4];
  return get(in, talks_) && get(in, deaths_sum_) && get(in, deaths_hist_) && get(in, share_sum_) &&
         get(in, share_hist_) && get(in, holder_) && get(in, control_sum_) && get(in, year_sum_) && get(in, year_hist_) && get(in, agreement_at_) && get(in, peace_at_) && get(in, closed_) && get(in, victory_at_) && in.empty();
}

double VariantAggregate::talks_share(int month, TalksState state) const {
  if (runs_ == 0) return 0;
  return static_cast<double>(talks_[static_cast<std::size_t>(month * kStates + static_cast<int>(state))]) /
         static_cast<double>(runs_);
}

double VariantAggregate::deaths_mean(int month) const {
  return runs_ ? deaths_sum_[static_cast<std::size_t>(month)] / static_cast<double>(runs_) : 0.0;
}

double VariantAggregate::deaths_quantile(int month, double q) const {
  return quantile(&deaths_hist_[static_cast<std::size_t>(month * LogHistogram::kBins)], LogHistogram::kBins, q,
                  [](int b) { return LogHistogram::bin_low(b); });
}

double VariantAggregate::year_deaths_mean(int year) const {
  return runs_ ? year_sum_[static_cast<std::size_t>(year)] / static_cast<double>(runs_) : 0.0;
}

double VariantAggregate::year_deaths_quantile(int year, double q) const {
  return quantile(&year_hist_[static_cast<std::size_t>(year * LogHistogram::kBins)], LogHistogram::kBins, q,
                  [](int b) { return LogHistogram::bin_low(b); });
}

double VariantAggregate::share_mean(int month, int camp) const {
  return runs_ ? share_sum_[static_cast<std::size_t>(month * camps_ + camp)] / static_cast<double>(runs_) : 0.0;
}

double VariantAggregate::share_quantile(int month, int camp, double q) const {
  return quantile(&share_hist_[static_cast<std::size_t>((month * camps_ + camp) * ShareHistogram::kBins)],
                  ShareHistogram::kBins, q, [](int b) { return b / static_cast<double>(ShareHistogram::kBins); });
}

double VariantAggregate::holding_probability(int month, int region, int camp) const {
  if (runs_ == 0) return 0;
  return static_cast<double>(holder_[static_cast<std::size_t>((month * regions_ + region) * camps_ + camp)]) /
         static_cast<double>(runs_);
}

double VariantAggregate::control_mean(int month, int region, int camp) const {
  if (runs_ == 0) return 0;
  return control_sum_[static_cast<std::size_t>((month * regions_ + region) * camps_ + camp)] / static_cast<double>(runs_);
}

double VariantAggregate::closed_share(int month, int item) const {
  if (runs_ == 0) return 0;
  return static_cast<double>(closed_[static_cast<std::size_t>(month * items_ + item)]) / static_cast<double>(runs_);
}

double VariantAggregate::victory_probability(int month, int camp, VictoryKind kind) const {
  const int k = kind_index(kind);
  if (runs_ == 0 || k < 0) return 0;
  std::int64_t won = 0;
  for (int t = 0; t <= month && t < months_; ++t)
    won += victory_at_[static_cast<std::size_t>((t * camps_ + camp) * kVictoryKindCount + k)];
  return static_cast<double>(won) / static_cast<double>(runs_);
}

std::vector<SurvivalPoint> VariantAggregate::curve(const std::vector<std::int64_t>& events) const {
  // Runs without the event are censored at the horizon (time = months).
  std::vector<std::int64_t> censored(static_cast<std::size_t>(months_) + 1, 0);
  std::int64_t with_event = 0;
  for (auto e : events) with_event += e;
  censored.back() = runs_ - with_event;
  return kaplan_meier_counts(events, censored);
}

std::vector<SurvivalPoint> VariantAggregate::agreement_curve() const { return curve(agreement_at_); }
std::vector<SurvivalPoint> VariantAggregate::peace_curve() const { return curve(peace_at_); }


}  // namespace parley
