// Error-correcting codes: layouts, hand-computed check bits (Hamming (7,4), BCH (15,7)), and the
// bounded-distance decoding of words as read, static errors and flip risks.
#include "bnnc/device/ecc.h"

#include <gtest/gtest.h>

namespace bnnc::device {
namespace {

DeviceModel::Ecc code(DeviceModel::Ecc::Code c, int k, int t) { return {c, k, t}; }
constexpr auto kSecded = DeviceModel::Ecc::Code::Secded;
constexpr auto kBch = DeviceModel::Ecc::Code::Bch;

TEST(Ecc, Layouts) {
  EccLayout l = EccEncoder(code(kSecded, 64, 1)).layout();
  EXPECT_EQ(l.check_bits, 8); // (72, 64): 7 Hamming parity bits and the overall parity
  EXPECT_EQ(l.t, 1);
  EXPECT_EQ(EccEncoder(code(kSecded, 4, 1)).layout().check_bits, 4); // (8, 4)
  l = EccEncoder(code(kBch, 64, 2)).layout();
  EXPECT_EQ(l.m, 7);
  EXPECT_EQ(l.check_bits, 14); // (78, 64) in GF(2^7)
  l = EccEncoder(code(kBch, 64, 9)).layout();
  EXPECT_EQ(l.check_bits, 56); // alpha^17 shares the cyclotomic coset of alpha^9: 8 factors
  l = EccEncoder(code(kBch, 64, 10)).layout();
  EXPECT_EQ(l.m, 7);
  EXPECT_EQ(l.check_bits, 63); // (127, 64): as many cells per bit as 2T2R, nearly
  EXPECT_EQ(EccEncoder(code(kBch, 7, 2)).layout().check_bits, 8); // the (15, 7) code
}

TEST(Ecc, HammingCheckBitsByHand) {
  // Data 1011 at positions 3, 5, 6, 7: the classic Hamming (7,4) word 0110011, parity bits
  // p1 = 0, p2 = 1, p4 = 0; the overall parity of all seven is 0.
  std::vector<uint8_t> check = EccEncoder(code(kSecded, 4, 1)).checkBits({1, 0, 1, 1});
  EXPECT_EQ(check, (std::vector<uint8_t>{0, 1, 0, 0}));
  check = EccEncoder(code(kSecded, 4, 1)).checkBits({1, 0, 0, 0}); // 1110000: p = 1,1,0; odd
  EXPECT_EQ(check, (std::vector<uint8_t>{1, 1, 0, 1}));
}

// Remainder of a polynomial (entry i the coefficient of x^i) divided by g over GF(2).
std::vector<uint8_t> remainder(std::vector<uint8_t> a, const std::vector<uint8_t> &g) {
  for (size_t deg = a.size(); deg-- >= g.size();)
    if (a[deg])
      for (size_t j = 0; j < g.size(); ++j)
        a[deg - g.size() + 1 + j] ^= g[j];
  a.resize(g.size() - 1);
  return a;
}

TEST(Ecc, BchCheckBitsByHand) {
  // BCH (15, 7) over GF(2^4) with x^4 + x + 1: g(x) = x^8 + x^7 + x^6 + x^4 + 1. For d(x) = 1
  // the check bits are x^8 mod g = x^7 + x^6 + x^4 + 1.
  EccEncoder enc(code(kBch, 7, 2));
  EXPECT_EQ(enc.checkBits({1, 0, 0, 0, 0, 0, 0}), (std::vector<uint8_t>{1, 0, 0, 0, 1, 0, 1, 1}));
  // Every codeword x^8 d(x) + r(x) is a multiple of g.
  const std::vector<uint8_t> g = {1, 0, 0, 0, 1, 0, 1, 1, 1};
  std::vector<uint8_t> data = {1, 1, 0, 1, 0, 0, 1};
  std::vector<uint8_t> word = enc.checkBits(data);
  word.insert(word.end(), data.begin(), data.end());
  EXPECT_EQ(remainder(word, g), std::vector<uint8_t>(8, 0));
  // A shortened word: missing data bits are 0.
  EXPECT_EQ(enc.checkBits({1}), enc.checkBits({1, 0, 0, 0, 0, 0, 0}));
}

std::vector<WordCell> word(size_t n) { return std::vector<WordCell>(n); }

TEST(Ecc, DecodingCorrectsUpToT) {
  std::vector<WordCell> w = word(8); // 4 data cells, 4 check cells
  w[2].wrong = true;
  for (const WordCell &c : decodeWord(w, 4, 1))
    EXPECT_FALSE(c.wrong);
  w[6].wrong = true; // two wrong cells: beyond a single correction, returned as read
  std::vector<WordCell> out = decodeWord(w, 4, 1);
  EXPECT_TRUE(out[2].wrong);
  EXPECT_FALSE(out[0].wrong || out[1].wrong || out[3].wrong);
  EXPECT_EQ(out.size(), 4u);
  EXPECT_FALSE(decodeWord(w, 4, 2)[2].wrong); // a BCH word with t = 2 corrects both
}

TEST(Ecc, DecodingTurnsCellRisksIntoBitRisks) {
  // One risky cell in a clean word: any single flip is corrected.
  std::vector<WordCell> w = word(8);
  w[0].p_read = 0.3;
  w[1].p_run = 0.2;
  for (const WordCell &c : decodeWord(w, 4, 2)) // t = 2: both flips at once still corrected
    EXPECT_EQ(c.p_run + c.p_read, 0.0);
  // A statically wrong cell 5 and a cell 0 that flips at a read with q: the word is corrected
  // unless cell 0 flips; then data bit 0 is wrong (and check cell 5 stays wrong).
  w = word(8);
  w[5].wrong = true;
  w[0].p_read = 0.25;
  std::vector<WordCell> out = decodeWord(w, 4, 1);
  EXPECT_FALSE(out[0].wrong);
  EXPECT_NEAR(out[0].p_read, 0.25, 1e-15);
  EXPECT_EQ(out[0].p_run, 0.0);
  for (int j = 1; j < 4; ++j)
    EXPECT_EQ(out[j].p_read + out[j].p_run, 0.0) << j;
  // Data cell 1 statically wrong instead: corrected unless cell 0 flips; then both are wrong.
  w[5].wrong = false;
  w[1].wrong = true;
  out = decodeWord(w, 4, 1);
  EXPECT_FALSE(out[1].wrong);
  EXPECT_NEAR(out[1].p_read, 0.25, 1e-15);
  EXPECT_NEAR(out[0].p_read, 0.25, 1e-15);
}

} // namespace
} // namespace bnnc::device
