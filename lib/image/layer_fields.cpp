// Geometry and pooling fields of LAYR entries.
#include "layer_fields.h"
#include "codec.h"

namespace bnnc::image {

namespace {

// The fields in their order on disk; pointers to const for a const argument.
template <class G> auto geometryFields(G &g) {
  return std::array{&g.cin,     &g.ih,       &g.iw,         &g.cout,     &g.oh, &g.ow,
                    &g.kh,      &g.kw,       &g.sh,         &g.sw,       &g.dh, &g.dw,
                    &g.pad_top, &g.pad_left, &g.pad_bottom, &g.pad_right};
}
template <class P> auto poolingFields(P &p) {
  return std::array{&p.kh,      &p.kw,       &p.sh,         &p.sw,        &p.dh, &p.dw,
                    &p.pad_top, &p.pad_left, &p.pad_bottom, &p.pad_right, &p.oh, &p.ow};
}

// One spatial axis of a sliding window: input size, pads, taps, dilation, stride.
struct Axis {
  const char *name; // "h" or "w"
  int64_t in, pad0, pad1, k, d, s;
};

// Checks an output size against the window arithmetic. A window of k taps at dilation d spans
// d * (k - 1) + 1 inputs; over `padded` inputs it fits at (padded - span) / s + 1 positions
// (floor). Pooling may use ceil mode, one more, partial, window that still starts inside the
// padded input: ceil((padded - span) / s) + 1.
void checkOutput(SectionReader &r, uint64_t at, const std::string &label, const Axis &a,
                 int64_t out, bool allow_ceil) {
  int64_t padded = a.in + a.pad0 + a.pad1, span = a.d * (a.k - 1) + 1;
  std::string n(a.name);
  std::string how = "i" + n + " " + std::to_string(a.in) + " + pads " + std::to_string(a.pad0) +
                    " + " + std::to_string(a.pad1) + " with k" + n + " " + std::to_string(a.k) +
                    ", d" + n + " " + std::to_string(a.d) + ", s" + n + " " + std::to_string(a.s);
  if (padded < span)
    r.fail(at, label + ": the window spans " + std::to_string(span) + " inputs, more than the " +
                   std::to_string(padded) + " of " + how);
  int64_t floor = (padded - span) / a.s + 1, ceil = (padded - span + a.s - 1) / a.s + 1;
  if (out == floor || (allow_ceil && out == ceil))
    return;
  std::string ceilNote =
      allow_ceil && ceil != floor ? " (" + std::to_string(ceil) + " in ceil mode)" : "";
  r.fail(at, label + ": o" + n + " is " + std::to_string(out) + ", but " + how + " give " +
                 std::to_string(floor) + ceilNote);
}

// a * b * c for factors in [1, 2^24] (a * b fits in 64 bits), or `limit` + 1 if it exceeds it.
int64_t bounded(int64_t a, int64_t b, int64_t c, int64_t limit) {
  int64_t ab = a * b;
  return ab > limit / c ? limit + 1 : ab * c;
}

} // namespace

void writeGeometry(ByteWriter &w, const ir::ConvGeometry &g) {
  for (const int64_t *v : geometryFields(g))
    w.i64(*v);
}

void writePooling(ByteWriter &w, const ir::Pooling &p) {
  for (const int64_t *v : poolingFields(p))
    w.i64(*v);
}

ir::ConvGeometry readGeometry(SectionReader &r, const std::string &label) {
  ir::ConvGeometry g;
  uint64_t at = r.offset();
  auto out = geometryFields(g);
  // Sizes, kernels, strides and dilations are at least 1; pads (the last 4) at least 0.
  for (size_t i = 0; i < out.size(); ++i)
    *out[i] = readInt(r, label + " " + kGeometryFields[i], i < 12 ? 1 : 0, kMaxDim);
  uint64_t ohAt = at + 4 * 8, owAt = at + 5 * 8; // oh and ow are fields 4 and 5
  checkOutput(r, ohAt, label, {"h", g.ih, g.pad_top, g.pad_bottom, g.kh, g.dh, g.sh}, g.oh, false);
  checkOutput(r, owAt, label, {"w", g.iw, g.pad_left, g.pad_right, g.kw, g.dw, g.sw}, g.ow, false);
  // Limits that keep every cost count of the mapping within 64 bits (docs/image-format.md).
  if (bounded(g.cin, g.kh, g.kw, int64_t(1) << 32) > int64_t(1) << 32)
    r.fail(at, label + ": the fan-in cin * kh * kw is more than 2^32");
  if (bounded(g.oh, g.ow, 1, int64_t(1) << 30) > int64_t(1) << 30)
    r.fail(ohAt, label + ": oh * ow is more than 2^30 output positions");
  if (bounded(g.cin, g.ih, g.iw, int64_t(1) << 40) > int64_t(1) << 40)
    r.fail(at, label + ": the input cin * ih * iw is more than 2^40 values");
  return g;
}

void readPooling(SectionReader &r, ir::Pooling &p, const ir::ConvGeometry &g,
                 const std::string &label) {
  uint64_t at = r.offset();
  auto out = poolingFields(p);
  // Windows and strides at least 1, pads (fields 6 to 9) at least 0. Disabled pooling fields
  // are kept as stored, unchecked and unused, for an exact round trip.
  for (size_t i = 0; i < out.size(); ++i) {
    std::string what = label + " pooling " + kPoolingFields[i];
    *out[i] = p.enabled ? readInt(r, what, (i >= 6 && i < 10) ? 0 : 1, kMaxDim) : r.i64(what);
  }
  if (!p.enabled)
    return;
  std::string pool = label + " pooling";
  // The pooling reads the layer's oh x ow output; its own oh and ow are fields 10 and 11.
  checkOutput(r, at + 10 * 8, pool, {"h", g.oh, p.pad_top, p.pad_bottom, p.kh, p.dh, p.sh}, p.oh,
              true);
  checkOutput(r, at + 11 * 8, pool, {"w", g.ow, p.pad_left, p.pad_right, p.kw, p.dw, p.sw}, p.ow,
              true);
  if (bounded(p.oh, p.ow, 1, int64_t(1) << 30) > int64_t(1) << 30)
    r.fail(at + 10 * 8, pool + ": oh * ow is more than 2^30 output positions");
}

} // namespace bnnc::image
