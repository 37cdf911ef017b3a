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

std::string line(int i) {
  return "m.onnx: node 'n" + std::to_string(i) + "' (Foo, #" + std::to_string(i) +
         "): error: unsupported op Foo";
}

TEST(Diagnostics, ProblemsAreThrownOneLineEachUpToTwenty) {
  Diagnostics d;
  EXPECT_EQ(thrown(d), "");
  std::string expected;
  for (int i = 0; i < 20; ++i) {
    d.problem("n" + std::to_string(i), line(i));
    expected += (i ? "\n" : "") + line(i);
  }
  EXPECT_EQ(thrown(d), expected);
  for (int i = 20; i < 23; ++i)
    d.problem("n" + std::to_string(i), line(i));
  EXPECT_EQ(thrown(d),
            expected + "\nm.onnx: error: ... and 3 more problems (bnnc inspect lists every node)");
  ASSERT_NE(d.problemOf("n21"), nullptr);
  EXPECT_EQ(d.problemOf("n21")->message, line(21));
  EXPECT_EQ(d.problemOf("n99"), nullptr);
}

} // namespace
} // namespace bnnc
