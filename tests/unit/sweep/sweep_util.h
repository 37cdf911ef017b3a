// Helpers of the sweep unit tests: a scratch directory, error texts, and a toy sweep layout whose
// rows are known without running a model.
#pragma once

#include "bnnc/sweep/output.h"

#include <functional>
#include <string>
#include <vector>

namespace bnnc::sweep::test {

// A fresh directory under the system temp dir, removed with the object.
class Scratch {
public:
  Scratch();
  ~Scratch();
  std::string path(const std::string &name) const { return dir_ + "/" + name; }
  void write(const std::string &path, const std::string &text) const;
  std::string read(const std::string &path) const;

private:
  std::string dir_;
};

// The message of the bnnc::Error that `f` throws, or "" when it does not throw.
std::string errorOf(const std::function<void()> &f);

inline bool everyPoint(int64_t) { return true; }

// A sweep of `points` points over one parameter, ber = p / 10, whose result is accuracy = p / 10.
struct ToyLayout {
  ToyLayout(int64_t points, std::function<bool(int64_t)> mine);
  json row(int64_t point) const;
  std::string csv(const std::vector<int64_t> &points) const; // header and rows
  std::string jsonl(const std::vector<int64_t> &points) const;
  Layout layout;
};

} // namespace bnnc::sweep::test
