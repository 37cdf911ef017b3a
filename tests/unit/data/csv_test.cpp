// CSV samples and labels: headers, blank lines, line ends, and errors naming the line.
#include "bnnc/data/dataset.h"
#include "bnnc/support/error.h"
#include "unit/data/files_util.h"

#include <gtest/gtest.h>

namespace bnnc::data {
namespace {

using test::errorOf;

TEST(Csv, ReadsRowsWithAndWithoutHeader) {
  Dataset d = loadData(test::writeTemp("plain.csv", "1,2,3\n-4.5, +5 ,6e-1\n"));
  EXPECT_EQ(d.count, 2);
  EXPECT_EQ(d.sample_shape, ir::Shape{3});
  EXPECT_EQ(d.values, (std::vector<float>{1, 2, 3, -4.5f, 5, 0.6f}));
  // A header (any field not a number), CRLF line ends, blank lines and no final newline.
  d = loadData(test::writeTemp("header.csv", "px0,px1\r\n\r\n0.5,1\r\n\n2,3"));
  EXPECT_EQ(d.count, 2);
  EXPECT_EQ(d.values, (std::vector<float>{0.5f, 1, 2, 3}));
}

TEST(Csv, RejectsRowsOfOtherLengths) {
  // Line numbers count every line, the header and blank lines included.
  std::string path = test::writeTemp("d.csv", "a,b,c\n1,2,3\n\n4,5,6\n7,8\n");
  EXPECT_EQ(errorOf([&] { loadData(path); }), path + ": line 5: error: expected 3 values, got 2");
  path = test::writeTemp("e.csv", "1,2\n3,4,5\n");
  EXPECT_EQ(errorOf([&] { loadData(path); }), path + ": line 2: error: expected 2 values, got 3");
}

TEST(Csv, RejectsTextAfterTheFirstLine) {
  std::string path = test::writeTemp("t.csv", "1,2\n3,x\n");
  EXPECT_EQ(errorOf([&] { loadData(path); }),
            path + ": line 2: error: value 2 'x' is not a number");
  path = test::writeTemp("empty-field.csv", "1,2\n3,\n");
  EXPECT_EQ(errorOf([&] { loadData(path); }), path + ": line 2: error: value 2 '' is not a number");
}

TEST(Csv, RejectsNonFiniteValuesNamingTheSample) {
  std::string path = test::writeTemp("n.csv", "x,y\n1,2\n3,4\nnan,5\n");
  EXPECT_EQ(errorOf([&] { loadData(path); }),
            path + ": line 4: error: sample 2, element 0 is nan, sample values must be finite");
  path = test::writeTemp("i.csv", "1,-inf\n");
  EXPECT_EQ(errorOf([&] { loadData(path); }),
            path + ": line 1: error: sample 0, element 1 is -inf, sample values must be finite");
}

TEST(Csv, RejectsFilesWithoutSamples) {
  std::string path = test::writeTemp("h.csv", "a,b\n\n");
  EXPECT_EQ(errorOf([&] { loadData(path); }), path + ": error: the file holds no samples");
  path = test::writeTemp("z.csv", "");
  EXPECT_EQ(errorOf([&] { loadLabels(path); }), path + ": error: the file holds no samples");
}

TEST(Csv, ReadsLabels) {
  EXPECT_EQ(loadLabels(test::writeTemp("l.csv", "label\n3\n0\n9.0\n")),
            (std::vector<int64_t>{3, 0, 9}));
  std::string path = test::writeTemp("l2.csv", "3\n2.5\n");
  EXPECT_EQ(errorOf([&] { loadLabels(path); }),
            path + ": line 2: error: label of sample 1 is 2.5, labels must be non-negative "
                   "integers");
  path = test::writeTemp("l3.csv", "1\n\n-2\n");
  EXPECT_EQ(errorOf([&] { loadLabels(path); }),
            path + ": line 3: error: label of sample 1 is -2, labels must be non-negative "
                   "integers");
  path = test::writeTemp("l4.csv", "y\n1,2\n3,4\n");
  EXPECT_EQ(errorOf([&] { loadLabels(path); }),
            path + ": line 2: error: expected 1 label per line, got 2");
}

} // namespace
} // namespace bnnc::data
