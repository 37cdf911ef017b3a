// IDX files as MNIST ships them (big-endian dimensions, every element type), plain and gzipped.
#include "bnnc/data/dataset.h"
#include "bnnc/support/error.h"
#include "unit/data/files_util.h"

#include <gtest/gtest.h>

namespace bnnc::data {
namespace {

using test::Bytes;
using test::errorOf;

TEST(Idx, ReadsMnistImagesAndLabels) {
  // Magic 0x00000803: uint8, 3 dimensions (2 images of 2 x 3 pixels).
  Bytes images = test::idxBytes(0x08, {2, 2, 3}, {0, 1, 2, 253, 254, 255, 9, 8, 7, 6, 5, 4});
  Dataset d = loadData(test::writeTemp("train-images-idx3-ubyte", images));
  EXPECT_EQ(d.count, 2);
  EXPECT_EQ(d.sample_shape, (ir::Shape{2, 3}));
  EXPECT_EQ(d.values, (std::vector<float>{0, 1, 2, 253, 254, 255, 9, 8, 7, 6, 5, 4}));
  // Magic 0x00000801: uint8 labels, 1 dimension.
  Bytes labels = test::idxBytes(0x08, {3}, {7, 0, 9});
  EXPECT_EQ(loadLabels(test::writeTemp("train-labels-idx1-ubyte", labels)),
            (std::vector<int64_t>{7, 0, 9}));
}

TEST(Idx, ReadsEveryElementTypeBigEndian) {
  struct Case {
    uint8_t type;
    Bytes data;
    std::vector<float> expected;
  };
  std::vector<Case> cases = {
      {0x09, {0x80, 0x7f}, {-128, 127}},
      {0x0B, test::beInt({-300, 1000}, 2), {-300, 1000}},
      {0x0C, test::beInt({-70000, 123456}, 4), {-70000, 123456}},
      {0x0D, test::beF32({0.25f, -1.5f}), {0.25f, -1.5f}},
      {0x0E, test::beInt({0x3FF8000000000000, int64_t(0xC004000000000000)}, 8), {1.5f, -2.5f}},
  };
  for (const Case &c : cases)
    EXPECT_EQ(loadData(test::writeTemp("t.idx", test::idxBytes(c.type, {2}, c.data))).values,
              c.expected)
        << int(c.type);
}

TEST(Idx, GunzipsByContentNotByName) {
  Bytes images = test::idxBytes(0x08, {1, 2, 2}, {10, 20, 30, 40});
  std::vector<float> expected = {10, 20, 30, 40};
  EXPECT_EQ(loadData(test::writeTemp("t10k-images-idx3-ubyte.gz", test::gzipBytes(images))).values,
            expected);
  // Gzipped content under a plain name, and plain content under a .gz name.
  EXPECT_EQ(loadData(test::writeTemp("images-idx3-ubyte", test::gzipBytes(images))).values,
            expected);
  EXPECT_EQ(loadData(test::writeTemp("plain-idx3-ubyte.gz", images)).values, expected);
  // Two concatenated gzip members read as one stream.
  Bytes part1 = test::gzipBytes(Bytes(images.begin(), images.begin() + 9));
  Bytes part2 = test::gzipBytes(Bytes(images.begin() + 9, images.end()));
  part1.insert(part1.end(), part2.begin(), part2.end());
  EXPECT_EQ(loadData(test::writeTemp("two-idx3-ubyte.gz", part1)).values, expected);
}

TEST(Idx, RejectsBadHeaders) {
  std::string path = test::writeTemp("bad-idx", test::idxBytes(0x07, {1}, {0}));
  EXPECT_EQ(errorOf([&] { loadData(path); }),
            path + ": offset 0x00: error: bad idx magic 0x00000701 (expected 00 00, a type 08 09 "
                   "0b 0c 0d 0e and a dimension count > 0)");
  path = test::writeTemp("cut-idx", Bytes{0, 0, 8, 3, 0, 0, 0, 2});
  EXPECT_EQ(errorOf([&] { loadData(path); }),
            path + ": offset 0x08: error: idx header ends early: 3 dimensions need 16 bytes");
  path = test::writeTemp("short-idx", test::idxBytes(0x08, {60000, 28, 28}, Bytes(100)));
  EXPECT_EQ(errorOf([&] { loadData(path); }),
            path + ": offset 0x04: error: shape [60000,28,28] of uint8 needs 47040000 bytes of "
                   "data, the file has 100");
  // 2^96 claimed elements: refused before any multiplication overflows or memory is taken.
  path = test::writeTemp("huge-idx",
                         test::idxBytes(0x08, {0xffffffff, 0xffffffff, 0xffffffff}, Bytes(8)));
  EXPECT_EQ(errorOf([&] { loadData(path); }),
            path + ": offset 0x04: error: shape [4294967295,4294967295,4294967295] of uint8 needs "
                   "more than 2^63 bytes of data, the file has 8");
  // Offsets in a gzipped file count decompressed bytes.
  path = test::writeTemp("bad-idx.gz", test::gzipBytes(test::idxBytes(0x08, {2}, {1})));
  EXPECT_EQ(errorOf([&] { loadData(path); }),
            path + ": offset 0x04 (uncompressed): error: shape [2] of uint8 needs 2 bytes of data, "
                   "the file has 1");
}

TEST(Idx, RejectsBrokenGzip) {
  Bytes gz = test::gzipBytes(test::idxBytes(0x08, {64}, Bytes(64, 3)));
  Bytes cut(gz.begin(), gz.begin() + 15);
  std::string path = test::writeTemp("cut-idx1-ubyte.gz", cut);
  EXPECT_EQ(errorOf([&] { loadData(path); }),
            path + ": offset 0x0f: error: gzip data ends early (truncated file)");
  // A 10-byte gzip header, then a deflate block header with BFINAL = 1, BTYPE = 11 (reserved).
  path =
      test::writeTemp("bad-idx1-ubyte.gz", Bytes{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x07, 0, 0});
  EXPECT_EQ(errorOf([&] { loadData(path); }),
            path + ": offset 0x0b: error: corrupt gzip data (invalid block type)");
  Bytes trailing = gz;
  trailing.push_back('x');
  trailing.push_back('y');
  path = test::writeTemp("trail-idx1-ubyte.gz", trailing);
  EXPECT_EQ(
      errorOf([&] { loadData(path); }), path + ": offset 0x" + [&] {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%02zx", gz.size());
        return std::string(buf);
      }() + ": error: unexpected data after the end of the gzip stream");
}

TEST(Idx, LabelsMustBeOneColumn) {
  std::string path = test::writeTemp("lab-idx2-ubyte", test::idxBytes(0x08, {2, 2}, {1, 2, 3, 4}));
  EXPECT_EQ(errorOf([&] { loadLabels(path); }),
            path + ": offset 0x00: error: labels must have shape [n] or [n,1], got [2,2]");
  path = test::writeTemp("lab-idx2b-ubyte", test::idxBytes(0x08, {3, 1}, {4, 5, 6}));
  EXPECT_EQ(loadLabels(path), (std::vector<int64_t>{4, 5, 6}));
  // Signed labels must not be negative; the offset is the element's.
  path = test::writeTemp("neg-idx1-ubyte", test::idxBytes(0x09, {3}, {1, 0xff, 2}));
  EXPECT_EQ(errorOf([&] { loadLabels(path); }),
            path + ": offset 0x09: error: label of sample 1 is -1, labels must be non-negative "
                   "integers");
}

} // namespace
} // namespace bnnc::data
