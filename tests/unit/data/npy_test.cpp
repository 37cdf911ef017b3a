// .npy reading (versions 1.0-3.0, every supported dtype, header errors) and writeNpyF32.
#include "bnnc/data/dataset.h"
#include "bnnc/support/error.h"
#include "unit/data/files_util.h"

#include <gtest/gtest.h>

#include <cmath>

#include <bit>
#include <cfloat>
#include <sstream>

namespace bnnc::data {
namespace {

using test::Bytes;

std::string errorOf(const std::string &path) {
  return test::errorOf([&] { loadData(path); });
}

TEST(Npy, ReadsFloat32Version1) {
  std::string path = test::writeTemp(
      "f4.npy", test::npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                               test::leF32({1, -2.5f, 0, 3, 1e-3f, -7})));
  Dataset d = loadData(path);
  EXPECT_EQ(d.count, 2);
  EXPECT_EQ(d.sample_shape, (ir::Shape{3}));
  EXPECT_EQ(d.values, (std::vector<float>{1, -2.5f, 0, 3, 1e-3f, -7}));
}

TEST(Npy, ReadsVersions2And3AndPython2Headers) {
  // Version 2.0 and 3.0 store a 4-byte header length; keys may come in any order, strings in
  // double quotes, and Python 2 wrote long integers as 3L.
  for (int major : {2, 3}) {
    std::string path = test::writeTemp(
        major == 2 ? "v2.npy" : "v3.npy",
        test::npyBytes("{\"shape\": (3L,), \"fortran_order\": False, \"descr\": \"<f8\"}",
                       test::leF64({0.5, -1, 2}), major));
    Dataset d = loadData(path);
    EXPECT_EQ(d.count, 3) << major;
    EXPECT_EQ(d.sample_shape, ir::Shape{}) << major;
    EXPECT_EQ(d.values, (std::vector<float>{0.5f, -1, 2})) << major;
  }
}

TEST(Npy, ReadsEveryIntegerDtype) {
  struct Case {
    std::string descr;
    int size;
    std::vector<int64_t> stored;
    std::vector<float> expected;
  };
  std::vector<Case> cases = {
      {"|u1", 1, {0, 255, 7, 128}, {0, 255, 7, 128}},
      {"|i1", 1, {-128, 127, -1, 0}, {-128, 127, -1, 0}},
      {"|b1", 1, {0, 1, 1, 0}, {0, 1, 1, 0}},
      {"<u2", 2, {0, 65535, 256, 1}, {0, 65535, 256, 1}},
      {"<i2", 2, {-32768, 32767, -2, 3}, {-32768, 32767, -2, 3}},
      {"<u4", 4, {0, 4294967295, 65536, 9}, {0, 4294967296.0f, 65536, 9}},
      {"<i4", 4, {-2147483648, 2147483647, -5, 6}, {-2147483648.0f, 2147483648.0f, -5, 6}},
      {"<u8", 8, {0, 1, 2, 1 << 20}, {0, 1, 2, 1 << 20}},
      {"<i8", 8, {-(int64_t(1) << 40), 1, -3, 4}, {-1099511627776.0f, 1, -3, 4}},
  };
  for (const Case &c : cases) {
    std::string path = test::writeTemp(
        "int.npy",
        test::npyBytes("{'descr': '" + c.descr + "', 'fortran_order': False, 'shape': (2, 2), }",
                       test::leInt(c.stored, c.size)));
    EXPECT_EQ(loadData(path).values, c.expected) << c.descr;
  }
}

TEST(Npy, RejectsBigEndianAndUnknownDtypes) {
  // The v1 header starts at byte 10; "{'descr': " is 10 characters, so '>f4' starts at 0x14.
  std::string path =
      test::writeTemp("be.npy", test::npyBytes("{'descr': '>f4', 'fortran_order': False, "
                                               "'shape': (1,), }",
                                               test::beF32({1})));
  EXPECT_EQ(errorOf(path), path + ": offset 0x14: error: unsupported dtype '>f4' (big-endian)");
  path = test::writeTemp(
      "c8.npy",
      test::npyBytes("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", Bytes(8)));
  EXPECT_EQ(errorOf(path), path + ": offset 0x14: error: unsupported dtype '<c8' (supported: <f4 "
                                  "<f8 |u1 |i1 |b1 <u2 <i2 <u4 <i4 <u8 <i8)");
}

TEST(Npy, RejectsFortranOrder) {
  // "{'descr': '<f4', " (17) + "'fortran_order': " (17) puts True at header byte 34 = 0x2c.
  std::string path =
      test::writeTemp("f.npy", test::npyBytes("{'descr': '<f4', 'fortran_order': True, "
                                              "'shape': (2, 2), }",
                                              test::leF32({1, 2, 3, 4})));
  EXPECT_EQ(errorOf(path),
            path + ": offset 0x2c: error: fortran_order True is not supported (C order only)");
}

TEST(Npy, RejectsSizesThatDisagreeWithTheFile) {
  // "...'shape': " ends at header byte 50, so the shape's '(' is at 10 + 50 = 0x3c.
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  std::string path =
      test::writeTemp("short.npy", test::npyBytes(dict, test::leF32({1, 2, 3, 4, 5})));
  EXPECT_EQ(errorOf(path), path + ": offset 0x3c: error: shape [2,3] of float32 needs 24 bytes "
                                  "of data, the file has 20");
  path = test::writeTemp("long.npy", test::npyBytes(dict, test::leF32({1, 2, 3, 4, 5, 6, 7})));
  EXPECT_EQ(errorOf(path), path + ": offset 0x3c: error: shape [2,3] of float32 needs 24 bytes "
                                  "of data, the file has 28");
  // A product that overflows 64 bits is refused before any allocation.
  path = test::writeTemp(
      "huge.npy", test::npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, "
                                 "4294967296), }",
                                 Bytes(4)));
  EXPECT_EQ(errorOf(path), path + ": offset 0x3c: error: shape [4294967296,4294967296] of float32 "
                                  "needs more than 2^63 bytes of data, the file has 4");
}

TEST(Npy, RejectsBrokenHeaders) {
  std::string path = test::writeTemp("magic.npy", Bytes{'N', 'U', 'M', 'P', 'Y', 0, 1, 0, 0, 0});
  EXPECT_EQ(errorOf(path),
            path + ": offset 0x00: error: not an npy file (missing the \\x93NUMPY magic)");
  Bytes v4 = test::npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }",
                            test::leF32({1}), 2);
  v4[6] = 4;
  path = test::writeTemp("v4.npy", v4);
  EXPECT_EQ(errorOf(path), path + ": offset 0x06: error: unsupported npy format version 4.0 "
                                  "(supported: 1.0, 2.0, 3.0)");
  // A version 2 header length of 0xffffffff: refused against the 4 bytes present.
  path = test::writeTemp("len.npy", Bytes{0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0xff, 0xff, 0xff,
                                          0xff, ' ', ' ', ' ', '\n'});
  EXPECT_EQ(errorOf(path), path + ": offset 0x08: error: npy header length 4294967295 exceeds the "
                                  "file (4 bytes left)");
  path =
      test::writeTemp("key.npy", test::npyBytes("{'descr': '<f4', 'order': False, 'shape': (1,), }",
                                                test::leF32({1})));
  EXPECT_EQ(errorOf(path), path + ": offset 0x1b: error: unexpected key 'order' in npy header");
  path = test::writeTemp(
      "miss.npy", test::npyBytes("{'descr': '<f4', 'fortran_order': False}", test::leF32({1})));
  EXPECT_EQ(errorOf(path), path + ": offset 0x0a: error: npy header lacks the key 'shape'");
  path = test::writeTemp("syntax.npy", test::npyBytes("{'descr': '<f4', 'fortran_order': False, "
                                                      "'shape': (1; 2), }",
                                                      test::leF32({1, 2})));
  EXPECT_EQ(errorOf(path), path + ": offset 0x3e: error: malformed npy header: expected ')'");
}

TEST(Npy, RejectsScalarsAndEmptyArrays) {
  std::string path =
      test::writeTemp("scalar.npy", test::npyBytes("{'descr': '<f4', 'fortran_order': "
                                                   "False, 'shape': (), }",
                                                   test::leF32({1})));
  EXPECT_EQ(errorOf(path),
            path + ": error: the array is a scalar, expected a batch dimension first");
  path = test::writeTemp("empty.npy", test::npyBytes("{'descr': '<f4', 'fortran_order': False, "
                                                     "'shape': (0, 4), }",
                                                     Bytes{}));
  EXPECT_EQ(errorOf(path), path + ": error: the file holds no samples");
}

TEST(Npy, RejectsNonFiniteValuesNamingTheSample) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  // The 59-character dict makes a 128-byte header (10 + 59 + '\n', padded to a multiple of 64).
  // Sample 1, element 1 is flat element 4: byte 128 + 4 * 4 = 144 = 0x90.
  std::string path =
      test::writeTemp("nan.npy", test::npyBytes(dict, test::leF32({0, 1, 2, 3, NAN, 5})));
  EXPECT_EQ(errorOf(path), path + ": offset 0x90: error: sample 1, element 1 is nan, sample "
                                  "values must be finite");
  path = test::writeTemp("inf.npy", test::npyBytes(dict, test::leF32({-INFINITY, 1, 2, 3, 4, 5})));
  EXPECT_EQ(errorOf(path), path + ": offset 0x80: error: sample 0, element 0 is -inf, sample "
                                  "values must be finite");
  path = test::writeTemp("big.npy", test::npyBytes("{'descr': '<f8', 'fortran_order': False, "
                                                   "'shape': (2,), }",
                                                   test::leF64({1, 1e300})));
  EXPECT_EQ(errorOf(path), path + ": offset 0x88: error: sample 1, element 0 is 1e+300, beyond "
                                  "the float32 range");
}

TEST(Npy, WriteNpyF32RoundTrips) {
  std::vector<float> values = {0.0f, -0.0f, 1.5f, -3.25e-7f, FLT_MAX, FLT_TRUE_MIN};
  std::ostringstream out;
  writeNpyF32(out, values, 3, 2);
  std::string bytes = out.str();
  // A version 1.0 header: 10 bytes, the 59-character dict, spaces and '\n' up to byte 128, so
  // the header length field holds 118 = 0x76.
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }";
  ASSERT_EQ(bytes.size(), 128u + 24u);
  EXPECT_EQ(bytes.substr(0, 10), std::string("\x93NUMPY\x01\x00\x76\x00", 10));
  EXPECT_EQ(bytes.substr(10, 118), dict + std::string(118 - 59 - 1, ' ') + "\n");
  std::string path = test::writeTemp("round.npy", Bytes(bytes.begin(), bytes.end()));
  Dataset d = loadData(path);
  EXPECT_EQ(d.count, 3);
  EXPECT_EQ(d.sample_shape, ir::Shape{2});
  ASSERT_EQ(d.values.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i)
    EXPECT_EQ(std::bit_cast<uint32_t>(d.values[i]), std::bit_cast<uint32_t>(values[i])) << i;
}

} // namespace
} // namespace bnnc::data
