// Replays the fuzz corpus (tests/fuzz/corpus/<target>/) and every input that once made a target
// fail (tests/fuzz/crashes/<target>/) through the fuzz targets, in the ordinary build: a
// regression aborts this test or fails it with the file's name.
#include "fuzz/targets.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace bnnc::fuzz {
namespace {

namespace fs = std::filesystem;

std::vector<uint8_t> slurp(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// The files of tests/fuzz/<kind>/<target>/, sorted so that failures are reproducible by name.
std::vector<fs::path> inputs(const std::string &kind, const std::string &target) {
  fs::path dir = fs::path(BNNC_SOURCE_DIR) / "tests/fuzz" / kind / target;
  std::vector<fs::path> files;
  if (fs::is_directory(dir))
    for (const fs::directory_entry &e : fs::directory_iterator(dir))
      if (e.is_regular_file())
        files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

class Replay : public testing::TestWithParam<Target> {};

} // namespace

// Names the target in gtest's messages instead of dumping its bytes.
void PrintTo(const Target &t, std::ostream *os) { *os << t.name; }

namespace {

TEST_P(Replay, CorpusAndCrashes) {
  const Target &t = GetParam();
  std::vector<fs::path> corpus = inputs("corpus", t.name);
  // A target without seeds would make this test pass while replaying nothing.
  ASSERT_FALSE(corpus.empty()) << "no corpus in tests/fuzz/corpus/" << t.name;
  for (const std::string kind : {"corpus", "crashes"})
    for (const fs::path &file : inputs(kind, t.name)) {
      SCOPED_TRACE(file.string());
      std::vector<uint8_t> bytes = slurp(file);
      try {
        t.run(bytes.data(), bytes.size());
      } catch (const std::exception &e) {
        ADD_FAILURE() << "escaped exception: " << e.what();
      }
    }
}

INSTANTIATE_TEST_SUITE_P(Fuzz, Replay, testing::ValuesIn(targets()),
                         [](const testing::TestParamInfo<Target> &info) {
                           return std::string(info.param.name);
                         });

TEST(FuzzTargets, MessageCheckAcceptsOnlyWellFormedMessages) {
  checkMessage("m.onnx: node 'a' (Sign, #0): error: x", {"m.onnx"});
  EXPECT_DEATH(checkMessage("other.onnx: error: x", {"m.onnx"}), "malformed error message");
  EXPECT_DEATH(checkMessage("m.onnx: no marker", {"m.onnx"}), "malformed error message");
  EXPECT_DEATH(checkMessage("m.onnx: error: two\nlines", {"m.onnx"}), "malformed error message");
}

} // namespace
} // namespace bnnc::fuzz
