// Size and depth of parallel ECC decoders in two-input gates (docs/energy.md, "1T1R cells and
// error-correcting codes"). Counts of the textbook parallel structures, not of a synthesized
// netlist: good to a factor of about two.
#include "bnnc/energy/energy.h"

#include <cmath>

namespace bnnc::energy {

namespace {

// Levels of a balanced tree of two-input gates over n inputs.
int64_t treeLevels(double n) { return n > 1 ? int64_t(std::ceil(std::log2(n))) : 0; }

} // namespace

// Extended Hamming over n = k + m + 1 cells:
//  syndrome: m parity trees over about n/2 cells each (m n/2 XORs) and the overall parity
//            (n - 1 XORs);
//  locator:  for each of the k data bits, an m-input AND of the syndrome bits (k (m - 1) ANDs);
//  correct:  k XORs, then k XNORs with the inputs (the XNOR leaves the sense amplifier: it needs
//            the corrected bit).
// Depth: the syndrome tree, the AND tree, the correcting XOR and the XNOR.
DecoderCost secdedDecoder(int64_t k, int64_t m) {
  double n = double(k + m + 1);
  DecoderCost c;
  c.gates = double(m) * n / 2 + (n - 1) + double(k) * double(m - 1) + 2 * double(k);
  c.levels = treeLevels(n) + treeLevels(double(m)) + 2;
  return c;
}

// Binary BCH over n = k + r cells in GF(2^m), correcting t:
//  syndromes:  the t odd syndromes of m bits, each bit a parity over about n/2 cells
//              (t m n/2 XORs);
//  Berlekamp-Massey, unrolled: about t^2 multiplications in GF(2^m), each m^2 ANDs and m^2
//              XORs (2 t^2 m^2);
//  Chien search, parallel over the k data positions: the degree-t locator evaluated with t
//              constant multiplications (m^2/2 XORs each), summed (t m XORs) and tested for zero
//              (m gates): k (t (m^2/2 + m) + m);
//  correct and XNOR: 2 k.
// Depth: the syndrome tree, t iterations of a multiplication (log2 m + 1) and a t-term sum, the
// Chien evaluation (log2 m + 1 + log2 (t + 1)) and zero test (log2 m), then two levels.
DecoderCost bchDecoder(int64_t k, int64_t check_bits, int64_t t, int64_t m) {
  double n = double(k + check_bits), dm = double(m), dt = double(t);
  DecoderCost c;
  c.gates = dt * dm * n / 2 + 2 * dt * dt * dm * dm + double(k) * (dt * (dm * dm / 2 + dm) + dm) +
            2 * double(k);
  int64_t mult = treeLevels(dm) + 1;
  c.levels = treeLevels(n) + t * (mult + treeLevels(dt)) + (mult + treeLevels(dt + 1)) +
             treeLevels(dm) + 2;
  return c;
}

} // namespace bnnc::energy
