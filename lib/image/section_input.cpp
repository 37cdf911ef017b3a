// INPT: how raw input values become the bits the first layer reads.
#include "codec.h"
#include "sections.h"
#include "text.h"

namespace bnnc::image {

namespace {
// Bit-serial inputs of up to 16 bits (sensor and image data); this also keeps a layer's read
// count (positions x planes x rows x column blocks) within 64 bits.
constexpr int64_t kMaxInputBits = 16;
constexpr int64_t kMaxInputElements = int64_t(1) << 32;
} // namespace

std::vector<uint8_t> encodeInput(const ir::InputStage &in) {
  ByteWriter w;
  w.u8(uint8_t(in.kind));
  writeShape(w, in.shape);
  w.u64(in.compare.size());
  for (const ir::Compare &c : in.compare)
    writeCompare(w, c);
  w.i64(in.bits);
  w.f64(in.lo);
  w.f64(in.hi);
  return w.take();
}

void decodeInput(SectionReader &r, ir::InputStage &in) {
  using Kind = ir::InputStage::Kind;
  uint64_t at = r.offset();
  uint8_t kind = r.u8("the input kind");
  if (kind > uint8_t(Kind::BitSerial))
    r.fail(at, "the input kind is " + std::to_string(kind) +
                   ", not one of 0 (comparator), 1 (bit-serial)");
  in.kind = Kind(kind);
  in.shape = readShape(r, "the input shape", kMaxInputElements);
  int64_t numel = elementCount(in.shape);
  at = r.offset();
  // A comparison is 9 bytes: u8 kind, f64 threshold.
  uint64_t n = r.count("the input comparison count", 9);
  uint64_t expected = in.kind == Kind::Comparator ? uint64_t(numel) : 0;
  if (n != expected)
    r.fail(at, "the input has " + std::to_string(n) + " comparisons, " +
                   (in.kind == Kind::Comparator
                        ? "a comparator input needs one per element (" + std::to_string(numel) + ")"
                        : std::string("a bit-serial input has none")));
  for (uint64_t i = 0; i < n; ++i)
    in.compare.push_back(readCompare(r, "input comparison " + std::to_string(i)));
  in.bits =
      int(readInt(r, "the input bit count", in.kind == Kind::BitSerial ? 1 : 0, kMaxInputBits));
  at = r.offset();
  in.lo = readFinite(r, "the input range low end");
  in.hi = readFinite(r, "the input range high end");
  if (in.kind == Kind::BitSerial && !(in.lo < in.hi))
    r.fail(at, "the bit-serial input range [" + formatDouble(in.lo) + ", " + formatDouble(in.hi) +
                   "] is empty");
}

// INQL: u64 group count (1, shape[0] or the element count), u64 comparisons per group (at most
// 2^16 - 1: 16 bit-planes), then groups x count comparisons, each group's all Ge or all Le.
std::vector<uint8_t> encodeInputLevels(const ir::InputStage &in) {
  ByteWriter w;
  w.u64(uint64_t(in.level_groups));
  w.u64(uint64_t(in.level_count));
  for (const ir::Compare &c : in.levels)
    writeCompare(w, c);
  return w.take();
}

void decodeInputLevels(SectionReader &r, ir::InputStage &in) {
  uint64_t at = r.offset();
  if (in.kind != ir::InputStage::Kind::BitSerial)
    r.fail(at, "input levels are given for a comparator input");
  int64_t n = elementCount(in.shape), channels = in.shape.size() > 1 ? in.shape[0] : n;
  int64_t groups = readInt(r, "the level group count", 1, n);
  if (groups != 1 && groups != channels && groups != n)
    r.fail(at, "the level group count is " + std::to_string(groups) + ", not 1, " +
                   std::to_string(channels) + " (channels) or " + std::to_string(n) +
                   " (elements)");
  at = r.offset();
  int64_t count = readInt(r, "the level count", 1, (int64_t(1) << in.bits) - 1);
  in.level_groups = groups;
  in.level_count = count;
  // A comparison is 9 bytes: checked against what is left before anything is allocated.
  if (uint64_t(groups) * uint64_t(count) > r.remaining() / 9)
    r.fail(at, std::to_string(groups) + " groups of " + std::to_string(count) +
                   " comparisons need more bytes than the section holds");
  for (int64_t i = 0; i < groups * count; ++i)
    in.levels.push_back(readCompare(r, "input level comparison " + std::to_string(i)));
}

} // namespace bnnc::image
