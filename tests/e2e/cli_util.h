// Runs the bnnc binary for end-to-end tests and compares model outputs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bnnc::test {

struct CliResult {
  int exit_code = 0;
  std::string out, err;
};

// `s` quoted for /bin/sh: 'it'\''s'.
std::string quoteArg(const std::string &s);
// The file's bytes as a string; empty if it cannot be read.
std::string readText(const std::string &path);

// Runs `bnnc <args>` (args are shell-quoted here) and captures stdout and stderr.
CliResult runBnnc(const std::vector<std::string> &args);

// A fresh empty directory under the system temp dir, removed when the object dies.
class TempDir {
public:
  TempDir();
  ~TempDir();
  std::string path(const std::string &name) const { return dir_ + "/" + name; }

private:
  std::string dir_;
};

std::string sourcePath(const std::string &relative); // BNNC_SOURCE_DIR + "/" + relative

struct Outputs {
  int64_t rows = 0, cols = 0;
  std::vector<float> values;
};
Outputs loadOutputs(const std::string &npy);

// Number of rows whose argmax differs, and the largest difference relative to the row's
// largest magnitude (at least 1): |a - b| / max(1, max_j |b_j|). Outputs of different shapes,
// or none, throw std::invalid_argument (a test never compares only a part).
struct Comparison {
  int64_t argmax_mismatches = 0;
  double max_relative_error = 0;
};
Comparison compareOutputs(const Outputs &a, const Outputs &b);

} // namespace bnnc::test
