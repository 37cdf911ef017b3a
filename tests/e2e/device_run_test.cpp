// bnnc run on virtual chips, through the CLI on the MNIST sample: determinism (same seed, same
// JSON at any thread count), --ber 0 equals the ideal chip, --ber 0.5 is at chance, observed
// BER against the injected one and against analyticBitErrorRate for a noisy custom device, the
// report's keys and sums, programming cost with verify retries.
#include "bnnc/device/device_model.h"
#include "e2e/cli_util.h"

#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>

namespace bnnc::test {
namespace {

nlohmann::json readJson(const std::string &path) { return nlohmann::json::parse(readText(path)); }

// A 2T2R device with a narrow window and wide spreads: analytic BER
// Phi(-ln(10) / sqrt(0.5^2 + 1.2^2 + 2 * 0.3^2)) = Phi(-1.66), about 5 %.
const char *kNoisyDevice = R"({
  "name": "noisy", "condition": "typical", "cell": "2T2R",
  "lrs": {"median_ohm": 3000, "sigma_d2d": 0.3, "sigma_c2c": 0.4},
  "hrs": {"median_ohm": 30000, "sigma_d2d": 0.7, "sigma_c2c": 0.975},
  "read_sigma": 0.3
})";

// The MNIST sample compiled once for the whole suite; 400 samples with labels.
class DeviceRun : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    tmp_ = new TempDir;
    CliResult r = runBnnc({"compile", sourcePath("samples/models/mnist_mlp.onnx"), "-o", image(),
                           "--report", tmp_->path("compile.json")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::ofstream(tmp_->path("noisy.json")) << kNoisyDevice;
  }
  static void TearDownTestSuite() { delete tmp_; }
  static std::string image() { return tmp_->path("m.bnn"); }
  static std::string path(const std::string &name) { return tmp_->path(name); }

  // Runs the image on the 400 .npy samples with labels, writing `json`; extra flags appended.
  static nlohmann::json run(const std::string &json, std::vector<std::string> flags) {
    std::vector<std::string> args = {"run",      image(), "--data", x(),
                                     "--labels", y(),     "--json", path(json)};
    args.insert(args.end(), flags.begin(), flags.end());
    CliResult r = runBnnc(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? readJson(path(json)) : nlohmann::json();
  }
  static std::string x() { return sourcePath("samples/data/mnist_mlp-test-x.npy"); }
  static std::string y() { return sourcePath("samples/data/mnist_mlp-test-y.npy"); }

  static TempDir *tmp_;
};
TempDir *DeviceRun::tmp_ = nullptr;

TEST_F(DeviceRun, SameSeedGivesTheSameJsonAtAnyThreadCount) {
  for (const char *device : {"low-energy", "noisy"}) {
    std::string dev = device == std::string("noisy") ? path("noisy.json") : device;
    run("a.json", {"--device", dev, "--chips", "2", "--seed", "5", "--threads", "1"});
    run("b.json", {"--device", dev, "--chips", "2", "--seed", "5", "--threads", "2"});
    EXPECT_EQ(readText(path("a.json")), readText(path("b.json"))) << device;
  }
  EXPECT_GT(readJson(path("a.json"))["read_flips"].get<int64_t>(), 0); // noisy: reads flip
}

TEST_F(DeviceRun, DifferentSeedsGiveDifferentChips) {
  nlohmann::json a = run("a.json", {"--device", path("noisy.json"), "--seed", "1"});
  nlohmann::json b = run("b.json", {"--device", path("noisy.json"), "--seed", "2"});
  EXPECT_NE(a["static_errors_per_chip"], b["static_errors_per_chip"]);
  EXPECT_NE(a["predictions"], b["predictions"]);
  // Two chips of one run differ from each other too.
  nlohmann::json c = run("c.json", {"--device", path("noisy.json"), "--chips", "2"});
  EXPECT_NE(c["static_errors_per_chip"][0], c["static_errors_per_chip"][1]);
  EXPECT_EQ(c["static_errors_per_chip"][0], a["static_errors_per_chip"][0]); // chip 0, seed 1
}

TEST_F(DeviceRun, BerZeroEqualsTheIdealChip) {
  nlohmann::json ideal = run("i.json", {"--ideal", "--outputs", path("i.npy")});
  nlohmann::json zero = run("z.json", {"--ber", "0", "--chips", "2", "--outputs", path("z.npy")});
  EXPECT_EQ(readText(path("i.npy")), readText(path("z.npy")));
  EXPECT_EQ(zero["predictions"], ideal["predictions"]);
  EXPECT_EQ(zero["accuracy"], ideal["accuracy"]);
  EXPECT_EQ(zero["ideal_accuracy"], ideal["accuracy"]);
  EXPECT_EQ(zero["weight_ber_observed"], 0.0);
  EXPECT_EQ(zero["prediction_change_fraction"], 0.0);
  EXPECT_EQ(zero["device"], "injected-ber");
  EXPECT_EQ(ideal["device"], "ideal");
  EXPECT_EQ(ideal["engine"], "ideal-chip");
  EXPECT_EQ(ideal["chips"], 1);
}

// Half the weights wrong: the network knows nothing; over 5 chips and 2,000 digits the accuracy
// is within a few points of the 10 % of guessing (the classes hold 9-11 % of the digits each).
TEST_F(DeviceRun, BerOneHalfIsAtChance) {
  CliResult r =
      runBnnc({"run", image(), "--data",
               sourcePath("samples/data/mnist_mlp-test-images-idx3-ubyte.gz"), "--data-div", "255",
               "--labels", sourcePath("samples/data/mnist_mlp-test-labels-idx1-ubyte.gz"), "--ber",
               "0.5", "--chips", "5", "--json", path("half.json"), "--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = readJson(path("half.json"));
  EXPECT_NEAR(j["accuracy"].get<double>(), 0.10, 0.035);
  EXPECT_NEAR(j["weight_ber_observed"].get<double>(), 0.5, 0.005);
  EXPECT_GT(j["prediction_change_fraction"].get<double>(), 0.8);
}

// Every used cell of the MLP is read once per sample, so the observed BER is the fraction of
// cells injected wrong: binomial over the cells of the chips, standard deviation
// sqrt(p (1 - p) / cells).
TEST_F(DeviceRun, ObservedBerMatchesTheInjectedBer) {
  nlohmann::json j = run("b.json", {"--ber", "1e-3", "--chips", "3", "--seed", "9"});
  double cells = double(j["cell_reads"].get<int64_t>()) / 400;
  double sd = std::sqrt(1e-3 * (1 - 1e-3) / cells);
  EXPECT_NEAR(j["weight_ber_observed"].get<double>(), 1e-3, 5 * sd) << "seed 9";
  EXPECT_EQ(j["read_flips"], 0);
  int64_t static_errors = 0;
  for (const auto &e : j["static_errors_per_chip"])
    static_errors += e.get<int64_t>();
  EXPECT_EQ(j["wrong_reads"].get<int64_t>(), static_errors * 400);
}

// The noisy device's chips must show the analytic BER: static errors and read flips together,
// averaged over cells and reads (no faults, no verify, no sense offset in this model).
TEST_F(DeviceRun, NoisyDeviceShowsTheAnalyticBer) {
  device::DeviceModel model = device::parseDeviceModel(kNoisyDevice, "noisy.json");
  double analytic = device::analyticBitErrorRate(model, device::Environment{});
  ASSERT_GT(analytic, 0.03);
  ASSERT_LT(analytic, 0.08);
  nlohmann::json j = run("n.json", {"--device", path("noisy.json"), "--chips", "2"});
  double cells = double(j["cell_reads"].get<int64_t>()) / 400; // used cells of the 2 chips
  double sd = std::sqrt(analytic * (1 - analytic) / cells);
  EXPECT_NEAR(j["weight_ber_observed"].get<double>(), analytic, 6 * sd);
  EXPECT_EQ(j["device"], "noisy");
  EXPECT_GT(j["read_flips"].get<int64_t>(), 0);
}

TEST_F(DeviceRun, ReportHasEveryKey) {
  const char *keys[] = {"accuracy",
                        "ideal_accuracy",
                        "accuracy_ci95",
                        "accuracy_per_chip",
                        "chips",
                        "samples",
                        "predictions",
                        "prediction_change_fraction",
                        "weight_ber_observed",
                        "weight_ber_per_layer",
                        "static_errors_per_chip",
                        "read_errors_per_chip",
                        "device",
                        "energy_per_inference_pj",
                        "energy_per_layer_pj",
                        "energy_per_component_pj",
                        "latency_per_inference_ns",
                        "programming_energy_nj",
                        "programming_time_us",
                        "programming_pulses"};
  nlohmann::json j = run("k.json", {"--chips", "3"});
  for (const char *key : keys)
    EXPECT_TRUE(j.contains(key) && !j[key].is_null()) << key;
  EXPECT_EQ(j["chips"], 3);
  EXPECT_EQ(j["samples"], 400);
  EXPECT_EQ(j["device"], "typical");
  EXPECT_EQ(j["accuracy_per_chip"].size(), 3u);
  EXPECT_EQ(j["accuracy_ci95"].size(), 2u);
  EXPECT_EQ(j["accuracy_ci95_method"], "student-t over chips");
  EXPECT_EQ(j["weight_ber_per_layer"].size(), 3u);
  EXPECT_EQ(j["predictions"].size(), 400u);
  // Without labels the accuracy keys are null, the others are there.
  CliResult r = runBnnc({"run", image(), "--data", x(), "--json", path("n.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json n = readJson(path("n.json"));
  for (const char *key : keys) {
    bool accuracy_key = std::string(key).find("accuracy") != std::string::npos;
    EXPECT_TRUE(n.contains(key)) << key;
    EXPECT_EQ(n[key].is_null(), accuracy_key) << key;
  }
  EXPECT_EQ(r.out.find("accuracy"), std::string::npos) << r.out;
}

// One chip: Wilson's interval over the 400 samples, around the chip's accuracy.
TEST_F(DeviceRun, OneChipIntervalIsWilsonOverSamples) {
  nlohmann::json j = run("w.json", {});
  double p = j["accuracy"], lo = j["accuracy_ci95"][0], hi = j["accuracy_ci95"][1];
  EXPECT_EQ(j["accuracy_ci95_method"], "wilson over samples");
  EXPECT_LT(lo, p);
  EXPECT_GT(hi, p);
  EXPECT_NEAR(hi - lo, 2 * 1.96 * std::sqrt(p * (1 - p) / 400), 0.005);
}

// Energy: the per-inference total is the sum of the layers and of the components. Programming:
// the compile report's schedule when nothing is retried; with verify on and an unreachable
// margin every pair is retried max_retries times, each extra pulse at the condition's energy.
TEST_F(DeviceRun, EnergyAndProgrammingAddUp) {
  nlohmann::json j = run("e.json", {"--ideal"});
  double layers = 0, parts = 0;
  for (const auto &l : j["energy_per_layer_pj"])
    layers += l["total"].get<double>();
  for (const auto &[name, v] : j["energy_per_component_pj"].items())
    parts += v.get<double>();
  double total = j["energy_per_inference_pj"];
  EXPECT_NEAR(layers, total, 1e-9 * total);
  EXPECT_NEAR(parts, total, 1e-9 * total);
  nlohmann::json compile = readJson(path("compile.json"))["programming"];
  EXPECT_EQ(j["programming_energy_nj"], compile["energy_nj"]);
  EXPECT_EQ(j["programming_time_us"], compile["time_us"]);
  EXPECT_EQ(j["programming_pulses"], compile["pulses"]);
  nlohmann::json dev = nlohmann::json::parse(kNoisyDevice);
  dev["verify"] = {{"enabled", true}, {"max_retries", 2}, {"margin", 20}};
  std::ofstream(path("verify.json")) << dev.dump();
  nlohmann::json v = run("v.json", {"--device", path("verify.json")});
  double retries = v["programming_retry_pulses"];
  EXPECT_GT(retries, 0);
  EXPECT_EQ(v["programming_pulses"].get<double>(), compile["pulses"].get<double>() + retries);
  // typical: a retry is a RESET (286.1 pJ) and a SET (294.9 pJ), 1 us per pulse.
  EXPECT_NEAR(v["programming_energy_nj"].get<double>(),
              compile["energy_nj"].get<double>() + retries * (0.2861 + 0.2949) / 2, 1e-6);
  EXPECT_NEAR(v["programming_time_us"].get<double>(), compile["time_us"].get<double>() + retries,
              1e-6);
}

// The default technology's figures for the MNIST sample, and --technology: the energy model is
// linear in its constants, so a file with every constant of data/technology.json doubled
// doubles every energy of the report; the report names it.
TEST_F(DeviceRun, TechnologyFileSetsTheEnergies) {
  nlohmann::json tech = readJson(sourcePath("data/technology.json"));
  tech["name"] = "doubled";
  for (auto &[key, field] : tech.items())
    if (field.is_object())
      field["value"] = 2 * field["value"].get<double>();
  std::ofstream(path("doubled.json")) << tech.dump();
  nlohmann::json base = run("t1.json", {"--ideal"});
  nlohmann::json twice = run("t2.json", {"--ideal", "--technology", path("doubled.json")});
  EXPECT_EQ(base["technology"], "28nm-cmos-hfo2-rram");
  EXPECT_EQ(twice["technology"], "doubled");
  // The MNIST sample's figures in docs/energy.md ("The MNIST sample").
  double e = base["energy_per_inference_pj"];
  EXPECT_NEAR(e, 13241.944, 1e-6);
  const double layers[] = {8829.350, 4277.286, 135.307};
  ASSERT_EQ(base["energy_per_layer_pj"].size(), 3u);
  for (size_t i = 0; i < 3; ++i)
    EXPECT_NEAR(base["energy_per_layer_pj"][i]["total"].get<double>(), layers[i], 5e-4) << i;
  EXPECT_NEAR(base["energy_per_component_pj"]["sense"].get<double>(), 11308.8, 1e-6);
  EXPECT_EQ(base["latency_per_inference_ns"], 2750.0);
  EXPECT_NEAR(twice["energy_per_inference_pj"].get<double>(), 2 * e, 1e-9 * e);
  for (const auto &[name, v] : base["energy_per_component_pj"].items())
    EXPECT_NEAR(twice["energy_per_component_pj"][name].get<double>(), 2 * v.get<double>(), 1e-9 * e)
        << name;
  EXPECT_EQ(twice["latency_per_inference_ns"], base["latency_per_inference_ns"]);
  // On a device run too.
  nlohmann::json chip = run("t3.json", {"--chips", "2", "--technology", path("doubled.json")});
  EXPECT_NEAR(chip["energy_per_inference_pj"].get<double>(), 2 * e, 1e-9 * e);
}

} // namespace
} // namespace bnnc::test
