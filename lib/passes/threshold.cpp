// Thresholds, pool modes and output affines from an evaluated chain.
//
// Why a threshold exists: per channel, bit(pre) = binarizer(chain(pre)) composes monotone
// functions, so it is a step: constant, 0...01...1 (Ge) or 1...10...0 (Le). For batch norm,
//   sign(gamma * (y - mu) / s + beta) >= 0  <=>  y >= mu - beta * s / gamma   (gamma > 0)
//                                           <=>  y <= mu - beta * s / gamma   (gamma < 0)
// and a constant sign(beta) for gamma = 0: the three Compare kinds Ge, Le and Zero/One. Instead
// of evaluating that formula in real arithmetic (which can differ from the float32 model at a
// boundary), the step is found by bisection on the chain's own float32 evaluation, so the chip
// agrees with the reference interpreter at every reachable pre-activation:
//   - binary input: pre is an integer in [-K, K]; Ge t means the smallest integer with bit 1;
//   - bit-serial input: pre is real; the bisection runs over the float32 values in [-R, R]
//     ordered by their bit patterns, and t is a float32 value.
#include "bnnc/support/error.h"
#include "bnnc/support/format.h"
#include "graph_edit.h"
#include "lowering.h"

#include <cmath>
#include <cstring>
#include <sstream>

namespace bnnc::passes {

namespace {

// Orders float32 values as integers: key(a) < key(b) <=> a < b (with -0 == +0).
int64_t floatKey(float f) {
  int32_t i;
  std::memcpy(&i, &f, sizeof i);
  return i >= 0 ? int64_t(i) : -int64_t(i & 0x7FFFFFFF);
}

float keyFloat(int64_t key) {
  uint32_t bits = key >= 0 ? uint32_t(key) : (0x80000000u | uint32_t(-key));
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

std::vector<uint8_t> bitsAt(const ChainEvaluator &eval, const std::vector<double> &pre) {
  return eval.condition(eval.fromPool(eval.toPool(pre)));
}

std::vector<double> filled(const ChainEvaluator &eval, double v) {
  return std::vector<double>(static_cast<size_t>(eval.channels()), v);
}

// A channel whose bit is always 1 reaches its binarizer's threshold, if at all, at the smallest
// value of its monotone chain: at an end of the range (gamma = 0 with beta = 0 is 0 everywhere).
// That end is its boundary for the tie warning.
void constantBoundaries(const ChainEvaluator &eval, const std::vector<ir::Compare> &cmp,
                        double range, std::vector<double> &boundary) {
  for (double end : {range, -range}) { // -range last: it is named when both ends tie
    std::vector<uint8_t> tie = eval.atThreshold(eval.fromPool(eval.toPool(filled(eval, end))));
    for (size_t c = 0; c < cmp.size(); ++c)
      if (cmp[c].kind == ir::Compare::Kind::One && tie[c])
        boundary[c] = end;
  }
}

// ONNX Sign(0) = 0 while the chip gives +1: warn when a reachable value before the sign is
// exactly 0. With an integer pre-activation that is decidable at the boundary of the step (or at
// an end of the range for a channel that is always 1); with a real one (a raw input) it is when
// the boundary is 0 itself, as for Sign(x) on pixels that are 0.
void warnTies(const ChainEvaluator &eval, const std::vector<ir::Compare> &cmp,
              const std::vector<double> &boundary, bool integer, const std::string &where,
              PassContext &ctx) {
  std::vector<uint8_t> tie = eval.atThreshold(eval.fromPool(eval.toPool(boundary)));
  int64_t count = 0, first = -1;
  for (size_t c = 0; c < cmp.size(); ++c)
    if (tie[c] && (integer || boundary[c] == 0) && cmp[c].kind != ir::Compare::Kind::Zero) {
      count += 1;
      first = first < 0 ? int64_t(c) : first;
    }
  if (count == 0)
    return;
  std::ostringstream s;
  s << where << ": warning: " << count << " channel(s) can reach exactly 0 before the sign (first: "
    << "channel " << first << " at pre-activation " << boundary[size_t(first)]
    << "); ONNX Sign gives 0 there, the chip +1 (tie policy; binarize with x >= 0, e.g. "
       "torch.where(x >= 0, 1, -1), for a model that agrees)";
  ctx.diag.warn(s.str());
}

} // namespace

std::vector<ir::Compare> bisectSteps(size_t n, const StepBits &bits, double range, bool integer,
                                     std::vector<double> *boundary) {
  // Bisection keys: integers themselves, or float32 order keys.
  int64_t lo_key = integer ? int64_t(-range) : floatKey(static_cast<float>(-range));
  int64_t hi_key = integer ? int64_t(range) : floatKey(static_cast<float>(range));
  auto value = [&](int64_t key) { return integer ? double(key) : double(keyFloat(key)); };
  std::vector<uint8_t> at_lo = bits(std::vector<double>(n, value(lo_key)));
  std::vector<uint8_t> at_hi = bits(std::vector<double>(n, value(hi_key)));
  // Invariant per element: bit(a) = at_lo, bit(b) = at_hi, a < b.
  std::vector<int64_t> a(n, lo_key), b(n, hi_key);
  for (bool open = true; open;) {
    open = false;
    std::vector<double> mid(n);
    std::vector<int64_t> mid_key(n);
    for (size_t c = 0; c < n; ++c) {
      bool active = at_lo[c] != at_hi[c] && b[c] - a[c] > 1;
      open |= active;
      mid_key[c] = active ? a[c] + (b[c] - a[c]) / 2 : a[c];
      mid[c] = value(mid_key[c]);
    }
    if (!open)
      break;
    std::vector<uint8_t> at_mid = bits(mid);
    for (size_t c = 0; c < n; ++c)
      (at_mid[c] == at_lo[c] ? a[c] : b[c]) = mid_key[c];
  }
  std::vector<ir::Compare> out(n);
  for (size_t c = 0; c < n; ++c) {
    if (at_lo[c] == at_hi[c])
      out[c].kind = at_lo[c] ? ir::Compare::Kind::One : ir::Compare::Kind::Zero;
    else if (at_hi[c])
      out[c] = {ir::Compare::Kind::Ge, value(b[c])}; // smallest value with bit 1
    else
      out[c] = {ir::Compare::Kind::Le, value(a[c])}; // largest value with bit 1
  }
  if (boundary)
    for (size_t c = 0; c < n; ++c)
      boundary->push_back(out[c].t);
  return out;
}

void checkSteps(size_t n, const StepBits &bits, const std::vector<ir::Compare> &cmp, double range,
                bool integer, const std::string &where) {
  const int points = 64;
  for (int i = 0; i <= points; ++i) {
    double pre = -range + 2 * range * i / points;
    if (integer)
      pre = std::round(pre);
    std::vector<uint8_t> at = bits(std::vector<double>(n, pre));
    for (size_t c = 0; c < cmp.size(); ++c)
      if (bool(at[c]) != cmp[c].eval(integer ? pre : static_cast<float>(pre)))
        throw Error(where + ": error: the activation of channel " + std::to_string(c) +
                    " is not a monotone function of the pre-activation (at " + formatNumber(pre) +
                    ")");
  }
}

std::vector<ir::Compare> findThresholds(const ChainEvaluator &eval, double range, bool integer,
                                        PassContext &ctx) {
  size_t n = static_cast<size_t>(eval.channels());
  StepBits bits = [&](const std::vector<double> &pre) { return bitsAt(eval, pre); };
  std::vector<double> boundary;
  std::vector<ir::Compare> out = bisectSteps(n, bits, range, integer, &boundary);
  std::string where = whereSource(eval.graph(), eval.binarizer());
  checkSteps(n, bits, out, range, integer, where);
  if (eval.binarizer().attrInt("from_sign", 0)) {
    if (integer)
      constantBoundaries(eval, out, range, boundary);
    warnTies(eval, out, boundary, integer, where, ctx);
  }
  return out;
}

std::vector<uint8_t> poolModes(const ChainEvaluator &eval, double range) {
  // bit = h2(y) with y = g1(pre) the value entering the pool. max over a window of y is the OR
  // of the bits when h2 is non-decreasing in y, the AND when it is non-increasing.
  ir::Tensor y_lo = eval.toPool(filled(eval, -range));
  ir::Tensor y_hi = eval.toPool(filled(eval, range));
  std::vector<uint8_t> h_lo = eval.condition(eval.fromPool(y_lo));
  std::vector<uint8_t> h_hi = eval.condition(eval.fromPool(y_hi));
  std::vector<uint8_t> use_or(h_lo.size());
  for (size_t c = 0; c < use_or.size(); ++c) {
    int dir_y = (y_hi.data[c] > y_lo.data[c]) - (y_hi.data[c] < y_lo.data[c]);
    int dir_h = int(h_hi[c]) - int(h_lo[c]);
    use_or[c] = dir_y * dir_h >= 0;
  }
  return use_or;
}

void fitAffine(const ChainEvaluator &eval, double range, const ir::Node &where,
               const ir::Graph &graph, std::vector<double> &scale, std::vector<double> &offset) {
  auto f = [&](double pre) {
    return eval.fromPool(eval.toPool(filled(eval, pre))).data.toDoubles();
  };
  std::vector<double> f0 = f(0), fp = f(range), fm = f(-range);
  size_t n = f0.size();
  scale.resize(n);
  offset.resize(n);
  for (size_t c = 0; c < n; ++c) {
    scale[c] = (fp[c] - fm[c]) / (2 * range);
    offset[c] = f0[c];
  }
  for (double pre : {range / 2, -range / 3, 1.0, -1.0}) {
    std::vector<double> v = f(pre);
    for (size_t c = 0; c < n; ++c) {
      double tol = 1e-5 * (std::fabs(fp[c]) + std::fabs(fm[c]) + std::fabs(f0[c])) + 1e-6;
      if (!(std::fabs(v[c] - (scale[c] * pre + offset[c])) <= tol))
        throw Error(graph.where(where) +
                    ": error: the output of this layer is not an affine "
                    "function of its pre-activation (channel " +
                    std::to_string(c) +
                    "); after the last layer bnnc supports bias, batch norm "
                    "and scalar affine ops only");
    }
  }
}

} // namespace bnnc::passes
