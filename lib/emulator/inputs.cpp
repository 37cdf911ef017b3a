// encodeInputs: every sample through the chip's input stage, packed as the first layer reads it:
// comparator bits (bit i of word i / 64, from the plan's table of the stage, input_table.h), or
// quantized values q (ir::InputStage::quantize) as bytes (a Serial first layer) or 32-bit values (a
// Wide one), in element order, zero padded; for the planes engine (a multi-bit program) a 32-bit
// code per element (planes.h).
#include "bnnc/emulator/detail/stages.h"
#include "bnnc/support/parallel.h"
#include "plan.h"
#include "planes.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace bnnc::emulator {

namespace {

void encodeSample(const Plan &plan, detail::LayerPlan::Kind kind, const float *x, int64_t n,
                  uint64_t *out) {
  const ir::InputStage &in = plan.image->program.input;
  if (kind == detail::LayerPlan::Kind::Binary) {
    const detail::ComparatorTable &c = plan.comparators;
    plan.kernels->compare(x, c.sign.data(), c.t.data(), c.nan.data(), n, out);
    return;
  }
  auto *bytes = reinterpret_cast<unsigned char *>(out);
  for (int64_t i = 0; i < n; ++i) {
    uint32_t q = in.quantize(double(x[i]), i);
    if (kind == detail::LayerPlan::Kind::Serial)
      bytes[i] = static_cast<unsigned char>(q); // q < 2^bits <= 256
    else
      std::memcpy(bytes + 4 * i, &q, 4);
  }
}

} // namespace

void encodeInputs(const Plan &plan, const float *inputs, int64_t count, EncodedInputs &to,
                  int threads) {
  assert(to.count == 0 || to.stride == plan.in_stride);
  int64_t first = to.count;
  to.stride = plan.in_stride;
  to.count += count;
  to.words.resize(size_t(to.count * to.stride)); // uninitialized: each thread writes its samples
  bool planes = !plan.planes.empty();
  detail::LayerPlan::Kind kind = planes ? detail::LayerPlan::Kind::Binary : plan.layers[0].kind;
  int64_t parts = std::clamp<int64_t>(threads, 1, std::max<int64_t>(count, 1));
  int64_t chunk = (count + parts - 1) / parts;
  runParallel(int(parts), [&](int t) {
    for (int64_t s = t * chunk; s < std::min(count, (t + 1) * chunk); ++s) {
      uint64_t *out = &to.words[size_t((first + s) * to.stride)];
      std::fill(out, out + to.stride, uint64_t(0));
      if (planes)
        detail::encodePlanesSample(plan.image->program.input, inputs + s * plan.in_size,
                                   plan.in_size, out);
      else
        encodeSample(plan, kind, inputs + s * plan.in_size, plan.in_size, out);
    }
  });
}

void reserveInputs(const Plan &plan, int64_t count, EncodedInputs &to) {
  to.words.reserve(size_t(count * plan.in_stride));
}

EncodedInputs encodeInputs(const Plan &plan, const float *inputs, int64_t count, int threads) {
  EncodedInputs e;
  encodeInputs(plan, inputs, count, e, threads);
  return e;
}

} // namespace bnnc::emulator
