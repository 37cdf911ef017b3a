// SVG charts: frame, ticks, series, legend.
#include "bnnc/sweep/svg.h"
#include "bnnc/support/format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bnnc::sweep {

namespace {

// Canvas and plot area, in SVG user units (pixels); the legend sits right of the plot.
constexpr double kWidth = 780, kHeight = 480;
constexpr double kLeft = 80, kRight = 540, kTop = 50, kBottom = 400;
const char *const kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};

// A coordinate with one decimal: enough on a 780 x 480 canvas, and the same bytes every time.
std::string num(double v) { return formatFixed("%.1f", v); }

// XML text: names from result files may hold &, < and quotes.
std::string escape(const std::string &s) {
  std::string out;
  for (char c : s)
    out += c == '&'   ? "&amp;"
           : c == '<' ? "&lt;"
           : c == '>' ? "&gt;"
           : c == '"' ? "&quot;"
                      : std::string(1, c);
  return out;
}

std::string text(double x, double y, const std::string &s, const char *anchor, int size = 12,
                 const std::string &extra = "") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor +
         "\" font-size=\"" + std::to_string(size) + "\"" + extra + ">" + escape(s) + "</text>\n";
}

std::string lineEl(double x1, double y1, double x2, double y2, const std::string &style) {
  return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
         num(y2) + "\" " + style + "/>\n";
}

// An axis: data range [lo, hi] (log10 of the data on a log axis) and its ticks.
struct Axis {
  double lo = 0, hi = 1;
  bool log = false;
  std::vector<double> ticks;
  int decimals = 0;
};

// A linear axis over [min, max] in steps of 1, 2 or 5 times a power of ten, about six ticks:
// step = that multiple nearest above span / 6.
Axis linearAxis(double min, double max) {
  if (max - min < 1e-12 * std::max(1.0, std::fabs(max))) {
    min -= 1;
    max += 1;
  }
  double raw = (max - min) / 6, mag = std::pow(10, std::floor(std::log10(raw)));
  double step = raw / mag <= 1   ? mag
                : raw / mag <= 2 ? 2 * mag
                : raw / mag <= 5 ? 5 * mag
                                 : 10 * mag;
  Axis a;
  a.lo = std::floor(min / step) * step;
  a.hi = std::ceil(max / step) * step;
  for (double t = a.lo; t <= a.hi + step / 2; t += step)
    a.ticks.push_back(std::fabs(t) < step / 1e6 ? 0 : t);
  a.decimals = std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
  return a;
}

// A log10 axis over whole decades around [min, max] (both > 0).
Axis logAxis(double min, double max) {
  Axis a;
  a.log = true;
  a.lo = std::floor(std::log10(min));
  a.hi = std::max(a.lo + 1, std::ceil(std::log10(max)));
  for (double d = a.lo; d <= a.hi; ++d)
    a.ticks.push_back(d);
  return a;
}

// "1e-3" on a log axis, the step's decimals on a linear one.
std::string tickLabel(const Axis &a, double t) {
  char buf[32];
  if (a.log)
    std::snprintf(buf, sizeof buf, "1e%d", int(t));
  else
    std::snprintf(buf, sizeof buf, "%.*f", a.decimals, t);
  return buf;
}

// Data to canvas: linear over [lo, hi] (in log10 on a log axis) onto the plot area; y grows
// downwards in SVG.
double scaleX(const Axis &a, double x) {
  double v = a.log ? std::log10(x) : x;
  return kLeft + (v - a.lo) / (a.hi - a.lo) * (kRight - kLeft);
}
double scaleY(const Axis &a, double y) {
  return kBottom - (y - a.lo) / (a.hi - a.lo) * (kBottom - kTop);
}

// The plot area, grid lines with tick labels, title, axis labels and note.
std::string frame(const Chart &c, const Axis &x, const Axis &y) {
  std::string s = "<rect x=\"" + num(kLeft) + "\" y=\"" + num(kTop) + "\" width=\"" +
                  num(kRight - kLeft) + "\" height=\"" + num(kBottom - kTop) +
                  "\" fill=\"none\" stroke=\"#333\"/>\n";
  for (double t : x.ticks) {
    double px = kLeft + (t - x.lo) / (x.hi - x.lo) * (kRight - kLeft);
    s += lineEl(px, kTop, px, kBottom, "stroke=\"#ddd\"");
    s += text(px, kBottom + 18, tickLabel(x, t), "middle");
  }
  for (double t : y.ticks) {
    double py = scaleY(y, t);
    s += lineEl(kLeft, py, kRight, py, "stroke=\"#ddd\"");
    s += text(kLeft - 6, py + 4, tickLabel(y, t), "end");
  }
  s += text((kLeft + kRight) / 2, 28, c.title, "middle", 15);
  s += text((kLeft + kRight) / 2, kBottom + 42, c.x_label, "middle", 13);
  s += text(22, (kTop + kBottom) / 2, c.y_label, "middle", 13,
            " transform=\"rotate(-90 22 " + num((kTop + kBottom) / 2) + ")\"");
  return s + text(kLeft, kHeight - 12, c.note, "start", 11, " fill=\"#555\"");
}

// A series: a polyline through its points (drawn first, under them), error bars, markers.
std::string seriesSvg(const Series &ser, const char *color, const Axis &x, const Axis &y) {
  std::string s, path;
  for (const PlotPoint &p : ser.points) {
    double px = scaleX(x, p.x), py = scaleY(y, p.y);
    path += path.empty() ? "" : " ";
    path += num(px) + "," + num(py);
    if (p.y_hi > p.y_lo) {
      std::string style = std::string("stroke=\"") + color + "\"";
      s += lineEl(px, scaleY(y, p.y_lo), px, scaleY(y, p.y_hi), style);
      s += lineEl(px - 3, scaleY(y, p.y_lo), px + 3, scaleY(y, p.y_lo), style);
      s += lineEl(px - 3, scaleY(y, p.y_hi), px + 3, scaleY(y, p.y_hi), style);
    }
    s += "<circle cx=\"" + num(px) + "\" cy=\"" + num(py) + "\" r=\"" +
         (ser.muted ? "2.5" : "3.5") + "\" fill=\"" + color + "\"/>\n";
  }
  if (ser.line && ser.points.size() > 1)
    s = "<polyline points=\"" + path + "\" fill=\"none\" stroke=\"" + color +
        "\" stroke-width=\"1.5\"/>\n" + s;
  return s;
}

// The legend right of the plot: a title, then a marker and a name per series (at most 22).
std::string legend(const std::string &title, const std::vector<const Series *> &series,
                   const std::vector<const char *> &colors) {
  std::string s =
      title.empty() ? "" : text(kRight + 14, kTop + 4, title, "start", 11, " font-weight=\"bold\"");
  double top = kTop + (title.empty() ? 8 : 24);
  for (size_t i = 0; i < series.size() && i < 22; ++i) {
    double y = top + 16 * double(i);
    s += "<circle cx=\"" + num(kRight + 20) + "\" cy=\"" + num(y) + "\" r=\"4\" fill=\"" +
         colors[i] + "\"/>\n";
    std::string name =
        series[i]->name.size() > 34 ? series[i]->name.substr(0, 33) + "~" : series[i]->name;
    s += text(kRight + 30, y + 4, name, "start", 11);
  }
  return s;
}

} // namespace

std::string renderSvg(const Chart &c) {
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (const Series &s : c.series)
    for (const PlotPoint &p : s.points) {
      x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
      y0 = std::min({y0, p.y, p.y_lo}), y1 = std::max({y1, p.y, p.y_hi});
    }
  // Axes over every point and error bar; an empty chart still gets a frame (and says so).
  bool empty = !(x0 <= x1);
  Axis x = empty ? linearAxis(0, 1) : c.x_log ? logAxis(x0, x1) : linearAxis(x0, x1);
  Axis y = empty ? linearAxis(0, 1) : linearAxis(y0, y1);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kWidth) +
                    "\" height=\"" + num(kHeight) + "\" viewBox=\"0 0 " + num(kWidth) + " " +
                    num(kHeight) + "\" font-family=\"sans-serif\">\n" +
                    "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + frame(c, x, y);
  // Colors in series order; muted series are drawn first so that the others lie on top.
  std::vector<const Series *> shown;
  std::vector<const char *> colors;
  size_t next = 0;
  for (const Series &s : c.series) { // muted series first, behind the others
    const char *color = s.muted ? "#bbbbbb" : kPalette[next++ % std::size(kPalette)];
    svg = s.muted ? svg + seriesSvg(s, color, x, y) : svg;
    shown.push_back(&s);
    colors.push_back(color);
  }
  for (size_t i = 0; i < shown.size(); ++i)
    if (!shown[i]->muted)
      svg += seriesSvg(*shown[i], colors[i], x, y);
  if (empty)
    svg += text((kLeft + kRight) / 2, (kTop + kBottom) / 2, "no points to show", "middle", 14);
  return svg + legend(c.legend_title, shown, colors) + "</svg>\n";
}

} // namespace bnnc::sweep
