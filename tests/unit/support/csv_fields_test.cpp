// The CSV field helpers every CSV reader of bnnc shares.
#include "bnnc/support/csv_fields.h"

#include <gtest/gtest.h>

namespace bnnc {
namespace {

TEST(CsvFields, TrimDropsSpacesTabsAndTheCarriageReturn) {
  EXPECT_EQ(trimField(" \t1.5 \r"), "1.5");
  EXPECT_EQ(trimField("a b"), "a b");
  EXPECT_EQ(trimField(" \r"), "");
}

TEST(CsvFields, SplitKeepsEmptyFields) {
  std::vector<std::string_view> want{"1", "", "x y", ""};
  EXPECT_EQ(splitCsvFields("1, ,x y ,\r"), want);
  EXPECT_EQ(splitCsvFields(""), std::vector<std::string_view>{""});
}

TEST(CsvFields, NumbersAreWholeFields) {
  double v = 0;
  EXPECT_TRUE(parseFieldNumber("+2", v));
  EXPECT_EQ(v, 2);
  EXPECT_TRUE(parseFieldNumber("-1e3", v));
  EXPECT_EQ(v, -1000);
  EXPECT_FALSE(parseFieldNumber("+-1", v));
  EXPECT_FALSE(parseFieldNumber("1x", v));
  EXPECT_FALSE(parseFieldNumber("", v));
  EXPECT_FALSE(parseFieldNumber("1 2", v));
}

} // namespace
} // namespace bnnc
