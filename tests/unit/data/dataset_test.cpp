// Format selection by name, labels from .npy, and checkSampleShape.
#include "bnnc/data/dataset.h"
#include "bnnc/support/error.h"
#include "unit/data/files_util.h"

#include <gtest/gtest.h>

#include <cmath>

namespace bnnc::data {
namespace {

using test::Bytes;
using test::errorOf;

TEST(Dataset, ChoosesTheFormatFromTheName) {
  Bytes csv = {'1', ',', '2', '\n'};
  EXPECT_EQ(loadData(test::writeTemp("UPPER.CSV", csv)).values, (std::vector<float>{1, 2}));
  EXPECT_EQ(loadData(test::writeTemp("packed.csv.gz", test::gzipBytes(csv))).values,
            (std::vector<float>{1, 2}));
  std::string path = test::writeTemp("data.bin", csv);
  EXPECT_EQ(errorOf([&] { loadData(path); }),
            path + ": error: cannot tell the data format from the file name (expected .npy, "
                   ".csv, or an IDX file with 'idx' or '-ubyte' in its name, each optionally .gz)");
  path = test::tempPath("missing.npy");
  EXPECT_EQ(errorOf([&] { loadData(path); }),
            path + ": error: cannot open file: No such file or directory");
}

TEST(Dataset, ReadsLabelsFromNpy) {
  std::string path =
      test::writeTemp("l.npy", test::npyBytes("{'descr': '<i8', 'fortran_order': False, "
                                              "'shape': (3,), }",
                                              test::leInt({4, 0, 1234567890123}, 8)));
  EXPECT_EQ(loadLabels(path), (std::vector<int64_t>{4, 0, 1234567890123}));
  path = test::writeTemp("lf.npy", test::npyBytes("{'descr': '<f4', 'fortran_order': False, "
                                                  "'shape': (3, 1), }",
                                                  test::leF32({2, 0, 7})));
  EXPECT_EQ(loadLabels(path), (std::vector<int64_t>{2, 0, 7}));
  // A 57-character dict makes a 128-byte header; element 2 sits at 128 + 2 * 4 = 0x88.
  path = test::writeTemp("lbad.npy", test::npyBytes("{'descr': '<f4', 'fortran_order': False, "
                                                    "'shape': (3,), }",
                                                    test::leF32({2, 0, 0.5f})));
  EXPECT_EQ(errorOf([&] { loadLabels(path); }),
            path + ": offset 0x88: error: label of sample 2 is 0.5, labels must be non-negative "
                   "integers");
  path = test::writeTemp("lnan.npy", test::npyBytes("{'descr': '<f8', 'fortran_order': False, "
                                                    "'shape': (1,), }",
                                                    test::leF64({NAN})));
  EXPECT_EQ(errorOf([&] { loadLabels(path); }),
            path + ": offset 0x80: error: label of sample 0 is nan, labels must be non-negative "
                   "integers");
  path = test::writeTemp("lu8.npy", test::npyBytes("{'descr': '<u8', 'fortran_order': False, "
                                                   "'shape': (1,), }",
                                                   test::leInt({-1}, 8)));
  EXPECT_EQ(errorOf([&] { loadLabels(path); }),
            path + ": offset 0x80: error: label of sample 0 is 18446744073709551615, labels must "
                   "be non-negative integers");
}

TEST(Dataset, CheckSampleShapeAcceptsTheSameShapeOrTheSameCount) {
  Dataset d;
  d.count = 1;
  d.sample_shape = {784};
  d.values.assign(784, 0);
  EXPECT_NO_THROW(checkSampleShape(d, {1, 28, 28}, "d.csv"));
  EXPECT_NO_THROW(checkSampleShape(d, {784}, "d.csv"));
  d.sample_shape = {28, 28};
  EXPECT_NO_THROW(checkSampleShape(d, {1, 28, 28}, "d.npy"));
  d.sample_shape = {783};
  EXPECT_EQ(errorOf([&] {
              checkSampleShape(d, {1, 28, 28}, "d.csv");
            }),
            "d.csv: error: samples of shape [783] do not fit the model input [1,28,28] (783 "
            "values per sample, the model takes 784)");
}

} // namespace
} // namespace bnnc::data
