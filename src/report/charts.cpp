// The report's charts, each an inline SVG inside a <figure class="chart">. Marks that carry
// data have class "mark"; charts that depend on the variant shown hold one <g class="variant">
// per variant, of which the script shows one.
#include "report/charts.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

#include "report/svg.hpp"

namespace parley::report {

namespace {

using Points = std::vector<std::pair<double, double>>;

// "YYYY-MM" as a YearMonth; nullopt for anything else (a damaged database).
std::optional<YearMonth> parse_month(const std::string& text) {
  int year = 0, month = 0;
  if (std::sscanf(text.c_str(), "%d-%d", &year, &month) != 2 || month < 1 || month > 12 || year < 0 || year > 100000)
    return std::nullopt;
  return YearMonth{year, month};
}

// The calendar month `t` months after "YYYY-MM", as "Jun 2016".
std::string month_name_at(const std::string& start, int t) {
  static const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto first = parse_month(start);
  if (!first) return fmt::format("month {}", t + 1);
  const YearMonth ym = YearMonth::from_index(first->index() + t);
  return fmt::format("{} {}", names[ym.month - 1], ym.year);
}

// Ticks at each January within [0, months] months elapsed, labelled with the year.
std::vector<Tick> year_ticks(const std::string& start, int months) {
  const YearMonth first = parse_month(start).value_or(YearMonth{2000, 1});
  std::vector<Tick> ticks;
  const int every = months > 12 * 14 ? 5 : months > 12 * 7 ? 2 : 1;
  for (int e = 0; e <= months; ++e) {
    const YearMonth ym = YearMonth::from_index(first.index() + e);
    if (ym.month == 1 && ym.year % every == 0) ticks.push_back({static_cast<double>(e), fmt::format("{}", ym.year)});
  }
  if (ticks.empty()) ticks = nice_ticks(0, months, 6);
  return ticks;
}

std::string figure_open(const std::string& kind, const std::string& title, const std::string& note = "") {
  std::string out = fmt::format("<figure class=\"chart\" data-chart=\"{}\"><figcaption>{}", escape(kind), escape(title));
  if (!note.empty()) out += fmt::format("<span class=\"note\">{}</span>", escape(note));
  return out + "</figcaption>";
}

std::string variant_group(const std::string& name, bool shown) {
  return fmt::format("<g class=\"variant\" data-variant=\"{}\"{}>", escape(name), shown ? "" : " style=\"display:none\"");
}

std::string colour_of(std::size_t k) { return categorical()[k % categorical().size()]; }

// The months' axis: from the origin (month 0) when there is one; the history is not drawn.
std::string time_axis_title(const ReportData& d) {
  const VariantData& v = d.variants.front();
  if (v.origin == 0) return "year (each point is the end of a month)";
  return fmt::format("year, from the origin ({}; the {} months of history before it are not drawn)",
                     month_name(v.zero, 0), v.origin);
}

}  // namespace

std::string month_name(const std::string& start, int t) { return month_name_at(start, t); }

const std::array<const char*, kTalksStates>& talks_state_names() {
  static const std::array<const char*, kTalksStates> names{"closed", "exploratory", "formal talks", "agreement",
                                                           "durable peace", "collapsed"};
  return names;
}

std::string talks_chart(const ReportData& d) {
  // Stacked from the bottom: peace, agreement, formal, exploratory, closed, collapsed.
  static const int order[kTalksStates] = {4, 3, 2, 1, 0, 5};
  static const char* colours[kTalksStates] = {"#bbbbbb", "#E69F00", "#0072B2", "#56B4E9", "#009E73", "#D55E00"};
  int months = 1;
  for (const auto& v : d.variants) months = std::max(months, v.forecast);
  Frame f;
  f.x0 = 0;
  f.x1 = months;
  std::string out = figure_open("talks", "Where the talks stand: share of runs in each talks state, month by month",
                                "variant shown: chosen above");
  out += svg_open(f, "Stacked areas: share of runs in each talks state by month");
  out += axes(f, year_ticks(d.variants.front().zero, months), nice_ticks(0, 1, 5, true), time_axis_title(d),
              "share of runs");
  for (const auto& v : d.variants) {
    out += variant_group(v.name, v.name == d.baseline);
    // From the origin: month t of the forecast is row origin + t, drawn at its end, t + 1.
    const std::size_t o = std::min(static_cast<std::size_t>(v.origin), v.talks.size());
    std::vector<double> below(v.talks.size(), 0.0);
    for (int s : order) {
      Points pts;
      for (std::size_t t = o; t < v.talks.size(); ++t) pts.push_back({f.x(static_cast<double>(t - o + 1)), f.y(below[t] + v.talks[t][static_cast<std::size_t>(s)])});
      for (std::size_t t = v.talks.size(); t-- > o;) pts.push_back({f.x(static_cast<double>(t - o + 1)), f.y(below[t])});
      for (std::size_t t = o; t < v.talks.size(); ++t) below[t] += v.talks[t][static_cast<std::size_t>(s)];
      out += fmt::format("<path class=\"mark\" d=\"{}\" fill=\"{}\"><title>{}</title></path>", path_data(pts, true),
                         colours[s], talks_state_names()[static_cast<std::size_t>(s)]);
    }
    out += "</g>";
  }
  out += "</svg>";
  std::vector<std::pair<std::string, std::string>> entries;
  for (int s : order) entries.push_back({colours[s], talks_state_names()[static_cast<std::size_t>(s)]});
  return out + legend(entries) + "</figure>";
}

std::string agenda_chart(const ReportData& d) {
  int months = 1;
  for (const auto& v : d.variants) months = std::max(months, v.forecast);
  Frame f;
  f.x0 = 0;
  f.x1 = months;
  std::string out = figure_open("agenda", "The agenda's progress: share of runs with each item closed, by track",
                                "an item counts as closed while its track is in formal talks with the item agreed, or "
                                "holds an agreement; variant shown: chosen above");
  out += svg_open(f, "Lines: share of runs with each agenda item closed, month by month");
  out += axes(f, year_ticks(d.variants.front().zero, months), nice_ticks(0, 1, 5, true), time_axis_title(d),
              "share of runs with the item closed");
  // One colour per item in the order of the first variant's agenda; the legend names them.
  std::vector<std::pair<std::string, std::string>> entries;
  for (std::size_t k = 0; k < d.variants.size(); ++k) {
    const VariantData& v = d.variants[k];
    out += variant_group(v.name, v.name == d.baseline);
    std::size_t items = 0;
    for (const auto& t : v.tracks) items += t.items.size();
    std::size_t flat = 0;
    for (std::size_t tr = 0; tr < v.tracks.size(); ++tr)
      for (std::size_t j = 0; j < v.tracks[tr].items.size(); ++j, ++flat) {
        const std::string label = fmt::format("{}: item {} ({})", v.tracks[tr].id, j + 1, v.tracks[tr].items[j]);
        const std::string colour = colour_of(flat);
        Points pts;
        double last = 0;
        for (int t = v.origin; t < v.months && items > 0; ++t) {
          const std::size_t at = static_cast<std::size_t>(t) * items + flat;
          last = at < v.agenda.size() ? v.agenda[at] : 0.0;
          pts.push_back({f.x(t - v.origin + 1), f.y(last)});
        }
        out += fmt::format("<path class=\"mark\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}><title>{}: "
                           "{:.0f}% of runs by {}</title></path>",
                           path_data(pts), colour,
                           tr == 0 ? "" : fmt::format(" stroke-dasharray=\"{}\"", tr % 2 ? "6 3" : "2 2"), escape(label),
                           last * 100, escape(month_name(v.zero, v.forecast - 1)));
        if (k == 0) entries.push_back({colour, label});
      }
    if (items == 0)
      out += fmt::format("<text class=\"empty\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">no agenda stored</text>",
                         (f.plot_left() + f.plot_right()) / 2, (f.plot_top() + f.plot_bottom()) / 2);
    out += "</g>";
  }
  out += "</svg>";
  return out + legend(entries, true) + "</figure>";
}

std::string victory_chart(const ReportData& d) {
  static const char* kHow[kVictoryKindCount] = {"by attrition", "by the enemy's collapse", "by taking a capital"};
  static const double kOpacity[kVictoryKindCount] = {0.35, 0.65, 1.0};
  int months = 1;
  for (const auto& v : d.variants) months = std::max(months, v.forecast);
  const std::size_t camps = d.camps.size(), kinds = kVictoryKindCount;
  double top = 0.05;
  for (const auto& v : d.variants)
    for (int t = v.origin; t < v.months; ++t) {
      double sum = 0;
      for (std::size_t i = 0; i < camps * kinds; ++i) {
        const std::size_t at = static_cast<std::size_t>(t) * camps * kinds + i;
        sum += at < v.victory.size() ? v.victory[at] : 0.0;
      }
      top = std::max(top, sum);
    }
  Frame f;
  f.x0 = 0;
  f.x1 = months;
  f.y1 = std::min(1.0, top * 1.1);
  std::string out = figure_open("victory", "Military victory so far: share of runs won by each camp, by how it came",
                                "stacked areas: camps by colour, how by shade; variant shown: chosen above");
  out += svg_open(f, "Stacked areas: cumulative share of runs ending in military victory, by camp and by how");
  out += axes(f, year_ticks(d.variants.front().zero, months), nice_ticks(0, f.y1, 5, true), time_axis_title(d),
              "share of runs won by then");
  for (const auto& v : d.variants) {
    out += variant_group(v.name, v.name == d.baseline);
    const auto months_v = static_cast<std::size_t>(v.months);
    std::vector<double> below(months_v, 0.0);
    for (std::size_t c = 0; c < camps; ++c)
      for (std::size_t k = 0; k < kinds; ++k) {
        const auto p = [&](std::size_t t) {
          const std::size_t at = (t * camps + c) * kinds + k;
          return at < v.victory.size() ? v.victory[at] : 0.0;
        };
        if (months_v == 0 || p(months_v - 1) <= 0) continue;  // never won this way: nothing to draw
        Points pts;
        const std::size_t o = std::min(static_cast<std::size_t>(v.origin), months_v);
        for (std::size_t t = o; t < months_v; ++t) pts.push_back({f.x(static_cast<double>(t - o + 1)), f.y(below[t] + p(t))});
        for (std::size_t t = months_v; t-- > o;) pts.push_back({f.x(static_cast<double>(t - o + 1)), f.y(below[t])});
        for (std::size_t t = o; t < months_v; ++t) below[t] += p(t);
        out += fmt::format("<path class=\"mark\" d=\"{}\" fill=\"{}\" fill-opacity=\"{}\" stroke=\"{}\" stroke-width=\"0.5\">"
                           "<title>{} wins {}: {:.1f}% of runs by {}</title></path>",
                           path_data(pts, true), colour_of(c), kOpacity[k], colour_of(c), escape(d.camps[c].name), kHow[k],
                           p(months_v - 1) * 100, escape(month_name(v.zero, v.forecast - 1)));
      }
    if (below.empty() || below.back() <= 0)
      out += fmt::format("<path class=\"mark\" d=\"M{:.1f},{:.1f} L{:.1f},{:.1f}\" stroke=\"#999\" stroke-width=\"1.5\">"
                         "<title>no military victory</title></path>",
                         f.x(0), f.y(0), f.x(months), f.y(0)) +
             fmt::format("<text class=\"empty\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">no military victory in "
                         "any run of this variant</text>", (f.plot_left() + f.plot_right()) / 2,
                         (f.plot_top() + f.plot_bottom()) / 2);
    out += "</g>";
  }
  out += "</svg>";
  std::string legend_html = "<ul class=\"legend\">";
  // Only the ways some run of some variant came to victory (the others draw nothing).
  const auto ever = [&](std::size_t c, std::size_t k) {
    for (const auto& v : d.variants) {
      const std::size_t at = ((static_cast<std::size_t>(v.months) - 1) * camps + c) * kinds + k;
      if (v.months > 0 && at < v.victory.size() && v.victory[at] > 0) return true;
    }
    return false;
  };
  for (std::size_t c = 0; c < camps; ++c)
    for (std::size_t k = 0; k < kinds; ++k)
      if (ever(c, k))
        legend_html += fmt::format("<li><span class=\"swatch\" style=\"background:{};opacity:{}\"></span>{} {}</li>",
                                 colour_of(c), kOpacity[k], escape(d.camps[c].name), kHow[k]);
  return out + legend_html + "</ul></figure>";
}

std::string survival_chart(const ReportData& d, const std::vector<std::string>& variants, bool peace,
                           const std::string& kind_suffix) {
  int months = 1;
  for (const auto& name : variants)
    if (const VariantData* v = d.find(name)) months = std::max(months, v->forecast);
  Frame f;
  f.x0 = 0;
  f.x1 = months;
  const std::string what = peace ? "durable peace" : "a first agreement";
  std::string out = figure_open(std::string(peace ? "survival-peace" : "survival-agreement") + kind_suffix,
                                fmt::format("How soon {}: share of runs that have reached it, by month", what),
                                "line: Kaplan-Meier estimate; band: 95% interval");
  out += svg_open(f, "Cumulative share of runs reaching " + what + " by month, one line per variant");
  out += axes(f, year_ticks(d.variants.front().zero, months), nice_ticks(0, 1, 5, true), time_axis_title(d),
              "share of runs with " + what);
  std::vector<std::pair<std::string, std::string>> entries;
  for (std::size_t k = 0; k < variants.size(); ++k) {
    const VariantData* v = d.find(variants[k]);
    if (!v) continue;
    const auto& curve = peace ? v->peace : v->agreement;
    const std::string colour = colour_of(k);
    Points line{{f.x(0), f.y(0)}}, upper{{f.x(0), f.y(0)}}, lower{{f.x(0), f.y(0)}};
    double level = 0, hi = 0, lo = 0;
    for (const auto& p : curve) {
      const double x = f.x(std::min<double>(p.time + 1, months));
      line.push_back({x, f.y(level)});
      upper.push_back({x, f.y(hi)});
      lower.push_back({x, f.y(lo)});
      level = 1 - p.survival;
      hi = 1 - p.lower;
      lo = 1 - p.upper;
      line.push_back({x, f.y(level)});
      upper.push_back({x, f.y(hi)});
      lower.push_back({x, f.y(lo)});
    }
    line.push_back({f.x(months), f.y(level)});
    upper.push_back({f.x(months), f.y(hi)});
    lower.push_back({f.x(months), f.y(lo)});
    Points band = upper;
    band.insert(band.end(), lower.rbegin(), lower.rend());
    out += fmt::format("<path class=\"band\" d=\"{}\" fill=\"{}\" fill-opacity=\"0.15\"/>", path_data(band, true), colour);
    out += fmt::format("<path class=\"mark\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}><title>{}: {:.0f}% "
                       "by {}</title></path>",
                       path_data(line), colour, k == 0 ? "" : fmt::format(" stroke-dasharray=\"{}\"", k % 2 ? "6 3" : "2 2"),
                       escape(v->name), level * 100, escape(month_name(v->zero, months - 1)));
    entries.push_back({colour, v->name + (k == 0 && variants.size() > 1 ? " (reference)" : "")});
  }
  out += "</svg>";
  return out + legend(entries, true) + "</figure>";
}

std::string deaths_chart(const ReportData& d) {
  double top = 1;
  std::size_t years = 1;
  // The forecast's years only (year 1 from the origin on); the history's are not drawn.
  std::vector<std::vector<YearDeaths>> shown;
  for (const auto& v : d.variants) {
    shown.emplace_back();
    for (const auto& y : v.years)
      if (y.year >= 1) shown.back().push_back(y);
    years = std::max(years, shown.back().size());
    for (const auto& y : shown.back()) top = std::max(top, y.p95);
  }
  Frame f;
  f.x0 = 0.5;
  f.x1 = static_cast<double>(years) + 0.5;
  f.y1 = top * 1.05;
  std::vector<Tick> xt;
  const VariantData& first = d.variants.front();
  for (std::size_t k = 0; k < years; ++k) {
    std::string label = fmt::format("{}", k + 1);
    const auto& fy = shown.front();
    if (k < fy.size() && fy[k].first.size() >= 4 && fy[k].last.size() >= 4)
      label = fy[k].first.substr(0, 4) + "/" + fy[k].last.substr(2, 2);
    xt.push_back({static_cast<double>(k + 1), label});
  }
  std::string out = figure_open("deaths", "Battle deaths per year of the forecast (fan chart)",
                                "dark band: middle 50% of runs; light band: 90%; line: median; dashed: mean");
  out += svg_open(f, "Fan chart of battle deaths per year");
  // The forecast years run from the origin's month (the start's without one): the label
  // once said "May to April", the flagship's calendar, for every scenario.
  static constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};
  int first_month = 1;
  if (const auto zero = parse_year_month(first.zero)) first_month = zero->month;
  std::string year_label = first_month == 1 ? "forecast year (January to December)"
                                            : fmt::format("forecast year ({} to {})", kMonths[first_month - 1],
                                                          kMonths[first_month - 2]);
  if (first.origin > 0) year_label += ", counted from the origin";
  out += axes(f, xt, nice_ticks(0, f.y1, 5), year_label, "battle deaths in the year");
  for (std::size_t vk = 0; vk < d.variants.size(); ++vk) {
    const VariantData& v = d.variants[vk];
    const std::vector<YearDeaths>& ys = shown[vk];
    out += variant_group(v.name, v.name == d.baseline);
    Points outer, inner, median, mean;
    for (const auto& y : ys) outer.push_back({f.x(y.year), f.y(y.p95)});
    for (auto it = ys.rbegin(); it != ys.rend(); ++it) outer.push_back({f.x(it->year), f.y(it->p05)});
    for (const auto& y : ys) inner.push_back({f.x(y.year), f.y(y.p75)});
    for (auto it = ys.rbegin(); it != ys.rend(); ++it) inner.push_back({f.x(it->year), f.y(it->p25)});
    for (const auto& y : ys) {
      median.push_back({f.x(y.year), f.y(y.median)});
      mean.push_back({f.x(y.year), f.y(y.mean)});
    }
    out += fmt::format("<path class=\"mark\" d=\"{}\" fill=\"#0072B2\" fill-opacity=\"0.18\"/>", path_data(outer, true));
    out += fmt::format("<path class=\"mark\" d=\"{}\" fill=\"#0072B2\" fill-opacity=\"0.35\"/>", path_data(inner, true));
    out += fmt::format("<path class=\"mark\" d=\"{}\" fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2\"/>", path_data(median));
    out += fmt::format("<path class=\"mark\" d=\"{}\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\" "
                       "stroke-dasharray=\"5 3\"/>", path_data(mean));
    for (const auto& y : ys)
      out += fmt::format("<circle class=\"mark\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\" fill=\"#0072B2\"><title>{} to {}: "
                         "median {}, middle 50% {} to {}, 90% {} to {}, mean {}</title></circle>",
                         f.x(y.year), f.y(y.median), y.first, y.last, number(y.median), number(y.p25), number(y.p75),
                         number(y.p05), number(y.p95), number(y.mean));
    out += "</g>";
  }
  return out + "</svg></figure>";
}

std::string terms_chart(const ReportData& d, std::size_t issue) {
  const IssueData& is = d.issues[issue];
  constexpr int kBins = 20;  // 5 points wide on the 0-100 scale
  double top = 0.05;
  std::vector<std::vector<double>> shares;
  for (const auto& v : d.variants) {
    std::vector<double> s(kBins, 0.0);
    for (double x : v.terms[issue]) s[static_cast<std::size_t>(std::clamp(static_cast<int>(x / 5.0), 0, kBins - 1))] += 1;
    for (auto& c : s) {
      c /= std::max<std::size_t>(1, v.terms[issue].size());
      top = std::max(top, c);
    }
    shares.push_back(std::move(s));
  }
  Frame f;
  f.height = 260;
  f.x1 = 100;
  f.y1 = top * 1.1;
  std::string out = figure_open("terms-" + is.id, fmt::format("Agreed terms on {}", is.label.empty() ? is.id : is.label),
                                "share of runs with an agreement, by the terms of the last one; dashed: status quo");
  out += svg_open(f, "Histogram of agreed terms on " + is.id);
  out += axes(f, nice_ticks(0, 100, 5), nice_ticks(0, f.y1, 4, true),
              fmt::format("0 = {}   ...   100 = {}", is.low.empty() ? "low" : is.low, is.high.empty() ? "high" : is.high),
              "share of agreements");
  for (std::size_t k = 0; k < d.variants.size(); ++k) {
    const VariantData& v = d.variants[k];
    out += variant_group(v.name, v.name == d.baseline);
    for (int b = 0; b < kBins; ++b) {
      const double s = shares[k][static_cast<std::size_t>(b)];
      if (s <= 0) continue;
      const double x = f.x(b * 5.0), w = f.x((b + 1) * 5.0) - x;
      out += fmt::format("<rect class=\"mark\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#56B4E9\" "
                         "stroke=\"#fff\"><title>terms {}-{}: {:.1f}% of {} agreements</title></rect>",
                         x, f.y(s), std::max(0.5, w), f.y(0) - f.y(s), b * 5, b * 5 + 5, s * 100, v.terms[issue].size());
    }
    if (v.terms[issue].empty())
      out += fmt::format("<text class=\"empty\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">no agreement in any run "
                         "of this variant</text>", (f.plot_left() + f.plot_right()) / 2, (f.plot_top() + f.plot_bottom()) / 2);
    out += "</g>";
  }
  const double sq = f.x(is.status_quo);
  out += fmt::format("<line class=\"mark\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" stroke=\"#000\" "
                     "stroke-dasharray=\"4 3\"><title>status quo: {3}</title></line>",
                     sq, f.plot_top(), f.plot_bottom(), number(is.status_quo));
  return out + "</svg></figure>";
}

std::string differences_chart(const ReportData& d, const std::string& measure, const std::string& kind,
                              const std::string& title, const std::string& unit, double scale) {
  struct Row {
    std::string label;
    double mean, lo, hi;
  };
  std::vector<Row> rows;
  for (const auto& c : d.comparisons) {
    const PairedMeasure* m = c.result.find(measure);
    if (!m || m->difference.n() == 0) continue;
    const double mean = m->difference.mean() * scale, h = m->difference.half_width() * scale;
    rows.push_back({c.variant + " vs " + c.reference, mean, mean - h, mean + h});
  }
  Frame f;
  f.left = 280;
  f.height = 70 + 30.0 * static_cast<double>(std::max<std::size_t>(1, rows.size()));
  double lo = 0, hi = 0;
  for (const auto& r : rows) {
    lo = std::min(lo, r.lo);
    hi = std::max(hi, r.hi);
  }
  const double pad = std::max(1e-9, (hi - lo) * 0.08);
  f.x0 = lo - pad;
  f.x1 = hi + pad;
  if (f.x1 - f.x0 < 1e-6) {
    f.x0 = -1;
    f.x1 = 1;
  }
  f.y0 = static_cast<double>(rows.size());  // rows run from the top
  f.y1 = 0;
  std::string out = figure_open(kind, title, "point: mean paired difference; bar: 95% interval; run n against run n");
  out += svg_open(f, title);
  out += axes(f, nice_ticks(f.x0, f.x1, 6), {}, unit, "");
  out += fmt::format("<line class=\"zero\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\"/>", f.x(0),
                     f.plot_top(), f.plot_bottom());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const Row& r = rows[k];
    const double y = f.y(static_cast<double>(k) + 0.5);
    const bool clear = r.lo > 0 || r.hi < 0;
    out += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" dy=\"0.32em\">{}</text>",
                       f.plot_left() - 8, y, escape(r.label));
    out += fmt::format("<line class=\"mark\" x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#000\" "
                       "stroke-width=\"2\"/>", f.x(r.lo), std::max(f.x(r.hi), f.x(r.lo) + 1), y, y);
    out += fmt::format("<circle class=\"mark\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"5\" fill=\"{}\" stroke=\"#000\"><title>{}: "
                       "{:+.1f} (95% interval {:+.1f} to {:+.1f})</title></circle>",
                       f.x(r.mean), y, clear ? "#E69F00" : "#ffffff", escape(r.label), r.mean, r.lo, r.hi);
  }
  out += "</svg>";
  out += legend({{"#E69F00", "interval excludes zero"}, {"#ffffff", "interval includes zero"}});
  return out + "</figure>";
}

namespace {

using nlohmann::json;

void add_ring(const json& ring, std::vector<std::vector<std::pair<double, double>>>& rings) {
  std::vector<std::pair<double, double>> pts;
  if (!ring.is_array()) return;
  for (const auto& p : ring)
    if (p.is_array() && p.size() >= 2 && p[0].is_number() && p[1].is_number()) {
      const double x = p[0].get<double>(), y = p[1].get<double>();
      if (std::isfinite(x) && std::isfinite(y)) pts.push_back({x, y});
    }
  if (pts.size() >= 3) rings.push_back(std::move(pts));
}

// The rings of a Polygon or MultiPolygon (holes drawn with the even-odd rule); empty when the
// text is not such a geometry.
std::vector<std::vector<std::pair<double, double>>> rings_of(const std::string& geometry) {
  std::vector<std::vector<std::pair<double, double>>> rings;
  json g = json::parse(geometry, nullptr, false);
  if (!g.is_object() || !g.contains("type") || !g.contains("coordinates") || !g["type"].is_string()) return rings;
  const json& c = g["coordinates"];
  if (!c.is_array()) return rings;
  if (g["type"] == "Polygon") {
    for (const auto& ring : c) add_ring(ring, rings);
  } else if (g["type"] == "MultiPolygon") {
    for (const auto& polygon : c)
      if (polygon.is_array())
        for (const auto& ring : polygon) add_ring(ring, rings);
  }
  return rings;
}

}  // namespace

std::string map_chart(const ReportData& d, int month, MapView view) {
  std::vector<std::vector<std::vector<std::pair<double, double>>>> shapes;
  double x0 = std::numeric_limits<double>::max(), x1 = -x0, y0 = x0, y1 = -x0;
  for (const auto& r : d.regions) {
    shapes.push_back(r.geometry.empty() ? decltype(shapes)::value_type{} : rings_of(r.geometry));
    for (const auto& ring : shapes.back())
      for (const auto& [x, y] : ring) {
        x0 = std::min(x0, x);
        x1 = std::max(x1, x);
        y0 = std::min(y0, y);
        y1 = std::max(y1, y);
      }
  }
  if (!(x1 > x0) || !(y1 > y0)) return "";
  // Equirectangular, with longitude shrunk by the cosine of the middle latitude when the
  // coordinates look like degrees.
  const bool degrees = x0 >= -180 && x1 <= 180 && y0 >= -90 && y1 <= 90;
  const double kx = degrees ? std::cos((y0 + y1) / 2 * 3.14159265358979 / 180) : 1.0;
  const double width = 640, margin = 8, inner = width - 2 * margin;
  const double scale = inner / ((x1 - x0) * kx);
  const double height = std::min(900.0, (y1 - y0) * scale + 2 * margin);
  const VariantData* base = d.find(d.baseline);
  const std::size_t regions = d.regions.size();
  // The slider runs over the forecast's months, from the origin (month 0).
  month = std::clamp(month, 0, base->forecast - 1);
  const std::string camp = escape(d.camps.front().name);
  const bool share = view == MapView::share;
  std::string out = figure_open("map", fmt::format("{}'s hold on each region", d.camps.front().name),
                                "share view: the camp's control share of the region at the end of the month, its mean "
                                "over runs; holder view: the share of runs in which the camp has the most control");
  out += "<div class=\"map-controls\"><label>month <input type=\"range\" id=\"map-month\" min=\"0\" max=\"" +
         std::to_string(base->forecast - 1) + "\" value=\"" + std::to_string(month) + "\" step=\"1\"></label> ";
  out += "<output id=\"map-month-label\">" + escape(month_label(parse_year_month(base->zero), month)) +
         "</output> <label>variant <select id=\"map-variant\">";
  for (const auto& v : d.variants)
    out += fmt::format("<option value=\"{0}\"{1}>{0}</option>", escape(v.name), v.name == d.baseline ? " selected" : "");
  out += "</select></label> <label>colour by <select id=\"map-view\">";
  out += fmt::format("<option value=\"share\"{}>control share (mean over runs)</option>", share ? " selected" : "");
  out += fmt::format("<option value=\"holder\"{}>holder (share of runs holding the most)</option>", share ? "" : " selected");
  out += "</select></label></div>";
  out += fmt::format("<svg viewBox=\"0 0 {:.0f} {:.0f}\" role=\"img\" aria-label=\"map of the regions\" id=\"map\">", width,
                     height);
  const std::vector<double>& values = share ? base->share : base->control;
  const std::size_t at_month = static_cast<std::size_t>(base->origin + month);
  for (std::size_t g = 0; g < regions; ++g) {
    if (shapes[g].empty()) continue;
    std::string dpath;
    for (const auto& ring : shapes[g]) {
      Points pts;
      for (const auto& [x, y] : ring) pts.push_back({margin + (x - x0) * kx * scale, margin + (y1 - y) * scale});
      dpath += path_data(pts, true) + " ";
    }
    const std::size_t at = at_month * regions + g;
    const double p = at < values.size() ? values[at] : 0.0;
    out += fmt::format("<path class=\"province mark\" data-region=\"{}\" data-index=\"{}\" d=\"{}\" fill=\"{}\" "
                       "fill-rule=\"evenodd\" stroke=\"#555\" stroke-width=\"0.6\"><title>{}: {:.0f}%</title></path>",
                       escape(d.regions[g].id), g, dpath, diverging(p), escape(d.regions[g].name), p * 100);
  }
  out += "</svg>";
  // The colour scale as a gradient bar.
  out += "<div class=\"scale\"><span>0%</span><span class=\"bar\" style=\"background:linear-gradient(to right";
  for (int k = 0; k <= 10; ++k) out += ", " + diverging(k / 10.0);
  out += fmt::format(")\"></span><span>100%</span><span class=\"note\" id=\"map-scale-note\">{}</span></div>",
                     share ? fmt::format("{}'s control share of the region (mean over runs)", camp)
                           : fmt::format("share of runs in which {} holds the most of the region", camp));
  return out + "</figure>";
}

std::string map_data_json(const ReportData& d) {
  json m;
  m["regions"] = d.regions.size();
  json names = json::array();
  for (const auto& r : d.regions) names.push_back(r.name);
  m["names"] = names;
  const VariantData& base = *d.find(d.baseline);
  // The forecast's months, from the origin: entry t is month t, "month t (Mon YYYY)".
  json months = json::array();
  for (int t = 0; t < base.forecast; ++t) months.push_back(month_label(parse_year_month(base.zero), t));
  m["months"] = months;
  // Per variant, [t * regions + region] for the forecast's months t (row origin + t), in whole percents.
  const auto slice = [&](const VariantData& v, const std::vector<double>& all) {
    json values = json::array();
    const std::size_t from = static_cast<std::size_t>(v.origin) * d.regions.size();
    for (std::size_t k = from; k < all.size(); ++k)
      values.push_back(static_cast<int>(std::lround(std::clamp(all[k], 0.0, 1.0) * 100)));
    return values;
  };
  json control = json::object(), share = json::object();
  for (const auto& v : d.variants) {
    control[v.name] = slice(v, v.control);
    share[v.name] = slice(v, v.share);
  }
  m["control"] = control;
  m["share"] = share;
  m["camp"] = d.camps.front().name;
  // Names come from the scenario as written: bytes that are not UTF-8 (a Latin-1 file) become
  // U+FFFD instead of an exception (the same handler as export --json).
  std::string text = m.dump(-1, ' ', false, json::error_handler_t::replace);
  // Inside <script>, "</" could end the element early.
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') out += "\\";
  }
  return out;
}

}  // namespace parley::report
