// Paths that do not exist or cannot be written, and hostile JSON configuration files. Whatever
// fails, no output file (nor its temporary file) is left behind, even when an earlier output of
// the same command was already complete.
#include "malformed/malformed_util.h"

#include <filesystem>
#include <functional>
#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

const std::string kNoFile = ": error: cannot open file: No such file or directory";

TEST(MalformedPaths, InputsThatDoNotExist) {
  TempDir tmp;
  std::string model = writeSmallModel(tmp), image = writeSmallImage(tmp);
  std::string ghost = tmp.path("ghost"), out = tmp.path("o.bnn");
  expectFailure({"compile", ghost + ".onnx", "-o", out}, 1, ghost + ".onnx" + kNoFile, {out});
  expectFailure({"compile", model, "-o", out, "--arch", ghost + ".json"}, 1,
                ghost + ".json" + kNoFile, {out});
  expectFailure({"run", ghost + ".bnn", "--data", ghost + ".npy"}, 1, ghost + ".bnn" + kNoFile);
  expectFailure({"run", image, "--data", ghost + ".npy"}, 1, ghost + ".npy" + kNoFile);
  std::string data = tmp.path("x.npy");
  saveBytes(data, npyBytes("<f4", {1, 4}, f32Bytes({1, 2, 3, 4})));
  expectFailure({"run", image, "--data", data, "--labels", ghost + ".npy"}, 1,
                ghost + ".npy" + kNoFile);
  expectFailure({"run", image, "--data", data, "--device", ghost + ".json"}, 1,
                ghost + ".json" + kNoFile);
  expectFailure({"inspect", ghost + ".onnx"}, 1, ghost + ".onnx" + kNoFile);
  expectFailure({"inspect", ghost + ".bnn"}, 1, ghost + ".bnn" + kNoFile);
  // A directory where a file is expected.
  std::filesystem::create_directory(tmp.path("dir.onnx"));
  expectFailure({"compile", tmp.path("dir.onnx"), "-o", out}, 1,
                tmp.path("dir.onnx") + ": error: cannot read file: Is a directory", {out});
  expectFailure({"run", image, "--data", tmp.path("dir.onnx")}, 1,
                tmp.path("dir.onnx") + ": error: cannot read file: Is a directory");
}

TEST(MalformedPaths, OutputsThatCannotBeWritten) {
  TempDir tmp;
  std::string model = writeSmallModel(tmp), image = tmp.path("o.bnn");
  std::string missing = tmp.path("no/such/dir/o.bnn");
  expectFailure({"compile", model, "-o", missing}, 1,
                missing + ": error: cannot write file: No such file or directory", {});
  // The image is written first; the report cannot be: the image is removed again.
  std::string report = tmp.path("no/dir/r.json");
  expectFailure({"compile", model, "-o", image, "--report", report}, 1,
                report + ": error: cannot write file: No such file or directory", {image});
  // A directory in the way of the output.
  std::filesystem::create_directory(tmp.path("taken"));
  expectFailure({"compile", model, "-o", tmp.path("taken")}, 1,
                tmp.path("taken") + ": error: cannot write file: Is a directory", {});
  EXPECT_TRUE(std::filesystem::is_directory(tmp.path("taken")));
  // run: outputs in a missing directory.
  std::string chip = writeSmallImage(tmp, "chip.bnn"), data = tmp.path("x.npy");
  saveBytes(data, npyBytes("<f4", {1, 4}, f32Bytes({1, 2, 3, 4})));
  std::string json = tmp.path("r.json"), outputs = tmp.path("none/o.npy");
  expectFailure({"run", chip, "--data", data, "--json", json, "--outputs", outputs}, 1,
                outputs + ": error: cannot write file: No such file or directory", {json});
}

TEST(MalformedPaths, ArchitectureJson) {
  TempDir tmp;
  std::string model = writeSmallModel(tmp), out = tmp.path("o.bnn"), arch = tmp.path("a.json");
  auto expectArch = [&](const std::string &text, const std::string &message) {
    saveBytes(arch, text);
    expectFailure({"compile", model, "-o", out, "--arch", arch}, 1, arch + message, {out});
  };
  expectArch("{\"tile_rows\": 64,\n \"tile_cols\": }",
             ": line 2, column 15: error: syntax error while parsing value - unexpected '}'; "
             "expected '[', '{', or a literal");
  expectArch("", ": line 1, column 1: error: syntax error while parsing value - unexpected end "
                 "of input; expected '[', '{', or a literal");
  expectArch("[1, 2]", ": top level: error: must be a JSON object, got an array");
  expectArch("{\"tile_rows\": 64, \"tile_rows\": 32}", ": /tile_rows: error: duplicate key");
  expectArch("{\"rows\": 64}",
             ": /rows: error: unknown key (known: name, tile_rows, tile_cols, popcount_bits, "
             "tiles, clock_mhz, spare_cols)");
  expectArch("{\"tile_cols\": \"128\"}",
             ": /tile_cols: error: must be a positive integer, got \"128\"");
  expectArch("{\"tiles\": 1e400}", ": error: number overflow parsing '1e400'");
  expectArch("{\"tile_rows\": 99999999999999999999}",
             ": /tile_rows: error: must be a positive integer, got 1e+20");
  expectArch("{\"clock_mhz\": -1}", ": /clock_mhz: error: must be a positive number, got -1");
  expectArch("{\"name\": \"\\ud800\"}",
             ": line 1, column 17: error: syntax error while parsing value - invalid string: "
             "surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF; last read: "
             "'\"\\ud800\"'");
  expectArch("{\"a\\nb\": 1}",
             ": \"/a\\nb\": error: unknown key (known: name, tile_rows, tile_cols, popcount_bits, "
             "tiles, clock_mhz, spare_cols)");
  expectArch("{\"tile_cols\": 4096, \"popcount_bits\": 8}",
             ": /popcount_bits: error: 2^8 - 1 = 255 cannot hold tile_cols = 4096; at least 13 "
             "bits are needed");
  // A valid architecture too small for the model: the limit is the chip's tile count.
  saveBytes(arch, "{\"name\": \"tiny\", \"tile_rows\": 1, \"tile_cols\": 4, \"popcount_bits\": 3, "
                  "\"tiles\": 1}");
  expectFailure({"compile", model, "-o", out, "--arch", arch}, 1,
                model + ": error: the model needs 2 tiles, the architecture 'tiny' has 1 (layer "
                        "'fc' needs 2 of 1x4)",
                {out});
  // Deep nesting is a value error, not a stack overflow.
  expectArch("{\"tiles\": " + std::string(100000, '[') + std::string(100000, ']') + "}",
             ": /tiles: error: must be a positive integer, got an array");
}

// What every JSON input shares (lib/support/json_input.cpp): a number beyond double, a key
// holding a newline and 100,000-deep nesting each give one line, never an abort or a stack
// overflow. `expect(text, message)` runs the command on a file holding `text`.
void expectHostileJson(const std::function<void(const std::string &, const std::string &)> &expect,
                       const std::string &name_error, const std::string &known) {
  expect("{\"name\": \"x\", \"a\\nb\": 1}",
         ": \"/a\\nb\": error: unknown key (known: " + known + ")");
  expect("{\"name\": " + std::string(100000, '[') + std::string(100000, ']') + "}", name_error);
  expect("{\"name\": \"x\", \"n\": 1e400}", ": error: number overflow parsing '1e400'");
  expect("{\"name\": \"x\", \"name\": \"y\"}", ": /name: error: duplicate key");
}

TEST(MalformedPaths, DeviceJson) {
  TempDir tmp;
  std::string image = writeSmallImage(tmp), data = tmp.path("x.npy"), dev = tmp.path("d.json");
  saveBytes(data, npyBytes("<f4", {1, 4}, f32Bytes({1, 2, 3, 4})));
  auto expect = [&](const std::string &text, const std::string &message) {
    saveBytes(dev, text);
    expectFailure({"run", image, "--data", data, "--device", dev}, 1, dev + message);
  };
  expect("{\"name\": \"mine\", \"lrs\": {\"median_ohm\": -3}}",
         ": /lrs/median_ohm: error: must be a positive number, got -3");
  expect("{\"name\": \"x\", \"lrs\": {\"median_ohm\": 1e400}}",
         ": error: number overflow parsing '1e400'");
  expectHostileJson(expect, ": /name: error: must be a string, got an array",
                    "name, description, base, condition, cell, lrs, hrs, measured, read_sigma, "
                    "telegraph, sense_offset_sigma, series_ohm, reference, ecc, verify, "
                    "program_failure_rate, ageing, retention, temperature, faults");
}

TEST(MalformedPaths, TechnologyJson) {
  TempDir tmp;
  std::string image = writeSmallImage(tmp), data = tmp.path("x.npy"), tech = tmp.path("t.json");
  std::string report = tmp.path("r.json");
  saveBytes(data, npyBytes("<f4", {1, 4}, f32Bytes({1, 2, 3, 4})));
  auto expect = [&](const std::string &text, const std::string &message) {
    saveBytes(tech, text);
    expectFailure({"run", image, "--data", data, "--technology", tech, "--json", report}, 1,
                  tech + message, {report});
  };
  expect("{\"name\": \"t\", \"sense_read_fj\": 25}",
         ": /sense_read_fj: error: must be an object with \"value\" and \"source\", got 25");
  expectHostileJson(expect, ": /name: error: must be a string, got an array",
                    "name, description, sense_read_fj, sense_read_1t1r_fj, popcount_bit_fj, "
                    "compare_fj, buffer_read_bit_fj, buffer_write_bit_fj, control_cycle_fj, "
                    "leakage_tile_cycle_fj, logic_gate_fj, gate_delay_ps");
  expectFailure({"run", image, "--data", data, "--technology", tmp.path("none.json")}, 1,
                tmp.path("none.json") + kNoFile);
}

TEST(MalformedPaths, SweepDescriptionJson) {
  TempDir tmp;
  std::string image = writeSmallImage(tmp), data = tmp.path("x.npy"), spec = tmp.path("s.json");
  std::string out = tmp.path("o.csv");
  saveBytes(data, npyBytes("<f4", {1, 4}, f32Bytes({1, 2, 3, 4})));
  auto expect = [&](const std::string &text, const std::string &message) {
    saveBytes(spec, text);
    expectFailure({"sweep", image, "--data", data, "-o", out, "--sweep", spec}, 1, spec + message,
                  {out});
  };
  const std::string known = "description, base, grid, points";
  expect("{\"a\\nb\": 1}", ": \"/a\\nb\": error: unknown key (known: " + known + ")");
  expect("{\"grid\": [{\"ber\": [1e400]}]}", ": error: number overflow parsing '1e400'");
  expect("{\"base\": {\"ber\": " + std::string(100000, '[') + std::string(100000, ']') + "}}",
         ": /base/ber: error: must be a number in [0, 1], got an array");
  expect("{\"grid\": [{\"ber\": [0.1]}, {\"ber\": [0.2], \"ber\": [0.3]}]}",
         ": /grid/1/ber: error: duplicate key");
}

} // namespace
} // namespace bnnc::test
