// Converting a parsed array's stored values to float32 samples or integer labels, checking each
// value on the way (finite samples in float32 range; labels non-negative integers).
#include "bnnc/data/formats.h"

#include <bit>
#include <cfloat>
#include <cmath>
#include <cstring>

namespace bnnc::data {

namespace {

// One stored element: its bytes read in the file's byte order, then reinterpreted as T.
template <typename T> T loadElem(const uint8_t *p, bool big_endian) {
  using U = std::conditional_t<
      sizeof(T) == 1, uint8_t,
      std::conditional_t<sizeof(T) == 2, uint16_t,
                         std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;
  U bits = 0;
  for (size_t k = 0; k < sizeof(T); ++k) {
    size_t byte = big_endian ? sizeof(T) - 1 - k : k; // byte k holds bits 8k..8k+7
    bits |= U(p[byte]) << (8 * k);
  }
  return std::bit_cast<T>(bits);
}

// Calls f(tag) with a T* tag for the C++ type of `type`.
template <typename F> void visitType(ElemType type, F &&f) {
  switch (type) {
  case ElemType::Bool:
  case ElemType::U8:
    return f(static_cast<uint8_t *>(nullptr));
  case ElemType::I8:
    return f(static_cast<int8_t *>(nullptr));
  case ElemType::U16:
    return f(static_cast<uint16_t *>(nullptr));
  case ElemType::I16:
    return f(static_cast<int16_t *>(nullptr));
  case ElemType::U32:
    return f(static_cast<uint32_t *>(nullptr));
  case ElemType::I32:
    return f(static_cast<int32_t *>(nullptr));
  case ElemType::U64:
    return f(static_cast<uint64_t *>(nullptr));
  case ElemType::I64:
    return f(static_cast<int64_t *>(nullptr));
  case ElemType::F32:
    return f(static_cast<float *>(nullptr));
  case ElemType::F64:
    return f(static_cast<double *>(nullptr));
  }
}

// Reports a bad value at flat element index `e`: a line for CSV, a byte offset otherwise.
[[noreturn]] void failElem(const Source &src, const RawArray &a, int64_t e,
                           const std::string &message) {
  int64_t per = std::max<int64_t>(a.sampleSize(), 1);
  if (a.csv)
    src.failLine(a.csv_lines[e / per], message);
  src.failAt(a.data_offset + uint64_t(e) * elemSize(a.type), message);
}

// Calls f(e, value) for the elements e in [begin, end); integers stay exact as int64 or uint64
// where they can.
template <typename F>
void forEachValue(const Source &src, const RawArray &a, int64_t begin, int64_t end, F &&f) {
  if (a.csv) {
    for (int64_t e = begin; e < end; ++e)
      f(e, a.csv_values[e]);
    return;
  }
  const uint8_t *base = src.bytes.data() + a.data_offset;
  visitType(a.type, [&](auto *tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    for (int64_t e = begin; e < end; ++e)
      f(e, loadElem<T>(base + e * sizeof(T), a.big_endian));
  });
}

// The common stored types, converted a block at a time: little-endian float32 (copied, then
// checked for non-finite values) and bytes (every byte is a finite float). Returns false for the
// other types, and for a block holding a bad value (the element-wise loop then names it).
bool fastSamples(const Source &src, const RawArray &a, int64_t begin, int64_t end, float *out) {
  bool little = std::endian::native == std::endian::little && !a.big_endian;
  const uint8_t *base = src.bytes.data() + a.data_offset;
  if (a.csv)
    return false;
  if (a.type == ElemType::U8 || a.type == ElemType::Bool) {
    for (int64_t e = begin; e < end; ++e)
      out[e - begin] = float(base[e]);
    return true;
  }
  if (a.type != ElemType::F32 || !little)
    return false;
  std::memcpy(out, base + begin * 4, size_t(end - begin) * 4);
  bool finite = true;
  for (int64_t e = 0; e < end - begin; ++e) // no early exit: the loop vectorizes
    finite &= std::isfinite(out[e]);
  return finite;
}

} // namespace

void toSamples(const Source &src, const RawArray &a, int64_t first, int64_t n, float *out) {
  int64_t per = std::max<int64_t>(a.sampleSize(), 1);
  int64_t begin = first * a.sampleSize(), end = (first + n) * a.sampleSize();
  if (fastSamples(src, a, begin, end, out))
    return;
  forEachValue(src, a, begin, end, [&](int64_t e, auto stored) {
    double v = double(stored);
    auto where = [&] {
      return "sample " + std::to_string(e / per) + ", element " + std::to_string(e % per) + " is " +
             formatNumber(v);
    };
    if (!std::isfinite(v))
      failElem(src, a, e, where() + ", sample values must be finite");
    // Converting a double beyond the float range to float is undefined: refuse it first.
    if (std::fabs(v) > FLT_MAX)
      failElem(src, a, e, where() + ", beyond the float32 range");
    out[e - begin] = float(v);
  });
}

std::vector<int64_t> toLabels(const Source &src, const RawArray &a) {
  bool column = a.shape.size() == 1 || (a.shape.size() == 2 && a.shape[1] == 1);
  if (!column && a.csv)
    src.failLine(a.csv_lines[0], "expected 1 label per line, got " + std::to_string(a.shape[1]));
  if (!column)
    src.failAt(0, "labels must have shape [n] or [n,1], got " + ir::shapeString(a.shape));
  std::vector<int64_t> out(a.count());
  forEachValue(src, a, 0, a.count(), [&](int64_t e, auto stored) {
    using T = decltype(stored);
    auto bad = [&](const std::string &text) {
      failElem(src, a, e,
               "label of sample " + std::to_string(e) + " is " + text +
                   ", labels must be non-negative integers");
    };
    if constexpr (std::is_floating_point_v<T>) {
      // 2^62 bounds the labels that convert exactly and safely to int64.
      if (!(stored >= 0 && stored < 0x1p62 && std::floor(stored) == stored))
        bad(formatNumber(stored));
      out[e] = int64_t(stored);
    } else if constexpr (std::is_signed_v<T>) {
      if (stored < 0)
        bad(std::to_string(stored));
      out[e] = int64_t(stored);
    } else {
      if (uint64_t(stored) > uint64_t(INT64_MAX))
        bad(std::to_string(stored));
      out[e] = int64_t(stored);
    }
  });
  return out;
}

} // namespace bnnc::data
