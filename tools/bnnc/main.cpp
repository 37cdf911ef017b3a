// bnnc: the command-line front end. Parses, calls the driver, maps errors to exit codes:
// 0 ok, 1 input or compile error, 2 usage (CLI11 parse errors and driver::UsageError).
#include "bnnc/driver/driver.h"
#include "bnnc/driver/learn.h"
#include "bnnc/support/error.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <new>
#include <unistd.h>

namespace {

void addCompile(CLI::App &app, bnnc::driver::CompileRequest &r) {
  CLI::App *c = app.add_subcommand("compile", "compile an ONNX model into a chip image");
  c->add_option("model", r.model, "ONNX model (.onnx)")->required();
  c->add_option("-o,--output", r.output, "chip image to write")->required();
  c->add_option("--arch", r.arch, "architecture JSON file (default: the built-in default)");
  c->add_option("--condition", r.condition,
                "programming condition: a preset (typical, endurance, low-energy) or a "
                "condition file (JSON)")
      ->capture_default_str();
  c->add_option("--fault-map", r.fault_map,
                "a chip's stuck devices (CSV): place the weights around them, using the "
                "architecture's spare columns");
  c->add_option("--input-bits", r.input_bits, "bits of a raw (not binarized) model input")
      ->check(CLI::Range(1, 16));
  c->add_option("--input-range", r.input_range,
                "LO,HI range of a raw input: x = LO + q*(HI-LO)/(2^N-1)");
  c->add_option("--schedule", r.schedule, "write the device programming schedule (.csv or .json)");
  c->add_option("--report", r.report, "write the compile report as JSON");
  c->add_option("--print-after", r.print_after, "print the IR after a pass (a pass name or 'all')");
  c->add_flag("--binarize", r.binarize,
              "binarize a float model: weights to alpha_c * sign(W), activations at thresholds "
              "calibrated on --calibration-data");
  c->add_option("--calibration-data", r.calibration_data,
                "samples to calibrate --binarize's activation thresholds on (.npy, IDX or .csv)");
  c->add_option("--data-div", r.data_divisor,
                "divide every calibration value by this (255 for 0..255 pixels)");
}

// A single value where bnnc sweep takes a list: says so instead of CLI11's "Could not convert".
const CLI::Validator kSingleValue(
    [](std::string &text) {
      return text.find(',') == std::string::npos
                 ? ""
                 : "takes one value, got '" + text + "' (bnnc sweep takes lists of values)";
    },
    "VALUE");

// Rejects a minus sign before CLI11 converts the text to an unsigned integer.
const CLI::Validator kNonNegative(
    [](std::string &text) {
      return text.find('-') == std::string::npos ? ""
                                                 : "must be a non-negative integer, got " + text;
    },
    "UINT");

void addRun(CLI::App &app, bnnc::driver::RunRequest &r) {
  CLI::App *c = app.add_subcommand(
      "run", "run a chip image on virtual chips with device errors (and the ideal chip), or an "
             "ONNX model on the reference interpreter");
  c->add_option("model", r.model, "chip image, or .onnx model")->required();
  c->add_option("--data", r.data, "input samples (.npy, IDX -ubyte[.gz] or .csv)")->required();
  c->add_option("--labels", r.labels, "class labels, to report accuracy");
  c->add_option("--outputs", r.outputs,
                "write the outputs of chip 0 (the ideal chip's with --ideal) as float32 .npy, "
                "N x classes");
  c->add_option("--json", r.json, "write the run report as JSON");
  c->add_option(
      "--data-div", r.data_divisor,
      "divide every data value by this (255 for 0..255 pixels of a model trained on [0, 1])");
  c->add_option("--threads", r.threads, "worker threads (results do not depend on it)")
      ->capture_default_str();
  c->add_option("--device", r.device,
                "device model: a preset (typical, endurance, low-energy), a device model or "
                "condition file (default: the device of the image's programming condition)");
  c->add_option("--chips", r.chips, "independent chip instances to program and run (default 1)");
  c->add_option("--seed", r.seed, "random seed of programming and reads (default 1)")
      ->check(kNonNegative); // CLI11 would wrap -1 around to 2^64 - 1
  c->add_option("--ber", r.ber,
                "inject this weight bit error rate into each chip instead of the device model")
      ->check(kSingleValue);
  c->add_option("--cycles", r.cycles, "programming cycles the devices have seen (default 0)")
      ->check(kSingleValue);
  c->add_option("--retention-time", r.retention_s, "seconds since programming (default 0)")
      ->check(kSingleValue);
  c->add_option("--temperature", r.temperature_k, "temperature in kelvin (default 300)")
      ->check(kSingleValue);
  c->add_option("--fault-map", r.fault_map,
                "a measured chip's stuck devices (CSV), on every chip instead of random faults")
      ->check(kSingleValue);
  c->add_flag("--ideal", r.ideal, "run the ideal chip only (outputs bit-exact with the model)");
  c->add_flag("--plane-impact", r.plane_impact,
              "multi-bit weights: run each chip again once per weight plane with only that "
              "plane's errors, to report each plane's accuracy impact");
  c->add_option("--technology", r.technology,
                "technology JSON file of the energy model (default: data/technology.json)");
  c->add_option("--reference", r.reference,
                "an ONNX model (e.g. the float model of a --binarize image) run on the same data: "
                "its accuracy is reported beside the chip's");
}

// The model and its data, and what is swept (docs/cli.md, "bnnc sweep"; docs/sweep-format.md).
void addSweepPoints(CLI::App *c, bnnc::driver::SweepRequest &r) {
  c->add_option("model", r.model, "ONNX model (compiled once per architecture) or chip image");
  c->add_option("--model", r.models, "models to sweep instead of one: PATH,... (.onnx or images)");
  c->add_option("--data", r.data, "input samples (.npy, IDX -ubyte[.gz] or .csv)");
  c->add_option("--labels", r.labels, "class labels, to report accuracies");
  c->add_option("--data-div", r.data_divisor, "divide every data value by this");
  c->add_option("--samples", r.samples, "use only the first N samples");
  c->add_option("--input-bits", r.input_bits, "bits of a raw model input (as bnnc compile)")
      ->check(CLI::Range(1, 16));
  c->add_option("--input-range", r.input_range, "LO,HI range of a raw input (as bnnc compile)");
  c->add_option("--sweep", r.description, "sweep description JSON (docs/sweep-format.md)");
  c->add_option("--arch", r.arch, "base architecture JSON file");
  c->add_option("--device", r.device,
                "base device model: a preset or a JSON file (default: "
                "the preset of each point's programming condition)");
  c->add_option("--technology", r.technology,
                "technology JSON file of the energy model (default: data/technology.json)");
  c->add_option("--chips", r.chips, "chips per point (default 1)");
  c->add_option("--seed", r.seed, "base random seed of every point (default 1)")
      ->check(kNonNegative);
  c->add_option("--tile", r.tiles, "tile sizes to sweep: ROWSxCOLS,... (or N,... for square)");
  c->add_option("--condition", r.conditions, "programming conditions to sweep: NAME,...");
  c->add_option("--cycles", r.cycles, "device ages to sweep, in programming cycles: C,...");
  c->add_option("--retention-time", r.retention_s, "retention times to sweep, in s: T,...");
  c->add_option("--temperature", r.temperatures, "temperatures to sweep, in K: K,...");
  c->add_option("--ber", r.bers, "injected weight bit error rates to sweep: P,...");
  c->add_option("--param", r.params, "any parameter to sweep: NAME=V1,V2,... (repeatable)");
}

void addSweep(CLI::App &app, bnnc::driver::SweepRequest &r) {
  CLI::App *c = app.add_subcommand(
      "sweep", "run a model over a grid of architectures, programming conditions, device "
               "parameters and error rates (one result row per point), or merge result files");
  addSweepPoints(c, r);
  c->add_option("-o,--output", r.outputs, "results: .csv and/or .jsonl (repeatable)");
  c->add_flag("--resume", r.resume, "skip the points the outputs already hold");
  c->add_option("--shard", r.shard,
                "run only shard I of N (I counts from 0): the points p "
                "with p mod N = I");
  c->add_option("--threads", r.threads, "worker threads per point (results do not depend on it)")
      ->capture_default_str();
  c->add_option("--merge", r.merge,
                "join these result files (of the shards of one sweep) "
                "instead of running a model")
      ->expected(1, -1);
  c->add_option("--pareto", r.pareto,
                "print the Pareto front of this cost against accuracy: energy, "
                "programming-energy, latency, programming-time, cells, tiles (repeatable)");
  c->add_option("--max-loss", r.max_loss,
                "with --pareto: also name the cheapest point within this many accuracy points "
                "of the ideal chip");
  c->add_option("--plots", r.plots, "write SVG plots (accuracy against BER, Pareto fronts) here");
}

// bnnc learn (docs/cli.md, "bnnc learn"; docs/learning.md).
void addLearn(CLI::App &app, bnnc::driver::LearnRequest &r) {
  CLI::App *c = app.add_subcommand(
      "learn", "learn a Bayesian model in a virtual RRAM array by Metropolis-Hastings on the "
               "devices' own randomness; write the posterior as an image for bnnc run");
  c->add_option("data", r.data,
                "training data: a CSV whose last column is the label, or features with --labels")
      ->required();
  c->add_option("-o,--output", r.output, "posterior image to write")->required();
  c->add_option("--labels", r.labels, "class labels of DATA (.npy, IDX or .csv)");
  c->add_option("--test-data", r.test_data, "a given held-out set (else a part of DATA)");
  c->add_option("--test-labels", r.test_labels, "the labels of --test-data");
  c->add_option("--test-fraction", r.test_fraction,
                "fraction of DATA held out for testing (default 0.2)");
  c->add_option("--split-seed", r.split_seed, "seed of the held-out split (default 1)")
      ->check(kNonNegative);
  c->add_option("--write-test", r.write_test, "write the held-out set as CSV (label last)");
  c->add_option("--model", r.model, "model: logistic, mlp (8 tanh units) or a JSON file")
      ->capture_default_str();
  c->add_option("--device", r.device,
                "device model: a preset (typical, endurance, low-energy) or a JSON file")
      ->capture_default_str();
  c->add_option("--cycles", r.cycles, "programming cycles the devices have seen (default 0)");
  c->add_option("--array", r.array, "array of single devices, ROWSxCOLS")->capture_default_str();
  c->add_option("--steps", r.steps, "proposals of the chain, burn-in included")
      ->capture_default_str();
  c->add_option("--burn-in", r.burn_in, "proposals before models are kept")->capture_default_str();
  c->add_option("--samples", r.samples, "models to keep at most (default: as many as fit)");
  c->add_option("--prior-sd", r.prior_sd, "standard deviation of the Gaussian prior")
      ->capture_default_str();
  c->add_option("--seed", r.seed, "seed of the array's devices and of the chain")
      ->check(kNonNegative)
      ->capture_default_str();
  c->add_option("--threads", r.threads, "worker threads (results do not depend on it)")
      ->capture_default_str();
  c->add_option("--constants", r.constants,
                "learning constants JSON (default: data/learning.json)");
  c->add_option("--json", r.json, "write the learning report as JSON");
  c->add_flag("--cpu-reference", r.cpu_reference,
              "also time the same chain in floating point on this CPU");
}

void addInspect(CLI::App &app, bnnc::driver::InspectRequest &r) {
  CLI::App *c = app.add_subcommand(
      "inspect", "show what bnnc does with each node of an ONNX model, or what an image holds");
  c->add_option("file", r.path, "ONNX model or chip image")->required();
  c->add_flag("--json", r.json, "print JSON");
}

// The edit distance of two short words, to suggest the command a typo meant.
size_t distance(const std::string &a, const std::string &b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// A first word that is neither an option nor a command is a usage error naming it (CLI11 would
// only say that a subcommand is required); `bnnc help [COMMAND]` is `--help`.
int checkCommand(int argc, char **argv, CLI::App &app) {
  if (argc < 2 || argv[1][0] == '-')
    return -1;
  std::string word = argv[1];
  if (word == "help") {
    for (CLI::App *sub : app.get_subcommands({}))
      if (argc > 2 && sub->get_name() == argv[2]) {
        std::cout << sub->help();
        return 0;
      }
    std::cout << app.help();
    return 0;
  }
  std::string best, names;
  for (const CLI::App *sub : app.get_subcommands({})) {
    const std::string &c = sub->get_name();
    if (word == c)
      return -1;
    names += std::string(names.empty() ? "" : ", ") + c;
    if (distance(word, c) <= 2 && best.empty())
      best = c;
  }
  std::cerr << "bnnc: error: unknown command '" << word << "' (commands: " << names << ")"
            << (best.empty() ? "" : "; did you mean '" + best + "'?") << "\n";
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"bnnc: compile binarized neural networks for 2T2R RRAM in-memory chips, and "
               "emulate the chips"};
  app.name("bnnc");
  app.require_subcommand(1);
  app.set_version_flag("--version", "bnnc " BNNC_VERSION);
  bnnc::driver::CompileRequest compile;
  bnnc::driver::RunRequest run;
  bnnc::driver::InspectRequest inspect;
  addCompile(app, compile);
  addRun(app, run);
  run.progress = isatty(STDERR_FILENO); // chip progress only for a person watching
  bnnc::driver::SweepRequest sweep;
  addSweep(app, sweep);
  sweep.terminal = isatty(STDERR_FILENO); // a progress bar for a person, lines for a log
  addInspect(app, inspect);
  bnnc::driver::LearnRequest learn;
  addLearn(app, learn);
  learn.progress = isatty(STDERR_FILENO);
  if (int code = checkCommand(argc, argv, app); code >= 0)
    return code;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    if (app.got_subcommand("compile"))
      bnnc::driver::compile(compile, std::cout, std::cerr);
    else if (app.got_subcommand("run"))
      bnnc::driver::run(run, std::cout, std::cerr);
    else if (app.got_subcommand("sweep"))
      bnnc::driver::sweep(sweep, std::cout, std::cerr);
    else if (app.got_subcommand("learn"))
      bnnc::driver::learn(learn, std::cout, std::cerr);
    else if (!bnnc::driver::inspect(inspect, std::cout, std::cerr))
      return 1;
  } catch (const bnnc::driver::UsageError &e) {
    std::cerr << e.what() << "\n";
    return 2;
  } catch (const bnnc::Error &e) {
    std::cerr << e.what() << "\n";
    return 1;
  } catch (const std::bad_alloc &) {
    // Where bnnc knows the file (compiling a model), it says so; anywhere else, this. Outputs
    // are written through temporary files, so nothing half-written is left.
    std::cerr << "bnnc: error: out of memory\n";
    return 1;
  }
  return 0;
}
