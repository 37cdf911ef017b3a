#include "malformed/malformed_util.h"
#include "unit/onnx/model_builder_util.h"

#include "bnnc/image/image.h"
#include "bnnc/support/crc32.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

namespace bnnc::test {

void expectFailure(const std::vector<std::string> &args, int code, const std::string &message,
                   const std::vector<std::string> &outputs) {
  std::string command = "bnnc";
  for (const std::string &a : args)
    command += " " + a;
  SCOPED_TRACE(command);
  CliResult r = runBnnc(args);
  EXPECT_EQ(r.exit_code, code) << r.err;
  EXPECT_EQ(r.err, message + "\n");
  for (const std::string &path : outputs) {
    EXPECT_FALSE(std::filesystem::exists(path)) << path << " was left behind";
    // Nor the temporary file the output was being written to.
    for (const auto &e :
         std::filesystem::directory_iterator(std::filesystem::path(path).parent_path().empty()
                                                 ? "."
                                                 : std::filesystem::path(path).parent_path()))
      EXPECT_EQ(e.path().string().find(path + ".tmp"), std::string::npos)
          << e.path() << " was left behind";
  }
}

void binarizedInput(ModelBuilder &b, const std::vector<int64_t> &dims) {
  b.input("x", dims);
  b.initializer("zero", {}, {0}).initializer("one", {}, {1}).initializer("minus", {}, {-1});
  b.node("GreaterOrEqual", {"x", "zero"}, {"ge"}, {}, "ge");
  b.node("Where", {"ge", "one", "minus"}, {"s"}, {}, "bin");
}

void saveBytes(const std::string &path, const std::string &bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::string loadBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string writeSmallModel(const TempDir &tmp, const std::string &name) {
  ModelBuilder b;
  binarizedInput(b, {-1, 4});
  b.initializer("W", {4, 2}, {1, -1, 1, 1, -1, 1, -1, -1});
  b.node("MatMul", {"s", "W"}, {"y"}, {}, "fc");
  b.output("y");
  std::string path = tmp.path(name);
  saveBytes(path, b.bytes());
  return path;
}

std::string writeSmallImage(const TempDir &tmp, const std::string &name) {
  std::string model = writeSmallModel(tmp, name + ".onnx"), image = tmp.path(name);
  CliResult r = runBnnc({"compile", model, "-o", image});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return image;
}

uint64_t readLe(const std::string &b, uint64_t at, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i)
    v |= uint64_t(uint8_t(b[at + uint64_t(i)])) << (8 * i);
  return v;
}

SectionSpan sectionOf(const std::string &bytes, const std::string &tag) {
  uint64_t count = readLe(bytes, 12, 4);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t at = image::kHeaderSize + i * image::kSectionEntrySize;
    if (bytes.compare(at, 4, tag) == 0)
      return {readLe(bytes, at + 8, 8), readLe(bytes, at + 16, 8), at};
  }
  ADD_FAILURE() << "no section " << tag;
  return {};
}

void patchHeaderField(std::string &bytes, uint64_t at, uint64_t value, int n) {
  for (int i = 0; i < n; ++i)
    bytes[at + uint64_t(i)] = char(uint8_t(value >> (8 * i)));
  // Header CRC: CRC-32 of bytes 0-23, then of the section table (docs/image-format.md).
  uint64_t table_end = image::kHeaderSize + readLe(bytes, 12, 4) * image::kSectionEntrySize;
  auto data = reinterpret_cast<const uint8_t *>(bytes.data());
  uint32_t crc = crc32(data + image::kHeaderSize, table_end - image::kHeaderSize, crc32(data, 24));
  for (int i = 0; i < 4; ++i)
    bytes[24 + i] = char(uint8_t(crc >> (8 * i)));
}

std::string npyBytes(const std::string &descr, const std::vector<int64_t> &shape,
                     const std::string &data) {
  // "(3,)" for one dimension, "(2, 3)" for more.
  std::string dims;
  for (size_t i = 0; i < shape.size(); ++i)
    dims += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1)
    dims += ",";
  std::string header =
      "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Padded with spaces so that magic (6) + version (2) + length (2) + header ends at 64 bytes.
  while ((10 + header.size() + 1) % 64 != 0)
    header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY\x01";
  out += '\0';
  out += char(header.size() & 0xff);
  out += char(header.size() >> 8);
  return out + header + data;
}

std::string f32Bytes(const std::vector<float> &values) {
  std::string out(values.size() * 4, '\0');
  std::memcpy(out.data(), values.data(), out.size()); // the test host is little-endian
  return out;
}

std::string f64Bytes(const std::vector<double> &values) {
  std::string out(values.size() * 8, '\0');
  std::memcpy(out.data(), values.data(), out.size()); // the test host is little-endian
  return out;
}

} // namespace bnnc::test
