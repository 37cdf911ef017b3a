// POST: the device model's name, the network, the programming law, the array, the models.
#include "codec.h"
#include "posterior_sections.h"
#include "text.h"

#include <cmath>

namespace bnnc::image {

namespace {

void writeLaw(ByteWriter &w, const ProgrammingLaw &law) {
  for (double v :
       {law.conductance_exponent, law.c2c_exponent, law.set_current_min_ua, law.set_current_max_ua})
    w.f64(v);
}

// A finite number above `lo` (or at least `lo` when `inclusive`).
double readAbove(SectionReader &r, const std::string &what, double lo, bool inclusive = false) {
  uint64_t at = r.offset();
  double v = readFinite(r, what);
  if (inclusive ? !(v >= lo) : !(v > lo))
    r.fail(at, what + " is " + formatDouble(v) + ", not " + (inclusive ? "at least " : "above ") +
                   formatDouble(lo));
  return v;
}

ProgrammingLaw readLaw(SectionReader &r) {
  ProgrammingLaw law;
  law.conductance_exponent = readAbove(r, "the conductance exponent", 0);
  law.c2c_exponent = readAbove(r, "the c2c exponent", 0, true);
  law.set_current_min_ua = readAbove(r, "the smallest SET current", 0);
  law.set_current_max_ua = readAbove(r, "the largest SET current", law.set_current_min_ua);
  return law;
}

void writeArray(ByteWriter &w, const ArrayGeometry &a) {
  w.i64(a.rows);
  w.i64(a.cols);
  w.i64(a.rows_per_model);
}

// The array must hold at least one model: rows_per_model is what 2 x parameters devices take
// in rows of `cols`, and no more than `rows`.
ArrayGeometry readArray(SectionReader &r, const Network &net) {
  ArrayGeometry a;
  a.rows = readInt(r, "the array rows", 1, kMaxDim);
  uint64_t at = r.offset();
  a.cols = readInt(r, "the array columns", 1, kMaxDim);
  if (a.rows * a.cols > kMaxArrayDevices) // both at most 2^24: no overflow
    r.fail(at, "the array of " + std::to_string(a.rows) + " x " + std::to_string(a.cols) +
                   " devices is larger than the limit of " + std::to_string(kMaxArrayDevices));
  at = r.offset();
  a.rows_per_model = r.i64("the rows per model");
  int64_t devices = 2 * net.parameters();
  int64_t expected = (devices + a.cols - 1) / a.cols;
  if (a.rows_per_model != expected)
    r.fail(at, "the rows per model are " + std::to_string(a.rows_per_model) + ", but " +
                   std::to_string(devices) + " devices take " + std::to_string(expected) +
                   " rows of " + std::to_string(a.cols));
  if (a.rows_per_model > a.rows)
    r.fail(at, "a model takes " + std::to_string(a.rows_per_model) + " rows, the array has " +
                   std::to_string(a.rows));
  return a;
}

} // namespace

std::vector<uint8_t> encodePosterior(const PosteriorImage &p) {
  ByteWriter w;
  w.str(p.device);
  writeNetwork(w, p.network);
  writeLaw(w, p.law);
  writeArray(w, p.array);
  writeModels(w, p.models);
  return w.take();
}

void decodePosterior(SectionReader &r, PosteriorImage &p) {
  p.device = r.str("the device name");
  p.network = readNetwork(r);
  p.law = readLaw(r);
  p.array = readArray(r, p.network);
  p.models = readModels(r, p.network, p.array);
}

} // namespace bnnc::image
