// "What the forecast depends on": a tornado chart per output of a sensitivity database, the
// total Sobol index as a bar with the first-order index inside it and both bootstrap
// intervals, and a sentence naming the inputs that matter (report/sensitivity_section.hpp).
#include "report/sensitivity_section.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/svg.hpp"

namespace parley::report {

namespace {

constexpr const char* kTotalColour = "#56B4E9";  // Okabe and Ito sky blue
constexpr const char* kFirstColour = "#0072B2";  // Okabe and Ito blue

std::string index_text(double v) { return std::isfinite(v) ? fmt::format("{:.2f}", v) : "n/a"; }

// The rows of one output, by total index (largest first; undefined last).
std::vector<const SobolRow*> rows_of(const SensitivityTables& t, const std::string& output) {
  std::vector<const SobolRow*> rows;
  for (const SobolRow& x : t.sobol)
    if (x.output == output) rows.push_back(&x);
  std::stable_sort(rows.begin(), rows.end(), [](const SobolRow* a, const SobolRow* b) {
    const double ta = std::isfinite(a->total) ? a->total : -1e300, tb = std::isfinite(b->total) ? b->total : -1e300;
    return ta > tb;
  });
  return rows;
}

std::string sentence(const SensitivityOutputRow& o, const std::vector<const SobolRow*>& rows, double confidence) {
  if (!(o.variance > 0))
    return fmt::format("<p class=\"lead\"><b>{}</b> is the same at every point of the design: no input moves it.</p>",
                       escape(o.name));
  std::vector<std::string> named;
  double first_sum = 0;
  for (const SobolRow* r : rows) {
    if (std::isfinite(r->first)) first_sum += std::max(0.0, r->first);
    if (std::isfinite(r->total) && r->total >= kMattersTotal)
      named.push_back(fmt::format("<b>{}</b> (total {}, {:.0f}% interval {} to {}; alone {})", escape(r->input),
                                  index_text(r->total), 100 * confidence, index_text(r->total_low),
                                  index_text(r->total_high), index_text(r->first)));
  }
  std::string out = fmt::format("<p class=\"lead\"><b>{}</b> ({}) ", escape(o.name), escape(o.description));
  // At most three named in words; the chart shows the rest.
  constexpr std::size_t kNamed = 3;
  if (named.empty()) {
    out += fmt::format("depends on none of the inputs analysed: none accounts for {:.0f}% of its variance.",
                       100 * kMattersTotal);
  } else {
    const std::size_t shown = std::min(named.size(), kNamed);
    out += "depends most on ";
    for (std::size_t k = 0; k < shown; ++k)
      out += (k == 0 ? "" : k + 1 == shown && named.size() <= kNamed ? " and " : ", ") + named[k];
    if (named.size() > kNamed)
      out += fmt::format(", and on {} more with a total index of {:.2f} or more (the chart)", named.size() - kNamed,
                         kMattersTotal);
    out += ".";
  }
  out += fmt::format(" Their first-order indices (each input alone) sum to {:.0f}% of its variance; the rest, if any, "
                     "comes from their interactions and from the runs' own chance.</p>",
                     100 * first_sum);
  return out;
}

std::string tornado(const SensitivityTables& t, const SensitivityOutputRow& o, const std::vector<const SobolRow*>& rows) {
  Frame f;
  f.left = 280;
  f.right = 24;
  f.height = 70 + 30.0 * static_cast<double>(std::max<std::size_t>(1, rows.size()));
  double lo = 0, hi = 1;
  for (const SobolRow* r : rows)
    for (double v : {r->first, r->first_low, r->total, r->total_low, r->first_high, r->total_high})
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
  f.x0 = lo;
  f.x1 = hi;
  f.y0 = static_cast<double>(rows.size());  // rows run from the top
  f.y1 = 0;
  const std::string title = fmt::format("What {} depends on", o.name);
  std::string out = fmt::format("<figure class=\"chart\" data-chart=\"sensitivity-{}\"><figcaption>{}<span class=\"note\">"
                                "{}; mean {}, standard deviation {}</span></figcaption>",
                                escape(o.name), escape(title), escape(o.description), number(o.mean),
                                number(std::sqrt(std::max(0.0, o.variance))));
  out += svg_open(f, title);
  out += axes(f, nice_ticks(f.x0, f.x1, 5), {}, "Sobol index: share of the output's variance", "");
  out += fmt::format("<line class=\"zero\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\"/>", f.x(0),
                     f.plot_top(), f.plot_bottom());
  const auto bar = [&](double from, double to, double y, double h, const char* colour, const std::string& tip) {
    if (!std::isfinite(to)) return std::string();
    const double a = f.x(std::min(from, to)), b = f.x(std::max(from, to));
    return fmt::format("<rect class=\"mark\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
                       "<title>{}</title></rect>", a, y - h / 2, std::max(0.5, b - a), h, colour, escape(tip));
  };
  const auto whisker = [&](double a, double b, double y, const char* colour) {
    if (!std::isfinite(a) || !std::isfinite(b)) return std::string();
    return fmt::format("<path class=\"interval\" d=\"M{0:.1f},{2:.1f} L{1:.1f},{2:.1f} M{0:.1f},{3:.1f} L{0:.1f},{4:.1f} "
                       "M{1:.1f},{3:.1f} L{1:.1f},{4:.1f}\" stroke=\"{5}\" stroke-width=\"1.5\" fill=\"none\"/>",
                       f.x(a), f.x(b), y, y - 4, y + 4, colour);
  };
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const SobolRow& r = *rows[k];
    const double y = f.y(static_cast<double>(k) + 0.5);
    out += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" dy=\"0.32em\">{}</text>",
                       f.plot_left() - 8, y, escape(r.input));
    const std::string level = fmt::format("{:.0f}%", 100 * t.confidence);
    out += bar(0, r.total, y, 18, kTotalColour,
               fmt::format("{}: total index {} ({} interval {} to {})", r.input, index_text(r.total), level,
                           index_text(r.total_low), index_text(r.total_high)));
    out += bar(0, r.first, y, 8, kFirstColour,
               fmt::format("{}: first-order index {} ({} interval {} to {})", r.input, index_text(r.first), level,
                           index_text(r.first_low), index_text(r.first_high)));
    out += whisker(r.total_low, r.total_high, y - 6, "#000");
    out += whisker(r.first_low, r.first_high, y + 6, kFirstColour);
  }
  out += "</svg>";
  out += legend({{kTotalColour, "total index (alone and in interactions)"},
                 {kFirstColour, "first-order index (alone)"},
                 {"#000", fmt::format("{:.0f}% bootstrap intervals (black: total; blue: first-order)", 100 * t.confidence)}});
  return out + "</figure>";
}

}  // namespace

std::string sensitivity_section(const SensitivityTables& t, const std::string& report_scenario) {
  std::string h = "<h2 id=\"sensitivity\">What the forecast depends on</h2>";
  if (t.scenario_name != report_scenario)
    h += fmt::format("<p class=\"warn\">This analysis was made for the scenario <b>{}</b>, not for this report's <b>{}</b>: "
                     "its inputs may not be this forecast's.</p>",
                     escape(t.scenario_name), escape(report_scenario));
  std::size_t kept = 0;
  std::string out_names;
  for (const auto& in : t.inputs) {
    if (in.screened_in) ++kept;
    else out_names += (out_names.empty() ? "" : ", ") + escape(in.name);
  }
  h += fmt::format("<p class=\"lead\">How much each uncertain input of <b>{}</b> (variant {}) moves each output: Sobol "
                   "indices from {} samples of {} input(s) (each point the mean of {} run(s)), after a Morris screening "
                   "of all {} with {} trajectories. A total index is the share of an output's variance that goes away "
                   "if the input is known exactly; the first-order index the share it explains alone.</p>",
                   escape(t.scenario_name), escape(t.variant), number(static_cast<double>(t.samples)), kept,
                   t.replicates, t.inputs.size(), t.trajectories);
  if (!out_names.empty())
    h += fmt::format("<p class=\"n\">Screened out (Morris mu* below {:.0f}% of the largest on every output; held at their "
                     "nominal values): {}.</p>",
                     100 * t.screen_threshold, out_names);
  if (t.sobol.empty()) {
    h += t.stopped == "interrupted"
             ? "<p class=\"warn\">The analysis was interrupted after the screening: no Sobol indices to show.</p>"
             : "<p class=\"warn\">No input passed the screening: no output moved with any input.</p>";
    return h;
  }
  h += "<div class=\"cols\">";
  for (const auto& o : t.outputs) {
    const auto rows = rows_of(t, o.name);
    // An output that never varies has no indices to draw: its sentence says so.
    h += "<div>" + sentence(o, rows, t.confidence) + (o.variance > 0 ? tornado(t, o, rows) : "") + "</div>";
  }
  return h + "</div>";
}

}  // namespace parley::report
