// A sweep (docs/dse.md): models run over the points of a description, one result row per point.
// Everything that can fail on bad input is checked when the Sweep is made, before any point runs
// or any output is opened: every point of the sweep is resolved (so that every shard fails
// alike), every model it names is loaded, the architectures of the shard's points are mapped and
// the samples are checked against every model. Then each point runs on its image's bench
// (evaluate::Bench, made once per image), as bnnc run would with the same options.
#pragma once

#include "bnnc/energy/energy.h"
#include "bnnc/evaluate/samples.h"
#include "bnnc/passes/passes.h"
#include "bnnc/sweep/output.h"
#include "bnnc/sweep/points.h"
#include "bnnc/sweep/progress.h"

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

namespace bnnc::sweep {

struct Job {
  // The points; their "model" setting (in the base, or swept) names an .onnx model (compiled
  // once per architecture) or a chip image.
  Spec spec;
  passes::CompileOptions compile; // input_bits, input_lo, input_hi for an ONNX model's raw input
  evaluate::DataFiles data;
  std::optional<int64_t> samples;                              // only the first N samples
  energy::Technology technology = energy::defaultTechnology(); // for every point
  Shard shard;
  int threads = 1; // of each point; results do not depend on it
};

// True when the description names a model for every point (in its base, or on a grid axis).
bool setsModel(const Spec &spec);

class Sweep {
public:
  // Checks and prepares everything (see above); warnings go to `err`, one per line.
  Sweep(Job job, std::ostream &err);
  ~Sweep();
  const Plan &plan() const;
  const Shard &shard() const;
  int64_t shardSize() const; // the points of this shard
  // How this sweep's rows start (point, points, parameter values): to write them and to
  // recognise them in a file being resumed.
  const Layout &layout() const;
  std::string label(int64_t point) const; // "point 3 (ber=0.01)"
  // Runs one point: its row (point, points, the parameters, the results).
  json run(int64_t point);

private:
  struct State;
  std::unique_ptr<State> state_;
};

// Runs the shard's points that `outputs` does not hold yet, in point order, appending each row
// as it finishes and reporting it to `progress`.
void runInto(Sweep &sweep, Outputs &outputs, Progress &progress);

} // namespace bnnc::sweep
