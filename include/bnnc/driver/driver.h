// The driver: what each `bnnc` subcommand does, as library functions. The tool's main only
// parses the command line, calls these and maps bnnc::Error to exit code 1.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

namespace bnnc::driver {

struct CompileRequest {
  std::string model;  // .onnx
  std::string output; // chip image
  std::string arch;   // architecture JSON; empty for the default
  std::string condition = "typical";
  std::optional<int> input_bits;
  std::string input_range; // "LO,HI"
  std::string schedule;    // .csv or .json; empty for none
  std::string report;      // compile report JSON; empty for none
  std::string print_after; // pass name or "all"
};

struct RunRequest {
  std::string model;   // chip image, or .onnx for the reference interpreter
  std::string data;
  std::string labels;  // optional
  std::string outputs; // .npy, optional
  std::string json;    // report, optional
  double data_divisor = 1; // every data value is divided by it (255 for 0..255 pixels)
  int threads = 1;
};

struct InspectRequest {
  std::string path; // .onnx or chip image
  bool json = false;
};

// Each prints its human report on `out` and warnings on `err`, and throws bnnc::Error on bad
// input; on error no output file is left behind.
void compile(const CompileRequest &request, std::ostream &out, std::ostream &err);
void run(const RunRequest &request, std::ostream &out, std::ostream &err);
// Returns false when the inspected file has a problem (reported on `out`), for exit code 1.
bool inspect(const InspectRequest &request, std::ostream &out, std::ostream &err);

} // namespace bnnc::driver
