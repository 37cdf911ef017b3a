// Helpers of the image tests.
#include "unit/image/image_test_util.h"
#include "bnnc/support/crc32.h"
#include "bnnc/support/error.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace bnnc::image::test {

namespace {

std::vector<uint8_t> randomBits(size_t n, std::mt19937 &rng) {
  std::vector<uint8_t> bits(n);
  for (uint8_t &b : bits)
    b = uint8_t(rng() & 1);
  return bits;
}

ir::Compare randomCompare(std::mt19937 &rng, bool integer) {
  ir::Compare c;
  c.kind = ir::Compare::Kind(rng() % 4);
  std::uniform_real_distribution<double> t(-40, 40);
  c.t = integer ? double(int(t(rng))) : t(rng);
  return c;
}

ir::Layer layer(const std::string &name, const std::string &op, int64_t cout, int64_t cin,
                std::mt19937 &rng) {
  ir::Layer l;
  l.name = name;
  l.source_op = op;
  l.geom.cin = cin;
  l.geom.cout = cout;
  l.weights = randomBits(size_t(cout * cin), rng);
  return l;
}

} // namespace

mapping::Arch testArch() { return mapping::Arch{"test", 16, 72, 7, 16, 50}; }

ir::Program randomProgram(std::mt19937 &rng) {
  ir::Program p;
  p.model_name = "tiny-net";
  p.producer = "pytorch 1.13.1";
  p.notes = {"final Softmax preserves the argmax", "input in [-1, 1] \xc2\xb5" /* UTF-8 micro */};
  p.final = ir::Program::Final::Softmax;
  p.final_axis = 1;
  p.output_shape = {10};
  p.input.kind = ir::InputStage::Kind::BitSerial;
  p.input.shape = {1, 8, 8};
  p.input.bits = 4;
  p.input.lo = -1;
  p.input.hi = 1;
  // conv0: 3x3, pads 1, stride 1 keeps 8x8; 2x2 pooling, stride 2 gives 4x4.
  ir::Layer conv = layer("conv0", "Conv", 6, 1, rng);
  conv.geom.ih = conv.geom.iw = conv.geom.oh = conv.geom.ow = 8;
  conv.geom.kh = conv.geom.kw = 3;
  conv.geom.pad_top = conv.geom.pad_left = conv.geom.pad_bottom = conv.geom.pad_right = 1;
  conv.weights = randomBits(6 * 9, rng);
  conv.bit_serial_input = true;
  for (int c = 0; c < 6; ++c)
    conv.threshold.push_back(randomCompare(rng, false));
  conv.pool = {true, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0, 4, 4, randomBits(6, rng)};
  p.layers.push_back(conv);
  ir::Layer fc1 = layer("fc1", "Gemm", 20, 6 * 4 * 4, rng);
  for (int c = 0; c < 20; ++c)
    fc1.threshold.push_back(randomCompare(rng, true));
  p.layers.push_back(fc1);
  ir::Layer fc2 = layer("fc2", "MatMul", 10, 20, rng);
  fc2.output = ir::Layer::Output::Affine;
  std::normal_distribution<double> normal;
  for (int c = 0; c < 10; ++c) {
    fc2.scale.push_back(normal(rng));
    fc2.offset.push_back(normal(rng));
  }
  p.layers.push_back(fc2);
  return p;
}

ChipImage randomImage(unsigned seed) {
  std::mt19937 rng(seed);
  ChipImage image;
  image.program = randomProgram(rng);
  image.mapping = mapping::mapProgram(image.program, testArch(), "model.onnx");
  image.condition = conditionByName("typical");
  return image;
}

ChipImage tinyImage() {
  ChipImage image;
  ir::Program &p = image.program;
  p.model_name = "t";
  p.producer = "p";
  p.output_shape = {1};
  p.input.shape = {2};
  p.input.compare = {{ir::Compare::Kind::Ge, 0.5}, {ir::Compare::Kind::Le, -0.25}};
  ir::Layer l;
  l.name = "fc";
  l.source_op = "Gemm";
  l.geom.cin = 2;
  l.geom.cout = 1;
  l.weights = {1, 0};
  l.output = ir::Layer::Output::Affine;
  l.scale = {2};
  l.offset = {-1};
  p.layers.push_back(l);
  image.mapping = mapping::mapProgram(p, mapping::defaultArch(), "tiny.onnx");
  image.condition = conditionByName("typical");
  return image;
}

void expectProgramsEqual(const ir::Program &a, const ir::Program &b) {
  EXPECT_EQ(a.model_name, b.model_name);
  EXPECT_EQ(a.producer, b.producer);
  EXPECT_EQ(a.notes, b.notes);
  EXPECT_EQ(a.final, b.final);
  EXPECT_EQ(a.final_axis, b.final_axis);
  EXPECT_EQ(a.output_shape, b.output_shape);
  EXPECT_EQ(a.input.kind, b.input.kind);
  EXPECT_EQ(a.input.shape, b.input.shape);
  EXPECT_EQ(a.input.compare, b.input.compare);
  EXPECT_EQ(a.input.bits, b.input.bits);
  EXPECT_EQ(a.input.lo, b.input.lo);
  EXPECT_EQ(a.input.hi, b.input.hi);
  ASSERT_EQ(a.layers.size(), b.layers.size());
  for (size_t i = 0; i < a.layers.size(); ++i) {
    const ir::Layer &x = a.layers[i], &y = b.layers[i];
    SCOPED_TRACE("layer " + x.name);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.source_op, y.source_op);
    EXPECT_EQ(x.geom, y.geom);
    EXPECT_EQ(x.bit_serial_input, y.bit_serial_input);
    EXPECT_EQ(x.weights, y.weights);
    EXPECT_EQ(x.output, y.output);
    EXPECT_EQ(x.threshold, y.threshold);
    EXPECT_EQ(x.scale, y.scale);
    EXPECT_EQ(x.offset, y.offset);
    EXPECT_EQ(x.pool, y.pool);
  }
}

void expectImagesEqual(const ChipImage &a, const ChipImage &b) {
  expectProgramsEqual(a.program, b.program);
  EXPECT_EQ(a.mapping.arch, b.mapping.arch);
  EXPECT_EQ(a.mapping.tiles, b.mapping.tiles);
  EXPECT_EQ(a.mapping.layers, b.mapping.layers);
  EXPECT_EQ(a.condition, b.condition);
  EXPECT_EQ(a.cell_map, b.cell_map);
}

std::string readError(const std::vector<uint8_t> &bytes) {
  try {
    readImage(bytes, "m.bnn");
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

uint64_t errorOffset(const std::string &message) {
  size_t at = message.find("offset 0x");
  return at == std::string::npos ? ~uint64_t(0) : std::stoull(message.substr(at + 9), nullptr, 16);
}

std::string hexOf(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string hexOf8(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

SectionInfo sectionInfo(const std::vector<uint8_t> &bytes, const std::string &tag) {
  for (const SectionInfo &s : inspectImage(bytes, "m.bnn").sections)
    if (s.tag == tag)
      return s;
  ADD_FAILURE() << "no section " << tag;
  return {};
}

uint64_t getLe(const std::vector<uint8_t> &b, uint64_t at, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i)
    v |= uint64_t(b[at + uint64_t(i)]) << (8 * i);
  return v;
}

void putLe(std::vector<uint8_t> &b, uint64_t at, uint64_t v, int n) {
  for (int i = 0; i < n; ++i)
    b[at + uint64_t(i)] = uint8_t(v >> (8 * i));
}

void reseal(std::vector<uint8_t> &b) {
  uint64_t count = getLe(b, 12, 4), tableEnd = kHeaderSize + count * kSectionEntrySize;
  if (tableEnd > b.size())
    return; // nothing to reseal: the reader stops at the table
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t entry = kHeaderSize + i * kSectionEntrySize;
    uint64_t offset = getLe(b, entry + 8, 8), size = getLe(b, entry + 16, 8);
    if (offset <= b.size() && size <= b.size() - offset)
      putLe(b, entry + 24, crc32(b.data() + offset, size), 4);
  }
  uint32_t crc = crc32(b.data(), 24);
  putLe(b, 24, crc32(b.data() + kHeaderSize, tableEnd - kHeaderSize, crc), 4);
}

mapping::Mapping smallScheduleMapping() {
  ir::Program p;
  ir::Layer l;
  l.name = "fc";
  l.geom.cin = 4;
  l.geom.cout = 3;
  l.weights = {1, 0, 1, 1, //
               0, 0, 1, 0, //
               1, 1, 1, 1};
  p.layers.push_back(l);
  return mapping::mapProgram(p, mapping::Arch{"small", 2, 3, 2, 8, 100}, "m.onnx");
}

} // namespace bnnc::image::test
