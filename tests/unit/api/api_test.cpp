// The library's entry points on the MNIST sample: compile (the image records its writer),
// inspect, and evaluate with the plan prepared once: populations, threads and the condition.
#include "bnnc/bnnc.h"
#include "bnnc/data/dataset.h"

#include <gtest/gtest.h>

namespace bnnc::api {
namespace {

const std::string kModel = BNNC_SOURCE_DIR "/samples/models/mnist_mlp.onnx";
const std::string kData = BNNC_SOURCE_DIR "/samples/data/mnist_mlp-test-x.npy";
const std::string kLabels = BNNC_SOURCE_DIR "/samples/data/mnist_mlp-test-y.npy";

std::shared_ptr<const image::ChipImage> mnistImage() {
  static std::shared_ptr<const image::ChipImage> chip =
      std::make_shared<const image::ChipImage>(compile(kModel, CompileOptions{}).image);
  return chip;
}

evaluate::Bench mnistBench(int threads) {
  data::Dataset x = data::loadData(kData);
  return evaluate::benchOf(mnistImage(), x.values.data(), x.count, data::loadLabels(kLabels),
                           threads);
}

TEST(Api, CompileRecordsTheWriterAndReadsBack) {
  Compiled c = compile(kModel, CompileOptions{});
  EXPECT_EQ(c.image.writer, std::string("bnnc ") + version());
  EXPECT_TRUE(c.warnings.empty());
  image::ChipImage back = image::readImage(c.bytes, "m.bnn");
  EXPECT_EQ(back.writer, c.image.writer);
  EXPECT_EQ(image::writeImage(back), c.bytes);
}

TEST(Api, InspectAModelAndAnImage) {
  ModelReport m = inspectModel(kModel);
  EXPECT_TRUE(m.compiles());
  EXPECT_EQ(m.layers, 3);
  EXPECT_FALSE(m.nodes.empty());
  ImageReport i = inspectImageBytes(image::writeImage(*mnistImage()), "m.bnn");
  EXPECT_FALSE(i.error);
  EXPECT_EQ(i.info.sections.back().tag, "VERS");
  ModelReport none = inspectModel("/nonexistent.onnx");
  EXPECT_FALSE(none.is_model);
  ASSERT_EQ(none.problems.size(), 1u);
  EXPECT_EQ(none.problems[0].message, "cannot open file: No such file or directory");
}

TEST(Api, OneBenchManyPopulationsWhateverTheThreads) {
  evaluate::Bench one = mnistBench(1), two = mnistBench(2);
  evaluate::Population p;
  p.chips = 3;
  p.ber = 0.02;
  evaluate::Result a = one.evaluate(p);
  p.threads = 2;
  evaluate::Result b = two.evaluate(p);
  EXPECT_EQ(evaluate::resultJson(a, p, one.image()), evaluate::resultJson(b, p, two.image()));
  EXPECT_EQ(a.chips.size(), 3u);
  EXPECT_LT(a.accuracy->mean, a.accuracy->ideal);
  evaluate::Population ideal;
  ideal.ideal = true;
  evaluate::Result i = one.evaluate(ideal);
  EXPECT_EQ(i.device, "ideal");
  EXPECT_EQ(i.first.predictions, one.ideal().predictions);
  EXPECT_EQ(i.accuracy->mean, i.accuracy->ideal);
}

TEST(Api, TheConditionSetsTheProgrammingCostAndTheDefaultDevice) {
  evaluate::Bench bench = mnistBench(2);
  evaluate::Population p;
  evaluate::Result typical = bench.evaluate(p);
  p.condition = image::conditionByName("low-energy");
  evaluate::Result low = bench.evaluate(p);
  EXPECT_EQ(typical.device, "typical");
  EXPECT_EQ(low.device, "low-energy");
  EXPECT_EQ(low.condition.name, "low-energy");
  EXPECT_LT(low.programming.energy_nj, typical.programming.energy_nj / 10);
  EXPECT_EQ(low.energy.energy_per_inference_pj, typical.energy.energy_per_inference_pj);
}

TEST(Api, ErrorsNameTheirPlace) {
  evaluate::Population p;
  p.chips = 0;
  try {
    mnistBench(1).evaluate(p);
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "chips: error: must be at least 1, got 0");
    EXPECT_EQ(e.diagnostics()[0].file, "chips");
  }
  std::vector<float> x(784 * 2, 0.0f);
  try {
    evaluate::benchOf(mnistImage(), x.data(), 2, {0}, 1);
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "labels: error: 1 labels for 2 samples in data");
  }
}

} // namespace
} // namespace bnnc::api
