#include "e2e/cli_util.h"
#include "bnnc/data/dataset.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace bnnc::test {

std::string quoteArg(const std::string &s) {
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string readText(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

namespace {
int64_t argmax(const float *row, int64_t n) { return std::max_element(row, row + n) - row; }
} // namespace

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "bnnc-test-XXXXXX").string();
  dir_ = ::mkdtemp(tmpl.data()) ? tmpl : "";
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

CliResult runBnnc(const std::vector<std::string> &args) {
  TempDir tmp;
  std::string cmd = quoteArg(BNNC_BINARY);
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string&&.
  for (const std::string &a : args) {
    cmd += ' ';
    cmd += quoteArg(a);
  }
  cmd += " >";
  cmd += quoteArg(tmp.path("out"));
  cmd += " 2>";
  cmd += quoteArg(tmp.path("err"));
  cmd += " </dev/null";
  int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = readText(tmp.path("out"));
  r.err = readText(tmp.path("err"));
  return r;
}

std::string sourcePath(const std::string &relative) {
  return std::string(BNNC_SOURCE_DIR) + "/" + relative;
}

Outputs loadOutputs(const std::string &npy) {
  data::Dataset d = data::loadData(npy);
  Outputs o;
  o.rows = d.count;
  o.cols = d.count ? int64_t(d.values.size()) / d.count : 0;
  o.values = d.values;
  return o;
}

Comparison compareOutputs(const Outputs &a, const Outputs &b) {
  if (a.rows != b.rows || a.cols != b.cols || a.rows * a.cols != int64_t(a.values.size()) ||
      b.rows * b.cols != int64_t(b.values.size()) || a.rows == 0)
    throw std::invalid_argument("outputs of shape [" + std::to_string(a.rows) + "," +
                                std::to_string(a.cols) + "] compared with [" +
                                std::to_string(b.rows) + "," + std::to_string(b.cols) + "]");
  Comparison c;
  for (int64_t r = 0; r < a.rows; ++r) {
    const float *ra = &a.values[size_t(r * a.cols)], *rb = &b.values[size_t(r * b.cols)];
    c.argmax_mismatches += argmax(ra, a.cols) != argmax(rb, b.cols);
    double scale = 1;
    for (int64_t j = 0; j < b.cols; ++j)
      scale = std::max(scale, double(std::fabs(rb[j])));
    for (int64_t j = 0; j < a.cols; ++j)
      c.max_relative_error =
          std::max(c.max_relative_error, std::fabs(double(ra[j]) - rb[j]) / scale);
  }
  return c;
}

} // namespace bnnc::test
