// Documentation that must stay true to the code: the op list of docs/exporters.md is the
// interpreter's registry.
#include "bnnc/ir/interpreter.h"
#include "e2e/cli_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

TEST(Docs, ExportersListsEveryOpTheInterpreterEvaluates) {
  std::string doc = readText(sourcePath("docs/exporters.md"));
  std::string start = "subgraphs:\n\n";
  size_t from = doc.find(start);
  ASSERT_NE(from, std::string::npos);
  from += start.size();
  std::string listed = doc.substr(from, doc.find("; and the QONNX ops", from) - from);
  std::string expected;
  for (const std::string &op : ir::onnxOps())
    expected += (expected.empty() ? "" : ", ") + op;
  for (char &c : listed)
    c = c == '\n' ? ' ' : c;
  EXPECT_EQ(listed, expected);
}

} // namespace
} // namespace bnnc::test
