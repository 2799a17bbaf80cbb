// Chart primitives for the report.
#include "report/svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace parley::report {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

double Frame::x(double v) const {
  const double span = x1 - x0;
  return plot_left() + (span != 0 ? (v - x0) / span : 0.5) * (plot_right() - plot_left());
}

double Frame::y(double v) const {
  const double span = y1 - y0;
  return plot_bottom() - (span != 0 ? (v - y0) / span : 0.5) * (plot_bottom() - plot_top());
}

std::string number(double v) {
  if (!std::isfinite(v)) return "n/a";
  const double a = std::fabs(v);
  if (a >= 1000) {
    std::string digits = fmt::format("{:.0f}", a), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
  }
  if (a >= 10 || a == 0) return fmt::format("{:.0f}", v);
  if (a >= 1) return fmt::format("{:.1f}", v);
  return fmt::format("{:.2f}", v);
}

std::vector<Tick> nice_ticks(double lo, double hi, int count, bool percent) {
  std::vector<Tick> ticks;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return {{lo, percent ? number(lo * 100) + "%" : number(lo)}};
  const double raw = (hi - lo) / std::max(1, count);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * power;
    if (step >= raw) break;
  }
  const double first = std::ceil(lo / step - 1e-9) * step;
  for (double v = first; v <= hi + step * 1e-9 && ticks.size() < 50; v += step) {
    const double shown = std::fabs(v) < step * 1e-9 ? 0.0 : v;
    ticks.push_back({shown, percent ? fmt::format("{:.0f}%", shown * 100) : number(shown)});
  }
  return ticks;
}

std::string axes(const Frame& f, const std::vector<Tick>& xticks, const std::vector<Tick>& yticks,
                 const std::string& xtitle, const std::string& ytitle) {
  std::string out = "<g class=\"axes\">";
  for (const auto& t : yticks) {
    const double y = f.y(t.value);
    out += fmt::format("<line class=\"grid\" x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\"/>", f.plot_left(),
                       f.plot_right(), y, y);
    out += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" dy=\"0.32em\">{}</text>",
                       f.plot_left() - 6, y, escape(t.label));
  }
  for (const auto& t : xticks) {
    const double x = f.x(t.value);
    out += fmt::format("<line class=\"tickmark\" x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\"/>", x, x,
                       f.plot_bottom(), f.plot_bottom() + 5);
    out += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", x,
                       f.plot_bottom() + 18, escape(t.label));
  }
  out += fmt::format("<line class=\"axis\" x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\"/>", f.plot_left(),
                     f.plot_right(), f.plot_bottom(), f.plot_bottom());
  out += fmt::format("<text class=\"title\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>",
                     (f.plot_left() + f.plot_right()) / 2, f.height - 8, escape(xtitle));
  out += fmt::format("<text class=\"title\" transform=\"translate(14,{:.1f}) rotate(-90)\" text-anchor=\"middle\">{}"
                     "</text>", (f.plot_top() + f.plot_bottom()) / 2, escape(ytitle));
  return out + "</g>";
}

std::string path_data(const std::vector<std::pair<double, double>>& points, bool close) {
  std::string out;
  for (std::size_t i = 0; i < points.size(); ++i)
    out += fmt::format("{}{:.1f},{:.1f}", i == 0 ? "M" : " L", points[i].first, points[i].second);
  if (close && !points.empty()) out += " Z";
  return out;
}

std::string svg_open(const Frame& f, const std::string& label) {
  return fmt::format("<svg viewBox=\"0 0 {:.0f} {:.0f}\" role=\"img\" aria-label=\"{}\">", f.width, f.height,
                     escape(label));
}

std::string legend(const std::vector<std::pair<std::string, std::string>>& entries, bool lines) {
  std::string out = "<ul class=\"legend\">";
  for (const auto& [colour, label] : entries)
    out += fmt::format("<li><span class=\"swatch{}\" style=\"background:{}\"></span>{}</li>", lines ? " line" : "",
                       colour, escape(label));
  return out + "</ul>";
}

const std::vector<std::string>& categorical() {
  // Okabe and Ito (2008), "Color Universal Design": black first for the reference.
  static const std::vector<std::string> colours{"#000000", "#E69F00", "#56B4E9", "#009E73",
                                                "#0072B2", "#D55E00", "#CC79A7", "#999999"};
  return colours;
}

std::string diverging(double p) {
  if (!std::isfinite(p)) p = 0.5;
  p = std::clamp(p, 0.0, 1.0);
  // Ends from ColorBrewer's PuOr (orange) and RdBu (blue) schemes, both safe for colour blindness.
  const int lo[3] = {0xb3, 0x58, 0x06}, mid[3] = {0xf2, 0xf2, 0xf2}, hi[3] = {0x21, 0x66, 0xac};
  int c[3];
  for (int k = 0; k < 3; ++k) {
    const double v = p < 0.5 ? lo[k] + (mid[k] - lo[k]) * (p / 0.5) : mid[k] + (hi[k] - mid[k]) * ((p - 0.5) / 0.5);
    c[k] = static_cast<int>(std::lround(v));
  }
  return fmt::format("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
}

}  // namespace parley::report
