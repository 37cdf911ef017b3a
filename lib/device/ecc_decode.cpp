// Bounded-distance decoding of a word as read: the decoded data bits, their static errors and
// their flip risks.
#include "bnnc/device/ecc.h"

#include <algorithm>

namespace bnnc::device {

namespace {

// P(decoded data bit j is wrong) for every j < data, when cell i is wrong with probability a_i
// independently: bit j leaves the decoder wrong when it is wrong and the word holds more than t
// wrong cells, i.e. when at least t of the other cells are wrong:
// w_j = a_j (1 - P(E_-j <= t - 1)). P(E_-j <= t - 1) combines the distributions of the wrong
// counts before j and after j, each kept for counts 0 .. t-1 (what lies beyond never matters).
std::vector<double> decodedWrong(const std::vector<double> &a, int data, int t) {
  const size_t n = a.size(), k = size_t(t);
  // before[i][c]: P(c wrong among cells < i); after[i][c]: among cells >= i.
  std::vector<std::vector<double>> before(n + 1, std::vector<double>(k, 0.0)), after = before;
  before[0][0] = after[n][0] = 1;
  auto step = [&](const std::vector<double> &from, double p, std::vector<double> &to) {
    for (size_t c = 0; c < k; ++c)
      to[c] = from[c] * (1 - p) + (c > 0 ? from[c - 1] * p : 0.0);
  };
  for (size_t i = 0; i < n; ++i)
    step(before[i], a[i], before[i + 1]);
  for (size_t i = n; i-- > 0;)
    step(after[i + 1], a[i], after[i]);
  std::vector<double> w(static_cast<size_t>(data));
  for (size_t j = 0; j < size_t(data); ++j) {
    double at_most = 0; // P(E_-j <= t - 1)
    for (size_t x = 0; x < k; ++x)
      for (size_t y = 0; x + y < k; ++y)
        at_most += before[j][x] * after[j + 1][y];
    w[j] = a[j] * std::max(0.0, 1 - at_most);
  }
  return w;
}

} // namespace

std::vector<WordCell> decodeWord(const std::vector<WordCell> &cells, int data, int t) {
  int wrong = 0;
  bool risky = false;
  for (const WordCell &c : cells) {
    wrong += c.wrong;
    risky = risky || c.p_run > 0 || c.p_read > 0;
  }
  std::vector<WordCell> out(static_cast<size_t>(data));
  for (size_t j = 0; j < out.size(); ++j)
    out[j].wrong = wrong > t && cells[j].wrong;
  if (!risky)
    return out;
  // A cell is wrong after the run's flips with a_i = q or 1 - q (q its run flip probability),
  // after a read's with the combined flip probability q_run + q_read - 2 q_run q_read.
  std::vector<double> a_run(cells.size()), a_all(cells.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    const WordCell &c = cells[i];
    double all = c.p_run + c.p_read - 2 * c.p_run * c.p_read;
    a_run[i] = c.wrong ? 1 - c.p_run : c.p_run;
    a_all[i] = c.wrong ? 1 - all : all;
  }
  std::vector<double> w_run = decodedWrong(a_run, data, t), w_all = decodedWrong(a_all, data, t);
  // Relative to the decoded noiseless bit, the decoded bit flips for the run with q_run and at a
  // read with q_all in all; split as Physics::flipRisk does: q_read = (q_all - q_run) /
  // (1 - 2 q_run). Within a word the decoded flips are correlated; each bit's marginal is kept.
  for (size_t j = 0; j < out.size(); ++j) {
    double q_run = out[j].wrong ? 1 - w_run[j] : w_run[j];
    double q_all = out[j].wrong ? 1 - w_all[j] : w_all[j];
    out[j].p_run = q_run;
    out[j].p_read = q_run < 0.5 ? std::clamp((q_all - q_run) / (1 - 2 * q_run), 0.0, 1.0) : 0.0;
  }
  return out;
}

} // namespace bnnc::device
