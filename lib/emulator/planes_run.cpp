// The planes engine's run (see planes.h): one sample at a time, layer by layer, position by
// position. The arithmetic is that of ir/program.h, with the sums of every weight row and input
// bit-plane kept apart so that a read flip corrects exactly the read it happened in.
#include "planes.h"

#include "bits.h"
#include "stages.h"

#include <algorithm>
#include <cstring>

namespace bnnc::emulator::detail {

namespace {

int64_t popcount(uint64_t v) { return __builtin_popcountll(v); }

void setBit(std::vector<uint64_t> &words, int64_t i) {
  words[size_t(i / 64)] |= uint64_t(1) << (i % 64);
}

class SampleRunner {
public:
  SampleRunner(const Plan &plan, const RunOptions &options, std::vector<ReadTally> &tally)
      : plan_(plan), options_(options), tally_(tally) {}

  // Sample s: its codes through every layer, its outputs into `out` (the last layer's size).
  void run(const uint64_t *encoded, int64_t s, float *out) {
    const ir::Program &prog = plan_.image->program;
    codes_.resize(size_t(ir::numel(prog.input.shape)));
    std::memcpy(codes_.data(), encoded, codes_.size() * 4);
    Rng rng(streamKey(options_.seed, {options_.chip_index, uint64_t(s)}));
    for (size_t l = 0; l < plan_.planes.size(); ++l) {
      const PlanesLayer &pl = plan_.planes[l];
      drawLayerFlips(l, rng);
      const uint64_t *w =
          options_.chip ? options_.chip->layers[l].weights.bits.data() : pl.ideal.data();
      bool last = l + 1 == plan_.planes.size();
      conv_.assign(size_t(pl.cout * pl.positions), 0);
      const Flip *f = flips_.data(), *end = f + flips_.size();
      for (int64_t p = 0; p < pl.positions; ++p) {
        gather(pl, p);
        rowSums(pl, w);
        for (; f != end && f->row == p; ++f)
          correct(pl, *f);
        for (int64_t c = 0; c < pl.cout; ++c)
          output(pl, c, p, preActivation(pl, c), out);
      }
      if (pl.layer->output == ir::Layer::Output::Affine)
        return; // the scores are in `out`
      pool(*pl.layer);
      if (last)
        toFloats(*pl.layer, out);
      std::swap(codes_, next_);
    }
  }

private:
  void drawLayerFlips(size_t l, Rng &rng) {
    flips_.clear();
    if (!options_.chip || options_.chip->layers[l].noise.empty())
      return;
    drawFlips(options_.chip->layers[l].noise, plan_.planes[l].planes, 0, rng, flips_, tally_[l]);
    // Flips come in (row, read) order; the positions want them by position.
    std::stable_sort(flips_.begin(), flips_.end(),
                     [](const Flip &a, const Flip &b) { return a.row < b.row; });
  }

  // The window at position p: its active inputs (mask) and the input's bit-planes q_b.
  void gather(const PlanesLayer &pl, int64_t p) {
    mask_.assign(size_t(pl.kwords), 0);
    q_.assign(size_t(pl.planes * pl.kwords), 0);
    const int32_t *win = &pl.window[size_t(p * pl.fan_in)];
    for (int64_t j = 0; j < pl.fan_in; ++j) {
      if (win[j] < 0)
        continue;
      setBit(mask_, j);
      uint32_t v = codes_[size_t(win[j])];
      for (int64_t b = 0; b < pl.planes; ++b)
        if ((v >> b) & 1)
          q_[size_t(b * pl.kwords + j / 64)] |= uint64_t(1) << (j % 64);
    }
    keff_ = 0;
    for (uint64_t m : mask_)
      keff_ += popcount(m);
  }

  // Per weight row r (and input plane b): a +-1 input's sum_j a_j d_j = Keff - 2 popcount((x XOR
  // w) AND mask); a bit-serial one's sum_j q_bj d_j = 2 popcount(q_b AND w) - popcount(q_b), and
  // A_r = sum_j d_j over the active inputs = 2 popcount(w AND mask) - Keff.
  void rowSums(const PlanesLayer &pl, const uint64_t *w) {
    sums_.assign(size_t(pl.rows * pl.planes), 0);
    asum_.assign(size_t(pl.rows), 0);
    bool serial = pl.layer->bit_serial_input;
    for (int64_t r = 0; r < pl.rows; ++r) {
      const uint64_t *row = w + r * pl.kwords;
      if (!serial) {
        int64_t diff = 0;
        for (int64_t k = 0; k < pl.kwords; ++k)
          diff += popcount((q_[size_t(k)] ^ row[k]) & mask_[size_t(k)]);
        sums_[size_t(r)] = keff_ - 2 * diff;
        continue;
      }
      for (int64_t b = 0; b < pl.planes; ++b) {
        const uint64_t *qb = &q_[size_t(b * pl.kwords)];
        int64_t both = 0, ones = 0;
        for (int64_t k = 0; k < pl.kwords; ++k)
          both += popcount(qb[k] & row[k]), ones += popcount(qb[k]);
        sums_[size_t(r * pl.planes + b)] = 2 * both - ones;
      }
      int64_t plus = 0;
      for (int64_t k = 0; k < pl.kwords; ++k)
        plus += popcount(row[k] & mask_[size_t(k)]);
      asum_[size_t(r)] = 2 * plus - keff_;
    }
  }

  // A flipped read of cell j of row r in input plane b reads -d instead of d (d = f.weight): a
  // cell in the padding changes nothing; else the row's sum changes by -2 d a_j (+-1 input) or
  // -2 d q_bj (bit-serial), and A, taken from plane 0's read, by -2 d.
  void correct(const PlanesLayer &pl, const Flip &f) {
    if (!testBit(mask_.data(), f.slot))
      return;
    if (!pl.layer->bit_serial_input) {
      int64_t a = testBit(q_.data(), f.slot) ? 1 : -1;
      sums_[size_t(f.neuron)] -= 2 * f.weight * a;
      return;
    }
    if (testBit(&q_[size_t(f.plane * pl.kwords)], f.slot))
      sums_[size_t(f.neuron * pl.planes + f.plane)] -= 2 * f.weight;
    if (f.plane == 0)
      asum_[size_t(f.neuron)] -= 2 * f.weight;
  }

  // pre of channel c from its planes' rows (ir/program.h).
  double preActivation(const PlanesLayer &pl, int64_t c) const {
    const ir::Layer &layer = *pl.layer;
    int64_t e = layer.offsetOf(c);
    if (!layer.bit_serial_input) {
      int64_t pre = 0, ones = 0;
      for (int i = 0; i < layer.weight_bits; ++i)
        pre += sums_[size_t(i * pl.cout + c)] * (int64_t(1) << i);
      for (int64_t k = 0; k < pl.kwords; ++k)
        ones += popcount(q_[size_t(k)] & mask_[size_t(k)]);
      return double(pre + e * (2 * ones - keff_));
    }
    int64_t s = 0, a = 0, qsum = 0;
    for (int i = 0; i < layer.weight_bits; ++i) {
      int64_t r = i * pl.cout + c;
      for (int64_t b = 0; b < pl.planes; ++b)
        s += sums_[size_t(r * pl.planes + b)] * (int64_t(1) << (i + b));
      a += asum_[size_t(r)] * (int64_t(1) << i);
    }
    for (int64_t b = 0; b < pl.planes; ++b)
      for (int64_t k = 0; k < pl.kwords; ++k)
        qsum += popcount(q_[size_t(b * pl.kwords + k)]) * (int64_t(1) << b);
    s += e * qsum;
    a += e * keff_;
    return pl.lo * double(a) + pl.step * double(s);
  }

  void output(const PlanesLayer &pl, int64_t c, int64_t p, double pre, float *scores) {
    const ir::Layer &layer = *pl.layer;
    if (layer.output == ir::Layer::Output::Affine) {
      scores[c * pl.positions + p] = float(layer.scale[size_t(c)] * pre + layer.offset[size_t(c)]);
      return;
    }
    uint32_t code = 0;
    if (layer.output_bits == 1) {
      code = layer.threshold[size_t(c)].eval(pre);
    } else {
      int64_t n = layer.levelCount();
      for (int64_t j = 0; j < n; ++j)
        code += layer.levels[size_t(c * n + j)].eval(pre);
    }
    conv_[size_t(c * pl.positions + p)] = code;
  }

  // Max pooling on the codes: per channel the largest (use_or) or the smallest, padded window
  // positions ignored; into next_ (the layer's output).
  void pool(const ir::Layer &layer) {
    if (!layer.pool.enabled) {
      next_ = conv_;
      return;
    }
    const ir::Pooling &pl = layer.pool;
    int64_t ih = layer.geom.oh, iw = layer.geom.ow;
    uint32_t top = layer.output_bits == 1 ? 1 : uint32_t(layer.levelCount());
    next_.clear();
    for (int64_t c = 0; c < layer.geom.cout; ++c)
      for (int64_t py = 0; py < pl.oh; ++py)
        for (int64_t px = 0; px < pl.ow; ++px) {
          bool use_max = pl.use_or[size_t(c)];
          uint32_t v = use_max ? 0 : top;
          for (int64_t ky = 0; ky < pl.kh; ++ky)
            for (int64_t kx = 0; kx < pl.kw; ++kx) {
              int64_t y = py * pl.sh - pl.pad_top + ky * pl.dh;
              int64_t x = px * pl.sw - pl.pad_left + kx * pl.dw;
              if (y < 0 || y >= ih || x < 0 || x >= iw)
                continue;
              uint32_t e = conv_[size_t((c * ih + y) * iw + x)];
              v = use_max ? std::max(v, e) : std::min(v, e);
            }
          next_.push_back(v);
        }
  }

  // A threshold last layer's outputs: +-1 for bits, output_lo + output_step * q for codes.
  void toFloats(const ir::Layer &layer, float *out) const {
    for (size_t i = 0; i < next_.size(); ++i)
      out[i] = layer.output_bits == 1
                   ? (next_[i] ? 1.0f : -1.0f)
                   : float(layer.output_lo + layer.output_step * double(next_[i]));
  }

  const Plan &plan_;
  const RunOptions &options_;
  std::vector<ReadTally> &tally_;
  std::vector<uint32_t> codes_, conv_, next_;
  std::vector<uint64_t> mask_, q_;
  std::vector<int64_t> sums_, asum_;
  int64_t keff_ = 0;
  std::vector<Flip> flips_;
};

} // namespace

void runPlanes(const Plan &plan, const EncodedInputs &inputs, const RunOptions &options,
               int64_t first, int64_t n, RunResult &result, std::vector<ReadTally> &tally) {
  SampleRunner runner(plan, options, tally);
  for (int64_t s = first; s < first + n; ++s) {
    float *out = &result.outputs[size_t(s * plan.out_size)];
    runner.run(&inputs.words[size_t(s * inputs.stride)], s, out);
    result.predictions[size_t(s)] = applyFinal(plan.image->program.final, out, plan.out_size, out);
  }
}

} // namespace bnnc::emulator::detail
