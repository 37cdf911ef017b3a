// The posterior image (sections COND and POST, format 1.2): a round trip keeps every field, each
// reader refuses the other kind of image, and malformed POST fields are named with their offset.
#include "bnnc/image/posterior.h"
#include "bnnc/support/error.h"
#include "image_test_util.h"

#include <gtest/gtest.h>

namespace bnnc::image {
namespace {

// Two models of a 2-input logistic model (3 parameters, 6 devices per row of 8) in an array of
// 4 rows: groups 0 and 2.
PosteriorImage tinyPosterior() {
  PosteriorImage p;
  p.condition = conditionByName("typical");
  p.device = "typical";
  p.network.name = std::string(1, 't'); // not = "t": g++ 12 warns (-Wrestrict, a false positive)
  p.network.inputs = 2;
  p.network.theta_per_us = 0.01;
  p.network.feature_mean = {0.5, -1};
  p.network.feature_scale = {1, 2};
  p.array = {4, 8, 1};
  p.models = {{0, 3, {100, 200, 150, 50, 300, 30}}, {2, 1, {110, 190, 140, 60, 290, 35}}};
  return p;
}

std::string postError(const std::vector<uint8_t> &bytes) {
  try {
    readPosteriorImage(bytes, "p.bnn");
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

TEST(PosteriorImage, RoundTripIsExactAndVersioned) {
  PosteriorImage p = tinyPosterior();
  std::vector<uint8_t> bytes = writePosteriorImage(p);
  EXPECT_EQ(readPosteriorImage(bytes, "p.bnn"), p);
  EXPECT_EQ(bytes, writePosteriorImage(readPosteriorImage(bytes, "p.bnn")));
  ImageInfo info = inspectImage(bytes, "p.bnn");
  EXPECT_EQ(info.minor, kVersionMinor);
  EXPECT_TRUE(holdsPosterior(info));
  p.network.kind = NetworkKind::Mlp;
  p.network.activation = Activation::Relu;
  p.network.hidden = 1; // 1 x 3 + 1 x 2 = 5 parameters, 10 devices: 2 rows of 8
  p.array = {4, 8, 2};
  p.models = {{1, 7, std::vector<double>(10, 42.5)}};
  EXPECT_EQ(readPosteriorImage(writePosteriorImage(p), "p.bnn"), p);
}

TEST(PosteriorImage, EachReaderRefusesTheOtherKind) {
  EXPECT_EQ(test::readError(writePosteriorImage(tinyPosterior())),
            "m.bnn: offset 0x1c (section table): error: the image holds a learned posterior "
            "(section POST), not a layer program");
  EXPECT_EQ(postError(writeImage(test::tinyImage())),
            "p.bnn: offset 0x1c (section table): error: required section POST is missing");
}

// POST of tinyPosterior: device name (4 + 7 bytes), network name (4 + 1), kind at 16,
// activation 17, inputs 18, hidden 26, classes 34, weight per uS 42, two (mean, scale) pairs
// from 50, the law from 82, rows 114, cols 122, rows per model 130, model count 138, model 0's
// group 146, weight 154, conductances 162.
struct Patch {
  uint64_t at;
  uint64_t value;
  int bytes;
  std::string message;
};

TEST(PosteriorImage, MalformedFieldsAreNamed) {
  const std::vector<uint8_t> good = writePosteriorImage(tinyPosterior());
  const uint64_t post = test::sectionInfo(good, "POST").offset;
  auto f64 = [](double v) { return std::bit_cast<uint64_t>(v); };
  const std::vector<Patch> patches = {
      {16, 2, 1, "the network kind is 2, not one of 0 (logistic), 1 (one hidden layer)"},
      {17, 1, 1, "the activation is 1, expected 0 (none) for a logistic model"},
      {34, 1, 8, "the class count is 1, not in [2, 65536]"},
      {42, f64(-1), 8, "the weight per uS is -1, not positive"},
      {58, f64(0), 8, "the scale of input 0 is 0, not positive"},
      {98, f64(300), 8, "the largest SET current is 200, not above 300"},
      {122, 1 << 23, 8, "the array of 4 x 8388608 devices is larger than the limit of 16777216"},
      {130, 2, 8, "the rows per model are 2, but 6 devices take 1 rows of 8"},
      {138, 0, 8, "the model count is 0, not in [1, 4] (the groups of the array)"},
      {138, 3, 8,
       "the model count is 3, but only 128 bytes of the section follow (64 or more per "
       "element)"},
      {154, 0, 8, "the weight of model 0 is 0, a stored model was the chain's state at least once"},
      {162, f64(-3), 8, "the conductance of device 0 of model 0 is -3 uS, not positive"},
      {210, 0, 8, "the group of model 1 is 0, not in [1, 3] (groups increase from model to model)"},
  };
  for (const Patch &p : patches) {
    std::vector<uint8_t> bad = good;
    test::putLe(bad, post + p.at, p.value, p.bytes);
    test::reseal(bad);
    uint64_t at = p.at == 98 ? 106 : p.at; // the largest current is checked against the smallest
    EXPECT_EQ(postError(bad),
              "p.bnn: offset " + test::hexOf(post + at) + " (section POST): error: " + p.message)
        << "at " << p.at;
  }
}

} // namespace
} // namespace bnnc::image
