// The report's "How the forecast scored" section (parley report --observations): the deaths
// fan by calendar year with the observations on it, the PIT histogram, the reliability of the
// milestone probabilities, and parley score's table with its baselines.
#include "report/score_section.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/svg.hpp"

namespace parley::report {

namespace {

using Points = std::vector<std::pair<double, double>>;

std::string open_figure(const std::string& kind, const std::string& title, const std::string& note) {
  return fmt::format("<figure class=\"chart\" data-chart=\"{}\"><figcaption>{}<span class=\"note\">{}</span></figcaption>",
                     escape(kind), escape(title), escape(note));
}

std::string cell(double x, bool share = false) {
  if (!std::isfinite(x)) return "-";
  return share ? fmt::format("{:.3f}", x) : number(std::round(x));
}

std::string skill_cell(double x) { return std::isfinite(x) ? fmt::format("{:+.2f}", x) : "n/a"; }

std::string fan_chart(const ScoreResult& r) {
  if (r.fan.empty()) return "";
  int first = r.fan.front().year, last = r.fan.back().year;
  double top = 1;
  for (const FanYear& y : r.fan) top = std::max(top, y.q95);
  for (const YearObservation& o : r.year_observations) {
    first = std::min(first, o.year);
    last = std::max(last, o.year);
    top = std::max(top, o.high ? *o.high : o.value);
  }
  Frame f;
  f.x0 = first - 0.5;
  f.x1 = last + 0.5;
  f.y1 = top * 1.08;
  std::vector<Tick> xt;
  for (int y = first; y <= last; ++y) xt.push_back({static_cast<double>(y), std::to_string(y)});
  std::string out = open_figure("score-fan", "Battle deaths per calendar year: the forecast and what happened",
                                "bands: middle 50% and 90% of runs; line: median; points: observed (bars: the "
                                "source's low to high); hollow points: before the origin " + r.origin +
                                    "; a partial year counts only its months in the horizon");
  out += svg_open(f, "Fan chart of battle deaths per calendar year with the observations");
  out += axes(f, xt, nice_ticks(0, f.y1, 5), "calendar year", "battle deaths in the year");
  Points outer, inner, median;
  for (const FanYear& y : r.fan) outer.push_back({f.x(y.year), f.y(y.q95)});
  for (auto it = r.fan.rbegin(); it != r.fan.rend(); ++it) outer.push_back({f.x(it->year), f.y(it->q05)});
  for (const FanYear& y : r.fan) inner.push_back({f.x(y.year), f.y(y.q75)});
  for (auto it = r.fan.rbegin(); it != r.fan.rend(); ++it) inner.push_back({f.x(it->year), f.y(it->q25)});
  for (const FanYear& y : r.fan) median.push_back({f.x(y.year), f.y(y.median)});
  out += fmt::format("<path class=\"mark\" d=\"{}\" fill=\"#0072B2\" fill-opacity=\"0.18\"/>", path_data(outer, true));
  out += fmt::format("<path class=\"mark\" d=\"{}\" fill=\"#0072B2\" fill-opacity=\"0.35\"/>", path_data(inner, true));
  out += fmt::format("<path class=\"mark\" d=\"{}\" fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2\"/>", path_data(median));
  for (const FanYear& y : r.fan)
    out += fmt::format("<circle class=\"mark\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"#0072B2\"><title>{} ({} months): median {}, "
                       "middle 50% {} to {}, 90% {} to {}</title></circle>",
                       f.x(y.year), f.y(y.median), y.year, y.months, number(y.median), number(y.q25), number(y.q75),
                       number(y.q05), number(y.q95));
  for (const YearObservation& o : r.year_observations) {
    const double x = f.x(o.year);
    if (o.low || o.high)
      out += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" stroke=\"#D55E00\" "
                         "stroke-width=\"2\"/>",
                         x, f.y(o.low ? *o.low : o.value), f.y(o.high ? *o.high : o.value));
    out += fmt::format("<circle class=\"mark\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"5\" fill=\"{}\" stroke=\"#D55E00\" stroke-width=\"2\">"
                       "<title>observed {} ({} months): {}{}</title></circle>",
                       x, f.y(o.value), o.before_origin ? "#fff" : "#D55E00", o.year, o.months, number(o.value),
                       o.before_origin ? ", before the origin" : "");
  }
  return out + "</svg></figure>";
}

std::string pit_chart(const ScoreResult& r) {
  constexpr int kBins = 10;
  std::vector<int> counts(kBins, 0);
  for (double p : r.pit)
    if (std::isfinite(p)) ++counts[static_cast<std::size_t>(std::clamp(static_cast<int>(p * kBins), 0, kBins - 1))];
  const double n = static_cast<double>(r.pit.size());
  Frame f;
  f.x0 = 0;
  f.x1 = 1;
  f.y1 = std::max(1.0, static_cast<double>(*std::max_element(counts.begin(), counts.end())) * 1.15);
  const std::string note =
      r.pit.size() < 20
          ? fmt::format("only {} PIT value{} after the origin: too few for the histogram's shape to say much; a "
                        "calibrated forecast gives a flat histogram (the dashed line)",
                        r.pit.size(), r.pit.size() == 1 ? "" : "s")
          : "a calibrated forecast gives a flat histogram (the dashed line); a U shape: too narrow; a hump: too wide; "
            "a slope: biased";
  std::string out = open_figure("score-pit", "Where the observations fell in the forecast (PIT histogram)", note);
  out += svg_open(f, "Histogram of the probability integral transform values");
  out += axes(f, nice_ticks(0, 1, 5), nice_ticks(0, f.y1, 4), "PIT: the forecast's probability below the observation",
              "rows");
  for (int k = 0; k < kBins; ++k) {
    const double x0 = f.x(k / 10.0), x1 = f.x((k + 1) / 10.0);
    out += fmt::format("<rect class=\"mark\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#009E73\"><title>{:.1f} "
                       "to {:.1f}: {} rows</title></rect>",
                       x0 + 1, f.y(counts[static_cast<std::size_t>(k)]), x1 - x0 - 2,
                       f.y(0) - f.y(counts[static_cast<std::size_t>(k)]), k / 10.0, (k + 1) / 10.0,
                       counts[static_cast<std::size_t>(k)]);
  }
  if (n > 0)
    out += fmt::format("<line x1=\"{0:.1f}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#000\" "
                       "stroke-dasharray=\"5 3\"/>",
                       f.x(0), f.x(1), f.y(n / kBins));
  return out + "</svg></figure>";
}

std::string reliability_chart(const ScoreResult& r) {
  constexpr int kBins = 5;
  std::vector<double> p_sum(kBins, 0), o_sum(kBins, 0);
  std::vector<int> count(kBins, 0);
  std::size_t rows = 0;
  for (const ScoredRow& x : r.rows) {
    if (x.kind != ObservedQuantity::milestone || x.history || !std::isfinite(x.probability)) continue;
    const auto k = static_cast<std::size_t>(std::clamp(static_cast<int>(x.probability * kBins), 0, kBins - 1));
    p_sum[k] += x.probability;
    o_sum[k] += x.value;
    ++count[k];
    ++rows;
  }
  const std::string note =
      rows < 10 ? fmt::format("only {} milestone{} after the origin: far too few to judge reliability; each point is "
                              "drawn with its count, and one milestone can only land at 0 or 1",
                              rows, rows == 1 ? "" : "s")
                : "points on the diagonal: the milestones happened as often as forecast";
  Frame f;
  std::string out = open_figure("score-reliability", "Reliability of the milestone probabilities", note);
  out += svg_open(f, "Reliability diagram of the milestone forecasts");
  out += axes(f, nice_ticks(0, 1, 5), nice_ticks(0, 1, 5), "forecast probability", "share that happened");
  out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#999\" "
                     "stroke-dasharray=\"5 3\"/>",
                     f.x(0), f.y(0), f.x(1), f.y(1));
  for (int k = 0; k < kBins; ++k) {
    const auto i = static_cast<std::size_t>(k);
    if (!count[i]) continue;
    const double px = p_sum[i] / count[i], py = o_sum[i] / count[i];
    out += fmt::format("<circle class=\"mark\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"#CC79A7\" fill-opacity=\"0.8\"><title>"
                       "forecast {:.0f}% to {:.0f}%: {} milestone{}, mean forecast {:.2f}, happened {:.2f}</title>"
                       "</circle><text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">{}</text>",
                       f.x(px), f.y(py), 4 + 2 * std::sqrt(static_cast<double>(count[i])), 20.0 * k, 20.0 * (k + 1),
                       count[i], count[i] == 1 ? "" : "s", px, py, f.x(px) + 8, f.y(py) - 6, count[i]);
  }
  return out + "</svg></figure>";
}

std::string score_tables(const ScoreResult& r) {
  std::string h;
  for (const ScoreGroup& g : r.groups) {
    const bool share = g.kind == ObservedQuantity::population_share || g.kind == ObservedQuantity::control;
    h += fmt::format("<h4>{}{}</h4><table><tr><th>period</th><th>observed</th><th>median</th><th>90% of runs</th>"
                     "<th>CRPS</th><th>ignorance (bits)</th><th>PIT</th><th>persistence CRPS</th><th>trend CRPS</th>"
                     "<th>climatology CRPS</th></tr>",
                     escape(g.quantity),
                     g.kind == ObservedQuantity::battle_deaths ? fmt::format(" (sums over {} months)", g.period_months)
                                                               : std::string(" (at the period's end)"));
    for (std::size_t i : g.rows) {
      const ScoredRow& x = r.rows[i];
      h += fmt::format("<tr><td>{}{}</td><td>{}</td><td>{}</td><td>{} to {}</td><td>{}</td><td>{:.2f}</td><td>{:.2f}</td>",
                       escape(x.period), x.history ? " (history)" : "", cell(x.value, share), cell(x.median, share),
                       cell(x.q05, share), cell(x.q95, share), cell(x.crps, share), x.ignorance, x.pit);
      for (const BaselineRowScore& b : x.baselines) h += "<td>" + (b.available ? cell(b.crps, share) : "-") + "</td>";
      h += "</tr>";
    }
    h += "</table>";
    if (g.forecast_rows)
      h += fmt::format("<p class=\"n\">Mean CRPS {} against persistence {}, trend {}, climatology {}: skill {} against "
                       "the best ({}); mean ignorance {:.2f} bits, skill {}; {} of {} rows inside the 50% interval and {} "
                       "inside the 90%.</p>",
                       cell(g.crps, share), cell(g.baselines[0].crps, share), cell(g.baselines[1].crps, share),
                       cell(g.baselines[2].crps, share), skill_cell(g.crps_skill),
                       g.best_crps.empty() ? "no baseline" : g.best_crps, g.ignorance, skill_cell(g.ignorance_skill),
                       std::lround(g.coverage.central50 * g.coverage.n), g.coverage.n,
                       std::lround(g.coverage.central90 * g.coverage.n));
  }
  bool milestones = false;
  for (const ScoredRow& x : r.rows) milestones = milestones || x.kind == ObservedQuantity::milestone;
  if (milestones) {
    h += "<h4>Milestones</h4><table><tr><th>milestone</th><th>by</th><th>happened</th><th>forecast</th><th>Brier</th>"
         "<th>log score (bits)</th><th>base rate</th><th>its Brier</th></tr>";
    for (const ScoredRow& x : r.rows)
      if (x.kind == ObservedQuantity::milestone)
        h += fmt::format("<tr><td>{}</td><td>{}{}</td><td>{}</td><td>{:.0f}%</td><td>{:.3f}</td><td>{:.2f}</td>"
                         "<td>{:.0f}%{}</td><td>{:.3f}</td></tr>",
                         escape(x.quantity), escape(x.period), x.history ? " (history)" : "", x.value == 1 ? "yes" : "no",
                         100 * x.probability, x.brier, x.log_score, 100 * x.base_rate,
                         x.base_rate_given ? "" : " (none given)", x.base_brier);
    h += "</table>";
    if (r.milestones.rows)
      h += fmt::format("<p class=\"n\">Mean Brier score {:.3f} against the base rate's {:.3f}: skill {}.</p>",
                       r.milestones.brier, r.milestones.base_brier, skill_cell(r.milestones.brier_skill));
  }
  if (!r.unscored.empty()) {
    h += "<h4>Rows not scored</h4><ul>";
    for (const UnscoredRow& u : r.unscored)
      h += fmt::format("<li>line {}: {} {}: {}</li>", u.line, escape(u.quantity), escape(u.period), escape(u.reason));
    h += "</ul>";
  }
  return h;
}

}  // namespace

std::string score_section(const ScoreResult& r) {
  std::string h = "<h2 id=\"scores\">How the forecast scored</h2>";
  h += fmt::format(
      "<p>Variant {} ({} runs) against <code>{}</code>. {} Every score is from each run's own value (the CRPS exactly), "
      "and lower is better; skill is 1 - score / the best baseline's score (1 perfect, 0 no better, negative worse). "
      "Baselines are built from the file's rows before the origin only. Ignorance bins for deaths and forces: half "
      "decades (0, 1, 3, 10, 30, ...) unless chosen; floor {:g}.</p>",
      escape(r.variant), number(static_cast<double>(r.runs)), escape(r.observations),
      r.origin_given ? fmt::format("Rows ending before the origin, {}, are history: they build the baselines{}.",
                                   escape(r.origin), r.include_history ? " and are scored in sample" : " and are not scored")
                     : std::string("The scenario has no origin: every row is scored and no baseline has history."),
      r.floor);
  h += "<div class=\"cols\">" + fan_chart(r) + pit_chart(r) + "</div>";
  // Half the width, like the charts beside each other above (the empty cell keeps it so).
  h += "<div class=\"cols\">" + reliability_chart(r) + "<div></div></div>";
  h += score_tables(r);
  return h;
}

}  // namespace parley::report
