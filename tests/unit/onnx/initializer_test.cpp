// Initializer decoding: raw vs typed vs external data, every supported element type, external
// data offsets, and the errors that name the tensor and the file.
#include "unit/onnx/model_builder_util.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace bnnc::test {
namespace {

namespace fs = std::filesystem;

// A fresh directory for one test's model and external data files.
std::string scratchDir(const std::string &name) {
  fs::path dir = fs::path(testing::TempDir()) / ("bnnc_onnx_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

// x[1,2] -> MatMul(W[2,2]) -> Add(b[2]) -> y
ModelBuilder matmulModel(Storage storage, const std::string &dir = ".") {
  ModelBuilder m;
  m.externalDir(dir);
  m.input("x", {1, 2});
  m.initializer("W", {2, 2}, {1, 2, 3, 4}, storage);
  m.initializer("b", {2}, {0.25, -0.5}, storage);
  m.node("MatMul", {"x", "W"}, {"h"});
  m.node("Add", {"h", "b"}, {"y"});
  m.output("y");
  return m;
}

TEST(Initializers, RawTypedAndExternalAgree) {
  std::string dir = scratchDir("agree");
  // [1, 1] x [[1,2],[3,4]] + [0.25, -0.5] = [4.25, 5.5]
  std::vector<double> expected = {4.25, 5.5};
  EXPECT_EQ(runFirstOutput(matmulModel(Storage::Typed).import(), {1, 1}), expected);
  EXPECT_EQ(runFirstOutput(matmulModel(Storage::Raw).import(), {1, 1}), expected);
  ir::Graph ext = matmulModel(Storage::External, dir).import(dir + "/m.onnx");
  EXPECT_EQ(runFirstOutput(ext, {1, 1}), expected);
  EXPECT_EQ(ext.constant("W")->data.toDoubles(), (std::vector<double>{1, 2, 3, 4}));
}

TEST(Initializers, ExternalOffsetAndLength) {
  std::string dir = scratchDir("offset");
  // 4 junk bytes, then W's 16 bytes, then junk: offset 4, length 16.
  float w[4] = {1, -1, 0.5, 2};
  std::ofstream(dir + "/weights.dat", std::ios::binary)
      .write("JUNK", 4)
      .write(reinterpret_cast<const char *>(w), sizeof w)
      .write("TAIL", 4);
  ModelBuilder m;
  m.input("x", {1, 2});
  pb::TensorProto t;
  t.set_name("W");
  t.set_data_type(pb::TensorProto::FLOAT);
  t.add_dims(2);
  t.add_dims(2);
  t.set_data_location(pb::TensorProto::EXTERNAL);
  for (auto [k, v] : {std::pair{"location", "weights.dat"}, {"offset", "4"}, {"length", "16"}}) {
    pb::StringStringEntryProto *e = t.add_external_data();
    e->set_key(k);
    e->set_value(v);
  }
  m.initializerProto(t);
  m.node("MatMul", {"x", "W"}, {"y"});
  m.output("y");
  ir::Graph g = m.import(dir + "/m.onnx");
  EXPECT_EQ(g.constant("W")->data.toDoubles(), (std::vector<double>{1, -1, 0.5, 2}));
  // offset 12 + length 16 runs past the 24-byte file
  t.mutable_external_data(1)->set_value("12");
  m.proto().mutable_graph()->mutable_initializer(0)->CopyFrom(t);
  EXPECT_EQ(m.importError(dir + "/m.onnx"),
            dir +
                "/m.onnx: initializer 'W': error: external data offset 12 and length 16 "
                "exceed the 24 bytes of file '" +
                dir + "/weights.dat'");
  // a length that does not match the dims: 2x2 FLOAT is 16 bytes
  t.mutable_external_data(1)->set_value("0");
  t.mutable_external_data(2)->set_value("12");
  m.proto().mutable_graph()->mutable_initializer(0)->CopyFrom(t);
  EXPECT_EQ(m.importError(dir + "/m.onnx"),
            dir + "/m.onnx: initializer 'W': error: external data has 12 bytes, expected 16");
}

TEST(Initializers, ExternalFileMissing) {
  std::string dir = scratchDir("missing");
  ModelBuilder m = matmulModel(Storage::External, dir);
  fs::remove(dir + "/W.bin");
  EXPECT_EQ(m.importError(dir + "/m.onnx"),
            dir + "/m.onnx: initializer 'W': error: cannot open external data file '" + dir +
                "/W.bin': No such file or directory");
}

TEST(Initializers, ExternalLocationMustStayInside) {
  ModelBuilder m = matmulModel(Storage::Typed);
  pb::TensorProto *t = m.proto().mutable_graph()->mutable_initializer(0);
  t->clear_float_data();
  t->set_data_location(pb::TensorProto::EXTERNAL);
  pb::StringStringEntryProto *e = t->add_external_data();
  e->set_key("location");
  e->set_value("../secret.bin");
  EXPECT_EQ(m.importError(), "m.onnx: initializer 'W': error: external data location "
                             "'../secret.bin' leaves the model's directory");
}

// A one-initializer model whose graph output is the initializer itself.
ir::Tensor decode(const pb::TensorProto &t) {
  ModelBuilder m;
  m.input("x", {1});
  m.initializerProto(t);
  m.node("Identity", {"x"}, {"y"});
  m.output("y");
  return m.import().constants.at(t.name());
}

pb::TensorProto tensor(int32_t type, std::vector<int64_t> dims) {
  pb::TensorProto t;
  t.set_name("t");
  t.set_data_type(type);
  for (int64_t d : dims)
    t.add_dims(d);
  return t;
}

TEST(Initializers, ElementTypes) {
  pb::TensorProto h = tensor(pb::TensorProto::FLOAT16, {3});
  for (int bits : {0x3C00, 0xC000, 0x3555}) // 1, -2, 0.333251953125
    h.add_int32_data(bits);
  EXPECT_EQ(decode(h).data.toDoubles(), (std::vector<double>{1, -2, 0.333251953125}));
  pb::TensorProto hr = tensor(pb::TensorProto::FLOAT16, {2});
  hr.set_raw_data(std::string("\x00\x3C\x01\x00", 4)); // 1 and the smallest subnormal 2^-24
  EXPECT_EQ(decode(hr).data.toDoubles(), (std::vector<double>{1, std::ldexp(1.0, -24)}));
  pb::TensorProto i8 = tensor(pb::TensorProto::INT8, {2});
  i8.set_raw_data(std::string("\xFF\x7F", 2));
  EXPECT_EQ(decode(i8).data.toDoubles(), (std::vector<double>{-1, 127}));
  EXPECT_EQ(decode(i8).dtype(), ir::DType::Int64);
  pb::TensorProto u8 = tensor(pb::TensorProto::UINT8, {2});
  u8.add_int32_data(255);
  u8.add_int32_data(3);
  EXPECT_EQ(decode(u8).data.toDoubles(), (std::vector<double>{255, 3}));
  pb::TensorProto i32 = tensor(pb::TensorProto::INT32, {1});
  i32.set_raw_data(std::string("\xFE\xFF\xFF\xFF", 4));
  EXPECT_EQ(decode(i32).data.toDoubles(), (std::vector<double>{-2}));
  pb::TensorProto b = tensor(pb::TensorProto::BOOL, {3});
  b.set_raw_data(std::string("\x01\x00\x01", 3));
  EXPECT_EQ(decode(b).dtype(), ir::DType::Bool);
  EXPECT_EQ(decode(b).data.toDoubles(), (std::vector<double>{1, 0, 1}));
  pb::TensorProto d = tensor(pb::TensorProto::DOUBLE, {2});
  d.add_double_data(0.1);
  d.add_double_data(-3);
  EXPECT_EQ(decode(d).data.toDoubles(), (std::vector<double>{double(0.1f), -3})); // held as float32
  pb::TensorProto i64 = tensor(pb::TensorProto::INT64, {});
  i64.set_raw_data(std::string("\x00\x00\x00\x00\x01\x00\x00\x00", 8));
  EXPECT_EQ(decode(i64).data.toDoubles(), (std::vector<double>{4294967296.0}));
}

std::string decodeError(const pb::TensorProto &t) {
  ModelBuilder m;
  m.input("x", {1});
  m.initializerProto(t);
  m.node("Identity", {"x"}, {"y"});
  m.output("y");
  return m.importError();
}

TEST(Initializers, Errors) {
  pb::TensorProto s = tensor(pb::TensorProto::STRING, {1});
  s.add_string_data("a");
  EXPECT_EQ(decodeError(s), "m.onnx: initializer 't': error: data type STRING is not supported");
  pb::TensorProto f = tensor(pb::TensorProto::FLOAT, {2, 3});
  f.add_float_data(1);
  EXPECT_EQ(decodeError(f), "m.onnx: initializer 't': error: float_data has 1 values, expected 6");
  f.clear_float_data();
  f.set_raw_data(std::string(20, '\0'));
  EXPECT_EQ(decodeError(f),
            "m.onnx: initializer 't': error: raw_data has 20 bytes, expected 24 for 6 FLOAT "
            "elements");
  pb::TensorProto big = tensor(pb::TensorProto::FLOAT, {65536, 65536});
  EXPECT_EQ(decodeError(big), "m.onnx: initializer 't': error: shape [65536,65536] has more than "
                              "268435456 elements");
}

} // namespace
} // namespace bnnc::test
