// Tensor storage: each dtype's width, values read and written through doubles, and the dtype
// that is the storage's own.
#include "bnnc/ir/tensor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <variant>

namespace bnnc::ir {
namespace {

TEST(Elements, EachDtypeHasItsOwnWidth) {
  const std::pair<DType, size_t> widths[] = {
      {DType::Float, 4}, {DType::Int64, 8}, {DType::Bool, 1}};
  for (auto [dtype, bytes] : widths) {
    SCOPED_TRACE(dtypeName(dtype));
    Elements e(dtype, 1000);
    EXPECT_EQ(e.dtype(), dtype);
    EXPECT_EQ(e.size(), 1000u);
    EXPECT_EQ(e.elementBytes(), bytes);
    EXPECT_EQ(e.capacityBytes(), 1000 * bytes);
    EXPECT_EQ(e.toDoubles(), std::vector<double>(1000, 0.0)); // zero-filled
  }
}

TEST(Elements, FloatRoundTripRoundsToFloat32) {
  Elements e(DType::Float, {0.5, 0.1, 16777217, -3});
  EXPECT_EQ(e.toDoubles(), (std::vector<double>{0.5, double(0.1f), 16777216, -3}));
  e.set(1, 1e-45); // the smallest float32 subnormal is 2^-149 = 1.4e-45
  EXPECT_EQ(e[1], std::ldexp(1.0, -149));
  e.set(2, INFINITY);
  EXPECT_EQ(e.as<float>()[2], INFINITY);
}

TEST(Elements, Int64StaysExactBeyondDouble) {
  // 2^53 + 1 and INT64_MAX are not doubles: the typed storage keeps them.
  Elements e(std::vector<int64_t>{9007199254740993, INT64_MAX, INT64_MIN});
  EXPECT_EQ(e.as<int64_t>()[0], 9007199254740993);
  EXPECT_EQ(e.as<int64_t>()[1], INT64_MAX);
  EXPECT_EQ(e[0], 9007199254740992.0); // read as the nearest double
  // Written doubles are truncated toward zero and saturated; NaN is 0.
  e.set(0, -2.9);
  e.set(1, 1e30);
  e.set(2, NAN);
  EXPECT_EQ(e.as<int64_t>()[0], -2);
  EXPECT_EQ(e.as<int64_t>()[1], INT64_MAX);
  EXPECT_EQ(e.as<int64_t>()[2], 0);
  e.set(0, -9223372036854775808.0); // -2^63 is INT64_MIN exactly
  EXPECT_EQ(e.as<int64_t>()[0], INT64_MIN);
}

TEST(Elements, BoolHoldsZeroOrOne) {
  Elements e(DType::Bool, {0, 2, -0.5});
  EXPECT_EQ(e.toDoubles(), (std::vector<double>{0, 1, 1}));
  e.set(1, 0);
  EXPECT_EQ(e.as<uint8_t>()[1], 0);
  EXPECT_EQ(Elements(std::vector<uint8_t>{0, 7}).as<uint8_t>()[1], 1);
}

TEST(Elements, TheDtypeIsTheStorages) {
  Tensor t(DType::Float, {2}, {1, -1});
  EXPECT_EQ(t.dtype(), DType::Float);
  EXPECT_THROW(t.data.as<int64_t>(), std::bad_variant_access);
  t.data = Elements(std::vector<uint8_t>{1, 0}); // new elements bring their dtype
  EXPECT_EQ(t.dtype(), DType::Bool);
  EXPECT_EQ(t.data.elementBytes(), 1u);
  // Equal values of two dtypes are different elements.
  EXPECT_NE(Elements(DType::Float, {1, 0}), Elements(DType::Int64, {1, 0}));
  EXPECT_EQ(Elements(DType::Float, {1, 0}), Elements(std::vector<float>{1, 0}));
}

} // namespace
} // namespace bnnc::ir
