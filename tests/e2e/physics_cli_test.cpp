// The device physics options through the CLI, on the MNIST sample: condition files (compile and
// run), device files with a base (1T1R with a code), fault maps (bnnc compile --fault-map with
// spare columns, bnnc run --fault-map, sweep fault_map), and their errors, which leave no output.
#include "e2e/cli_util.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bnnc::test {
namespace {

nlohmann::json readJson(const std::string &path) { return nlohmann::json::parse(readText(path)); }

// A fault map of the first 8 tiles: device 0 of every cell of physical column 5 stuck in HRS, and
// device 1 of every eleventh cell of rows 0-63 never formed.
std::string faultMap() {
  std::string csv = "tile,row,col,device,fault\n";
  for (int t = 0; t < 8; ++t)
    for (int r = 0; r < 128; ++r)
      for (int c = 0; c < 128; ++c) {
        if (c == 5)
          csv += std::to_string(t) + "," + std::to_string(r) + ",5,0,stuck_hrs\n";
        else if (r < 64 && (r * 128 + c) % 11 == 0)
          csv += std::to_string(t) + "," + std::to_string(r) + "," + std::to_string(c) +
                 ",1,never_formed\n";
      }
  return csv;
}

class PhysicsCli : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    tmp_ = new TempDir;
    std::ofstream(path("faults.csv")) << faultMap();
    std::ofstream(path("spares.json")) << R"({"name": "spares", "spare_cols": 4})";
    std::ofstream(path("cond.json")) << R"({"name": "slow", "set_compliance_ua": 150,
      "reset_voltage_v": 2.2, "pulse_ns": 2000, "verify": {"max_retries": 3, "margin": 2.5}})";
    compile("plain.bnn", {"--arch", path("spares.json")});
    compile("mapped.bnn", {"--arch", path("spares.json"), "--fault-map", path("faults.csv")});
  }
  static void TearDownTestSuite() { delete tmp_; }
  static std::string path(const std::string &name) { return tmp_->path(name); }
  static std::string x() { return sourcePath("samples/data/mnist_mlp-test-x.npy"); }
  static std::string y() { return sourcePath("samples/data/mnist_mlp-test-y.npy"); }

  static void compile(const std::string &image, std::vector<std::string> flags) {
    std::vector<std::string> args = {"compile",  sourcePath("samples/models/mnist_mlp.onnx"),
                                     "-o",       path(image),
                                     "--report", path(image + ".json")};
    args.insert(args.end(), flags.begin(), flags.end());
    CliResult r = runBnnc(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // Runs `image` on the 400 samples with labels, writing `json`; extra flags appended.
  static nlohmann::json run(const std::string &image, const std::string &json,
                            std::vector<std::string> flags) {
    std::vector<std::string> args = {"run",      path(image), "--data", x(),
                                     "--labels", y(),         "--json", path(json)};
    args.insert(args.end(), flags.begin(), flags.end());
    CliResult r = runBnnc(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? readJson(path(json)) : nlohmann::json();
  }

  static TempDir *tmp_;
};
TempDir *PhysicsCli::tmp_ = nullptr;

TEST_F(PhysicsCli, ConditionFileCompilesAndRuns) {
  compile("slow.bnn", {"--condition", path("cond.json")});
  nlohmann::json report = readJson(path("slow.bnn.json"));
  EXPECT_EQ(report["condition"], "slow");
  // 2 us pulses at 150 uA: SET 1.5 V x 150 uA x (2000 - 17) ns = 446.2 pJ per SET.
  double sets = report["programming"]["sets"];
  EXPECT_GT(report["programming"]["energy_nj"].get<double>(), sets * 0.4461);
  // Without --device the chips are the law's for the image's condition (no verify: the image
  // does not hold the policy); with the condition file, its verify policy programs them.
  nlohmann::json plain = run("slow.bnn", "a.json", {});
  EXPECT_EQ(plain["device"], "slow");
  EXPECT_EQ(plain["programming_verify_reads"], 0);
  nlohmann::json verified = run("slow.bnn", "b.json", {"--device", path("cond.json")});
  EXPECT_GT(verified["programming_verify_reads"].get<double>(), 452352);
  EXPECT_GT(verified["programming_retry_pulses"].get<double>(), 0);
}

TEST_F(PhysicsCli, OneT1RWithACodeFromABase) {
  std::ofstream(path("secded.json")) << R"({"base": "endurance", "cell": "1T1R",
                                            "ecc": {"code": "secded"}})";
  nlohmann::json j = run("plain.bnn", "c.json", {"--device", path("secded.json")});
  EXPECT_EQ(j["read_out"]["cell"], "1T1R");
  EXPECT_EQ(j["read_out"]["ecc"]["check_bits"], 8);
  // 33 tiles of 128 used columns or fewer: 8 check cells per 64-bit word of every used row.
  int64_t check = j["check_cells"];
  EXPECT_GT(check, 452352 / 64 * 8 - 1);
  EXPECT_EQ(j["programming_pulses"].get<double>(), double(452352 + check));
  EXPECT_GT(j["energy_per_component_pj"]["ecc"].get<double>(), 0);
  nlohmann::json pair = run("plain.bnn", "d.json", {"--device", "endurance"});
  EXPECT_EQ(pair["read_out"]["cell"], "2T2R");
  EXPECT_EQ(pair["energy_per_component_pj"]["ecc"], 0.0);
  // The static BER carries its Poisson interval.
  double ber = j["weight_ber_static"];
  EXPECT_LT(j["weight_ber_static_ci95"][0].get<double>(), ber);
  EXPECT_GT(j["weight_ber_static_ci95"][1].get<double>(), ber);
}

TEST_F(PhysicsCli, FaultAwareMappingLeavesFewerWrongCells) {
  nlohmann::json plain = readJson(path("plain.bnn.json")),
                 mapped = readJson(path("mapped.bnn.json"));
  EXPECT_TRUE(plain["fault_aware_mapping"].is_null());
  const nlohmann::json &fa = mapped["fault_aware_mapping"];
  EXPECT_EQ(fa["spare_cols"], 4);
  EXPECT_LT(fa["expected_wrong_cells_mapped"].get<double>(),
            0.2 * fa["expected_wrong_cells_plain"].get<double>());
  EXPECT_GT(fa["spare_cols_used"].get<int64_t>(), 0);
  CliResult inspect = runBnnc({"inspect", path("mapped.bnn")});
  EXPECT_NE(inspect.out.find("CELL"), std::string::npos) << inspect.out;
  // The same faulty chip (typical devices, which add almost no errors of their own).
  nlohmann::json a = run("plain.bnn", "e.json", {"--fault-map", path("faults.csv")});
  nlohmann::json b = run("mapped.bnn", "f.json", {"--fault-map", path("faults.csv")});
  EXPECT_LT(b["static_errors"].get<int64_t>() * 5, a["static_errors"].get<int64_t>());
  EXPECT_EQ(a["read_out"]["fault_map"], path("faults.csv"));
  EXPECT_GT(a["stuck_devices_per_chip"][0].get<int64_t>(), 1000);
}

TEST_F(PhysicsCli, SweepOverFaultMaps) {
  CliResult r = runBnnc({"sweep", path("plain.bnn"), "--data", x(), "--labels", y(), "--param",
                         "fault_map=" + path("faults.csv"), "-o", path("s.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string csv = readText(path("s.csv"));
  EXPECT_NE(csv.find("fault_map"), std::string::npos);
  EXPECT_NE(csv.find(path("faults.csv")), std::string::npos);
}

TEST_F(PhysicsCli, ErrorsLeaveNoOutput) {
  auto expectError = [&](std::vector<std::string> args, int code, const std::string &err,
                         const std::string &output) {
    CliResult r = runBnnc(args);
    EXPECT_EQ(r.exit_code, code) << r.err;
    EXPECT_EQ(r.err, err + "\n");
    EXPECT_FALSE(std::filesystem::exists(output)) << output;
  };
  std::vector<std::string> run = {"run", path("plain.bnn"), "--data",
                                  x(),   "--json",          path("z.json")};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> args = run;
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };
  expectError(with({"--ideal", "--fault-map", path("faults.csv")}), 2,
              "--fault-map: error: cannot be combined with --ideal (the ideal chip has no device)",
              path("z.json"));
  expectError(with({"--ber", "0.1", "--fault-map", path("faults.csv")}), 2,
              "--fault-map: error: cannot be combined with --ber (--ber replaces the device "
              "model)",
              path("z.json"));
  std::ofstream(path("bad.csv"))
      << "tile,row,col,device,fault\n0,1,2,0,stuck_lrs\n0,1,x,0,stuck_lrs\n";
  expectError(with({"--fault-map", path("bad.csv")}), 1,
              path("bad.csv") + ": line 3: error: col must be an integer in [0, 8191], got 'x'",
              path("z.json"));
  // The image records the architecture's 4 spare columns: bit lines 128-131 exist.
  std::ofstream(path("far.csv")) << "tile,row,col,device,fault\n0,1,200,0,stuck_lrs\n";
  expectError(with({"--fault-map", path("far.csv")}), 1,
              path("far.csv") + ": line 2: error: col 200 is outside the chip (architecture "
                                "'spares': col < 132)",
              path("z.json"));
  std::ofstream(path("hot.json")) << R"({"name": "hot", "set_compliance_ua": 200,
                                         "reset_voltage_v": 2, "pulse_ns": 1e6})";
  expectError({"compile", sourcePath("samples/models/mnist_mlp.onnx"), "-o", path("hot.bnn"),
               "--condition", path("hot.json")},
              1,
              path("hot.json") + ": /pulse_ns: error: must be in [10, 100000], where the "
                                 "programming law 'hfo2-oxram-2t2r' was calibrated, got 1e+06",
              path("hot.bnn"));
  expectError({"compile", sourcePath("samples/models/mnist_mlp.onnx"), "-o", path("m2.bnn"),
               "--fault-map", path("bad.csv")},
              1, path("bad.csv") + ": line 3: error: col must be an integer in [0, 8191], got 'x'",
              path("m2.bnn"));
}

} // namespace
} // namespace bnnc::test
