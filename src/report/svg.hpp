// Small helpers for drawing charts as inline SVG: scales, axes, paths, escaping.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::report {

// Text safe inside HTML and SVG elements and attribute values.
std::string escape(std::string_view text);

// The plotting area of a chart and the data ranges it shows.
struct Frame {
  double width = 640, height = 300;
  double left = 64, right = 16, top = 16, bottom = 48;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;  // data domain
  double x(double v) const;
  double y(double v) const;
  double plot_left() const { return left; }
  double plot_right() const { return width - right; }
  double plot_top() const { return top; }
  double plot_bottom() const { return height - bottom; }
};

struct Tick {
  double value;
  std::string label;
};

// About `count` round values covering [lo, hi] (steps of 1, 2 or 5 times a power of ten).
std::vector<Tick> nice_ticks(double lo, double hi, int count, bool percent = false);

// Gridlines, tick labels and axis titles.
std::string axes(const Frame& f, const std::vector<Tick>& xticks, const std::vector<Tick>& yticks,
                 const std::string& xtitle, const std::string& ytitle);

// "M x,y L x,y ..." through the points; with close, a filled shape.
std::string path_data(const std::vector<std::pair<double, double>>& points, bool close = false);

// A number for a label: 12,345 / 0.25 / 3.5.
std::string number(double v);

// The opening tag of a chart's svg, sized by its viewBox.
std::string svg_open(const Frame& f, const std::string& label);

// A legend row: a swatch and its label per entry, laid out in a flexible HTML list.
std::string legend(const std::vector<std::pair<std::string, std::string>>& colour_and_label, bool lines = false);

// Colour-blind-safe categorical colours (Okabe and Ito 2008), in order.
const std::vector<std::string>& categorical();

// The map's diverging scale from 0 (orange) through 0.5 (light grey) to 1 (blue), as #rrggbb.
std::string diverging(double p);

}  // namespace parley::report
