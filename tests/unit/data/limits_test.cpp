// The memory limits of the data loaders (docs/limits.md): every one is checked before the memory
// is allocated, with an error naming the file and the place.
#include "bnnc/data/dataset.h"
#include "bnnc/data/formats.h"
#include "bnnc/support/error.h"
#include "unit/data/files_util.h"

#include <filesystem>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bnnc::data {
namespace {

using test::Bytes;
using test::errorOf;

TEST(DataLimits, FileSizeIsCheckedBeforeReading) {
  // A sparse file one byte over the limit: nothing of it is read.
  std::string path = test::tempPath("huge-idx3-ubyte");
  test::writeBytes(path, {});
  std::filesystem::resize_file(path, kMaxDataBytes + 1);
  EXPECT_EQ(errorOf([&] { loadData(path); }),
            path + ": error: the file is 4294967297 bytes, more than the limit of 4294967296 for "
                   "a data file (bnnc holds data sets in memory)");
  std::filesystem::remove(path);
}

TEST(DataLimits, GzipOutputIsBounded) {
  // 3 MiB of zeros compress to a few kB; with a 1 MiB limit the second chunk stops it.
  Bytes gz = test::gzipBytes(Bytes(3 << 20, 0));
  std::string message = errorOf([&] { gunzip(gz, "z.gz", 1 << 20); });
  EXPECT_THAT(message, testing::StartsWith("z.gz: offset 0x"));
  EXPECT_THAT(message, testing::EndsWith(": error: the data decompresses to more than 1048576 "
                                         "bytes, the limit for a data file (bnnc holds data sets "
                                         "in memory)"));
  EXPECT_EQ(gunzip(gz, "z.gz", 3 << 20).size(), size_t(3 << 20)); // exactly at the limit
}

TEST(DataLimits, ValueCountIsCheckedBeforeConverting) {
  Source src{"x-idx1-ubyte", test::idxBytes(0x08, {2, 3}, Bytes(6, 1)), false};
  RawArray array = parseIdx(src);
  EXPECT_NO_THROW(checkDataSize(src, 4, array, 6));
  EXPECT_EQ(errorOf([&] { checkDataSize(src, 4, array, 5); }),
            "x-idx1-ubyte: offset 0x04: error: shape [2,3] holds 6 values, more than the limit "
            "of 5 (bnnc holds data sets in memory)");
  // A header that lies about the size is named as such first.
  Source lie{"y-idx1-ubyte", test::idxBytes(0x08, {200, 300}, Bytes(6, 1)), false};
  EXPECT_EQ(errorOf([&] { parseIdx(lie); }),
            "y-idx1-ubyte: offset 0x04: error: shape [200,300] of uint8 needs 60000 bytes of "
            "data, the file has 6");
  EXPECT_EQ(kMaxDataValues, int64_t(1) << 30);
}

// Found by fuzzing: an empty array whose other dimensions multiply beyond int64 (the 0 comes
// last) overflowed when the sample size was computed.
TEST(DataLimits, EmptyArrayWithHugeDimensions) {
  std::string path = test::tempPath("empty-idx3-ubyte");
  test::writeBytes(path, test::idxBytes(0x08, {2, 0xffffffffu, 0xffffffffu, 0}, {}));
  Dataset d = loadData(path);
  EXPECT_EQ(d.count, 2);
  EXPECT_EQ(d.sample_shape, (ir::Shape{0xffffffff, 0xffffffff, 0}));
  EXPECT_TRUE(d.values.empty());
  Source src{"e-idx3-ubyte", test::idxBytes(0x08, {2, 0xffffffffu, 0xffffffffu, 0}, {}), false};
  EXPECT_EQ(parseIdx(src).sampleSize(), 0);
}

TEST(DataLimits, CsvValueCount) {
  std::string text = "1,2\n3,4\n5,6\n";
  Source src{"x.csv", Bytes(text.begin(), text.end()), false};
  EXPECT_EQ(parseCsv(src, 6).csv_values.size(), 6u);
  EXPECT_EQ(errorOf([&] { parseCsv(src, 5); }),
            "x.csv: line 3: error: the file holds more than 5 values, the limit for a data file "
            "(bnnc holds data sets in memory)");
}

} // namespace
} // namespace bnnc::data
