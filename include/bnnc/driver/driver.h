// The driver: what each `bnnc` subcommand does, as library functions. The tool's main only
// parses the command line, calls these and maps bnnc::Error to exit code 1 (UsageError to 2).
#pragma once

#include "bnnc/support/error.h"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace bnnc::driver {

struct CompileRequest {
  std::string model;                 // .onnx
  std::string output;                // chip image
  std::string arch;                  // architecture JSON; empty for the default
  std::string condition = "typical"; // a preset or a condition file (docs/programming.md)
  // A chip's fault map (CSV): the tiles' rows and columns are placed around its stuck devices,
  // using the architecture's spare columns (docs/device-model.md, "Fault-aware mapping").
  std::string fault_map;
  std::optional<int> input_bits;
  std::string input_range; // "LO,HI"
  std::string schedule;    // .csv or .json; empty for none
  std::string report;      // compile report JSON; empty for none
  std::string print_after; // pass name or "all"
  // --binarize: post-training binarization of a float model, activation thresholds calibrated
  // on --calibration-data (divided by --data-div).
  bool binarize = false;
  std::string calibration_data;
  double data_divisor = 1;
};

struct RunRequest {
  std::string model; // chip image, or .onnx for the reference interpreter
  std::string data;
  std::string labels;      // optional
  std::string outputs;     // .npy, optional: chip 0's outputs (the ideal chip's with `ideal`)
  std::string json;        // report, optional
  double data_divisor = 1; // every data value is divided by it (255 for 0..255 pixels)
  int threads = 1;
  // Device-accurate run of a chip image (docs/cli.md, "bnnc run"). Unset options take their
  // defaults; setting one with `ideal` or on an .onnx model is a usage error.
  std::optional<std::string> device; // preset, device model or condition file; default: the
                                     // image's condition (its preset, or the law's device)
  std::optional<int> chips;          // independent chip instances; default 1
  std::optional<uint64_t> seed;      // default 1
  std::optional<double> ber;         // inject this bit error rate instead of the device model
  std::optional<double> cycles, retention_s, temperature_k; // device::Environment
  std::optional<std::string> fault_map; // a measured chip's stuck devices (CSV), every chip
  bool ideal = false;                   // the ideal chip only
  // Multi-bit weights: run every chip again once per weight plane with only that plane's errors,
  // to measure each plane's accuracy impact (each plane's BER is reported without it).
  bool plane_impact = false;
  // Technology JSON file of the energy model (docs/energy.md); default: data/technology.json's
  // numbers, compiled in.
  std::optional<std::string> technology;
  bool progress = false; // report chip progress on `err` (the tool sets it for a terminal)
  // An ONNX model (e.g. the float model a --binarize image came from) run on the reference
  // interpreter over the same data: its accuracy is reported beside the chip's.
  std::string reference;
};

// A command line whose options do not go together (e.g. --chips with --ideal); the tool exits
// with code 2 instead of 1.
class UsageError : public Error {
public:
  using Error::Error;
};

// bnnc sweep (docs/cli.md, "bnnc sweep"; docs/dse.md): a model run over the points of a sweep
// description, one result row per point; or, with `merge`, result files joined into one.
struct SweepRequest {
  std::string model; // .onnx (compiled once per architecture) or chip image; empty with `merge`
  std::optional<std::string> models; // --model: the models to sweep, comma-separated
  std::string data, labels;
  double data_divisor = 1;
  std::optional<int64_t> samples; // only the first N samples
  std::optional<int> input_bits;  // compile options of an .onnx model, as for bnnc compile
  std::string input_range;
  std::string description; // sweep description JSON (docs/sweep-format.md); may be empty
  // Flags for the common case. Base values for every point:
  std::optional<std::string> arch, device;
  std::optional<std::string> technology; // as for bnnc run, for every point
  std::optional<int64_t> chips;
  std::optional<uint64_t> seed;
  // One grid axis each (after `models`), comma-separated values (`tiles` as ROWSxCOLS or N), and
  // NAME=V1,V2,...
  std::optional<std::string> tiles, conditions, cycles, retention_s, temperatures, bers;
  std::vector<std::string> params;
  std::vector<std::string> outputs; // .csv and/or .jsonl
  bool resume = false;              // skip the points the outputs already hold
  std::optional<std::string> shard; // "I/N": the points p with p mod N = I
  int threads = 1;
  std::vector<std::string> merge;  // result files to merge instead of running a model
  std::vector<std::string> pareto; // cost columns to print the Pareto front against accuracy
  std::optional<double> max_loss;  // accuracy points: the cheapest point within this loss
  std::string plots;               // directory for the SVG plots; empty for none
  bool terminal = false;           // stderr is a terminal: a progress bar instead of lines
};

struct InspectRequest {
  std::string path; // .onnx or chip image
  bool json = false;
};

// Each prints its human report on `out` and warnings on `err`, and throws bnnc::Error on bad
// input; on error no output file is left behind.
void compile(const CompileRequest &request, std::ostream &out, std::ostream &err);
void run(const RunRequest &request, std::ostream &out, std::ostream &err);
// Progress goes to `err`; result rows are written to the output files as points finish.
void sweep(const SweepRequest &request, std::ostream &out, std::ostream &err);
// Returns false when the inspected file has a problem (reported on `out`), for exit code 1.
bool inspect(const InspectRequest &request, std::ostream &out, std::ostream &err);

} // namespace bnnc::driver
