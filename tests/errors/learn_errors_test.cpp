// bnnc learn and bnnc run on posterior images with hostile input: exact messages naming the file
// and the line or the option, exit codes 1 (input) and 2 (usage), and no output file written.
#include "e2e/cli_util.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

std::string breastCancer() { return sourcePath("samples/data/breast_cancer.csv"); }

std::string write(const TempDir &tmp, const std::string &name, const std::string &text) {
  std::string path = tmp.path(name);
  std::ofstream(path) << text;
  return path;
}

struct Case {
  std::vector<std::string> args;
  int code;
  std::string err;
};

// Runs bnnc learn DATA... -o post.bnn --json r.json --write-test t.csv with the case's arguments;
// none of the three files may exist afterwards.
void expectLearnError(const TempDir &tmp, const Case &c) {
  std::vector<std::string> args = {"learn"};
  args.insert(args.end(), c.args.begin(), c.args.end());
  for (const char *out : {"post.bnn", "r.json", "t.csv"})
    EXPECT_FALSE(std::filesystem::exists(tmp.path(out)));
  args.insert(args.end(), {"-o", tmp.path("post.bnn"), "--json", tmp.path("r.json"), "--write-test",
                           tmp.path("t.csv"), "--steps", "300", "--burn-in", "100"});
  CliResult r = runBnnc(args);
  EXPECT_EQ(r.exit_code, c.code) << r.err;
  EXPECT_EQ(r.err, c.err);
  for (const char *out : {"post.bnn", "r.json", "t.csv"})
    EXPECT_FALSE(std::filesystem::exists(tmp.path(out))) << out << " was left behind";
}

TEST(LearnErrors, HostileData) {
  TempDir tmp;
  std::string bad = write(tmp, "bad.csv", "a,b,label\n1,2,0\n3,x,1\n");
  std::string nan = write(tmp, "nan.csv", "a,b,label\n1,nan,0\n3,4,1\n");
  std::string half = write(tmp, "half.csv", "a,b,label\n1,2,0\n3,4,0.5\n5,6,1\n");
  std::string neg = write(tmp, "neg.csv", "1,2,0\n3,4,-1\n5,6,1\n");
  std::string ragged = write(tmp, "ragged.csv", "a,b,label\n1,2,0\n3,4\n");
  std::string one = write(tmp, "one.csv", "1,2,0\n3,4,0\n5,6,0\n7,8,0\n9,10,0\n");
  std::string lone = write(tmp, "lone.csv", "7\n8\n");
  std::string x = write(tmp, "x.csv", "1,2\n3,4\n5,6\n");
  std::string y = write(tmp, "y.csv", "0\n1\n");
  std::string npy = sourcePath("samples/data/ecg_cnn1d-test-x.npy");
  std::string wide = write(tmp, "wide.csv", "1,2,3,0\n4,5,6,1\n");
  std::vector<Case> cases = {
      {{bad}, 1, bad + ": line 3: error: value 2 'x' is not a number\n"},
      {{nan},
       1,
       nan + ": line 2: error: sample 0, element 1 is nan, sample values must be finite\n"},
      {{half},
       1,
       half + ": line 3: error: label of sample 1 is 0.5, labels must be non-negative integers\n"},
      {{neg},
       1,
       neg + ": line 2: error: label of sample 1 is -1, labels must be non-negative integers\n"},
      {{ragged}, 1, ragged + ": line 3: error: expected 3 values, got 2\n"},
      {{one, "--test-fraction", "0.4"},
       1,
       one + ": error: every label is 0: learning needs at least 2 classes\n"},
      {{lone},
       1,
       lone + ": line 1: error: expected the features and then the label, got 1 value per line\n"},
      {{x, "--labels", y}, 1, y + ": error: 2 labels for 3 samples in " + x + "\n"},
      {{npy},
       1,
       npy + ": error: without a labels file the data must be a CSV file whose last column holds "
             "the labels\n"},
      {{breastCancer(), "--test-data", wide},
       1,
       wide + ": error: 3 features per sample, the training data " + breastCancer() + " has 30\n"},
      {{tmp.path("missing.csv")},
       1,
       tmp.path("missing.csv") + ": error: cannot open file: No such file or directory\n"},
  };
  for (const Case &c : cases)
    expectLearnError(tmp, c);
}

TEST(LearnErrors, OptionValuesAndCombinations) {
  TempDir tmp;
  std::string bc = breastCancer();
  std::vector<Case> cases = {
      {{bc, "--threads", "0"}, 1, "--threads: error: must be at least 1, got 0\n"},
      {{bc, "--prior-sd", "0"}, 1, "--prior-sd: error: must be a positive number, got 0\n"},
      {{bc, "--test-fraction", "1.5"},
       1,
       "--test-fraction: error: must be a number in (0, 1), got 1.5\n"},
      {{bc, "--test-fraction", "0.0001"},
       1,
       "--test-fraction: error: 0.0001 of 569 samples holds out no sample\n"},
      {{bc, "--samples", "0"}, 1, "--samples: error: must be at least 1, got 0\n"},
      {{bc, "--cycles", "-1"}, 1, "--cycles: error: must be a non-negative number, got -1\n"},
      {{bc, "--array", "128"},
       1,
       "--array: error: must be ROWSxCOLS, two integers in [1, 16777216], got '128'\n"},
      {{bc, "--array", "8192x8192"},
       1,
       "--array: error: 8192x8192 is 67108864 devices, more than the limit of 16777216\n"},
      {{bc, "--array", "1x128"},
       1,
       "--array: error: a model of 62 devices takes 1 row of 128 devices; the array's 1 row "
       "holds 1 model, the chain needs 2 (the current model and a proposal)\n"},
      {{bc, "--model", "forest"},
       1,
       "--model: error: unknown model preset 'forest' (known: logistic, mlp)\n"},
      {{bc, "--device", "fast"},
       1,
       "--device: error: unknown device preset 'fast' (known: typical, endurance, low-energy)\n"},
      {{bc, "--test-data", bc, "--test-fraction", "0.3"},
       2,
       "--test-fraction: error: cannot be combined with --test-data (the held-out set is given)\n"},
      {{bc, "--test-labels", bc}, 2, "--test-labels: error: needs --test-data\n"},
  };
  for (const Case &c : cases)
    expectLearnError(tmp, c);
  // --burn-in is checked against --steps, which the helper sets to 300
  CliResult r = runBnnc({"learn", bc, "-o", tmp.path("p.bnn"), "--steps", "50", "--burn-in", "50"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "--burn-in: error: must be in [0, 49] (below --steps), got 50\n");
}

// bnnc run on a posterior: options of layer programs are usage errors; data that does not fit
// the network and a corrupt image are input errors; no output is written.
TEST(LearnErrors, RunOnAPosterior) {
  TempDir tmp;
  std::string post = tmp.path("post.bnn"), json = tmp.path("r.json");
  ASSERT_EQ(runBnnc({"learn", breastCancer(), "-o", post, "--steps", "300", "--burn-in", "100"})
                .exit_code,
            0);
  std::string x = write(tmp, "x.csv", "1,2,3\n");
  std::vector<Case> cases = {
      {{"--ber", "0.01"},
       2,
       "--ber: error: applies to layer-program images; " + post + " holds a learned posterior\n"},
      {{"--technology", sourcePath("data/technology.json")},
       2,
       "--technology: error: applies to layer-program images; " + post +
           " holds a learned posterior\n"},
  };
  for (const Case &c : cases) {
    std::vector<std::string> args = {"run", post, "--data", breastCancer(), "--json", json};
    args.insert(args.end(), c.args.begin(), c.args.end());
    CliResult r = runBnnc(args);
    EXPECT_EQ(r.exit_code, c.code) << r.err;
    EXPECT_EQ(r.err, c.err);
    EXPECT_FALSE(std::filesystem::exists(json));
  }
  CliResult r = runBnnc({"run", post, "--data", x, "--json", json});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, x + ": error: 3 values per sample, the posterior's network takes 30 inputs "
                       "(and the label may follow them)\n");
  // three samples of 30 features (a header line first), whose last label is beyond 2 classes
  std::string row = "0";
  for (int f = 1; f < 30; ++f)
    row += ",0";
  std::string x3 = write(tmp, "x3.csv", "header\n" + row + "\n" + row + "\n" + row + "\n");
  std::string labels3 = write(tmp, "l3.csv", "0\n1\n2\n");
  r = runBnnc({"run", post, "--data", x3, "--labels", labels3, "--json", json});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, labels3 + ": error: label 2 is 2, outside the posterior's 2 classes\n");
  // a flipped byte in POST: the CRC names the section
  std::string bytes = readText(post);
  bytes[bytes.size() - 3] ^= 0x40;
  std::string corrupt = write(tmp, "corrupt.bnn", bytes);
  r = runBnnc({"run", corrupt, "--data", breastCancer(), "--json", json});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(corrupt + ": offset 0x100 (section POST): error: CRC mismatch"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(json));
}

} // namespace
} // namespace bnnc::test
