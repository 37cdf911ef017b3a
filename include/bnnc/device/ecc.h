// Error-correcting codes over the cells of a tile row (docs/device-model.md, "Error-correcting
// codes"): the layout of a code, its encoder (the check bits stored in check-bit cells), and the
// bounded-distance decoding of a word as read.
#pragma once

#include "bnnc/device/device_model.h"

#include <cstdint>
#include <vector>

namespace bnnc::device {

// A code of `data_bits` data bits and `check_bits` check bits correcting `t` errors per word.
struct EccLayout {
  int data_bits = 0, check_bits = 0, t = 0;
  int m = 0; // BCH: the field GF(2^m); SECDED: the Hamming parity bits (check_bits - 1)
};

// Limits of a code (the file's schema checks them).
constexpr int kMinEccDataBits = 4, kMaxEccDataBits = 1024, kMaxBchT = 16;

// The encoder of a code. SECDED: extended Hamming, r parity bits with 2^r >= k + r + 1 plus an
// overall parity bit (k = 64: 7 + 1 = 8). BCH: the generator polynomial over the smallest
// GF(2^m) with 2^m - 1 >= k + m t, its degree the check bits (k = 64, t = 2: m = 7, 14 bits).
class EccEncoder {
public:
  explicit EccEncoder(const DeviceModel::Ecc &ecc);
  const EccLayout &layout() const { return layout_; }
  // The check bits of a word of `data.size()` data bits (at most the layout's: a shorter last
  // word is the code shortened, its missing data bits 0), each 0 or 1.
  std::vector<uint8_t> checkBits(const std::vector<uint8_t> &data) const;

private:
  DeviceModel::Ecc::Code code_;
  EccLayout layout_;
  std::vector<uint8_t> generator_; // BCH: g(x), entry j the coefficient of x^j
};

// A cell of a word as read: whether its noiseless read is wrong, and its flip risks (per run,
// per read).
struct WordCell {
  bool wrong = false;
  double p_run = 0, p_read = 0;
};

// The data bits of a word after decoding (the first `data` of `cells`; the check cells follow):
// whether the decoded noiseless read is wrong and the decoded bit's flip risks. The decoder
// corrects a word with at most t wrong cells and returns any other word as read (bounded-distance
// decoding: a word beyond t is detected or miscorrected; both are modelled as not corrected).
std::vector<WordCell> decodeWord(const std::vector<WordCell> &cells, int data, int t);

} // namespace bnnc::device
