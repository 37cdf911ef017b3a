// Helpers of the malformed-input suite: every case runs the bnnc binary on a hostile input and
// pins the exit code, the whole of stderr (one line naming the file and the place) and that no
// output file is left behind (docs/errors.md).
#pragma once

#include "e2e/cli_util.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bnnc::test {

// Runs `bnnc <args>` and expects exit code `code`, stderr exactly `message` + "\n", an empty
// stdout unless `stdout_may_hold` (inspect reports there) and none of `outputs` on disk.
void expectFailure(const std::vector<std::string> &args, int code, const std::string &message,
                   const std::vector<std::string> &outputs = {});

void saveBytes(const std::string &path, const std::string &bytes);
std::string loadBytes(const std::string &path);

class ModelBuilder;
// Adds input x (`dims`, batch first) binarized as a training binarizer does (0 -> +1, so no tie
// warning): nodes 'ge' (GreaterOrEqual, #0) and 'bin' (Where, #1), output 's'.
void binarizedInput(ModelBuilder &b, const std::vector<int64_t> &dims);

// A small valid model: binarizedInput, then MatMul 'fc' (#2) with W[4,2] of +-1 -> y.
std::string writeSmallModel(const TempDir &tmp, const std::string &name = "m.onnx");

// Chip images: compiles the small model; the offset and size of a section by tag.
std::string writeSmallImage(const TempDir &tmp, const std::string &name = "m.bnn");
struct SectionSpan {
  uint64_t offset = 0, size = 0, entry = 0; // entry: offset of its section table entry
};
SectionSpan sectionOf(const std::string &image_bytes, const std::string &tag);
// The n-byte little-endian number at `at`.
uint64_t readLe(const std::string &image_bytes, uint64_t at, int n);
// Writes a little-endian field and recomputes the header CRC (which covers the header and the
// section table), so that the reader gets past it to the check under test.
void patchHeaderField(std::string &image_bytes, uint64_t at, uint64_t value, int bytes);

// Data files: a float32 .npy of the given shape and values.
std::string npyBytes(const std::string &descr, const std::vector<int64_t> &shape,
                     const std::string &data);
std::string f32Bytes(const std::vector<float> &values);
std::string f64Bytes(const std::vector<double> &values);

} // namespace bnnc::test
