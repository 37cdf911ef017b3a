// encodeInputs: a data set encoded range by range into reserved, reused memory equals its
// encoding in one call, padding words included (the encoders write every word of a sample).
#include "unit/emulator/random_program_util.h"

#include <gtest/gtest.h>

namespace bnnc::emulator {
namespace {

TEST(EncodeInputs, RangesOverReusedMemoryEqualOneEncoding) {
  for (uint64_t seed = 9100; seed < 9130; ++seed) {
    std::mt19937_64 rng(seed);
    ir::Program prog = test::randomProgram(rng, seed % 3 == 0);
    image::ChipImage image = test::makeImage(prog, test::smallArch());
    std::shared_ptr<const Plan> plan = prepare(image);
    const int64_t count = 41, per = ir::numel(prog.input.shape);
    std::vector<float> x = test::randomInputs(prog, count, rng);
    EncodedInputs whole = encodeInputs(*plan, x.data(), count, 2);
    ASSERT_EQ(int64_t(whole.words.size()), count * whole.stride);

    EncodedInputs ranges;
    ranges.words.assign(whole.words.size(), ~uint64_t(0)); // memory the ranges will reuse
    ranges.words.clear();
    reserveInputs(*plan, count, ranges);
    const uint64_t *memory = ranges.words.data();
    for (int64_t first = 0; first < count; first += 9)
      encodeInputs(*plan, x.data() + first * per, std::min<int64_t>(9, count - first), ranges,
                   1 + int(first % 2));
    EXPECT_EQ(ranges.words.data(), memory) << "seed " << seed << ": appending moved the words";
    EXPECT_EQ(ranges.count, count);
    EXPECT_EQ(ranges.stride, whole.stride);
    EXPECT_TRUE(ranges.words == whole.words) << "seed " << seed;
  }
}

} // namespace
} // namespace bnnc::emulator
