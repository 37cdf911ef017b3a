// A small SVG chart writer for the sweep's plots: one frame with axes (linear or log10 x), series
// of points with optional vertical error bars and connecting lines, a legend and a note.
// Deterministic: the same chart gives the same bytes.
#pragma once

#include <string>
#include <vector>

namespace bnnc::sweep {

struct PlotPoint {
  double x = 0, y = 0;
  double y_lo = 0, y_hi = 0; // error bar; equal to y for none
};

struct Series {
  std::string name;
  std::vector<PlotPoint> points; // drawn in this order when `line`
  bool line = true;
  bool muted = false; // grey and small, behind the others (e.g. every point under a front)
};

struct Chart {
  std::string title, x_label, y_label;
  bool x_log = false; // points with x <= 0 cannot be drawn on it and must be left out
  std::vector<Series> series;
  std::string legend_title; // above the series' names
  std::string note;         // a line under the frame
};

std::string renderSvg(const Chart &chart);

} // namespace bnnc::sweep
