// Hostile ONNX models through `bnnc compile` and `bnnc inspect`: bytes that are not a model,
// graphs that are not well-formed, shapes that are impossible or enormous, ops, attributes and
// names bnnc does not accept. Each: exit code 1, one exact message, no output file.
#include "malformed/malformed_util.h"
#include "unit/onnx/model_builder_util.h"

#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <random>

namespace bnnc::test {
namespace {

// Compiles `model` to tmp/o.bnn with a schedule and a report, expecting `message`.
void expectCompileError(const TempDir &tmp, const std::string &model, const std::string &message) {
  std::string out = tmp.path("o.bnn"), sched = tmp.path("o.csv"), report = tmp.path("o.json");
  expectFailure({"compile", model, "-o", out, "--schedule", sched, "--report", report}, 1, message,
                {out, sched, report});
}

std::string save(const TempDir &tmp, const ModelBuilder &b, const std::string &name) {
  std::string path = tmp.path(name);
  saveBytes(path, b.bytes());
  return path;
}

// x binarized to s by nodes #0 and #1; the caller adds the rest from node #2 on.
ModelBuilder binarized(const std::vector<int64_t> &dims = {-1, 4}) {
  ModelBuilder b;
  binarizedInput(b, dims);
  return b;
}

// binarized() -> MatMul 'fc' (#2) with W of `dims` -> y.
ModelBuilder withWeight(const std::vector<int64_t> &dims,
                        const std::vector<pb::AttributeProto> &attrs = {}) {
  ModelBuilder b = binarized();
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  b.initializer("W", dims, std::vector<float>(size_t(n), 1));
  b.node("MatMul", {"s", "W"}, {"y"}, attrs, "fc");
  b.output("y");
  return b;
}

TEST(MalformedOnnx, TruncatedProtobuf) {
  TempDir tmp;
  std::string bytes = loadBytes(writeSmallModel(tmp));
  // Cut inside a length-delimited field: it runs past the end.
  for (size_t keep : {bytes.size() / 2, bytes.size() - 1, size_t(3)}) {
    SCOPED_TRACE(keep);
    std::string path = tmp.path("cut.onnx");
    saveBytes(path, bytes.substr(0, keep));
    expectCompileError(tmp, path, path + ": error: not a valid ONNX model (protobuf parse failed)");
  }
  std::string empty = tmp.path("empty.onnx");
  saveBytes(empty, "");
  expectCompileError(tmp, empty, empty + ": error: the model has no graph");
}

TEST(MalformedOnnx, RandomBytes) {
  TempDir tmp;
  std::string path = tmp.path("random.onnx");
  const uint32_t seed = 20240611;
  std::mt19937 rng(seed);
  for (int round = 0; round < 4; ++round) {
    SCOPED_TRACE("seed " + std::to_string(seed) + ", round " + std::to_string(round));
    std::string bytes(size_t(64 << round), '\0');
    for (char &c : bytes)
      c = char(rng());
    saveBytes(path, bytes);
    expectCompileError(tmp, path, path + ": error: not a valid ONNX model (protobuf parse failed)");
  }
}

TEST(MalformedOnnx, Cycle) {
  TempDir tmp;
  ModelBuilder b = binarized();
  b.initializer("W", {4, 4}, std::vector<float>(16, 1));
  b.node("Add", {"s", "y"}, {"a"}, {}, "add");
  b.node("MatMul", {"a", "W"}, {"y"}, {}, "fc");
  b.output("y");
  std::string m = save(tmp, b, "cycle.onnx");
  expectCompileError(tmp, m,
                     m + ": node 'add' (Add, #2): error: input 'y' is produced by node 'fc' (#3), "
                         "which comes later; nodes must be in topological order");
}

TEST(MalformedOnnx, DanglingAndDuplicateNames) {
  TempDir tmp;
  ModelBuilder dangling = binarized();
  dangling.node("MatMul", {"s", "W"}, {"y"}, {}, "fc");
  dangling.output("y");
  std::string m = save(tmp, dangling, "missing_init.onnx");
  expectCompileError(tmp, m,
                     m + ": node 'fc' (MatMul, #2): error: input 'W' is not produced by any node, "
                         "initializer or graph input");

  ModelBuilder twice = withWeight({4, 2});
  twice.initializer("W", {4, 2}, std::vector<float>(8, -1));
  m = save(tmp, twice, "dup_init.onnx");
  expectCompileError(tmp, m, m + ": initializer 'W': error: defined twice");

  ModelBuilder dupOut = withWeight({4, 2});
  dupOut.node("Neg", {"s"}, {"y"}, {}, "neg");
  m = save(tmp, dupOut, "dup_out.onnx");
  expectCompileError(tmp, m,
                     m + ": node 'neg' (Neg, #3): error: output 'y' is already produced by node "
                         "'fc' (#2)");

  ModelBuilder noOut = binarized();
  noOut.output("nowhere");
  m = save(tmp, noOut, "no_out.onnx");
  expectCompileError(tmp, m,
                     m + ": output 'nowhere': error: not produced by any node, initializer or "
                         "graph input");
}

TEST(MalformedOnnx, WrongRanks) {
  TempDir tmp;
  std::string m = save(tmp, withWeight({4, 2, 1}), "rank3.onnx");
  expectCompileError(tmp, m,
                     m + ": node 'fc' (MatMul, #2): error: MatMul inner dimensions differ: [1,4] x "
                         "[4,2,1]");

  ModelBuilder conv = binarized({-1, 1, 4, 4});
  conv.initializer("K", {2, 9}, std::vector<float>(18, 1));
  conv.node("Conv", {"s", "K"}, {"y"}, {}, "conv");
  conv.output("y");
  m = save(tmp, conv, "conv_rank.onnx");
  expectCompileError(tmp, m,
                     m + ": node 'conv' (Conv, #2): error: Conv weight shape [2,9] does not match "
                         "input shape [1,1,4,4]");

  ModelBuilder bn = binarized({-1, 3});
  bn.initializer("W", {3, 2}, std::vector<float>(6, 1));
  bn.initializer("g", {2, 1}, {1, 1}).initializer("b", {2}, {0, 0});
  bn.initializer("mu", {2}, {0, 0}).initializer("var", {2}, {1, 1});
  bn.node("MatMul", {"s", "W"}, {"h"}, {}, "fc");
  bn.node("BatchNormalization", {"h", "g", "b", "mu", "var"}, {"y"}, {}, "bn");
  bn.output("y");
  m = save(tmp, bn, "bn_rank.onnx");
  expectCompileError(tmp, m,
                     m + ": node 'bn' (BatchNormalization, #3): error: scale has shape [2,1], "
                         "expected [2]");
}

TEST(MalformedOnnx, ZeroNegativeAndEnormousDimensions) {
  TempDir tmp;
  ModelBuilder zero = binarized({-1, 0});
  zero.output("s");
  std::string m = save(tmp, zero, "zero.onnx");
  expectCompileError(tmp, m, m + ": input 'x': error: dimension 1 must be positive, got 0");

  ModelBuilder neg = binarized();
  neg.proto()
      .mutable_graph()
      ->mutable_input(0)
      ->mutable_type()
      ->mutable_tensor_type()
      ->mutable_shape()
      ->mutable_dim(1)
      ->set_dim_value(-4);
  neg.output("s");
  m = save(tmp, neg, "neg.onnx");
  expectCompileError(tmp, m, m + ": input 'x': error: dimension 1 must be positive, got -4");

  // A 1e12-element input is refused from its declared shape, before anything is allocated.
  ModelBuilder big = binarized({-1, 1000000, 1000000});
  big.output("s");
  m = save(tmp, big, "big_input.onnx");
  expectCompileError(tmp, m,
                     m + ": input 'x': error: shape [1,1000000,1000000] has more than 268435456 "
                         "elements");

  // So is a 1e12-element initializer, whatever data it claims to hold.
  ModelBuilder bigW = binarized();
  pb::TensorProto t;
  t.set_name("W");
  t.set_data_type(pb::TensorProto::FLOAT);
  t.add_dims(1000000);
  t.add_dims(1000000);
  bigW.initializerProto(t);
  bigW.node("MatMul", {"s", "W"}, {"y"}, {}, "fc");
  bigW.output("y");
  m = save(tmp, bigW, "big_weight.onnx");
  expectCompileError(tmp, m,
                     m + ": initializer 'W': error: shape [1000000,1000000] has more than "
                         "268435456 elements");

  pb::TensorProto n;
  n.set_name("W");
  n.set_data_type(pb::TensorProto::FLOAT);
  n.add_dims(-4);
  n.add_dims(2);
  ModelBuilder negW = binarized();
  negW.initializerProto(n);
  negW.node("MatMul", {"s", "W"}, {"y"}, {}, "fc");
  negW.output("y");
  m = save(tmp, negW, "neg_weight.onnx");
  expectCompileError(tmp, m, m + ": initializer 'W': error: negative dimension in shape [-4,2]");

  // A computed shape: ConstantOfShape asked for 1e12 elements.
  ModelBuilder grow = binarized();
  grow.initializerInt64("shape", {2}, {1000000, 1000000});
  grow.node("ConstantOfShape", {"shape"}, {"c"}, {}, "fill");
  grow.node("Add", {"s", "c"}, {"y"}, {}, "add");
  grow.output("y");
  m = save(tmp, grow, "grow.onnx");
  expectCompileError(tmp, m,
                     m + ": node 'fill' (ConstantOfShape, #2): error: output shape "
                         "[1000000,1000000] has more than 268435456 elements");
}

TEST(MalformedOnnx, UnsupportedOpsAndAttributes) {
  TempDir tmp;
  ModelBuilder lstm = binarized();
  lstm.node("LSTM", {"s"}, {"y"}, {}, "lstm");
  lstm.output("y");
  std::string m = save(tmp, lstm, "lstm.onnx");
  expectCompileError(tmp, m, m + ": node 'lstm' (LSTM, #2): error: unsupported op LSTM");

  ModelBuilder custom = binarized();
  custom.node("Binarize", {"s"}, {"y"}, {}, "binx", "com.example");
  custom.output("y");
  m = save(tmp, custom, "custom.onnx");
  expectCompileError(tmp, m,
                     m + ": node 'binx' (com.example::Binarize, #2): error: unsupported op "
                         "com.example::Binarize");

  m = save(tmp, withWeight({4, 2}, {attrI("transpose", 1)}), "attr.onnx");
  expectCompileError(tmp, m,
                     m + ": node 'fc' (MatMul, #2): error: unsupported attribute 'transpose' for "
                         "MatMul");

  ModelBuilder kind = binarized({-1, 1, 4, 4});
  kind.initializer("K", {2, 1, 3, 3}, std::vector<float>(18, 1));
  kind.node("Conv", {"s", "K"}, {"y"}, {attrF("group", 1)}, "conv");
  kind.output("y");
  m = save(tmp, kind, "attr_kind.onnx");
  expectCompileError(tmp, m,
                     m + ": node 'conv' (Conv, #2): error: attribute 'group' must be of type int, "
                         "got float");

  ModelBuilder pads = binarized({-1, 1, 4, 4});
  pads.initializer("K", {2, 1, 3, 3}, std::vector<float>(18, 1));
  pads.node("Conv", {"s", "K"}, {"y"}, {attrInts("pads", {1, 1, -1, 1})}, "conv");
  pads.output("y");
  m = save(tmp, pads, "neg_pad.onnx");
  expectCompileError(tmp, m, m + ": node 'conv' (Conv, #2): error: pads must be >= 0, got -1");
}

// Names end up in one-line messages, JSON reports and the chip image: a control character or a
// byte that is not UTF-8 is refused, shown escaped.
TEST(MalformedOnnx, NamesThatAreNotPrintable) {
  TempDir tmp;
  ModelBuilder node = withWeight({4, 2});
  node.proto().mutable_graph()->mutable_node(2)->set_name(std::string("fc\n\0x", 5));
  std::string m = save(tmp, node, "node_name.onnx");
  expectCompileError(tmp, m,
                     m + ": node #2: error: the node name \"fc\\n\\x00x\" is not printable UTF-8 "
                         "(it holds a control character or an invalid byte)");
  ModelBuilder graph = binarized();
  graph.output("s");
  graph.proto().mutable_graph()->set_name("net\xff");
  m = save(tmp, graph, "graph_name.onnx");
  expectCompileError(tmp, m,
                     m + ": error: the graph name \"net\\xff\" is not printable UTF-8 (it holds a "
                         "control character or an invalid byte)");
  ModelBuilder value = binarized();
  value.node("Neg", {"s"}, {"y\x1b[31m"}, {}, "neg");
  value.output("y\x1b[31m");
  m = save(tmp, value, "value_name.onnx");
  expectCompileError(tmp, m,
                     m + ": graph output #0: error: the name \"y\\x1b[31m\" is not printable "
                         "UTF-8 (it holds a control character or an invalid byte)");
}

TEST(MalformedOnnx, ExternalDataLocationThatIsNotPrintable) {
  TempDir tmp;
  ModelBuilder b = binarized();
  b.externalDir(tmp.path(""));
  b.initializer("W", {4, 2}, std::vector<float>(8, 1), Storage::External);
  b.node("MatMul", {"s", "W"}, {"y"}, {}, "fc");
  b.output("y");
  pb::TensorProto &w = *b.proto().mutable_graph()->mutable_initializer(3);
  for (pb::StringStringEntryProto &e : *w.mutable_external_data())
    if (e.key() == "location")
      e.set_value("W\n.bin");
  std::string m = save(tmp, b, "external.onnx");
  expectCompileError(
      tmp, m,
      m + ": initializer 'W': error: external data entry \"location\": \"W\\n.bin\" is "
          "not printable UTF-8");
}

// inspect shows the whole table with the blocked node's reason, then every problem; --json is a
// valid document with the same problems. A file that is no model at all is an error as for
// compile, except with --json, where it is the document's one problem.
TEST(MalformedOnnx, InspectReportsTheSameProblem) {
  TempDir tmp;
  ModelBuilder lstm = binarized();
  lstm.node("LSTM", {"s"}, {"y"}, {}, "lstm");
  lstm.output("y");
  std::string m = save(tmp, lstm, "lstm.onnx");
  std::string problem = m + ": node 'lstm' (LSTM, #2): error: unsupported op LSTM";
  CliResult r = runBnnc({"inspect", m});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("#2    lstm                         LSTM                   BLOCKED: "
                       "unsupported op LSTM\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("1 problem(s) stop the compile:\n" + problem + "\n"), std::string::npos)
      << r.out;
  r = runBnnc({"inspect", m, "--json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, ""); // the problems are in the JSON
  nlohmann::json doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["problems"].size(), 1u);
  EXPECT_EQ(doc["problems"][0]["node"], "lstm");
  EXPECT_EQ(doc["problems"][0]["message"], problem);
  EXPECT_EQ(doc["nodes"][2]["role"], "blocked");
  EXPECT_EQ(doc["nodes"][2]["problem"], "unsupported op LSTM");
  std::string junk = tmp.path("junk.onnx");
  { std::ofstream(junk) << "not protobuf"; }
  expectFailure({"inspect", junk}, 1,
                junk + ": error: not a valid ONNX model (protobuf parse "
                       "failed)");
  r = runBnnc({"inspect", junk, "--json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "");
  doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["problems"].size(), 1u);
  EXPECT_EQ(doc["problems"][0]["message"],
            junk + ": error: not a valid ONNX model (protobuf parse failed)");
}

} // namespace
} // namespace bnnc::test
