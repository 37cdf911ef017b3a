// Problems thrown together: one line each, at most kMaxListedProblems, then a line that counts
// the rest.
#include "bnnc/support/error.h"

#include <gtest/gtest.h>

namespace bnnc {
namespace {

std::string thrown(const Diagnostics &d) {
  try {
    d.throwProblems("m.onnx");
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

// Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string&&.
std::string line(int i) {
  std::string n = std::to_string(i), text = "m.onnx: node 'n";
  text += n;
  text += "' (Foo, #";
  text += n;
  text += "): error: unsupported op Foo";
  return text;
}

TEST(Diagnostics, ProblemsAreThrownOneLineEachUpToTwenty) {
  Diagnostics d;
  EXPECT_EQ(thrown(d), "");
  std::string expected;
  for (int i = 0; i < 20; ++i) {
    d.problem(std::string("n") + std::to_string(i), line(i));
    expected += i ? "\n" : "";
    expected += line(i);
  }
  EXPECT_EQ(thrown(d), expected);
  for (int i = 20; i < 23; ++i)
    d.problem(std::string("n") + std::to_string(i), line(i));
  EXPECT_EQ(thrown(d),
            expected + "\nm.onnx: error: ... and 3 more problems (bnnc inspect lists every node)");
  ASSERT_NE(d.problemOf("n21"), nullptr);
  EXPECT_EQ(d.problemOf("n21")->message, line(21));
  EXPECT_EQ(d.problemOf("n99"), nullptr);
}

} // namespace
} // namespace bnnc
