// Field codecs shared by the image sections: comparisons, shapes and checked numbers.
#pragma once

#include "bnnc/ir/program.h"
#include "bytes.h"

namespace bnnc::image {

// Upper bound of every stored dimension, kernel size, stride, dilation and pad (2^24): far above
// any real model, and small enough that products of two or three of them cannot overflow.
constexpr int64_t kMaxDim = int64_t(1) << 24;
constexpr uint32_t kMaxRank = 8;

// u8 kind (Ge 0, Le 1, Zero 2, One 3), then f64 t.
void writeCompare(ByteWriter &w, const ir::Compare &c);
ir::Compare readCompare(SectionReader &r, const std::string &what);

// u32 rank, then one i64 per dimension.
void writeShape(ByteWriter &w, const ir::Shape &shape);
// Rank 1 to 8, dimensions 1 to 2^24; the element count must be at most `max_numel`.
ir::Shape readShape(SectionReader &r, const std::string &what, int64_t max_numel);
int64_t elementCount(const ir::Shape &shape); // product of the dimensions (1 for rank 0)

// An i64 in [lo, hi]; an f64 that is not NaN or infinite.
int64_t readInt(SectionReader &r, const std::string &what, int64_t lo, int64_t hi);
double readFinite(SectionReader &r, const std::string &what);

} // namespace bnnc::image
