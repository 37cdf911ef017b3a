// The chip emulator: runs a chip image exactly as mapped, on the ideal chip (every cell reads as
// the compiler stored it) or on a virtual chip (its sensed cells, whose risky cells flip at random
// at every row read; docs/emulator.md, "Virtual chips").
//
// Prepare once, run many (docs/emulator.md, "Prepare, bind, run"):
//   prepare(image)        the execution plan: index tables, packed weights, SIMD kernels
//   bind(plan, chip)      one virtual chip's packed weights and read-noise tables
//   encodeInputs(plan, x) the samples after the input stage, reusable by every chip
//   run(plan, x, options) a batch of samples on the ideal chip or on a bound chip
// Plans and bindings are immutable and may be shared by any number of threads and runs.
#pragma once

#include "bnnc/image/image.h"
#include "bnnc/support/uninitialized.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace bnnc::device {
struct VirtualChip;
}

namespace bnnc::emulator {

// The kernel sets, chosen by CPU feature at run time: Auto takes the best one the CPU supports.
enum class Simd : uint8_t { Auto = 0, Scalar = 1, Avx2 = 2, Avx512 = 3 };
bool simdSupported(Simd simd);   // Auto and Scalar always
const char *simdName(Simd simd); // "auto", "scalar", "avx2", "avx512"

struct Plan;        // lib/emulator/plan.h
struct ChipBinding; // lib/emulator/binding.h

// The plan of `image` for the kernel set `simd` (which must be supported; Auto resolves to the
// best one, unless the environment variable BNNC_SIMD names another supported set). The plan
// keeps pointers into the image: the image must outlive it.
std::shared_ptr<const Plan> prepare(const image::ChipImage &image, Simd simd = Simd::Auto);
Simd planSimd(const Plan &plan); // the kernel set the plan runs (never Auto)

// A virtual chip of the plan's image (one ProgrammedTile per image tile), packed for the plan's
// kernels. Does not keep a pointer to the chip.
std::shared_ptr<const ChipBinding> bind(const Plan &plan, const device::VirtualChip &chip);

struct RunOptions {
  int threads = 1; // samples are split over threads; results do not depend on the count
  // The bound chip to run, or null for the ideal chip. Row reads of a virtual chip draw their
  // read flips from the stream streamKey(seed, {chip_index, s}) of sample s (support/random.h),
  // so a run depends on (image, chip, seed, chip_index) only.
  const ChipBinding *chip = nullptr;
  uint64_t seed = 0;
  uint64_t chip_index = 0;
  int batch = 0; // samples per pass over a layer's weights, 0 = automatic; results do not
                 // depend on it
};

// Weight reads of one layer, summed over all samples of a run. A row read of a tile reads every
// used cell of the row (its used columns), once per input bit-plane.
struct ReadCounts {
  int64_t cell_reads = 0;  // used cells read
  int64_t wrong_reads = 0; // reads whose bit differs from the stored bit (static errors of the
                           // chip plus read flips; a flip of a statically wrong cell reads right)
  int64_t read_flips = 0;  // reads inverted by read noise
};

struct RunResult {
  int64_t samples = 0;
  int64_t classes = 0;     // the last layer's scores per sample
  int64_t output_size = 0; // elements of one output: classes, or 1 (the class index)
  // samples * output_size, the model's output tensor, and the argmax of the scores per sample
  // (first maximum on ties); each written by the thread that ran the sample, which first touches
  // its own part (the vectors grow without zero-filling).
  UninitializedVector<float> outputs;
  UninitializedVector<int64_t> predictions;
  std::vector<ReadCounts> reads; // per layer (the ideal chip reads no wrong bits)
};

// The samples after the chip's input stage (comparator bits or quantized values), packed as the
// first layer reads them: `stride` 64-bit words per sample. They depend on the program only, so
// one encoding serves every plan of the same program and every chip. The encoders write every
// word, padding included, on the threads that encode the samples.
struct EncodedInputs {
  int64_t count = 0;
  int64_t stride = 0;
  UninitializedVector<uint64_t> words;
};

// `inputs` holds `count` samples of numel(program.input.shape) float32 values each.
EncodedInputs encodeInputs(const Plan &plan, const float *inputs, int64_t count, int threads = 1);
// A data set encoded piece by piece, by several threads: sizeInputs makes room for `count`
// samples (their words not yet written), encodeRange writes samples [first, first + count)
// from `inputs` on the calling thread; threads encoding disjoint samples may run at once.
void sizeInputs(const Plan &plan, int64_t count, EncodedInputs &to);
void encodeRange(const Plan &plan, const float *inputs, int64_t count, int64_t first,
                 EncodedInputs &to);

RunResult run(const Plan &plan, const EncodedInputs &inputs, const RunOptions &options);
RunResult run(const Plan &plan, const float *inputs, int64_t count, const RunOptions &options);

} // namespace bnnc::emulator
