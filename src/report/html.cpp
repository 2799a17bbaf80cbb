// parley report: the questions answered in sentences, then the charts, in one HTML file.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>

#include "parley/report.hpp"
#include "parley/version.hpp"
#include "report/charts.hpp"
#include "report/data.hpp"
#include "report/score_section.hpp"
#include "report/sensitivity_section.hpp"
#include "report/svg.hpp"

namespace parley {

namespace {

using report::ReportData;
using report::VariantData;
using report::escape;
using report::month_name;
using report::number;

// "62% (95% interval 58% to 66%)"
std::string share_text(std::int64_t k, std::int64_t n) {
  const auto [lo, hi] = wilson_interval(k, n);
  const double p = n ? static_cast<double>(k) / static_cast<double>(n) : 0.0;
  return fmt::format("<strong>{:.0f}%</strong> (95% interval {:.0f}% to {:.0f}%)", p * 100, lo * 100, hi * 100);
}

// "month 14 (Jul 2016)": months counted from the origin (docs/report.md "Months and dates").
std::string month_at(const VariantData& v, int t) { return month_label(parse_year_month(v.zero), t); }

// When half the runs have reached the event: "by month 14 (Jul 2016); 95% interval month 12
// (May 2016) to month 17 (Oct 2016)".
std::string median_text(const VariantData& v, const std::vector<SurvivalPoint>& curve) {
  const MedianTime m = median_time(curve);
  if (!m.median)
    return fmt::format("fewer than half of the runs reach it by {}, the horizon", escape(month_at(v, v.forecast - 1)));
  const auto bound = [&](const std::optional<int>& b) {
    return b ? month_at(v, *b) : fmt::format("beyond {}", month_at(v, v.forecast - 1));
  };
  return fmt::format("half of the runs reach it by <strong>{}</strong> (95% interval {} to {})",
                     escape(month_at(v, *m.median)), escape(bound(m.lower)), escape(bound(m.upper)));
}

// A milestone of the history: " (already reached before the origin in 12% of runs)".
std::string before_text(const VariantData& v, std::int64_t before) {
  if (v.origin == 0) return "";
  return fmt::format(" (already reached before the origin in {:.0f}% of runs, not counted here)",
                     100.0 * static_cast<double>(before) / static_cast<double>(std::max<std::int64_t>(v.runs, 1)));
}

std::string baseline_answers(const ReportData& d) {
  const VariantData& v = *d.find(d.baseline);
  const std::string end = month_name(v.zero, v.forecast - 1);
  std::string out = fmt::format("<p class=\"lead\">Under <strong>{}</strong>{}, over {} simulated futures from {} to {}:</p>",
                                escape(v.name), v.description.empty() ? "" : " (" + escape(v.description) + ")", number(static_cast<double>(v.runs)),
                                escape(month_name(v.zero, 0)), escape(end));
  if (v.origin > 0)
    out += fmt::format("<p class=\"n\">Counted from the forecast's origin, {}: every run is simulated from {}, and "
                       "the {} months before the origin are history (a spin-up). Months are months after the origin, "
                       "first-year deaths those of the 12 months from it, and milestones reached in the history are "
                       "reported as such. A history that ended the war before the origin (a victory or a peace "
                       "the record does not have) is drawn again, inputs and dice, up to {} times, so that every "
                       "future starts from a war still going on, as it was at the origin: {:.1f}% of runs needed "
                       "it.{}</p>",
                       escape(month_at(v, 0)), escape(month_name(v.start, 0)), v.origin, kMaxHistoryDraws,
                       v.runs > 0 ? 100.0 * static_cast<double>(v.redrawn) / static_cast<double>(v.runs) : 0.0,
                       v.ended_before > 0 ? fmt::format(" Even so, {:.1f}% of runs ended before the origin in every "
                                                        "draw: the scenario's history ends this war more often than not.",
                                                        100.0 * static_cast<double>(v.ended_before) / static_cast<double>(v.runs))
                                          : std::string());
  out += "<ul class=\"answers\">";
  const std::int64_t open_formal = v.runs - v.formal_before, open_agreement = v.runs - v.agreement_before,
                     open_peace = v.runs - v.peace_before;
  const char* of_rest = v.origin > 0 ? " of the runs without it before the origin" : " of runs";
  out += fmt::format("<li><b>Formal talks</b> open in {}{}; {}{}.</li>", share_text(v.with_formal, open_formal), of_rest,
                     median_text(v, v.formal), before_text(v, v.formal_before));
  out += fmt::format("<li><b>An agreement</b> is signed in {}{}; {}{}.</li>", share_text(v.with_agreement, open_agreement),
                     of_rest, median_text(v, v.agreement), before_text(v, v.agreement_before));
  out += fmt::format("<li><b>Durable peace</b> (an agreement implemented to the end) comes in {}{} by {}; {}{}.</li>",
                     share_text(v.with_peace, open_peace), of_rest, escape(end), median_text(v, v.peace),
                     before_text(v, v.peace_before));
  if (v.with_agreement > 0) {
    std::string terms;
    for (std::size_t k = 0; k < d.issues.size(); ++k) {
      const auto& t = v.terms[k];
      if (t.empty()) continue;
      MeanInterval m;
      for (double x : t) m.add(x);
      std::vector<double> sorted = t;
      std::sort(sorted.begin(), sorted.end());
      const auto at = [&](double q) { return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))]; };
      const auto& is = d.issues[k];
      terms += fmt::format("{}<b>{}</b> {:.1f} (95% interval of the mean {:.1f} to {:.1f}; 90% of agreements between "
                           "{:.0f} and {:.0f}; 0: {}; 100: {}; status quo {:.0f})",
                           terms.empty() ? "" : "; ", escape(is.label.empty() ? is.id : is.label), m.mean(),
                           m.mean() - m.half_width(), m.mean() + m.half_width(), at(0.05), at(0.95),
                           escape(is.low.empty() ? "low" : is.low), escape(is.high.empty() ? "high" : is.high),
                           is.status_quo);
    }
    if (!terms.empty()) out += "<li><b>On what terms:</b> the last agreement of a run sets " + terms + ".</li>";
    out += fmt::format("<li><b>Will an agreement hold while one side disarms?</b> Of the runs with an agreement, {} see at "
                       "least one agreement collapse during implementation, and {} end in durable peace.</li>",
                       share_text(v.collapsed, v.with_agreement),
                       share_text(std::min(v.with_peace, v.with_agreement), v.with_agreement));
  }
  if (const report::YearDeaths* first = v.first_year()) {
    const auto& y = *first;
    out += fmt::format("<li><b>Battle deaths</b> in the first year{} ({} to {}): median <strong>{}</strong> (90% of runs "
                       "between {} and {}); over the whole {}, {} on average (95% interval {} to {}).</li>",
                       v.origin > 0 ? " from the origin" : "", escape(month_at(v, 0)),
                       escape(month_at(v, std::min(11, v.forecast - 1))), number(y.median),
                       number(y.p05 < 1 ? 0 : y.p05), number(y.p95),
                       v.origin > 0 ? "forecast (from the origin to the horizon)" : "horizon", number(v.deaths.mean()),
                       number(v.deaths.mean() - v.deaths.half_width()), number(v.deaths.mean() + v.deaths.half_width()));
  }
  std::string wins;
  for (const auto& [camp, n] : v.victories) {
    std::string name = camp;
    for (const auto& c : d.camps)
      if (c.id == camp) name = c.name;
    wins += fmt::format("{}{} wins outright in {}", wins.empty() ? "" : "; ", escape(name), share_text(n, v.runs));
  }
  out += fmt::format("<li><b>Still at war</b> at the horizon: {} of runs{}.</li>", share_text(v.still_at_war, v.runs),
                     wins.empty() ? "" : "; " + wins);
  return out + "</ul>";
}

// "12.3 points more likely (95% interval +9.8 to +14.8)" or "no clear difference (...)".
std::string difference_text(const PairedMeasure& m, double scale, const std::string& unit, bool integer) {
  const double mean = m.difference.mean() * scale, h = m.difference.half_width() * scale;
  if (m.difference.n() > 0 && m.difference.sd() == 0 && mean == 0) return "identical in every run";
  // Values that round to zero are shown as 0, without a sign ("-0.0" reads as a mistake).
  const auto fmt_value = [&](double x) {
    if (std::fabs(x) < (integer ? 0.5 : 0.05)) x = 0;
    return integer ? number(x) : fmt::format("{:.1f}", x);
  };
  const auto signed_value = [&](double x) { return (x >= (integer ? 0.5 : 0.05) ? "+" : "") + fmt_value(x); };
  const std::string interval = fmt::format("95% interval {} to {}", signed_value(mean - h), signed_value(mean + h));
  if (m.difference.n() > 1 && mean - h > 0)
    return fmt::format("<strong>{}{} {}</strong> ({})", fmt_value(std::fabs(mean)), unit, m.higher, interval);
  if (m.difference.n() > 1 && mean + h < 0)
    return fmt::format("<strong>{}{} {}</strong> ({})", fmt_value(std::fabs(mean)), unit, m.lower, interval);
  return fmt::format("no clear difference ({})", interval);
}

// 1 - S(t): the share of runs that have had the event by the end of month t.
double reached_by(const std::vector<SurvivalPoint>& curve, int t) {
  double s = 1;
  for (const auto& p : curve) {
    if (p.time > t) break;
    s = p.survival;
  }
  return 1 - s;
}

// The first month in which two cumulative curves differ by 5 points or more; -1 if never.
// Says how soon a variant's effect shows ("how soon does pressure matter").
int curves_part(const std::vector<SurvivalPoint>& a, const std::vector<SurvivalPoint>& b, int months) {
  for (int t = 0; t < months; ++t)
    if (std::fabs(reached_by(a, t) - reached_by(b, t)) >= 0.05 - 1e-9) return t;  // products of KM factors round
  return -1;
}

std::string comparison_text(const ReportData& d, const report::Comparison& c) {
  const VariantData& v = *d.find(c.variant);
  const VariantData& r = *d.find(c.reference);
  const auto& res = c.result;
  std::string out = fmt::format("<li><b>{}</b>{} against <b>{}</b>: ", escape(v.name),
                                v.description.empty() ? "" : " (" + escape(v.description) + ")", escape(r.name));
  std::vector<std::string> parts;
  const auto shares = [](const PairedMeasure& m) {
    return fmt::format("{:.0f}% against {:.0f}%, ", m.variant.mean() * 100, m.base.mean() * 100);
  };
  if (auto* m = res.find("peace"))
    parts.push_back(fmt::format("durable peace by {}: {}{}", escape(month_at(r, r.forecast - 1)), shares(*m),
                                difference_text(*m, 100, " points", false)));
  if (auto* m = res.find("agreement_2y"))
    parts.push_back(fmt::format("an agreement within two years (by {}): {}{}", escape(month_at(r, 23)), shares(*m),
                                difference_text(*m, 100, " points", false)));
  if (auto* m = res.find("months_to_agreement"))
    parts.push_back(fmt::format("time to the first agreement: {}", difference_text(*m, 1, " months", false)));
  if (const int t = curves_part(r.agreement, v.agreement, std::min(r.forecast, v.forecast)); t >= 0)
    parts.push_back(fmt::format("the shares of runs with an agreement first differ by 5 points or more in {}",
                                escape(month_at(r, t))));
  if (auto* m = res.find("months_formal"))
    parts.push_back(fmt::format("time in formal talks (first track): {:.1f} months against {:.1f}, {}", m->variant.mean(),
                                m->base.mean(), difference_text(*m, 1, " months", false)));
  if (auto* m = res.find("battle_deaths"))
    parts.push_back(fmt::format("battle deaths {}: {}", r.origin > 0 ? "from the origin to the horizon" : "over the horizon",
                                difference_text(*m, 1, "", true)));
  for (const auto& camp : d.camps)
    if (auto* m = res.find("victory:" + camp.id); m && m->difference.n() > 1 &&
                                                  std::fabs(m->difference.mean()) > m->difference.half_width())
      parts.push_back(fmt::format("military victory for {}: {}{}", escape(camp.name), shares(*m),
                                  difference_text(*m, 100, " points", false)));
  for (std::size_t k = 0; k < parts.size(); ++k) out += (k == 0 ? "" : k + 1 == parts.size() ? "; and " : "; ") + parts[k];
  return out + fmt::format(". <span class=\"n\">({} paired runs)</span></li>", number(static_cast<double>(res.pairs)));
}

// One line per question: which of its variants gives durable peace most often and which the
// fewest deaths, and whether the reference is beaten clearly (its paired interval excludes 0).
std::string in_short(const ReportData& d, const report::QuestionData& q) {
  const VariantData* best = nullptr;
  const VariantData* calmest = nullptr;
  for (const auto& name : q.variants) {
    const VariantData* v = d.find(name);
    if (!v || v->runs == 0) continue;
    const auto peace = [](const VariantData* x) { return static_cast<double>(x->with_peace) / static_cast<double>(x->runs); };
    if (!best || peace(v) > peace(best)) best = v;
    if (!calmest || v->deaths.mean() < calmest->deaths.mean()) calmest = v;
  }
  if (!best) return "";
  const std::string& reference = q.variants.front();
  const auto clear = [&](const std::string& variant, const char* key) {
    for (const auto& c : d.comparisons)
      if (c.question == q.id && c.variant == variant)
        if (const auto* m = c.result.find(key))
          return m->difference.n() > 1 && std::fabs(m->difference.mean()) > m->difference.half_width();
    return false;
  };
  const auto verdict = [&](const VariantData* v, const char* key) -> std::string {
    if (v->name == reference) return " (the reference; no variant does clearly better)";
    return clear(v->name, key) ? " (clearly, against " + escape(reference) + ")" : " (but not clearly, against " + escape(reference) + ")";
  };
  return fmt::format("<p class=\"lead\"><b>In short:</b> durable peace is most likely under <b>{}</b> ({:.0f}%){}; "
                     "battle deaths are fewest under <b>{}</b> ({} on average over the horizon){}.</p>",
                     escape(best->name), 100.0 * static_cast<double>(best->with_peace) / static_cast<double>(best->runs),
                     verdict(best, "peace"), escape(calmest->name), number(calmest->deaths.mean()),
                     verdict(calmest, "battle_deaths"));
}

const char* kStyle = R"CSS(
:root{--ink:#222;--muted:#666;--line:#ddd}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);margin:0;background:#fafafa}
main{max-width:1120px;margin:0 auto;padding:16px 24px 48px;background:#fff}
h1{font-size:1.6em;margin:.4em 0 .1em}h2{font-size:1.25em;margin:1.6em 0 .4em;border-bottom:1px solid var(--line);padding-bottom:.2em}
h3{font-size:1.05em;margin:1.2em 0 .3em}
.sub{color:var(--muted);margin:0 0 .8em}.lead{margin:.4em 0}
ul.answers li,ul.compare li{margin:.35em 0}.n{color:var(--muted);font-size:.9em}
.warn{background:#fff3cd;border:1px solid #e0c36b;padding:8px 12px}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:16px 24px}
figure.chart{margin:12px 0;padding:8px;border:1px solid var(--line);border-radius:4px;background:#fff}
figcaption{font-weight:600;margin-bottom:4px}figcaption .note{display:block;font-weight:400;color:var(--muted);font-size:.85em}
svg{width:100%;height:auto;display:block;font-size:12px}
#map{max-width:640px;margin:0 auto}
svg .grid{stroke:#eee}svg .axis,svg .tickmark{stroke:#888}svg .zero{stroke:#888;stroke-dasharray:3 3}
svg text{fill:#333}svg .title{font-size:12px;fill:#444}svg .empty{fill:#999}
ul.legend{list-style:none;padding:0;margin:4px 0 0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.85em}
.swatch{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px;border:1px solid #999}
.swatch.line{height:3px;width:18px;vertical-align:3px;border:0}
.controls{position:sticky;top:0;background:#fffffff0;padding:6px 0;border-bottom:1px solid var(--line);z-index:1}
.map-controls{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin:4px 0}
#map-month{width:260px;vertical-align:middle}
.scale{display:flex;align-items:center;gap:6px;font-size:.85em;flex-wrap:wrap}.scale .bar{display:inline-block;width:220px;height:12px;border:1px solid #999}
.scale .note{color:var(--muted)}
footer{color:var(--muted);font-size:.85em;margin-top:2em;border-top:1px solid var(--line);padding-top:.6em}
code{font-size:.9em}
)CSS";

// Shows one variant in every variant-dependent chart; moves the map through the months.
const char* kScript = R"JS(
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var pick = document.getElementById("variant");
  function showVariant(name) {
    document.querySelectorAll("g.variant").forEach(function (g) {
      g.style.display = g.getAttribute("data-variant") === name ? "" : "none";
    });
    document.querySelectorAll(".variant-name").forEach(function (e) { e.textContent = name; });
  }
  if (pick) {
    pick.addEventListener("change", function () { showVariant(pick.value); });
    showVariant(pick.value);
  }
  // Must match report::diverging in src/report/svg.cpp.
  var lo = [0xb3, 0x58, 0x06], mid = [0xf2, 0xf2, 0xf2], hi = [0x21, 0x66, 0xac];
  function colour(p) {
    p = Math.min(1, Math.max(0, p));
    var s = "#";
    for (var k = 0; k < 3; k++) {
      var v = p < 0.5 ? lo[k] + (mid[k] - lo[k]) * (p / 0.5) : mid[k] + (hi[k] - mid[k]) * ((p - 0.5) / 0.5);
      s += ("0" + Math.round(v).toString(16)).slice(-2);
    }
    return s;
  }
  var map = data.map, slider = document.getElementById("map-month");
  if (map && slider) {
    var label = document.getElementById("map-month-label"), which = document.getElementById("map-variant");
    var view = document.getElementById("map-view"), note = document.getElementById("map-scale-note");
    var shapes = Array.prototype.slice.call(document.querySelectorAll("path.province"));
    var draw = function () {
      var share = !view || view.value === "share";
      var t = Number(slider.value), values = (share ? map.share : map.control)[which.value];
      shapes.forEach(function (p) {
        var g = Number(p.getAttribute("data-index")), pct = values ? values[t * map.regions + g] : undefined;
        var known = typeof pct === "number";
        p.setAttribute("fill", known ? colour(pct / 100) : "#cccccc");
        var title = p.querySelector("title");
        if (title) title.textContent = map.names[g] + ": " + (known ? pct + "%" : "no data") +
            (share ? " control share" : " of runs holding the most") + " (" + map.months[t] + ", " + which.value + ")";
      });
      label.textContent = map.months[t];
      if (note) note.textContent = share ? map.camp + "'s control share of the region (mean over runs)"
                                         : "share of runs in which " + map.camp + " holds the most of the region";
    };
    slider.addEventListener("input", draw);
    which.addEventListener("change", draw);
    if (view) view.addEventListener("change", draw);
    draw();
  }
  document.documentElement.setAttribute("data-ready", "true");
})();
)JS";

}  // namespace

std::string render_report(const std::string& database, const ReportOptions& options) {
  const ReportData d = report::read_report_data(database, options.baseline);
  const std::optional<SensitivityTables> sensitivity =
      options.sensitivity.empty() ? std::nullopt : std::optional(read_sensitivity(options.sensitivity));
  const VariantData& base = *d.find(d.baseline);
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  h += "<title>parley report: " + escape(d.scenario_name) + "</title><style>" + kStyle + "</style></head><body><main>";
  h += "<h1>" + escape(d.scenario_name) + "</h1>";
  h += fmt::format("<p class=\"sub\">parley {} forecast: {} runs per variant, {} variants, seed {}, simulated {}. "
                   "Every interval is a 95% interval.</p>",
                   escape(d.info.parley_version), number(static_cast<double>(d.info.runs)), d.variants.size(), d.info.seed,
                   escape(d.info.finished_at.empty() ? d.info.started_at : d.info.finished_at));
  if (!d.scenario_description.empty()) h += "<p>" + escape(d.scenario_description) + "</p>";

  h += "<h2 id=\"answers\">The questions, answered</h2><h3>Will formal talks, an agreement and a durable peace come, "
       "when, and on what terms?</h3>";
  h += baseline_answers(d);
  for (const auto& q : d.questions) {
    h += "<h3>" + escape(q.text) + "</h3>" + in_short(d, q) + "<ul class=\"compare\">";
    for (const auto& c : d.comparisons)
      if (c.question == q.id) h += comparison_text(d, c);
    h += "</ul>";
  }
  if (d.questions.empty() && !d.comparisons.empty()) {
    h += "<h3>How do the variants differ from " + escape(d.baseline) + "?</h3><ul class=\"compare\">";
    for (const auto& c : d.comparisons) h += comparison_text(d, c);
    h += "</ul>";
  }
  h += "<p class=\"n\">Differences are paired: run <i>n</i> of one variant and run <i>n</i> of another drew the same "
       "random numbers, so the interval is the mean paired difference plus or minus 1.96 standard errors. Shares have "
       "Wilson intervals; times to an event are Kaplan-Meier medians with Greenwood (log-log) intervals, counting runs "
       "without the event as censored at the horizon. The change in the time to the first agreement counts a run "
       "without one as reaching it at the horizon (a restricted mean), so it moves with the chance of agreeing as well "
       "as with its timing.</p>";

  h += "<h2 id=\"charts\">The forecast in charts</h2>";
  h += "<div class=\"controls\"><label>Variant shown in the talks, deaths, agenda, victory and terms charts: <select id=\"variant\">";
  for (const auto& v : d.variants)
    h += fmt::format("<option value=\"{0}\"{1}>{0}{2}</option>", escape(v.name), v.name == d.baseline ? " selected" : "",
                     v.description.empty() ? "" : " - " + escape(v.description));
  h += "</select></label></div>";
  h += "<div class=\"cols\">" + report::talks_chart(d) + report::deaths_chart(d) + "</div>";
  h += "<div class=\"cols\">" + report::agenda_chart(d) + report::victory_chart(d) + "</div>";

  h += "<h3>Time to agreement and to durable peace</h3>";
  if (!d.questions.empty()) {
    for (const auto& q : d.questions) {
      h += "<p class=\"lead\">" + escape(q.text) + "</p><div class=\"cols\">";
      h += report::survival_chart(d, q.variants, false, "-" + q.id) + report::survival_chart(d, q.variants, true, "-" + q.id);
      h += "</div>";
    }
  } else {
    std::vector<std::string> names{d.baseline};
    for (const auto& v : d.variants)
      if (v.name != d.baseline) names.push_back(v.name);
    h += "<div class=\"cols\">" + report::survival_chart(d, names, false, "") + report::survival_chart(d, names, true, "") +
         "</div>";
  }

  if (!d.comparisons.empty()) {
    h += "<h3>Differences between variants</h3><div class=\"cols\">";
    h += report::differences_chart(d, "peace", "differences-peace",
                                   fmt::format("Change in the chance of durable peace by {}",
                                               month_name(base.zero, base.forecast - 1)),
                                   "difference in percentage points (variant minus reference)", 100);
    h += report::differences_chart(d, "months_to_agreement", "differences-agreement",
                                   "Change in the months to the first agreement",
                                   "difference in months (never = the horizon; negative = sooner)", 1);
    h += report::differences_chart(d, "months_formal", "differences-formal",
                                   "Change in the months in formal talks (first track)",
                                   "difference in months (variant minus reference)", 1);
    h += report::differences_chart(d, "battle_deaths", "differences-deaths", "Change in battle deaths over the horizon",
                                   "difference in battle deaths (variant minus reference)", 1);
    h += "</div>";
  }

  const std::string map = report::map_chart(d, options.map_month >= 0 ? options.map_month : 11, options.map_view);
  if (!map.empty()) h += "<h3>Who holds the ground</h3>" + map;

  if (!d.issues.empty()) {
    h += "<h3>The terms agreed</h3><div class=\"cols\">";
    for (std::size_t k = 0; k < d.issues.size(); ++k) h += report::terms_chart(d, k);
    h += "</div>";
  }

  if (!options.observations.empty()) {
    ScoreSettings settings;
    settings.variant = d.baseline;
    h += report::score_section(score_results(database, options.observations, settings));
  }
  if (sensitivity) h += report::sensitivity_section(*sensitivity, d.scenario_name);

  std::string hashes;
  for (const auto& f : d.info.files)
    hashes += (hashes.empty() ? "" : ", ") + escape(std::filesystem::path(f.path).filename().string()) + " " + escape(f.hash);
  h += "<footer><p>Scenario <code>" + escape(d.info.scenario_path) + "</code> (FNV-1a hashes: " + hashes +
       "); results <code>" + escape(d.path) + "</code>; command <code>" + escape(d.info.command_line) + "</code>.</p>";
  h += "<p>Colours: Okabe and Ito (2008) for categories; the map's scale runs between ColorBrewer's orange (PuOr) and "
       "blue (RdBu) ends, readable with the common forms of colour blindness. Region outlines come from the scenario's "
       "map file. This page needs no network: its charts are drawn in SVG by parley and its script is inline.</p></footer>";
  h += "</main><script type=\"application/json\" id=\"report-data\">{\"map\":" +
       (map.empty() ? std::string("null") : report::map_data_json(d)) + "}</script><script>" + kScript +
       "</script></body></html>\n";
  return h;
}

}  // namespace parley
