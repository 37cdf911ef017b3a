// A sweep description (docs/sweep-format.md): settings shared by every point, grid axes whose
// product gives points, and explicit points after them. Read from a JSON file or text; the
// command line adds its flags (bnnc/driver/sweep_flags.h).
#pragma once

#include "bnnc/sweep/params.h"

#include <string>
#include <vector>

namespace bnnc::sweep {

// One axis of the grid: one or more parameters varied together, step by step.
struct Axis {
  std::string place;              // "sweep.json: /grid/1" or "--tile"
  std::vector<std::string> names; // canonical parameter names
  std::vector<Settings> steps;    // each step sets every name once
};

struct Spec {
  Settings base;                // for every point that does not set the parameter itself
  std::vector<Axis> grid;       // the product, first axis outermost (slowest)
  std::vector<Settings> points; // explicit points, numbered after the grid's
};

// Parses a description; `source` names the file in messages, which give a JSON pointer
// ("sweep.json: /grid/1/ber/2: error: must be a number in [0, 1], got 1.5").
Spec parseSpec(const std::string &text, const std::string &source);
Spec loadSpec(const std::string &path);

} // namespace bnnc::sweep
