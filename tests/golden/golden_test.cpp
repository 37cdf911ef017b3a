// Golden tests of the passes on real exported models: `bnnc compile --print-after PASS` must print
// exactly tests/golden/<model>.<pass>.txt. Set BNNC_UPDATE_GOLDEN=1 to rewrite the files (then
// review the diff: a golden file is only as good as the reading it got).
#include "e2e/cli_util.h"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace bnnc::test {
namespace {

struct Golden {
  std::string model, pass;
  std::vector<std::string> flags;
};

void PrintTo(const Golden &g, std::ostream *os) { *os << g.model << "." << g.pass; }

class Goldens : public ::testing::TestWithParam<Golden> {};

TEST_P(Goldens, PrintAfterPassMatches) {
  const Golden &g = GetParam();
  TempDir tmp;
  std::vector<std::string> args = {"compile",
                                   sourcePath("tests/models/" + g.model + ".onnx"),
                                   "-o",
                                   tmp.path("m.bnn"),
                                   "--print-after",
                                   g.pass};
  args.insert(args.end(), g.flags.begin(), g.flags.end());
  CliResult r = runBnnc(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string printed = r.out.substr(0, r.out.find("compiled "));
  std::string stem = g.model.substr(g.model.rfind('/') + 1);
  std::string path = sourcePath("tests/golden/" + stem + "." + g.pass + ".txt");
  if (std::getenv("BNNC_UPDATE_GOLDEN"))
    std::ofstream(path) << printed;
  std::ifstream in(path);
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(printed, expected.str()) << path;
}

// p12_conv1d was made for 8-bit inputs on [-1, 1] (tests/models/manifest.json).
const std::vector<std::string> kConv1dInput = {"--input-bits", "8", "--input-range", "-1,1"};

INSTANTIATE_TEST_SUITE_P(
    Models, Goldens,
    ::testing::Values(Golden{"p02_ste_detach", "canonicalize-binarizers", {}},
                      Golden{"p03_ge_where_constofshape", "canonicalize-binarizers", {}},
                      Golden{"p18_multithreshold", "canonicalize-binarizers", {}},
                      Golden{"p13_bn_gamma", "lower-to-program", {}},
                      Golden{"p12_conv1d", "lower-to-program", kConv1dInput},
                      Golden{"p15_scalar_affine", "lower-to-program", {}},
                      Golden{"p06_gemm_variants", "lower-to-program", {}},
                      Golden{"p10_identity_dedup", "eliminate-noops", {}},
                      // Published and generated exporter files (tests/models/external)
                      Golden{"external/gen_finn_ternary_input_w1a1", "lower-to-program", {}},
                      Golden{
                          "external/gen_channel_affine_quant_w1a1", "canonicalize-binarizers", {}},
                      Golden{"external/zoo_tfc_w1a1_v1", "canonicalize-binarizers", {}},
                      Golden{"external/finn_nb_tfc_w1a1_xnorpopcount", "find-blockers", {}}),
    [](const ::testing::TestParamInfo<Golden> &info) {
      const std::string &m = info.param.model;
      std::string n = m.substr(m.rfind('/') + 1) + "_" + info.param.pass;
      for (char &c : n)
        c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return n;
    });

} // namespace
} // namespace bnnc::test
