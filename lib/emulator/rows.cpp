// Assembling rows from the gather runs (see rows.h).
#include "rows.h"

#include "bits.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace bnnc::emulator::detail {

namespace {

// A run of len <= 8 bytes as the low bytes of a word (on a little-endian machine): one 8-byte
// load when 8 bytes are readable at `from`, else byte by byte.
uint64_t loadRun(const unsigned char *from, int64_t len, int64_t readable) {
  uint64_t v = 0;
  if (readable >= 8) {
    std::memcpy(&v, from, 8);
    return len == 8 ? v : v & ((uint64_t(1) << (8 * len)) - 1);
  }
  for (int64_t i = 0; i < len; ++i)
    v |= uint64_t(from[i]) << (8 * i);
  return v;
}

// A row of at most 16 bytes (a small first convolution, e.g. 3 x 3 taps of one channel) is
// assembled in a 128-bit register and stored once: ORing short runs into memory one after the
// other would stall on store forwarding. Returns false for other rows.
bool smallRow(const Run *run, const Run *end, const unsigned char *src, int64_t readable,
              int64_t bytes, unsigned char *out) {
  if (std::endian::native != std::endian::little || bytes > 16)
    return false;
  unsigned __int128 row = 0; // stored whole: the rows buffer has 16 bytes of slack
  for (; run != end; ++run)
    for (int64_t off = 0; off < run->len; off += 8) // pieces of up to 8 bytes
      row |= (unsigned __int128)loadRun(src + run->src + off, std::min<int64_t>(8, run->len - off),
                                        readable - run->src - off)
             << (8 * (run->dst + off));
  std::memcpy(out, &row, 16); // bytes past the row are 0: the next row's start stays 0
  return true;
}

} // namespace

void gatherRows(const LayerPass &pass, int64_t m0, int64_t rows, Scratch &scratch) {
  const LayerPlan &lp = *pass.lp;
  int64_t bytes = rowBytes(lp), unit = unitBytes(lp), sample = 8 * pass.src_stride;
  scratch.rows.assign(size_t((rows * bytes + 7) / 8 + 2), 0); // + 2: smallRow's slack
  auto *out = reinterpret_cast<unsigned char *>(scratch.rows.data());
  RowCursor at(m0, lp.positions);
  for (int64_t r = 0; r < rows; ++r, at.next()) {
    const uint64_t *src = pass.src + at.s * pass.src_stride;
    const auto *bytes_in = reinterpret_cast<const unsigned char *>(src);
    const Run *run = lp.gather.runs.data() + lp.gather.begin[size_t(at.pos)];
    const Run *end = lp.gather.runs.data() + lp.gather.begin[size_t(at.pos) + 1];
    if (lp.kind == LayerPlan::Kind::Serial &&
        smallRow(run, end, bytes_in, sample, bytes, out + r * bytes))
      continue;
    for (; run != end; ++run)
      if (isBinary(lp))
        copyBits(src, run->src, scratch.rows.data() + r * lp.kwords, run->dst, run->len);
      else
        std::memcpy(out + r * bytes + run->dst * unit, bytes_in + run->src * unit,
                    size_t(run->len * unit));
  }
}

} // namespace bnnc::emulator::detail
