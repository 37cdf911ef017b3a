// Encoding a data set piece by piece: pieces written out of order, by several threads, into
// reused memory equal the encoding in one call, padding words included (encodeRange writes every
// word of its samples).
#include "bnnc/support/parallel.h"
#include "unit/emulator/random_program_util.h"

#include <gtest/gtest.h>

namespace bnnc::emulator {
namespace {

TEST(EncodeInputs, PiecesOverReusedMemoryEqualOneEncoding) {
  for (uint64_t seed = 9100; seed < 9130; ++seed) {
    std::mt19937_64 rng(seed);
    ir::Program prog = test::randomProgram(rng, seed % 3 == 0);
    image::ChipImage image = test::makeImage(prog, test::smallArch());
    std::shared_ptr<const Plan> plan = prepare(image);
    const int64_t count = 41, per = ir::numel(prog.input.shape);
    std::vector<float> x = test::randomInputs(prog, count, rng);
    EncodedInputs whole = encodeInputs(*plan, x.data(), count, 1);
    ASSERT_EQ(int64_t(whole.words.size()), count * whole.stride);

    EncodedInputs pieces;
    pieces.words.assign(whole.words.size(), ~uint64_t(0)); // memory the pieces will reuse
    pieces.words.clear();
    sizeInputs(*plan, count, pieces);
    // Pieces of 9 samples, the last one first, two threads taking every other piece.
    runParallel(2, [&](int t) {
      for (int64_t first = 36 - 9 * t; first >= 0; first -= 18)
        encodeRange(*plan, x.data() + first * per, std::min<int64_t>(9, count - first), first,
                    pieces);
    });
    EXPECT_EQ(pieces.count, count);
    EXPECT_EQ(pieces.stride, whole.stride);
    EXPECT_TRUE(pieces.words == whole.words) << "seed " << seed;
  }
}

} // namespace
} // namespace bnnc::emulator
