// Field codecs shared by the image sections.
#include "codec.h"
#include "text.h"

#include <cmath>

namespace bnnc::image {

void writeCompare(ByteWriter &w, const ir::Compare &c) {
  w.u8(uint8_t(c.kind));
  w.f64(c.t);
}

ir::Compare readCompare(SectionReader &r, const std::string &what) {
  uint64_t at = r.offset();
  uint8_t kind = r.u8("the kind of " + what);
  if (kind > uint8_t(ir::Compare::Kind::One))
    r.fail(at, "the kind of " + what + " is " + std::to_string(kind) +
                   ", not one of 0 (>=), 1 (<=), 2 (constant 0), 3 (constant 1)");
  ir::Compare c;
  c.kind = ir::Compare::Kind(kind);
  at = r.offset();
  c.t = r.f64("the threshold of " + what);
  // Infinite thresholds are meaningful (a comparison that always or never holds); NaN is not.
  if (std::isnan(c.t))
    r.fail(at, "the threshold of " + what + " is NaN");
  return c;
}

void writeShape(ByteWriter &w, const ir::Shape &shape) {
  w.u32(uint32_t(shape.size()));
  for (int64_t d : shape)
    w.i64(d);
}

ir::Shape readShape(SectionReader &r, const std::string &what, int64_t max_numel) {
  uint64_t at = r.offset();
  uint32_t rank = r.u32("the rank of " + what);
  if (rank < 1 || rank > kMaxRank)
    r.fail(at, "the rank of " + what + " is " + std::to_string(rank) + ", not in [1, " +
                   std::to_string(kMaxRank) + "]");
  ir::Shape shape;
  int64_t numel = 1;
  for (uint32_t i = 0; i < rank; ++i) {
    std::string dim = "dimension " + std::to_string(i) + " of " + what;
    shape.push_back(readInt(r, dim, 1, kMaxDim));
    // numel <= max_numel <= 2^40 and a dimension <= 2^24 keep the product in 64 bits.
    numel *= shape.back();
    if (numel > max_numel)
      r.fail(at, what + " has more than " + std::to_string(max_numel) + " elements");
  }
  return shape;
}

int64_t elementCount(const ir::Shape &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

int64_t readInt(SectionReader &r, const std::string &what, int64_t lo, int64_t hi) {
  uint64_t at = r.offset();
  int64_t v = r.i64(what);
  if (v < lo || v > hi)
    r.fail(at, what + " is " + std::to_string(v) + ", not in [" + std::to_string(lo) + ", " +
                   std::to_string(hi) + "]");
  return v;
}

double readFinite(SectionReader &r, const std::string &what) {
  uint64_t at = r.offset();
  double v = r.f64(what);
  if (!std::isfinite(v))
    r.fail(at, what + " is " + formatDouble(v) + ", not a finite number");
  return v;
}

} // namespace bnnc::image
