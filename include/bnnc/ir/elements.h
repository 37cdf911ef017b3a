// The elements of a tensor, stored at the width of their dtype: float32 for Float, int64 for
// Int64, one byte (0 or 1) for Bool. The dtype is which of the three storages is held, so a
// tensor's dtype and the width of its elements cannot disagree.
//
// Kernels read any element as a double (exact: every float32, every bool and every int64 up to
// 2^53) and write one with set(), which converts to the storage type; hot loops, and the kernels
// that move elements without arithmetic, take the storage's typed pointer, as<T>().
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace bnnc::ir {

// The order is that of Elements' storages: a DType is the index of its storage.
enum class DType { Float, Int64, Bool };

std::string dtypeName(DType t);

// v truncated toward zero and saturated to the int64 range; NaN gives 0.
int64_t toInt64(double v);

class Elements {
public:
  Elements() = default; // no elements, Float
  // n zeros of the dtype.
  Elements(DType dtype, size_t n);
  // `values` converted as set() converts each.
  Elements(DType dtype, const std::vector<double> &values);
  explicit Elements(std::vector<float> v) : storage_(std::move(v)) {}
  explicit Elements(std::vector<int64_t> v) : storage_(std::move(v)) {}
  explicit Elements(std::vector<uint8_t> v); // Bool: any nonzero byte becomes 1

  DType dtype() const { return static_cast<DType>(storage_.index()); }
  size_t size() const;
  bool empty() const { return size() == 0; }
  size_t elementBytes() const;  // 4, 8 or 1
  size_t capacityBytes() const; // what the storage has allocated

  // Element i as a double.
  double operator[](size_t i) const {
    switch (storage_.index()) {
    case 0:
      return (*std::get_if<0>(&storage_))[i];
    case 1:
      return double((*std::get_if<1>(&storage_))[i]);
    default:
      return (*std::get_if<2>(&storage_))[i];
    }
  }
  // Element i = v: rounded to float32 (Float), toInt64(v) (Int64), v != 0 (Bool).
  void set(size_t i, double v) {
    switch (storage_.index()) {
    case 0:
      (*std::get_if<0>(&storage_))[i] = static_cast<float>(v);
      break;
    case 1:
      (*std::get_if<1>(&storage_))[i] = toInt64(v);
      break;
    default:
      (*std::get_if<2>(&storage_))[i] = v != 0;
    }
  }
  std::vector<double> toDoubles() const;

  // The storage as T: float (Float), int64_t (Int64) or uint8_t (Bool); another T than the
  // dtype's throws std::bad_variant_access.
  template <class T> T *as() { return std::get<std::vector<T>>(storage_).data(); }
  template <class T> const T *as() const { return std::get<std::vector<T>>(storage_).data(); }

  bool operator==(const Elements &o) const { return storage_ == o.storage_; }
  bool operator!=(const Elements &o) const { return !(*this == o); }

private:
  std::variant<std::vector<float>, std::vector<int64_t>, std::vector<uint8_t>> storage_;
};

} // namespace bnnc::ir
