#include "unit/sweep/sweep_util.h"
#include "bnnc/support/error.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdlib.h>

namespace bnnc::sweep::test {

Scratch::Scratch() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "bnnc-sweep-XXXXXX").string();
  dir_ = ::mkdtemp(tmpl.data()) ? tmpl : "";
}

Scratch::~Scratch() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void Scratch::write(const std::string &path, const std::string &text) const {
  std::ofstream(path, std::ios::binary) << text;
}

std::string Scratch::read(const std::string &path) const {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string errorOf(const std::function<void()> &f) {
  try {
    f();
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

ToyLayout::ToyLayout(int64_t points, std::function<bool(int64_t)> mine) {
  layout.keys = {"point", "points", "ber", "accuracy"};
  layout.points = points;
  layout.head = [points](int64_t p) { return rowHead(p, points, {"ber"}, {json(double(p) / 10)}); };
  layout.mine = std::move(mine);
}

json ToyLayout::row(int64_t point) const {
  json r = layout.head(point);
  r["accuracy"] = double(point) / 10;
  return r;
}

std::string ToyLayout::csv(const std::vector<int64_t> &points) const {
  std::string text = csvHeader(layout.keys);
  for (int64_t p : points)
    text += rowLine(Format::Csv, row(p));
  return text;
}

std::string ToyLayout::jsonl(const std::vector<int64_t> &points) const {
  std::string text;
  for (int64_t p : points)
    text += rowLine(Format::Jsonl, row(p));
  return text;
}

} // namespace bnnc::sweep::test
