// parley score: each observation row matched to the runs' own stored values, scored with the
// proper scores of parley/score.hpp against the baselines built from the rows before the
// origin; and the text and JSON of the command.
#include "parley/score_results.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>
#include <nlohmann/json.hpp>

#include "parley/diagnostics.hpp"
#include "parley/random.hpp"
#include "parley/results_reader.hpp"
#include "parley/results_store.hpp"

namespace parley {

const std::vector<double> kDefaultCountBins{0,     1,     3,      10,     30,      100,     300,    1000,
                                            3000,  10000, 30000,  100000, 300000,  1000000, std::numeric_limits<double>::infinity()};
const std::vector<double> kShareBins{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The PIT's stream: Rng(seed, this key), "score" in ASCII.
constexpr std::uint64_t kScoreStreamKey = 0x73636f7265;

std::optional<YearMonth> parse_month(const std::string& t) {
  if (t.size() != 7 || t[4] != '-') return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  const int m = std::stoi(t.substr(5, 2));
  if (m < 1 || m > 12) return std::nullopt;
  return YearMonth{std::stoi(t.substr(0, 4)), m};
}

std::string period_text(YearMonth start, int first, int last) {
  const YearMonth a = start.plus(first), b = start.plus(last);
  if (a.year == b.year && a.month == 1 && b.month == 12) return std::to_string(a.year);
  return a == b ? a.to_string() : a.to_string() + ".." + b.to_string();
}

// The same quantity however written: battle deaths between a and b are those between b and a.
std::string canonical(const std::string& text) {
  const std::string prefix = "battle_deaths:";
  if (text.rfind(prefix, 0) != 0) return text;
  const std::string pair = text.substr(prefix.size());
  const auto dash = pair.find('-');
  if (dash == std::string::npos) return text;
  std::string a = pair.substr(0, dash), b = pair.substr(dash + 1);
  if (b < a) std::swap(a, b);
  return prefix + a + "-" + b;
}

double mean_of(const std::vector<double>& xs) {
  if (xs.empty()) return kNaN;
  double s = 0;
  for (double x : xs) s += x;
  return s / static_cast<double>(xs.size());
}

struct Ensemble {
  std::vector<double> values;
  std::string from;
};

// Everything the database holds per run for one variant, by run position.
struct RunValues {
  std::size_t runs = 0;
  std::vector<StoredMilestones> milestones;
  std::vector<StoredCalendarYear> years;
  std::map<int, std::vector<double>> year_deaths;      // calendar year -> per run
  std::vector<StoredObservation> stored;
  std::map<int, std::vector<double>> observed;         // observation -> per run
};

RunValues read_run_values(const ResultsReader& reader, const std::string& variant) {
  RunValues v;
  v.milestones = reader.milestones(variant);
  v.runs = v.milestones.size();
  if (v.runs == 0) throw StoreError(fmt::format("{} holds no runs of variant '{}' to score", reader.path(), variant));
  std::map<std::int64_t, std::size_t> position;
  for (std::size_t i = 0; i < v.milestones.size(); ++i) position[v.milestones[i].run] = i;
  auto damaged = [&](const std::string& what) { throw StoreError(reader.path() + " is damaged: " + what); };
  v.years = reader.calendar_years(variant);
  std::map<int, std::size_t> filled;
  for (const StoredYearDeaths& y : reader.run_yearly_deaths(variant)) {
    auto it = position.find(y.run);
    if (it == position.end()) damaged(fmt::format("run_yearly_deaths names run {}, which has no runs row", y.run));
    auto& slot = v.year_deaths[y.year];
    if (slot.empty()) slot.assign(v.runs, kNaN);
    slot[it->second] = y.deaths;
    ++filled[y.year];
  }
  for (const StoredCalendarYear& y : v.years)
    if (filled[y.year] != v.runs || v.year_deaths[y.year].size() != v.runs)
      damaged(fmt::format("run_yearly_deaths holds {} of the {} runs of variant '{}' for {}", filled[y.year], v.runs,
                          variant, y.year));
  v.stored = reader.observations(variant);
  std::map<int, std::size_t> count;
  for (const StoredObservationValue& o : reader.run_observations(variant)) {
    auto it = position.find(o.run);
    if (it == position.end()) damaged(fmt::format("run_observations names run {}, which has no runs row", o.run));
    auto& slot = v.observed[o.observation];
    if (slot.empty()) slot.assign(v.runs, kNaN);
    slot[it->second] = o.value;
    ++count[o.observation];
  }
  for (const StoredObservation& o : v.stored)
    if (count[o.index] != v.runs || v.observed[o.index].size() != v.runs)
      damaged(fmt::format("run_observations holds {} of the {} runs of variant '{}' for observation {}", count[o.index],
                          v.runs, variant, o.index));
  return v;
}

// The runs' values of a quantity row, or the reason there are none.
std::optional<Ensemble> ensemble_of(const RunValues& v, const ObservedValue& o, YearMonth start, std::string& reason) {
  const std::string first = start.plus(o.first_month).to_string(), last = start.plus(o.last_month).to_string();
  for (const StoredObservation& s : v.stored)
    if (canonical(s.quantity) == canonical(o.text) && s.first == first && s.last == last)
      return Ensemble{v.observed.at(s.index), "run_observations"};
  if (o.quantity == ObservedQuantity::battle_deaths && o.camp < 0) {
    // Whole calendar years of the horizon, summed.
    std::vector<double> sum(v.runs, 0.0);
    bool open = false;
    for (const StoredCalendarYear& y : v.years) {
      if (!open && y.first == first) open = true;
      if (!open) continue;
      const auto& deaths = v.year_deaths.at(y.year);
      for (std::size_t r = 0; r < v.runs; ++r) sum[r] += deaths[r];
      if (y.last == last) return Ensemble{sum, "run_yearly_deaths"};
      if (y.last > last) break;
    }
    reason = "the database holds each run's battle deaths by calendar year (the first and last may be partial: "
             "see its calendar_years), and this period is not made of whole ones; a scenario whose observations "
             "file has this row stores each run's value of it";
    return std::nullopt;
  }
  reason = "the database has no run values for it: parley run stores each run's value of the rows of the "
           "scenario's own observations file (this quantity and period are not among them); add the row there "
           "and run again";
  return std::nullopt;
}

struct SeriesKey {
  std::string quantity;
  int months = 0;  // period length for sums of deaths; 0 for states read at a date
  bool operator<(const SeriesKey& k) const { return std::tie(quantity, months) < std::tie(k.quantity, k.months); }
};

SeriesKey key_of(const ObservedValue& o) {
  return {canonical(o.text), o.quantity == ObservedQuantity::battle_deaths ? o.last_month - o.first_month + 1 : 0};
}

void score_members(std::vector<double> members, double y, const std::vector<double>& bins, double floor, Rng& rng,
                   double& crps, double& ign, double& p, bool& in50, bool& in90) {
  std::sort(members.begin(), members.end());
  crps = crps_sorted(members, y);
  ign = ignorance_ensemble(members, bins, y, floor);
  in50 = in_central_interval(members, y, 0.5);
  in90 = in_central_interval(members, y, 0.9);
  p = pit(members, y, rng);
}

}  // namespace

ScoreResult score_results(const std::string& database, const std::string& observations, const ScoreSettings& settings) {
  ResultsReader reader(database);
  reader.require_complete();
  const StoredVariant& v = settings.variant.empty() ? reader.variants().front() : reader.variant(settings.variant);
  const auto start = parse_month(v.start);
  if (!start) throw StoreError(fmt::format("{} is damaged: variant '{}' starts at '{}'", database, v.name, v.start));
  const int origin = v.origin;  // months after the start; the reader checked it lies inside the horizon
  ScoreResult out;
  out.database = database;
  out.observations = observations;
  out.variant = v.name;
  out.start = v.start;
  out.origin = start->plus(origin).to_string();
  out.origin_given = v.origin > 0;
  out.include_history = settings.include_history;
  out.floor = settings.floor;
  out.count_bins = settings.count_bins.empty() ? kDefaultCountBins : settings.count_bins;
  out.seed = settings.seed ? *settings.seed : reader.info().seed;

  ObservationContext context;
  context.start = *start;
  context.months = v.months;
  for (const auto& c : reader.camps()) context.camps.push_back(c.id);
  for (const auto& a : reader.actors()) context.actors.push_back(a.id);
  for (const auto& r : reader.regions()) context.regions.push_back(r.id);
  context.allow_outside = true;
  Diagnostics diags;
  const std::vector<ObservedValue> rows = read_observations_csv(observations, context, diags);
  if (diags.has_errors()) throw InputError(diags);

  const RunValues runs = read_run_values(reader, v.name);
  out.runs = runs.runs;
  const double origin_time = start->index() + origin;
  auto time_of = [&](const ObservedValue& o) { return static_cast<double>(start->index() + o.last_month); };

  // Every series' rows (scored or not, inside the horizon or not) feed its baselines.
  std::map<SeriesKey, std::vector<TimedValue>> series;
  for (const ObservedValue& o : rows)
    if (o.quantity != ObservedQuantity::milestone) series[key_of(o)].push_back({time_of(o), o.value});
  std::map<SeriesKey, std::size_t> group_of;

  Rng rng(out.seed, kScoreStreamKey);
  const std::string horizon =
      fmt::format("{} to {}", start->to_string(), start->plus(v.months - 1).to_string());
  for (const ObservedValue& o : rows) {
    const std::string period = period_text(*start, o.first_month, o.last_month);
    const bool history = o.last_month < origin;
    if (history && !settings.include_history) {
      ++out.history_rows;
      continue;
    }
    if (o.outside) {
      out.unscored.push_back({o.where.line, o.text, period,
                              fmt::format("outside the months the runs simulated ({})", horizon)});
      continue;
    }
    ScoredRow row;
    row.line = o.where.line;
    row.quantity = o.text;
    row.period = period;
    row.kind = o.quantity;
    row.value = o.value;
    row.low = o.low;
    row.high = o.high;
    row.source = o.source;
    row.history = history;
    if (o.quantity == ObservedQuantity::milestone) {
      std::size_t reached = 0;
      for (const StoredMilestones& m : runs.milestones) {
        const int month = m.month[static_cast<std::size_t>(o.milestone)];
        if (month >= 0 && month <= o.last_month) ++reached;
      }
      row.from = "runs";
      row.members = runs.runs;
      row.probability = runs.runs ? static_cast<double>(reached) / static_cast<double>(runs.runs) : kNaN;
      const bool happened = o.value == 1;
      row.brier = brier(row.probability, happened);
      row.log_score = log_score(row.probability, happened, settings.floor);
      row.base_rate_given = o.base_rate.has_value();
      row.base_rate = milestone_base_rate(o.base_rate);
      row.base_brier = brier(row.base_rate, happened);
      row.base_log = log_score(row.base_rate, happened, settings.floor);
      out.rows.push_back(std::move(row));
      continue;
    }
    std::string reason;
    const auto members = ensemble_of(runs, o, *start, reason);
    if (!members) {
      out.unscored.push_back({o.where.line, o.text, period, reason});
      continue;
    }
    const SeriesKey key = key_of(o);
    auto [it, added] = group_of.emplace(key, out.groups.size());
    if (added) {
      ScoreGroup g;
      g.quantity = key.quantity;
      g.kind = o.quantity;
      g.period_months = key.months;
      const bool share = o.quantity == ObservedQuantity::population_share || o.quantity == ObservedQuantity::control;
      g.bins = share ? kShareBins : out.count_bins;
      g.baseline_points = before_origin(series[key], origin_time).size();
      out.groups.push_back(std::move(g));
    }
    ScoreGroup& g = out.groups[it->second];
    row.group = it->second;
    row.from = members->from;
    row.members = members->values.size();
    std::vector<double> sorted = members->values;
    std::sort(sorted.begin(), sorted.end());
    row.q05 = ensemble_quantile(sorted, 0.05);
    row.q25 = ensemble_quantile(sorted, 0.25);
    row.median = ensemble_quantile(sorted, 0.5);
    row.q75 = ensemble_quantile(sorted, 0.75);
    row.q95 = ensemble_quantile(sorted, 0.95);
    score_members(sorted, o.value, g.bins, settings.floor, rng, row.crps, row.ignorance, row.pit, row.in50, row.in90);
    if (!history) {
      out.pit.push_back(row.pit);
      for (std::size_t b = 0; b < 3; ++b) {
        std::vector<double> ens = baseline_ensemble(kBaselines[b], series[key], origin_time, time_of(o));
        BaselineRowScore& s = row.baselines[b];
        if (ens.empty()) continue;
        s.available = true;
        s.members = ens.size();
        std::sort(ens.begin(), ens.end());
        s.median = ensemble_quantile(ens, 0.5);
        score_members(ens, o.value, g.bins, settings.floor, rng, s.crps, s.ignorance, s.pit, s.in50, s.in90);
      }
    }
    g.rows.push_back(out.rows.size());
    out.rows.push_back(std::move(row));
  }

  // The means of each group over its forecast rows, and the skill against the best baseline.
  for (ScoreGroup& g : out.groups) {
    std::vector<double> crps, ign, hist_crps;
    std::size_t in50 = 0, in90 = 0, h50 = 0, h90 = 0;
    std::array<std::vector<double>, 3> bcrps, bign;
    std::array<std::size_t, 3> b50{}, b90{}, bn{};
    for (std::size_t i : g.rows) {
      const ScoredRow& r = out.rows[i];
      if (r.history) {
        hist_crps.push_back(r.crps);
        h50 += r.in50;
        h90 += r.in90;
        continue;
      }
      crps.push_back(r.crps);
      ign.push_back(r.ignorance);
      in50 += r.in50;
      in90 += r.in90;
      for (std::size_t b = 0; b < 3; ++b)
        if (r.baselines[b].available) {
          bcrps[b].push_back(r.baselines[b].crps);
          bign[b].push_back(r.baselines[b].ignorance);
          b50[b] += r.baselines[b].in50;
          b90[b] += r.baselines[b].in90;
          ++bn[b];
        }
    }
    g.forecast_rows = crps.size();
    g.history_rows = hist_crps.size();
    g.crps = mean_of(crps);
    g.ignorance = mean_of(ign);
    const auto share = [](std::size_t k, std::size_t n) { return n ? static_cast<double>(k) / static_cast<double>(n) : kNaN; };
    g.coverage = {share(in50, crps.size()), share(in90, crps.size()), crps.size()};
    g.history_crps = mean_of(hist_crps);
    g.history_coverage = {share(h50, hist_crps.size()), share(h90, hist_crps.size()), hist_crps.size()};
    std::vector<double> best_crps, best_ign;
    double lowest_crps = std::numeric_limits<double>::infinity(), lowest_ign = lowest_crps;
    for (std::size_t b = 0; b < 3; ++b) {
      BaselineMeans& m = g.baselines[b];
      m.available = g.forecast_rows > 0 && bn[b] == g.forecast_rows;
      if (!m.available) {
        m.crps = m.ignorance = kNaN;
        continue;
      }
      m.crps = mean_of(bcrps[b]);
      m.ignorance = mean_of(bign[b]);
      m.coverage = {share(b50[b], bn[b]), share(b90[b], bn[b]), bn[b]};
      best_crps.push_back(m.crps);
      best_ign.push_back(m.ignorance);
      if (m.crps < lowest_crps) lowest_crps = m.crps, g.best_crps = to_string(kBaselines[b]);
      if (m.ignorance < lowest_ign) lowest_ign = m.ignorance, g.best_ignorance = to_string(kBaselines[b]);
    }
    g.crps_skill = best_crps.empty() ? kNaN : skill_vs_best(g.crps, best_crps);
    g.ignorance_skill = best_ign.empty() ? kNaN : skill_vs_best(g.ignorance, best_ign);
  }
  MilestoneSummary& ms = out.milestones;
  std::vector<double> briers, logs, base_briers, base_logs;
  for (const ScoredRow& r : out.rows)
    if (r.kind == ObservedQuantity::milestone && !r.history) {
      briers.push_back(r.brier);
      logs.push_back(r.log_score);
      base_briers.push_back(r.base_brier);
      base_logs.push_back(r.base_log);
    }
  ms.rows = briers.size();
  ms.brier = mean_of(briers);
  ms.log_score = mean_of(logs);
  ms.base_brier = mean_of(base_briers);
  ms.base_log = mean_of(base_logs);
  ms.brier_skill = ms.rows ? skill(ms.brier, ms.base_brier) : kNaN;
  ms.log_skill = ms.rows ? skill(ms.log_score, ms.base_log) : kNaN;

  for (const ObservedValue& o : rows) {
    if (o.quantity != ObservedQuantity::battle_deaths || o.camp >= 0) continue;
    const YearMonth a = start->plus(o.first_month), b = start->plus(o.last_month);
    if (a.year != b.year) continue;
    bool whole = a.month == 1 && b.month == 12;
    for (const StoredCalendarYear& y : runs.years)
      whole = whole || (y.first == a.to_string() && y.last == b.to_string());
    if (whole)
      out.year_observations.push_back({a.year, b.month - a.month + 1, o.value, o.low, o.high, o.last_month < origin});
  }
  for (const StoredCalendarYear& y : runs.years) {
    std::vector<double> d = runs.year_deaths.at(y.year);
    std::sort(d.begin(), d.end());
    out.fan.push_back({y.year, y.months, ensemble_quantile(d, 0.05), ensemble_quantile(d, 0.25),
                       ensemble_quantile(d, 0.5), ensemble_quantile(d, 0.75), ensemble_quantile(d, 0.95)});
  }
  return out;
}

// ---- Text ----

namespace {

bool is_share(ObservedQuantity k) { return k == ObservedQuantity::population_share || k == ObservedQuantity::control; }

std::string num(ObservedQuantity k, double x) {
  if (std::isnan(x)) return "-";
  return is_share(k) ? fmt::format("{:.3f}", x) : fmt::format("{:.0f}", x);
}

std::string bits(double x) { return std::isnan(x) ? "-" : fmt::format("{:.2f}", x); }
std::string skill_text(double x) { return std::isnan(x) ? "n/a" : fmt::format("{:+.2f}", x); }
std::string pct(double x) { return std::isnan(x) ? "-" : fmt::format("{:.0f}%", 100 * x); }

std::string bins_text(const std::vector<double>& edges) {
  std::string s;
  for (double e : edges) s += (s.empty() ? "" : ", ") + (std::isinf(e) ? std::string("inf") : fmt::format("{:.15g}", e));
  return s;
}

std::string group_title(const ScoreGroup& g) {
  if (g.kind == ObservedQuantity::battle_deaths)
    return fmt::format("{} (sums over {}-month periods)", g.quantity, g.period_months);
  return fmt::format("{} (at the period's last month)", g.quantity);
}

}  // namespace

std::string score_text(const ScoreResult& r) {
  std::string s;
  s += fmt::format("parley score: {}, variant {} ({} runs), against {}\n", r.database, r.variant, r.runs, r.observations);
  if (r.origin_given)
    s += fmt::format("Forecast origin {}: rows ending before it are history; they build the baselines and are {}.\n",
                     r.origin, r.include_history ? "scored too, in sample (--include-history)" : "not scored (--include-history scores them in sample)");
  else
    s += fmt::format("The scenario has no meta.origin: every row from its start ({}) is scored, and no baseline has "
                     "rows before it.\n", r.start);
  s += fmt::format("Ignorance bins: deaths and forces [{}] (the last closed); shares and control tenths of [0, 1]; "
                   "floor {:g} (at most {:.2f} bits), the log score's too.\n",
                   bins_text(r.count_bins), r.floor, -std::log2(r.floor));
  s += "CRPS in the quantity's units (exact, over every run's own value); PIT randomised (seed " + std::to_string(r.seed) +
       "); baselines: persistence and linear trend with the spread of their own past errors, climatology the past "
       "values (docs/forecasting.md).\n";
  for (std::size_t gi = 0; gi < r.groups.size(); ++gi) {
    const ScoreGroup& g = r.groups[gi];
    s += fmt::format("\n{}: {} rows scored, {} before the origin for the baselines\n", group_title(g), g.rows.size(),
                     g.baseline_points);
    s += fmt::format("  {:<17} {:>9} {:>9} {:>19} {:>19} {:>9} {:>6} {:>5} {:>9} {:>9} {:>9}\n", "period", "observed",
                     "median", "50% interval", "90% interval", "CRPS", "IGN", "PIT", "persist.", "trend", "climat.");
    for (std::size_t i : g.rows) {
      const ScoredRow& x = r.rows[i];
      const ObservedQuantity k = x.kind;
      std::string b[3];
      for (std::size_t j = 0; j < 3; ++j) b[j] = x.baselines[j].available ? num(k, x.baselines[j].crps) : "-";
      s += fmt::format("  {:<17} {:>9} {:>9} {:>19} {:>19} {:>9} {:>6} {:>5.2f} {:>9} {:>9} {:>9}{}\n",
                       x.period, num(k, x.value), num(k, x.median),
                       fmt::format("{}-{}{}", num(k, x.q25), num(k, x.q75), x.in50 ? " *" : "  "),
                       fmt::format("{}-{}{}", num(k, x.q05), num(k, x.q95), x.in90 ? " *" : "  "), num(k, x.crps),
                       bits(x.ignorance), x.pit, b[0], b[1], b[2], x.history ? "  (history)" : "");
    }
    s += "  (* the observation is inside the interval; the baseline columns are their CRPS)\n";
    if (g.forecast_rows) {
      s += fmt::format("  mean CRPS {} | persistence {} | trend {} | climatology {}; skill {} (best: {})\n",
                       num(g.kind, g.crps), num(g.kind, g.baselines[0].crps), num(g.kind, g.baselines[1].crps),
                       num(g.kind, g.baselines[2].crps), skill_text(g.crps_skill), g.best_crps.empty() ? "none" : g.best_crps);
      s += fmt::format("  mean ignorance {} bits | persistence {} | trend {} | climatology {}; skill {} (best: {})\n",
                       bits(g.ignorance), bits(g.baselines[0].ignorance), bits(g.baselines[1].ignorance),
                       bits(g.baselines[2].ignorance), skill_text(g.ignorance_skill),
                       g.best_ignorance.empty() ? "none" : g.best_ignorance);
      s += fmt::format("  coverage of the 50% interval {} and of the 90% {} over {} rows (nominal 50% and 90%)\n",
                       pct(g.coverage.central50), pct(g.coverage.central90), g.coverage.n);
    }
    if (g.history_rows)
      s += fmt::format("  history, in sample: mean CRPS {}, coverage 50% {} and 90% {} over {} rows\n",
                       num(g.kind, g.history_crps), pct(g.history_coverage.central50),
                       pct(g.history_coverage.central90), g.history_rows);
  }
  bool any_milestone = false;
  for (const ScoredRow& x : r.rows) any_milestone = any_milestone || x.kind == ObservedQuantity::milestone;
  if (any_milestone) {
    s += "\nMilestones (the forecast: the share of runs that reached it by the period's end)\n";
    s += fmt::format("  {:<28} {:<17} {:>8} {:>9} {:>7} {:>6} {:>10} {:>7} {:>6}\n", "milestone", "by", "happened",
                     "forecast", "Brier", "log", "base rate", "Brier", "log");
    for (const ScoredRow& x : r.rows) {
      if (x.kind != ObservedQuantity::milestone) continue;
      s += fmt::format("  {:<28} {:<17} {:>8} {:>9} {:>7.3f} {:>6.2f} {:>10} {:>7.3f} {:>6.2f}{}\n", x.quantity, x.period,
                       x.value == 1 ? "yes" : "no", pct(x.probability), x.brier, x.log_score,
                       fmt::format("{}{}", pct(x.base_rate), x.base_rate_given ? "" : "*"), x.base_brier, x.base_log,
                       x.history ? "  (history)" : "");
    }
    s += "  (* no base_rate in the file: 50%; log scores in bits)\n";
    if (r.milestones.rows)
      s += fmt::format("  mean Brier {:.3f} against the base rate's {:.3f}, skill {}; mean log score {:.2f} against {:.2f}, "
                       "skill {} ({} rows)\n",
                       r.milestones.brier, r.milestones.base_brier, skill_text(r.milestones.brier_skill),
                       r.milestones.log_score, r.milestones.base_log, skill_text(r.milestones.log_skill), r.milestones.rows);
  }
  if (r.history_rows && !r.include_history)
    s += fmt::format("\n{} rows end before the origin {}: history, used by the baselines only.\n", r.history_rows, r.origin);
  if (!r.unscored.empty()) {
    s += fmt::format("\nNot scored ({} rows):\n", r.unscored.size());
    for (const UnscoredRow& u : r.unscored)
      s += fmt::format("  {}:{}: {} {}: {}\n", r.observations, u.line, u.quantity, u.period, u.reason);
  }
  s += "\nSkill against the best baseline (1 perfect, 0 no better, negative worse):";
  bool any = false;
  for (const ScoreGroup& g : r.groups) {
    if (!g.forecast_rows) continue;
    s += fmt::format("{} {} CRPS {}, ignorance {}", any ? ";" : "", g.quantity, skill_text(g.crps_skill),
                     skill_text(g.ignorance_skill));
    any = true;
  }
  if (r.milestones.rows) {
    s += fmt::format("{} milestones Brier {}, log {}", any ? ";" : "", skill_text(r.milestones.brier_skill),
                     skill_text(r.milestones.log_skill));
    any = true;
  }
  if (!any) s += " nothing scored after the origin";
  s += "\n";
  return s;
}

// ---- JSON ----

namespace {

nlohmann::json number_or_null(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }
nlohmann::json optional_json(const std::optional<double>& x) { return x ? nlohmann::json(*x) : nlohmann::json(nullptr); }

nlohmann::json bins_json(const std::vector<double>& edges) {
  nlohmann::json a = nlohmann::json::array();
  for (double e : edges) a.push_back(std::isinf(e) ? nlohmann::json("inf") : nlohmann::json(e));
  return a;
}

nlohmann::json coverage_json(const Coverage& c) {
  return {{"central50", number_or_null(c.central50)}, {"central90", number_or_null(c.central90)}, {"rows", c.n}};
}

}  // namespace

std::string score_json(const ScoreResult& r) {
  using nlohmann::json;
  json j;
  j["database"] = r.database;
  j["observations"] = r.observations;
  j["variant"] = r.variant;
  j["runs"] = r.runs;
  j["seed"] = r.seed;
  j["start"] = r.start;
  j["origin"] = r.origin_given ? json(r.origin) : json(nullptr);
  j["include_history"] = r.include_history;
  j["floor"] = r.floor;
  j["bins"] = {{"counts", bins_json(r.count_bins)}, {"shares", bins_json(kShareBins)}};
  json groups = json::array();
  for (const ScoreGroup& g : r.groups) {
    json gj;
    gj["quantity"] = g.quantity;
    gj["period_months"] = g.period_months;
    gj["bins"] = bins_json(g.bins);
    gj["forecast_rows"] = g.forecast_rows;
    gj["history_rows"] = g.history_rows;
    gj["baseline_points"] = g.baseline_points;
    gj["crps"] = number_or_null(g.crps);
    gj["ignorance"] = number_or_null(g.ignorance);
    gj["coverage"] = coverage_json(g.coverage);
    json bj = json::object();
    for (std::size_t b = 0; b < 3; ++b) {
      const BaselineMeans& m = g.baselines[b];
      bj[to_string(kBaselines[b])] = m.available ? json{{"crps", number_or_null(m.crps)},
                                                        {"ignorance", number_or_null(m.ignorance)},
                                                        {"coverage", coverage_json(m.coverage)}}
                                                 : json(nullptr);
    }
    gj["baselines"] = bj;
    gj["crps_skill"] = number_or_null(g.crps_skill);
    gj["ignorance_skill"] = number_or_null(g.ignorance_skill);
    gj["best_crps"] = g.best_crps.empty() ? json(nullptr) : json(g.best_crps);
    gj["best_ignorance"] = g.best_ignorance.empty() ? json(nullptr) : json(g.best_ignorance);
    groups.push_back(gj);
  }
  j["quantities"] = groups;
  json rows = json::array();
  for (const ScoredRow& x : r.rows) {
    json rj{{"line", x.line},       {"quantity", x.quantity}, {"period", x.period},     {"observed", x.value},
            {"low", optional_json(x.low)}, {"high", optional_json(x.high)}, {"source", x.source},
            {"history", x.history}, {"from", x.from},         {"runs", x.members}};
    if (x.kind == ObservedQuantity::milestone) {
      rj["probability"] = number_or_null(x.probability);
      rj["brier"] = number_or_null(x.brier);
      rj["log_score"] = number_or_null(x.log_score);
      rj["base_rate"] = x.base_rate;
      rj["base_rate_given"] = x.base_rate_given;
      rj["base_brier"] = x.base_brier;
      rj["base_log_score"] = x.base_log;
    } else {
      rj["quantiles"] = {{"p05", x.q05}, {"p25", x.q25}, {"p50", x.median}, {"p75", x.q75}, {"p95", x.q95}};
      rj["crps"] = number_or_null(x.crps);
      rj["ignorance"] = number_or_null(x.ignorance);
      rj["pit"] = number_or_null(x.pit);
      rj["in50"] = x.in50;
      rj["in90"] = x.in90;
      json bj = json::object();
      for (std::size_t b = 0; b < 3; ++b) {
        const BaselineRowScore& s = x.baselines[b];
        bj[to_string(kBaselines[b])] =
            s.available ? json{{"members", s.members}, {"median", s.median}, {"crps", number_or_null(s.crps)},
                               {"ignorance", number_or_null(s.ignorance)}, {"pit", number_or_null(s.pit)},
                               {"in50", s.in50}, {"in90", s.in90}}
                        : json(nullptr);
      }
      rj["baselines"] = bj;
    }
    rows.push_back(rj);
  }
  j["rows"] = rows;
  j["milestones"] = {{"rows", r.milestones.rows},
                     {"brier", number_or_null(r.milestones.brier)},
                     {"log_score", number_or_null(r.milestones.log_score)},
                     {"base_brier", number_or_null(r.milestones.base_brier)},
                     {"base_log_score", number_or_null(r.milestones.base_log)},
                     {"brier_skill", number_or_null(r.milestones.brier_skill)},
                     {"log_skill", number_or_null(r.milestones.log_skill)}};
  json un = json::array();
  for (const UnscoredRow& u : r.unscored)
    un.push_back({{"line", u.line}, {"quantity", u.quantity}, {"period", u.period}, {"reason", u.reason}});
  j["not_scored"] = un;
  j["history_rows_not_scored"] = r.include_history ? 0 : r.history_rows;
  json pits = json::array();
  for (double p : r.pit) pits.push_back(number_or_null(p));
  j["pit"] = pits;
  return j.dump(2) + "\n";
}

}  // namespace parley
