// encodeInputs: every sample through the chip's input stage, packed as the first layer reads it:
// comparator bits (bit i of word i / 64, from the plan's table of the stage, input_table.h), or
// quantized values q (ir::InputStage::quantize, or the quantizer's levels counted by levels.h) as
// bytes (a Serial first layer) or 32-bit values (a Wide one), in element order, zero padded.
#include "bnnc/emulator/detail/stages.h"
#include "bnnc/support/parallel.h"
#include "codes.h"
#include "levels.h"
#include "plan.h"

#include <algorithm>
#include <cassert>

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
  int64_t unit = kind == detail::LayerPlan::Kind::Serial ? 1 : 4; // q < 2^bits <= 256, or 32-bit
  if (in.level_groups > 0) {
    detail::quantizeLevels(in, plan.levels, x, n, bytes, unit);
    return;
  }
  for (int64_t i = 0; i < n; ++i)
    detail::storeCode(bytes, unit, i, in.quantize(double(x[i]), i));
}

} // namespace

void sizeInputs(const Plan &plan, int64_t count, EncodedInputs &to) {
  to.count = count;
  to.stride = plan.in_stride;
  to.words.resize(size_t(count * to.stride)); // uninitialized: encodeRange writes every word
}

void encodeRange(const Plan &plan, const float *inputs, int64_t count, int64_t first,
                 EncodedInputs &to) {
  assert(to.stride == plan.in_stride && first >= 0 && first + count <= to.count);
  detail::LayerPlan::Kind kind = plan.layers[0].kind;
  for (int64_t s = 0; s < count; ++s) {
    uint64_t *out = &to.words[size_t((first + s) * to.stride)];
    std::fill(out, out + to.stride, uint64_t(0));
    encodeSample(plan, kind, inputs + s * plan.in_size, plan.in_size, out);
  }
}

EncodedInputs encodeInputs(const Plan &plan, const float *inputs, int64_t count, int threads) {
  EncodedInputs e;
  sizeInputs(plan, count, e);
  int64_t parts = std::clamp<int64_t>(threads, 1, std::max<int64_t>(count, 1));
  int64_t chunk = (count + parts - 1) / parts;
  runParallel(int(parts), [&](int t) {
    int64_t begin = std::min(count, t * chunk), end = std::min(count, (t + 1) * chunk);
    encodeRange(plan, inputs + begin * plan.in_size, end - begin, begin, e);
  });
  return e;
}

} // namespace bnnc::emulator
