// run: samples split over threads, each thread running its share batch by batch; the read
// counts are the per-sample constants times the samples, plus the flips the threads drew.
#include "batch.h"

#include "bnnc/support/parallel.h"

#include <algorithm>
#include <cassert>

namespace bnnc::emulator {

namespace {

std::vector<ReadCounts> countReads(const Plan &plan, const RunOptions &options, int64_t count,
                                   const std::vector<std::vector<detail::ReadTally>> &tallies) {
  std::vector<ReadCounts> reads(plan.image->program.layers.size());
  for (size_t l = 0; l < reads.size(); ++l) {
    reads[l].cell_reads = plan.layers[l].cell_reads * count;
    if (!options.chip)
      continue;
    const detail::LayerBinding &b = options.chip->layers[l];
    reads[l].wrong_reads = (b.static_wrong + b.certain_delta) * count;
    reads[l].read_flips = b.certain_flips * count;
    for (const std::vector<detail::ReadTally> &t : tallies) {
      reads[l].wrong_reads += t[l].wrong_delta;
      reads[l].read_flips += t[l].flips;
    }
  }
  return reads;
}

} // namespace

RunResult run(const Plan &plan, const EncodedInputs &inputs, const RunOptions &options) {
  int64_t count = inputs.count;
  assert(inputs.stride == plan.in_stride && int64_t(inputs.words.size()) == count * inputs.stride);
  assert(!options.chip || options.chip->layers.size() == plan.layers.size());
  RunResult result;
  result.samples = count;
  result.classes = plan.out_size;
  result.output_size = plan.image->program.final == ir::Program::Final::ArgMax ? 1 : plan.out_size;
  // Left uninitialized here: each thread first touches the part it writes.
  result.outputs.resize(size_t(count * result.output_size));
  result.predictions.resize(size_t(count));
  // Contiguous chunks, one per thread, run in batches; every sample is computed the same way
  // whichever thread and batch run it, so the results depend on neither.
  int64_t threads = std::clamp<int64_t>(options.threads, 1, std::max<int64_t>(count, 1));
  int64_t chunk = (count + threads - 1) / threads;
  int64_t batch = options.batch > 0 ? options.batch : detail::autoBatch(plan);
  std::vector<std::vector<detail::ReadTally>> tallies(static_cast<size_t>(threads));
  runParallel(int(threads), [&](int t) {
    int64_t begin = std::min(count, t * chunk), end = std::min(count, (t + 1) * chunk);
    detail::BatchRunner runner(plan, options, result);
    for (int64_t s = begin; s < end; s += batch)
      runner.run(inputs, s, std::min(batch, end - s));
    tallies[size_t(t)] = runner.tallies();
  });
  result.reads = countReads(plan, options, count, tallies);
  return result;
}

RunResult run(const Plan &plan, const float *inputs, int64_t count, const RunOptions &options) {
  return run(plan, encodeInputs(plan, inputs, count, options.threads), options);
}

} // namespace bnnc::emulator
