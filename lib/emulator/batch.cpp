// Batches of samples through the layers (see batch.h).
#include "batch.h"

#include "bnnc/emulator/detail/stages.h"
#include "codes.h"
#include "pool.h"

#include <algorithm>
#include <numeric>

namespace bnnc::emulator::detail {

BatchRunner::BatchRunner(const Plan &plan, const RunOptions &options, RunResult &result)
    : plan_(plan), options_(options), result_(result), tally_(plan.layers.size()) {}

void BatchRunner::run(const EncodedInputs &inputs, int64_t first, int64_t n) {
  // Sample s draws its read flips from its own stream, whichever batch and thread run it.
  rngs_.clear();
  for (int64_t s = first; s < first + n && options_.chip; ++s)
    rngs_.emplace_back(streamKey(options_.seed, {options_.chip_index, uint64_t(s)}));
  const uint64_t *src = &inputs.words[size_t(first * inputs.stride)];
  int64_t stride = inputs.stride;
  for (size_t l = 0; l < plan_.layers.size(); ++l) {
    const LayerPlan &lp = plan_.layers[l];
    act_[l % 2].resize(size_t(n * lp.out_words));
    runLayer(l, src, stride, n, act_[l % 2].data());
    src = act_[l % 2].data();
    stride = lp.out_words;
  }
  finish(src, stride, first, n);
}

void BatchRunner::drawLayerFlips(size_t l, int64_t n) {
  flips_.clear();
  if (!options_.chip || options_.chip->layers[l].noise.empty())
    return;
  const LayerPlan &lp = plan_.layers[l];
  for (int64_t s = 0; s < n; ++s)
    drawFlips(options_.chip->layers[l].noise, lp.planes, s * lp.positions, rngs_[size_t(s)], flips_,
              tally_[l]);
  // A sample's flips come in (noisy row, read) order; the blocks want them by batch row (as they
  // already are for a dense layer: one position, one row per sample). A stable counting sort by
  // batch row: linear in the flips, of which an aged chip draws millions per batch.
  auto by_row = [](const Flip &a, const Flip &b) { return a.row < b.row; };
  if (std::is_sorted(flips_.begin(), flips_.end(), by_row))
    return;
  row_starts_.assign(size_t(n * lp.positions + 1), 0);
  for (const Flip &f : flips_)
    ++row_starts_[size_t(f.row + 1)];
  std::partial_sum(row_starts_.begin(), row_starts_.end(), row_starts_.begin());
  sorted_.resize(flips_.size());
  for (const Flip &f : flips_)
    sorted_[size_t(row_starts_[size_t(f.row)]++)] = f;
  flips_.swap(sorted_);
}

void BatchRunner::runLayer(size_t l, const uint64_t *src, int64_t src_stride, int64_t n,
                           uint64_t *dst) {
  const LayerPlan &lp = plan_.layers[l];
  const ir::Layer &layer = *lp.layer;
  drawLayerFlips(l, n);
  LayerPass pass;
  pass.lp = &lp;
  pass.w = options_.chip ? &options_.chip->layers[l].weights : &lp.ideal;
  pass.kernels = plan_.kernels;
  pass.src = src, pass.src_stride = src_stride;
  if (layer.output == ir::Layer::Output::Threshold) {
    if (layer.pool.enabled)
      conv_.resize(size_t(n * lp.conv_words));
    pass.conv = layer.pool.enabled ? conv_.data() : dst;
    pass.conv_stride = lp.conv_words;
    if (lp.codes()) // the outputs write their channels' codes only
      std::fill(pass.conv, pass.conv + n * lp.conv_words, 0);
  } else {
    scores_.resize(size_t(n * plan_.out_size));
    pass.scores = scores_.data();
    pass.score_stride = plan_.out_size;
  }
  pass.flips = flips_.data(), pass.flips_end = flips_.data() + flips_.size();
  int64_t rows = n * lp.positions, block = blockRows(lp);
  for (int64_t m0 = 0; m0 < rows; m0 += block)
    runBlock(pass, m0, std::min(block, rows - m0), scratch_);
  for (int64_t s = 0; s < n && layer.pool.enabled; ++s) {
    const uint64_t *conv = &conv_[size_t(s * lp.conv_words)];
    if (lp.codes())
      poolCodes(layer, lp.code_unit, conv, dst + s * lp.out_words);
    else
      poolPixels(layer, lp.or_mask.data(), conv, dst + s * lp.out_words);
  }
}

// Bits of a threshold last layer leave the chip as +-1, codes as their values; then the final
// stage writes the sample's output (with ArgMax, its one value, the class index) and gives the
// prediction.
void BatchRunner::finish(const uint64_t *last, int64_t stride, int64_t first, int64_t n) {
  const LayerPlan &lp = plan_.layers.back();
  scores_.resize(size_t(n * plan_.out_size));
  for (int64_t s = 0; s < n; ++s) {
    float *scores = &scores_[size_t(s * plan_.out_size)];
    if (lp.codes())
      codesToFloats(*lp.layer, lp.out, lp.code_unit, last + s * stride, scores);
    else if (lp.layer->output == ir::Layer::Output::Threshold)
      bitsToFloats(lp.out, last + s * stride, scores);
    float *out = &result_.outputs[size_t((first + s) * result_.output_size)];
    result_.predictions[size_t(first + s)] =
        applyFinal(plan_.image->program.final, scores, plan_.out_size, out);
  }
}

int64_t autoBatch(const Plan &plan) {
  int64_t bytes = 0; // one sample's activations: the widest layer's input, output and pooling
  for (const LayerPlan &lp : plan.layers)
    bytes = std::max(bytes, 8 * (lp.in_words + lp.conv_words + lp.out_words));
  return std::clamp<int64_t>((int64_t(1) << 18) / std::max<int64_t>(bytes, 1), 1, 64);
}

} // namespace bnnc::emulator::detail
