// Code layouts and encoders: extended Hamming (SECDED) and binary BCH.
#include "bnnc/device/ecc.h"

#include <algorithm>
#include <cassert>
#include <set>

namespace bnnc::device {

namespace {

// Primitive polynomials of GF(2^m), bit i = coefficient of x^i (Lin and Costello, table 2.7).
uint32_t primitivePolynomial(int m) {
  static const uint32_t p[] = {0,    0,     0x7,   0xB,   0x13,  0x25,  0x43,
                               0x89, 0x11D, 0x211, 0x409, 0x805, 0x1053};
  assert(m >= 2 && m <= 12);
  return p[m];
}

// GF(2^m) by log / antilog tables of the primitive element alpha.
struct Field {
  int m = 0, n = 0; // n = 2^m - 1
  std::vector<int> exp, log;
  explicit Field(int m_) : m(m_), n((1 << m_) - 1), exp(2 * n), log(n + 1) {
    uint32_t poly = primitivePolynomial(m), x = 1;
    for (int i = 0; i < n; ++i) {
      exp[i] = exp[i + n] = int(x);
      log[x] = i;
      x <<= 1;
      if (x & (1u << m))
        x ^= poly;
    }
  }
  int mul(int a, int b) const { return a && b ? exp[log[a] + log[b]] : 0; }
};

// The cyclotomic coset of i: {i 2^j mod n}; alpha^e for e in it share one minimal polynomial.
std::set<int> cosetOf(const Field &f, int i) {
  std::set<int> coset;
  for (int e = i % f.n; !coset.count(e); e = (2 * e) % f.n)
    coset.insert(e);
  return coset;
}

// The minimal polynomial of alpha^i: prod over its coset of (x + alpha^e), whose coefficients lie
// in GF(2). Entry j = coefficient of x^j.
std::vector<uint8_t> minimalPolynomial(const Field &f, int i) {
  std::vector<int> poly = {1}; // coefficients in GF(2^m), constant first
  for (int e : cosetOf(f, i)) {
    std::vector<int> next(poly.size() + 1, 0);
    for (size_t k = 0; k < poly.size(); ++k) {
      next[k + 1] ^= poly[k];              // x * poly
      next[k] ^= f.mul(poly[k], f.exp[e]); // alpha^e * poly
    }
    poly = next;
  }
  std::vector<uint8_t> out(poly.size());
  for (size_t k = 0; k < poly.size(); ++k) {
    assert(poly[k] == 0 || poly[k] == 1);
    out[k] = uint8_t(poly[k]);
  }
  return out;
}

std::vector<uint8_t> multiply(const std::vector<uint8_t> &a, const std::vector<uint8_t> &b) {
  std::vector<uint8_t> out(a.size() + b.size() - 1, 0);
  for (size_t i = 0; i < a.size(); ++i)
    for (size_t j = 0; j < b.size(); ++j)
      out[i + j] ^= a[i] & b[j];
  return out;
}

// g(x) = lcm of the minimal polynomials of alpha, alpha^3, ..., alpha^(2t-1): their product over
// distinct cosets (alpha^2i shares the coset of alpha^i, so the even powers add nothing).
std::vector<uint8_t> bchGenerator(int m, int t) {
  Field f(m);
  std::vector<uint8_t> g = {1};
  std::set<int> leaders;
  for (int i = 1; i <= 2 * t - 1; i += 2)
    if (leaders.insert(*cosetOf(f, i).begin()).second)
      g = multiply(g, minimalPolynomial(f, i));
  return g;
}

int hammingParityBits(int k) {
  int r = 1;
  while ((1 << r) < k + r + 1)
    ++r;
  return r;
}

std::vector<uint8_t> secdedCheckBits(int k, const std::vector<uint8_t> &data) {
  int r = hammingParityBits(k);
  // Data bits go to the positions 1..k+r that are not powers of two, in order; parity bit j (at
  // position 2^j) makes the XOR over all positions with bit j set zero; the last check bit makes
  // the XOR of the whole word zero.
  std::vector<uint8_t> check(size_t(r) + 1, 0);
  uint8_t all = 0;
  size_t next = 0;
  for (int pos = 1; next < size_t(k); ++pos) {
    if ((pos & (pos - 1)) == 0)
      continue;
    uint8_t bit = next < data.size() ? data[next] : 0;
    ++next;
    all ^= bit;
    for (int j = 0; j < r; ++j)
      if (pos >> j & 1)
        check[size_t(j)] ^= bit;
  }
  for (int j = 0; j < r; ++j)
    all ^= check[size_t(j)];
  check[size_t(r)] = all;
  return check;
}

} // namespace

EccEncoder::EccEncoder(const DeviceModel::Ecc &ecc) : code_(ecc.code) {
  layout_.data_bits = ecc.data_bits;
  if (ecc.code == DeviceModel::Ecc::Code::Secded) {
    layout_.t = 1;
    layout_.m = hammingParityBits(ecc.data_bits);
    layout_.check_bits = layout_.m + 1;
  } else if (ecc.code == DeviceModel::Ecc::Code::Bch) {
    // The smallest field whose code length 2^m - 1 holds the data and the generator's degree
    // (at most m t: cosets of the odd powers may coincide, as 9 and 17 do in GF(2^7)).
    layout_.t = ecc.t;
    for (layout_.m = 2;; ++layout_.m) {
      generator_ = bchGenerator(layout_.m, ecc.t);
      if (int(generator_.size()) - 1 + ecc.data_bits <= (1 << layout_.m) - 1)
        break;
    }
    layout_.check_bits = int(generator_.size()) - 1;
  }
}

// Systematic BCH: the check bits are the remainder of x^r d(x) divided by g(x), r = deg g, with
// data bit i the coefficient of x^i of d(x).
std::vector<uint8_t> EccEncoder::checkBits(const std::vector<uint8_t> &data) const {
  assert(int(data.size()) <= layout_.data_bits);
  if (code_ == DeviceModel::Ecc::Code::Secded)
    return secdedCheckBits(layout_.data_bits, data);
  int r = layout_.check_bits;
  std::vector<uint8_t> rem(size_t(r + layout_.data_bits), 0);
  for (size_t i = 0; i < data.size(); ++i)
    rem[size_t(r) + i] = data[i];
  for (int deg = r + layout_.data_bits - 1; deg >= r; --deg)
    if (rem[size_t(deg)])
      for (int j = 0; j <= r; ++j)
        rem[size_t(deg - r + j)] ^= generator_[size_t(j)];
  return std::vector<uint8_t>(rem.begin(), rem.begin() + r);
}

} // namespace bnnc::device
