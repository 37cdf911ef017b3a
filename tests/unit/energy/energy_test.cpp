// Energies and latency: hand-computed prices, sums, the JSON report and the MNIST sample's
// geometry, whose figures docs/energy.md quotes.
#include "unit/energy/energy_test_util.h"

#include <gtest/gtest.h>

namespace bnnc::energy {
namespace {

using testing::chipOf;
using testing::comparatorInput;
using testing::denseLayer;
using testing::primeTechnology;
using testing::smallArch;

// The program of Events.DenseLayerOnOneTile: 15 sense reads, 15 popcount bits, 6 compares,
// 5 bits read, 8 written, 3 active tile cycles, 6 cycles; 6 tiles on the chip at 50 MHz.
image::ChipImage denseChip() {
  std::mt19937 rng(1);
  ir::Program p;
  p.input = comparatorInput(5);
  p.input.compare[2].kind = ir::Compare::Kind::Zero;
  p.layers.push_back(denseLayer("fc", 3, 5, rng));
  p.layers[0].threshold[1].kind = ir::Compare::Kind::Le;
  p.layers[0].threshold[2].kind = ir::Compare::Kind::One;
  return chipOf(p, smallArch(4, 8, 6, 50));
}

TEST(Energy, DenseLayerPricedByHand) {
  InferenceEnergy e = inferenceEnergy(denseChip(), primeTechnology());
  ASSERT_EQ(e.layers.size(), 1u);
  const LayerEnergy &l = e.layers[0];
  EXPECT_EQ(l.name, "fc");
  EXPECT_DOUBLE_EQ(l.sense_pj, 15 * 2 / 1000.0);
  EXPECT_DOUBLE_EQ(l.popcount_pj, 15 * 3 / 1000.0);
  EXPECT_DOUBLE_EQ(l.compare_pj, 6 * 5 / 1000.0);
  EXPECT_DOUBLE_EQ(l.buffer_pj, (5 * 7 + 8 * 11) / 1000.0);
  EXPECT_DOUBLE_EQ(l.control_pj, 3 * 13 / 1000.0);
  EXPECT_DOUBLE_EQ(l.leakage_pj, 6 * 6 * 17 / 1000.0); // every tile of the chip, every cycle
  EXPECT_DOUBLE_EQ(e.energy_per_inference_pj, 0.879);
  EXPECT_DOUBLE_EQ(e.latency_per_inference_ns, 6 * 1000.0 / 50); // 6 cycles at 50 MHz
  EXPECT_EQ(e.technology, "primes");
}

// Pooling's one-bit gates are priced as popcount bits and reported with the compares.
TEST(Energy, PoolingIsPricedWithTheCompares) {
  std::mt19937 rng(3);
  ir::Program p;
  p.input = comparatorInput(16);
  p.input.shape = {1, 4, 4};
  ir::Layer l = denseLayer("conv", 2, 9, rng);
  l.geom = ir::ConvGeometry{1, 4, 4, 2, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1};
  l.pool.enabled = true;
  l.pool.kh = l.pool.kw = l.pool.sh = l.pool.sw = 2;
  l.pool.oh = l.pool.ow = 2;
  l.pool.use_or = {1, 1};
  p.layers.push_back(l);
  InferenceEnergy e = inferenceEnergy(chipOf(p, smallArch(4, 8, 4, 100)), primeTechnology());
  const LayerEnergy &out = e.layers[0];
  // 16 input + 32 layer compares at 5 fJ; 2 channels x 4 x 4 window elements at 3 fJ.
  EXPECT_EQ(out.events.compares, 48);
  EXPECT_EQ(out.events.pool_ops, 32);
  EXPECT_DOUBLE_EQ(out.compare_pj, (48 * 5 + 32 * 3) / 1000.0);
}

// Layers run one after the other: cycles add up, each layer adding kDrainCycles.
TEST(Energy, LatencyFromCyclesAndClock) {
  std::mt19937 rng(5);
  ir::Program p;
  p.input = comparatorInput(10);
  p.layers.push_back(denseLayer("a", 7, 10, rng)); // min(7, 4) = 4 cycles
  p.layers.push_back(denseLayer("b", 3, 7, rng));  // min(3, 4) = 3 cycles
  InferenceEnergy e = inferenceEnergy(chipOf(p, smallArch(4, 4, 20, 250)), primeTechnology());
  EXPECT_EQ(e.total.events.cycles, (4 + 3) + (3 + 3));
  EXPECT_DOUBLE_EQ(e.latency_per_inference_ns, 13 * 1000.0 / 250); // 4 ns per cycle
}

// Random multi-layer programs (fixed seed): every component's total is the sum over layers,
// and the energy per inference the sum of the components.
TEST(Energy, ComponentsSumToTheTotal) {
  const unsigned seed = 20240611;
  SCOPED_TRACE(::testing::Message() << "seed " << seed);
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 20; ++trial) {
    SCOPED_TRACE(::testing::Message() << "trial " << trial);
    ir::Program p;
    int64_t width = 1 + int64_t(rng() % 40);
    p.input = comparatorInput(width);
    int layers = 1 + int(rng() % 4);
    for (int i = 0; i < layers; ++i) {
      int64_t next = 1 + int64_t(rng() % 40);
      p.layers.push_back(denseLayer(std::to_string(i), next, width, rng));
      width = next;
    }
    InferenceEnergy e = inferenceEnergy(chipOf(p, smallArch(8, 16, 64, 100)), defaultTechnology());
    ASSERT_EQ(e.layers.size(), size_t(layers));
    std::vector<double> sums(components(e.total).size(), 0.0);
    double layerTotals = 0;
    for (const LayerEnergy &l : e.layers) {
      auto parts = components(l);
      for (size_t c = 0; c < parts.size(); ++c)
        sums[c] += parts[c].second;
      layerTotals += l.total_pj();
    }
    auto total = components(e.total);
    for (size_t c = 0; c < total.size(); ++c)
      EXPECT_DOUBLE_EQ(total[c].second, sums[c]) << total[c].first;
    EXPECT_DOUBLE_EQ(e.energy_per_inference_pj, e.total.total_pj());
    EXPECT_NEAR(e.energy_per_inference_pj, layerTotals, 1e-9 * layerTotals);
    EXPECT_GT(e.energy_per_inference_pj, 0);
  }
}

TEST(Energy, JsonReport) {
  nlohmann::ordered_json j = toJson(inferenceEnergy(denseChip(), primeTechnology()));
  std::vector<std::string> keys;
  for (const auto &[key, value] : j.items())
    keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"energy_per_inference_pj", "latency_per_inference_ns",
                                            "cycles_per_inference", "technology", "components_pj",
                                            "events", "layers"}));
  EXPECT_DOUBLE_EQ(j["energy_per_inference_pj"].get<double>(), 0.879);
  EXPECT_DOUBLE_EQ(j["latency_per_inference_ns"].get<double>(), 120);
  EXPECT_EQ(j["cycles_per_inference"], 6.0);
  EXPECT_EQ(j["technology"], "primes");
  EXPECT_EQ(j["components_pj"].dump(),
            "{\"sense\":0.03,\"ecc\":0.0,\"popcount\":0.045,\"compare\":0.03,"
            "\"buffer\":0.123,\"control\":0.039,\"leakage\":0.612}");
  EXPECT_EQ(j["events"].dump(),
            "{\"sense_reads\":15.0,\"check_reads\":0.0,\"decoded_words\":0.0,"
            "\"popcount_bits\":15.0,\"compares\":6.0,\"pool_ops\":0.0,"
            "\"buffer_read_bits\":5.0,\"buffer_write_bits\":8.0,\"active_tile_cycles\":3.0,"
            "\"cycles\":6.0}");
  ASSERT_EQ(j["layers"].size(), 1u);
  EXPECT_EQ(j["layers"][0]["name"], "fc");
  EXPECT_DOUBLE_EQ(j["layers"][0]["total_pj"].get<double>(), 0.879);
  EXPECT_EQ(j["layers"][0]["components_pj"], j["components_pj"]);
}

// The geometry of samples/models/mnist_mlp.onnx (784-256-256-10, comparator input, affine last
// layer) on the default architecture with the default technology: the figures of docs/energy.md.
TEST(Energy, MnistSampleGeometry) {
  std::mt19937 rng(6);
  ir::Program p;
  p.input = comparatorInput(784);
  p.layers.push_back(denseLayer("/fc1/MatMul", 256, 784, rng));
  p.layers.push_back(denseLayer("/fc2/MatMul", 256, 256, rng));
  p.layers.push_back(denseLayer("/fc3/MatMul", 10, 256, rng));
  ir::Layer &last = p.layers[2];
  last.output = ir::Layer::Output::Affine;
  last.threshold.clear();
  last.scale.assign(10, 1.0);
  last.offset.assign(10, 0.0);
  InferenceEnergy e = inferenceEnergy(chipOf(p, mapping::defaultArch()), defaultTechnology());
  const Events &t = e.total.events;
  EXPECT_EQ(t.sense_reads, 268800);   // 784 x 256 + 256 x 256 + 256 x 10
  EXPECT_EQ(t.popcount_bits, 286554); // + 256 x 6 x 10 + 256 x 1 x 9 + 10 x 1 x 9
  EXPECT_EQ(t.compares, 1296);        // 784 input + 256 + 256
  EXPECT_EQ(t.buffer_read_bits, 1296);
  EXPECT_EQ(t.buffer_write_bits, 1616); // 784 + 256 + 256 + 10 x 32
  EXPECT_EQ(t.active_tile_cycles, 2324);
  EXPECT_EQ(t.cycles, 275);
  EXPECT_NEAR(e.layers[0].total_pj(), 5916.8384, 1e-9);
  EXPECT_NEAR(e.layers[1].total_pj(), 1915.4944, 1e-9);
  EXPECT_NEAR(e.layers[2].total_pj(), 94.2152, 1e-9);
  EXPECT_NEAR(e.total.sense_pj, 6720, 1e-9);
  EXPECT_NEAR(e.total.popcount_pj, 573.108, 1e-9);
  EXPECT_NEAR(e.total.compare_pj, 41.472, 1e-9);
  EXPECT_NEAR(e.total.buffer_pj, 99.008, 1e-9);
  EXPECT_NEAR(e.total.control_pj, 464.8, 1e-9);
  EXPECT_NEAR(e.total.leakage_pj, 28.16, 1e-9);
  EXPECT_NEAR(e.energy_per_inference_pj, 7926.548, 1e-9);
  EXPECT_DOUBLE_EQ(e.latency_per_inference_ns, 2750);
}

} // namespace
} // namespace bnnc::energy
