// runChip: one sample at a time through the input stage, the layers (gather, tile popcounts,
// threshold or affine output, pooling) and the final stage; samples split over threads.
#include "bnnc/emulator/emulator.h"

#include "bnnc/device/virtual_chip.h"
#include "bnnc/support/parallel.h"
#include "kernels.h"
#include "plan.h"
#include "stages.h"

#include <algorithm>
#include <cassert>

namespace bnnc::emulator {

namespace {

using detail::LayerPlan;

struct ChipPlan {
  const ir::Program *program = nullptr;
  std::vector<LayerPlan> layers;
  int64_t in_size = 0, out_size = 0;    // out_size: the last layer's outputs (the scores)
  int64_t result_size = 0;              // the model's outputs per sample (1 after ArgMax)
  std::vector<detail::TileNoise> noise; // per image tile, for a virtual chip
  uint32_t held_cells = 0;              // held (telegraph) cells of the chip
  // Per layer and sample: used cells read, and how many of them read wrong without read noise
  // (every row read reads each used cell of the row once per input plane).
  std::vector<int64_t> cell_reads, static_wrong;
};

ChipPlan planChip(const image::ChipImage &image) {
  const ir::Program &prog = image.program;
  assert(!prog.layers.empty() && prog.layers.size() == image.mapping.layers.size());
  ChipPlan plan;
  plan.program = &prog;
  plan.in_size = ir::numel(prog.input.shape);
  int64_t size = plan.in_size;
  for (size_t i = 0; i < prog.layers.size(); ++i) {
    const ir::Layer &layer = prog.layers[i];
    // Each layer reads the previous one's output (C x H x W order), and only the first may be
    // bit-serial; an affine layer ends the chain.
    assert(layer.geom.cin * layer.geom.ih * layer.geom.iw == size);
    assert(layer.bit_serial_input ==
           (i == 0 && prog.input.kind == ir::InputStage::Kind::BitSerial));
    assert(layer.output == ir::Layer::Output::Threshold ||
           (i + 1 == prog.layers.size() && !layer.pool.enabled));
    plan.layers.push_back(detail::planLayer(image, int(i)));
    size = layer.outSize();
  }
  plan.result_size = prog.final == ir::Program::Final::ArgMax ? 1 : size;
  assert(prog.output_shape.empty() || ir::numel(prog.output_shape) == plan.result_size);
  if (prog.input.kind == ir::InputStage::Kind::BitSerial)
    assert(prog.input.bits >= 1 && prog.input.bits <= 31);
  else
    assert(int64_t(prog.input.compare.size()) == plan.in_size);
  plan.out_size = size;
  return plan;
}

// Points the layers at the virtual chip's sensed cells and read noise, and counts the reads
// each sample makes: positions x planes row reads of every used row of every tile.
void attachChip(ChipPlan &plan, const image::ChipImage &image, const device::VirtualChip *chip) {
  const std::vector<mapping::Tile> &tiles = image.mapping.tiles;
  if (chip) {
    assert(chip->tiles.size() == tiles.size());
    for (size_t i = 0; i < tiles.size(); ++i) {
      plan.noise.push_back(detail::buildTileNoise(tiles[i], chip->tiles[i],
                                                  image.mapping.wordsPerRow(), plan.held_cells));
      plan.held_cells += uint32_t(chip->tiles[i].held.size());
    }
  }
  for (LayerPlan &lp : plan.layers) {
    int64_t planes = lp.layer->bit_serial_input ? plan.program->input.bits : 1;
    int64_t cells = 0, wrong = 0;
    for (size_t t = 0; t < lp.tiles.size(); ++t) {
      size_t g = size_t(lp.tiles[t] - tiles.data()); // index of the tile in the image
      cells += lp.tiles[t]->rows * lp.tiles[t]->cols;
      if (!chip)
        continue;
      lp.words[t] = chip->tiles[g].sensed.data();
      const detail::TileNoise &noise = plan.noise[g];
      wrong += noise.static_errors;
      lp.noise[t] = noise.empty() ? nullptr : &noise;
      lp.noisy = lp.noisy || !noise.empty();
    }
    plan.cell_reads.push_back(lp.positions * planes * cells);
    plan.static_wrong.push_back(lp.positions * planes * wrong);
  }
}

// Runs samples one at a time; holds the scratch buffers and read tallies of one thread.
class SampleRunner {
public:
  SampleRunner(const ChipPlan &plan, const RunOptions &options)
      : plan_(plan), options_(options), tally_(plan.layers.size()), held_on_(plan.held_cells, 0) {}

  // Writes the model's outputs to `out` and returns the predicted class.
  int64_t run(int64_t sample, const float *in, float *out) {
    const ir::Program &prog = *plan_.program;
    // Sample s draws its read flips from its own stream, whichever thread runs it.
    rng_ = Rng(streamKey(options_.seed, {options_.chip_index, uint64_t(sample)}));
    drawHeldFlips();
    if (prog.input.kind == ir::InputStage::Kind::BitSerial) {
      q_.resize(size_t(plan_.in_size));
      for (int64_t i = 0; i < plan_.in_size; ++i)
        q_[size_t(i)] = prog.input.quantize(double(in[i]), i);
    } else {
      act_.resize(size_t((plan_.in_size + 63) / 64));
      detail::comparatorBits(prog.input, in, plan_.in_size, act_.data());
    }
    scores_.resize(size_t(plan_.out_size));
    for (size_t l = 0; l < plan_.layers.size(); ++l)
      runLayer(plan_.layers[l], tally_[l], scores_.data());
    const ir::Layer &last = *plan_.layers.back().layer;
    if (last.output == ir::Layer::Output::Threshold) // bits leave the chip as +-1
      for (int64_t i = 0; i < plan_.out_size; ++i)
        scores_[size_t(i)] = ((act_[size_t(i / 64)] >> (i % 64)) & 1) ? 1.0f : -1.0f;
    return detail::applyFinal(prog.final, scores_.data(), plan_.out_size, out);
  }

  const std::vector<detail::ReadTally> &tally() const { return tally_; }

private:
  // The telegraph state of this run: which held cells flip for all of its reads, drawn first
  // from the sample's stream, tile by tile.
  void drawHeldFlips() {
    for (uint32_t k : held_set_)
      held_on_[k] = 0;
    held_set_.clear();
    for (const detail::TileNoise &noise : plan_.noise)
      if (!noise.held.empty())
        detail::drawHeld(noise, rng_, held_on_.data(), held_set_);
  }

  // Pre-activations of every neuron at every position, then the layer's output: bits (pooled
  // and packed into act_ for the next layer) or affine scores written to `out`.
  void runLayer(const LayerPlan &lp, detail::ReadTally &tally, float *out) {
    const ir::Layer &layer = *lp.layer;
    const ir::InputStage &in = plan_.program->input;
    int bits = layer.bit_serial_input ? in.bits : 1;
    x_.resize(size_t(bits * lp.stride));
    acc_.resize(size_t(2 * lp.cout));
    pre_.resize(size_t(lp.cout));
    bits_.resize(size_t(lp.cout * lp.positions));
    scratch_.resize(size_t(lp.wpr));
    detail::NoisyReads reads{&rng_, scratch_.data(), &tally, held_on_.data()};
    for (int64_t pos = 0; pos < lp.positions; ++pos) {
      if (layer.bit_serial_input) {
        detail::gatherPlanes(lp, pos, q_.data(), bits, x_.data());
        if (lp.noisy)
          detail::bitSerialPreNoisy(lp, pos, x_.data(), bits, in.lo, in.step(), acc_.data(),
                                    pre_.data(), reads);
        else
          detail::bitSerialPre(lp, pos, x_.data(), bits, in.lo, in.step(), acc_.data(),
                               pre_.data());
      } else {
        detail::gatherBits(lp, pos, act_.data(), x_.data());
        if (lp.noisy)
          detail::binaryPreNoisy(lp, pos, x_.data(), acc_.data(), pre_.data(), reads);
        else
          detail::binaryPre(lp, pos, x_.data(), acc_.data(), pre_.data());
      }
      // Output element (c, pos) sits at c * positions + pos (C x H x W order).
      for (int64_t c = 0; c < lp.cout; ++c) {
        size_t o = size_t(c * lp.positions + pos);
        if (layer.output == ir::Layer::Output::Affine)
          out[o] = float(layer.scale[size_t(c)] * pre_[size_t(c)] + layer.offset[size_t(c)]);
        else
          bits_[o] = layer.threshold[size_t(c)].eval(pre_[size_t(c)]);
      }
    }
    if (layer.output == ir::Layer::Output::Affine)
      return;
    act_.assign(size_t((layer.outSize() + 63) / 64), 0);
    if (layer.pool.enabled)
      detail::poolBits(layer, bits_.data(), act_.data());
    else
      detail::packBits(bits_.data(), lp.cout * lp.positions, act_.data());
  }

  const ChipPlan &plan_;
  const RunOptions &options_;
  Rng rng_{0};
  std::vector<detail::ReadTally> tally_; // per layer
  std::vector<uint8_t> held_on_;         // per held cell of the chip: flipped this run
  std::vector<uint32_t> held_set_;       // the held cells flipped this run
  std::vector<uint32_t> q_;
  std::vector<uint64_t> act_, x_, scratch_;
  std::vector<int64_t> acc_;
  std::vector<double> pre_;
  std::vector<uint8_t> bits_;
  std::vector<float> scores_;
};

// Read counts of the run: the per-sample constants times the samples, plus the read flips.
std::vector<ReadCounts> countReads(const ChipPlan &plan, int64_t count,
                                   const std::vector<std::vector<detail::ReadTally>> &tallies) {
  std::vector<ReadCounts> reads(plan.layers.size());
  for (size_t l = 0; l < reads.size(); ++l) {
    reads[l].cell_reads = plan.cell_reads[l] * count;
    reads[l].wrong_reads = plan.static_wrong[l] * count;
    for (const std::vector<detail::ReadTally> &t : tallies) {
      reads[l].wrong_reads += t[l].wrong_delta;
      reads[l].read_flips += t[l].flips;
    }
  }
  return reads;
}

} // namespace

RunResult runChip(const image::ChipImage &image, const std::vector<float> &inputs, int64_t count,
                  const RunOptions &options) {
  ChipPlan plan = planChip(image);
  attachChip(plan, image, options.chip);
  assert(count >= 0 && int64_t(inputs.size()) == count * plan.in_size);
  RunResult result;
  result.samples = count;
  result.classes = plan.out_size;
  result.output_size = plan.result_size;
  result.outputs.assign(size_t(count * plan.result_size), 0.0f);
  result.predictions.assign(size_t(count), 0);
  // Contiguous chunks, one per thread; every sample is computed the same way whichever thread
  // runs it, so the results do not depend on the thread count.
  int64_t threads = std::clamp<int64_t>(options.threads, 1, std::max<int64_t>(count, 1));
  int64_t chunk = (count + threads - 1) / std::max<int64_t>(threads, 1);
  std::vector<std::vector<detail::ReadTally>> tallies(static_cast<size_t>(threads));
  auto work = [&](int64_t index, int64_t begin, int64_t end) {
    SampleRunner runner(plan, options);
    for (int64_t s = begin; s < end; ++s) {
      float *out = &result.outputs[size_t(s * plan.result_size)];
      result.predictions[size_t(s)] = runner.run(s, &inputs[size_t(s * plan.in_size)], out);
    }
    tallies[size_t(index)] = runner.tally();
  };
  runParallel(int(threads), [&](int t) {
    work(t, std::min(count, t * chunk), std::min(count, (t + 1) * chunk));
  });
  result.reads = countReads(plan, count, tallies);
  return result;
}

} // namespace bnnc::emulator
