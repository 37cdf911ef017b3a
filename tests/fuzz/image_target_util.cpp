// The chip image reader. An image is accepted or rejected with an error naming the file, the
// byte offset and the section. An accepted image is a fixed point of writing: writing what was
// read and reading that back gives the same bytes again (the format is canonical), and its
// programming totals and energy are finite. The same bytes also go through the posterior reader
// (bnnc learn's images), whose accepted images are fixed points of writing too.
//
// Almost every mutation of a section breaks its CRC, which the reader checks before looking
// inside; so each input is also read a second time with the file size, the section CRCs and the
// header CRC repaired, which lets the fuzzer reach the section decoders.
#include "bnnc/energy/energy.h"
#include "bnnc/image/image.h"
#include "bnnc/image/posterior.h"
#include "bnnc/image/schedule.h"
#include "bnnc/support/crc32.h"
#include "fuzz/target_list.h"
#include "fuzz/targets.h"

#include <cmath>

namespace bnnc::fuzz {

namespace {

void checkAccepted(const image::ChipImage &chip, const std::string &source) {
  std::vector<uint8_t> once = image::writeImage(chip);
  std::vector<uint8_t> twice = image::writeImage(image::readImage(once, source));
  if (once != twice)
    __builtin_trap();
  image::ScheduleTotals totals = image::scheduleTotals(chip.mapping, chip.condition);
  energy::InferenceEnergy e = energy::inferenceEnergy(chip, energy::defaultTechnology());
  if (!std::isfinite(totals.energy_nj) || !std::isfinite(e.energy_per_inference_pj) ||
      !(e.energy_per_inference_pj >= 0))
    __builtin_trap();
}

// A posterior image is canonical too: what was read writes back to bytes that read the same.
void checkPosterior(const image::PosteriorImage &post, const std::string &source) {
  std::vector<uint8_t> once = image::writePosteriorImage(post);
  if (image::readPosteriorImage(once, source) != post)
    __builtin_trap();
}

uint64_t readLe(const std::vector<uint8_t> &b, size_t at, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i)
    v |= uint64_t(b[at + size_t(i)]) << (8 * i);
  return v;
}

void writeLe(std::vector<uint8_t> &b, size_t at, uint64_t v, int n) {
  for (int i = 0; i < n; ++i)
    b[at + size_t(i)] = uint8_t(v >> (8 * i));
}

// Rewrites the file size, every in-bounds section's CRC and the header CRC (docs/image-format.md,
// "Container"); returns false when the header or the table is too short to hold them.
bool repairChecksums(std::vector<uint8_t> &b) {
  if (b.size() < image::kHeaderSize)
    return false;
  writeLe(b, 16, b.size(), 8);
  uint64_t count = readLe(b, 12, 4);
  uint64_t table_end = image::kHeaderSize + count * image::kSectionEntrySize;
  if (table_end > b.size())
    return false;
  for (uint64_t i = 0; i < count; ++i) {
    size_t at = size_t(image::kHeaderSize + i * image::kSectionEntrySize);
    uint64_t offset = readLe(b, at + 8, 8), size = readLe(b, at + 16, 8);
    if (offset <= b.size() && size <= b.size() - offset)
      writeLe(b, at + 24, crc32(b.data() + offset, size_t(size)), 4);
  }
  uint32_t crc = crc32(b.data(), 24);
  crc = crc32(b.data() + image::kHeaderSize, size_t(table_end - image::kHeaderSize), crc);
  writeLe(b, 24, crc, 4);
  return true;
}

void readOne(const std::vector<uint8_t> &bytes, const std::string &source) {
  try {
    image::inspectImage(bytes, source);
  } catch (const Error &e) {
    checkMessage(e.what(), {source});
  }
  try {
    checkAccepted(image::readImage(bytes, source), source);
  } catch (const Error &e) {
    checkMessage(e.what(), {source});
  }
  try {
    checkPosterior(image::readPosteriorImage(bytes, source), source);
  } catch (const Error &e) {
    checkMessage(e.what(), {source});
  }
}

} // namespace

void fuzzImage(const uint8_t *data, size_t size) {
  const std::string source = "fuzz.bnn";
  std::vector<uint8_t> bytes(data, data + size);
  readOne(bytes, source);
  if (repairChecksums(bytes))
    readOne(bytes, source);
}

} // namespace bnnc::fuzz
