// Hostile chip images through `bnnc run` and `bnnc inspect`: truncated, a flipped bit in each
// part of the file, another format version, a section out of bounds. The CRC names the section.
#include "malformed/malformed_util.h"

#include "bnnc/image/image.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

std::string hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

// A data file of one sample for the small model (4 values).
std::string writeData(const TempDir &tmp) {
  std::string path = tmp.path("x.npy");
  saveBytes(path, npyBytes("<f4", {1, 4}, f32Bytes({0.5f, -1, 2, -3})));
  return path;
}

// `bnnc run` on the image fails with `message` and writes neither of its outputs; `bnnc
// inspect` fails with the same message: on stderr when the header or the section table is
// broken (there is nothing to list), else on stdout after the list of sections.
void expectImageError(const TempDir &tmp, const std::string &image, const std::string &message) {
  std::string data = writeData(tmp), out = tmp.path("o.npy"), json = tmp.path("r.json");
  expectFailure({"run", image, "--data", data, "--outputs", out, "--json", json}, 1, message,
                {out, json});
  CliResult r = runBnnc({"inspect", image});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.err == message + "\n" ||
              (r.err.empty() && r.out.find(message + "\n") != std::string::npos))
      << r.out << r.err;
}

TEST(MalformedImage, Truncated) {
  TempDir tmp;
  std::string image = writeSmallImage(tmp), bytes = loadBytes(image);
  std::string cut = tmp.path("cut.bnn");
  saveBytes(cut, bytes.substr(0, bytes.size() - 100));
  expectImageError(tmp, cut,
                   cut + ": offset 0x10 (header): error: the header gives a file size of " +
                       std::to_string(bytes.size()) + " bytes, the file has " +
                       std::to_string(bytes.size() - 100));
  saveBytes(cut, bytes.substr(0, 20));
  expectImageError(tmp, cut,
                   cut + ": offset 0x0 (header): error: the file is 20 bytes, shorter than the "
                         "28-byte header");
  saveBytes(cut, "");
  expectImageError(tmp, cut,
                   cut + ": offset 0x0 (header): error: the file is 0 bytes, shorter than the "
                         "28-byte header");
}

TEST(MalformedImage, FlippedBitInEachSection) {
  TempDir tmp;
  std::string image = writeSmallImage(tmp), bytes = loadBytes(image);
  std::string bad = tmp.path("bad.bnn");
  for (const char *tag : image::kSectionTags) {
    SCOPED_TRACE(tag);
    SectionSpan s = sectionOf(bytes, tag);
    std::string flipped = bytes;
    flipped[s.offset + s.size / 2] ^= 0x04; // one bit in the middle of the section
    saveBytes(bad, flipped);
    CliResult r = runBnnc({"inspect", bad});
    // The message pins the offset and the section; the CRCs are those of the two byte strings.
    std::string prefix = bad + ": offset " + hex(s.offset) + " (section " + tag +
                         "): error: CRC mismatch (stored 0x";
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find(prefix), std::string::npos) << r.out;
    r = runBnnc({"run", bad, "--data", writeData(tmp)});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err.rfind(prefix, 0), 0u) << r.err;
  }
}

TEST(MalformedImage, FlippedBitInHeaderAndTable) {
  TempDir tmp;
  std::string image = writeSmallImage(tmp), bytes = loadBytes(image);
  std::string bad = tmp.path("bad.bnn");
  std::string flipped = bytes;
  flipped[0] ^= 0x01; // the magic
  saveBytes(bad, flipped);
  expectImageError(tmp, bad,
                   bad + ": offset 0x0 (header): error: not a bnnc chip image (bad magic 43 4e 4e "
                         "43 49 4d 47 00)");
  flipped = bytes;
  flipped[13] ^= 0x80; // the section count: the table would end far past the file
  saveBytes(bad, flipped);
  expectImageError(tmp, bad,
                   bad +
                       ": offset 0xc (header): error: the section table (32774 entries) ends "
                       "at 0xe00c4, past the end of the file (" +
                       hex(bytes.size()) + ")");
  flipped = bytes;
  SectionSpan layr = sectionOf(bytes, "LAYR");
  flipped[layr.entry + 1] ^= 0x01; // the tag LAYR becomes LBYR: the header CRC catches it
  saveBytes(bad, flipped);
  CliResult r = runBnnc({"run", bad, "--data", writeData(tmp)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind(bad + ": offset 0x18 (header): error: header CRC mismatch (stored 0x", 0),
            0u)
      << r.err;
}

TEST(MalformedImage, OtherFormatVersions) {
  TempDir tmp;
  std::string image = writeSmallImage(tmp), bytes = loadBytes(image);
  std::string other = tmp.path("other.bnn");
  std::string newer = bytes;
  patchHeaderField(newer, 8, 2, 2); // major 2
  saveBytes(other, newer);
  expectImageError(tmp, other,
                   other + ": offset 0x8 (header): error: image format version 2.2 is newer than "
                           "this bnnc supports (1.2)");
  std::string older = bytes;
  patchHeaderField(older, 8, 0, 2); // major 0
  patchHeaderField(older, 10, 9, 2);
  saveBytes(other, older);
  expectImageError(tmp, other,
                   other + ": offset 0x8 (header): error: image format version 0.9 is older than "
                           "this bnnc supports (1.2)");
  // A newer minor version is read (minor versions only append).
  std::string minor = bytes;
  patchHeaderField(minor, 10, 7, 2);
  saveBytes(other, minor);
  CliResult r = runBnnc({"inspect", other});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(MalformedImage, SectionsOutOfBounds) {
  TempDir tmp;
  std::string image = writeSmallImage(tmp), bytes = loadBytes(image);
  std::string bad = tmp.path("bounds.bnn");
  SectionSpan tile = sectionOf(bytes, "TILE");
  std::string big = bytes;
  patchHeaderField(big, tile.entry + 16, tile.size + 64, 8); // size runs past the end
  saveBytes(bad, big);
  expectImageError(tmp, bad,
                   bad + ": offset " + hex(tile.entry + 16) +
                       " (section table entry 5 (TILE)): "
                       "error: the section (offset " +
                       hex(tile.offset) + ", size " + hex(tile.size + 64) +
                       ") runs past the end of the file (" + hex(bytes.size()) + ")");
  std::string far = bytes;
  patchHeaderField(far, tile.entry + 8, uint64_t(1) << 62, 8); // offset far beyond the file
  saveBytes(bad, far);
  expectImageError(tmp, bad,
                   bad + ": offset " + hex(tile.entry + 16) +
                       " (section table entry 5 (TILE)): "
                       "error: the section (offset 0x4000000000000000, size " +
                       hex(tile.size) + ") runs past the end of the file (" + hex(bytes.size()) +
                       ")");
  std::string wrap = bytes;
  patchHeaderField(wrap, tile.entry + 16, ~uint64_t(0) - 63, 8); // offset + size wraps around
  saveBytes(bad, wrap);
  expectImageError(tmp, bad,
                   bad + ": offset " + hex(tile.entry + 16) +
                       " (section table entry 5 (TILE)): "
                       "error: the section (offset " +
                       hex(tile.offset) +
                       ", size 0xffffffffffffffc0) runs past the end of the file (" +
                       hex(bytes.size()) + ")");
  SectionSpan meta = sectionOf(bytes, "META");
  std::string overlap = bytes;
  patchHeaderField(overlap, tile.entry + 8, meta.offset, 8); // TILE on top of META
  saveBytes(bad, overlap);
  expectImageError(tmp, bad,
                   bad + ": offset " + hex(meta.offset) +
                       " (section TILE): error: the section "
                       "overlaps the section META (which ends at " +
                       hex(meta.offset + meta.size) + ")");
}

TEST(MalformedImage, NotAnImageAtAll) {
  TempDir tmp;
  std::string model = writeSmallModel(tmp, "model.bnn"); // an ONNX model under an image name
  expectImageError(tmp, model,
                   model + ": offset 0x0 (header): error: not a bnnc chip image (bad magic 08 08 "
                           "12 09 62 6e 6e 63)");
}

} // namespace
} // namespace bnnc::test
