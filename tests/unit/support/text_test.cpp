// Printable UTF-8 names and their quoting in messages.
#include "bnnc/support/text.h"

#include <gtest/gtest.h>

namespace bnnc {
namespace {

TEST(Text, PrintableUtf8) {
  EXPECT_TRUE(isPrintableUtf8(""));
  EXPECT_TRUE(isPrintableUtf8("/fc1/MatMul_output_0"));
  EXPECT_TRUE(
      isPrintableUtf8("gewicht_\xc3\xa4\xe2\x82\xac\xf0\x9f\x98\x80")); // a-umlaut, euro, emoji
  EXPECT_FALSE(isPrintableUtf8(std::string("a\0b", 3)));
  EXPECT_FALSE(isPrintableUtf8("a\nb"));
  EXPECT_FALSE(isPrintableUtf8("tab\t"));
  EXPECT_FALSE(isPrintableUtf8("\x7f"));
  EXPECT_FALSE(isPrintableUtf8("\xc2\x85"));         // U+0085, a C1 control
  EXPECT_TRUE(isPrintableUtf8("\xc2\xa0"));          // U+00A0, no-break space
  EXPECT_FALSE(isPrintableUtf8("\xff"));             // never in UTF-8
  EXPECT_FALSE(isPrintableUtf8("\xc0\xaf"));         // overlong '/'
  EXPECT_FALSE(isPrintableUtf8("\xed\xa0\x80"));     // a surrogate
  EXPECT_FALSE(isPrintableUtf8("\xf4\x90\x80\x80")); // above U+10FFFF
  EXPECT_FALSE(isPrintableUtf8("\xe2\x82"));         // cut short
}

TEST(Text, QuoteForMessage) {
  EXPECT_EQ(quoteForMessage("fc1"), "\"fc1\"");
  EXPECT_EQ(quoteForMessage(std::string("a\0b\n\"c\\", 7)), "\"a\\x00b\\n\\\"c\\\\\"");
  EXPECT_EQ(quoteForMessage("\xc3\xa4\xff\xc2\x85\t\r"), "\"\xc3\xa4\\xff\\xc2\\x85\\t\\r\"");
}

TEST(Text, QuoteShort) {
  EXPECT_EQ(quoteShort("descr"), "'descr'");
  EXPECT_EQ(quoteShort(""), "''");
  EXPECT_EQ(quoteShort("a\nb"), "\"a\\nb\"");
  EXPECT_EQ(quoteShort("abcdef", 4), "'abcd'...");
  EXPECT_EQ(quoteShort(std::string("ab\x01") + "def", 4), "\"ab\\x01d\"...");
}

} // namespace
} // namespace bnnc
