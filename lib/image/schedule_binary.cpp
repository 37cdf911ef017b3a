// The binary schedule: writer and validating reader (format in docs/programming.md, "Binary
// format"). All numbers little-endian.
#include "bnnc/image/schedule.h"
#include "bnnc/support/crc32.h"
#include "bytes.h"

#include <cmath>
#include <cstring>
#include <ostream>

namespace bnnc::image {

namespace {

// Header: magic 8, major 2, minor 2, condition (name as u32 length + UTF-8, eight f64), totals
// (pulses, sets, resets as u64, energy_nj, time_us as f64), tile count u32.
std::vector<uint8_t> header(const mapping::Mapping &m, const Condition &c) {
  ByteWriter w;
  for (char ch : kScheduleMagic)
    w.u8(uint8_t(ch));
  w.u16(kScheduleMajor);
  w.u16(kScheduleMinor);
  w.str(c.name);
  for (double v : {c.set_compliance_ua, c.set_voltage_v, c.reset_voltage_v, c.pulse_ns,
                   c.set_energy_pj, c.reset_energy_pj, c.ber_bound, c.endurance_cycles})
    w.f64(v);
  ScheduleTotals t = scheduleTotals(m, c);
  for (int64_t v : {t.pulses, t.sets, t.resets})
    w.u64(uint64_t(v));
  w.f64(t.energy_nj);
  w.f64(t.time_us);
  w.u32(uint32_t(m.tiles.size()));
  return w.take();
}

// Writes bytes and folds them into the running CRC.
void put(std::ostream &out, const std::vector<uint8_t> &bytes, uint32_t &crc) {
  out.write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
  crc = crc32(bytes.data(), bytes.size(), crc);
}

// Row r of a tile as ceil(cols / 8) bytes: cell c is bit c % 8 of byte c / 8.
std::vector<uint8_t> rowBytes(const mapping::Mapping &m, const mapping::Tile &t, int64_t r) {
  std::vector<uint8_t> row(size_t((t.cols + 7) / 8), 0);
  for (int64_t c = 0; c < t.cols; ++c)
    row[size_t(c / 8)] |= uint8_t(m.cell(t, r, c)) << (c % 8);
  return row;
}

} // namespace

void streamScheduleBinary(std::ostream &out, const mapping::Mapping &mapping, const Condition &c) {
  uint32_t crc = 0;
  put(out, header(mapping, c), crc);
  for (const mapping::Tile &t : mapping.tiles) {
    ByteWriter shape;
    shape.u32(uint32_t(t.rows));
    shape.u32(uint32_t(t.cols));
    put(out, shape.take(), crc);
    for (int64_t r = 0; r < t.rows; ++r)
      put(out, rowBytes(mapping, t, r), crc);
  }
  ByteWriter trailer; // CRC-32 of every byte before it
  trailer.u32(crc);
  out.write(reinterpret_cast<const char *>(trailer.bytes().data()), 4);
}

namespace {

Condition readCondition(SectionReader &r) {
  Condition c;
  c.name = r.str("the condition's name");
  for (double *v : {&c.set_compliance_ua, &c.set_voltage_v, &c.reset_voltage_v, &c.pulse_ns,
                    &c.set_energy_pj, &c.reset_energy_pj, &c.ber_bound, &c.endurance_cycles}) {
    uint64_t at = r.offset();
    *v = r.f64("a condition value");
    if (!std::isfinite(*v))
      r.fail(at, "condition values must be finite");
  }
  return c;
}

ScheduleTotals readTotals(SectionReader &r) {
  ScheduleTotals t;
  for (int64_t *v : {&t.pulses, &t.sets, &t.resets})
    *v = int64_t(r.u64("the totals"));
  t.energy_nj = r.f64("the totals");
  t.time_us = r.f64("the totals");
  return t;
}

// One tile's cells, expanded: per cell the RESET of the device that goes to HRS (BLb for +1),
// then the SET of its partner (docs/programming.md, "Order").
void readTile(SectionReader &r, uint32_t index, std::vector<DeviceOp> &ops) {
  uint64_t at = r.offset();
  uint32_t rows = r.u32("the tile's rows"), cols = r.u32("the tile's columns");
  if (rows > 4096 || cols > 4096)
    r.fail(at, "tile " + std::to_string(index) + " has " + std::to_string(rows) + " x " +
                   std::to_string(cols) + " cells, more than 4096 x 4096");
  uint64_t row_bytes = (cols + 7) / 8;
  if (r.remaining() < uint64_t(rows) * row_bytes)
    r.fail(r.offset(), "the file ends inside tile " + std::to_string(index));
  for (uint32_t row = 0; row < rows; ++row) {
    uint64_t row_at = r.offset();
    std::vector<uint8_t> bits(row_bytes);
    for (uint8_t &b : bits)
      b = r.u8("a tile row");
    if (cols % 8 && (bits.back() >> (cols % 8)))
      r.fail(row_at + row_bytes - 1, "bits past the used columns must be 0");
    for (uint32_t c = 0; c < cols; ++c) {
      uint8_t to_hrs = (bits[c / 8] >> (c % 8)) & 1; // +1: BLb (1) is RESET first
      ops.push_back({index, row, c, to_hrs, false});
      ops.push_back({index, row, c, uint8_t(1 - to_hrs), true});
    }
  }
}

} // namespace

ScheduleFile readScheduleBinary(const std::vector<uint8_t> &bytes, const std::string &source) {
  if (bytes.size() < 16 || std::memcmp(bytes.data(), kScheduleMagic, 8) != 0)
    failAt(source, 0, "header", "not a bnnc binary schedule (missing the BNNCSCH magic)");
  uint32_t stored = 0;
  for (int i = 0; i < 4; ++i)
    stored |= uint32_t(bytes[bytes.size() - 4 + size_t(i)]) << (8 * i);
  if (stored != crc32(bytes.data(), bytes.size() - 4))
    failAt(source, bytes.size() - 4, "trailer", "CRC-32 mismatch: the file is damaged");
  uint16_t major = uint16_t(bytes[8] | bytes[9] << 8), minor = uint16_t(bytes[10] | bytes[11] << 8);
  if (major != kScheduleMajor)
    failAt(source, 8, "header",
           "unsupported schedule version " + std::to_string(major) + "." + std::to_string(minor) +
               " (this bnnc reads " + std::to_string(kScheduleMajor) + ".x)");
  // Minor versions only append: a newer one may hold bytes this reader skips.
  SectionReader r(bytes, source, "HEAD", 12, bytes.size() - 4, minor > kScheduleMinor);
  ScheduleFile file;
  file.condition = readCondition(r);
  uint64_t totals_at = r.offset();
  file.totals = readTotals(r);
  uint32_t tiles = r.u32("the tile count");
  for (uint32_t t = 0; t < tiles; ++t)
    readTile(r, t, file.ops);
  r.finish();
  ScheduleTotals want = scheduleTotals(file.ops, file.condition);
  if (want.pulses != file.totals.pulses || want.sets != file.totals.sets ||
      want.resets != file.totals.resets || want.energy_nj != file.totals.energy_nj ||
      want.time_us != file.totals.time_us)
    r.fail(totals_at,
           "the totals do not match the cells (" + std::to_string(want.pulses) + " pulses)");
  return file;
}

} // namespace bnnc::image
