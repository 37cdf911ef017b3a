// A strict reader of device model JSON: objects with known keys only, numbers either plain or as
// {"value": number, "source": string}, range checks, and errors naming a JSON pointer
// ("dev.json: /hrs/sigma_c2c: error: must be a non-negative number, got -1").
#pragma once

#include "bnnc/support/json_input.h"
#include <functional>
#include <initializer_list>

#include <string>
#include <vector>

namespace bnnc::device {

using json = InputJson;

// The accepted range of a number: [lo, hi], or (lo, hi] when lo_open; integer-only if integral.
struct Range {
  double lo = 0, hi = 0;
  bool lo_open = false;
  bool integral = false;
};

class JsonReader {
public:
  explicit JsonReader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string &pointer, const std::string &message) const;

  // Calls visit(key, value, pointer) for every key of the object `v` at `pointer`, in file order,
  // after checking that `v` is an object and every key is in `known`.
  using Visitor = std::function<void(const std::string &, const json &, const std::string &)>;
  void object(const json &v, const std::string &pointer, std::initializer_list<const char *> known,
              const Visitor &visit) const;
  void objectOf(const json &v, const std::string &pointer, const std::vector<const char *> &known,
                const Visitor &visit) const;
  // Fails unless `key` is a key of the object `v` at `pointer` ("required key is missing").
  void require(const json &v, const std::string &pointer, const char *key) const;

  // A number (plain or {"value", "source"}) within `range`.
  double number(const json &v, const std::string &pointer, const Range &range) const;
  // A number that must come with its source: {"value": number, "source": non-empty string}.
  double sourcedNumber(const json &v, const std::string &pointer, const Range &range) const;
  std::string string(const json &v, const std::string &pointer) const;
  bool boolean(const json &v, const std::string &pointer) const;

private:
  std::string source_;
};

// How a number is shown in messages: "0.5", "1e-05", "3000".
std::string numberText(double v);

} // namespace bnnc::device
