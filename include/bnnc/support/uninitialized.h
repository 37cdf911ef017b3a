// An allocator whose resize leaves new elements uninitialized (default-initialized): for large
// buffers that several threads then fill, so that each thread first touches its own pages instead
// of one thread zeroing them all before the work is split.
#pragma once

#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace bnnc {

template <class T> struct UninitializedAllocator : std::allocator<T> {
  template <class U> struct rebind { using other = UninitializedAllocator<U>; };
  UninitializedAllocator() = default;
  template <class U> UninitializedAllocator(const UninitializedAllocator<U> &) noexcept {}

  template <class U> void construct(U *p) noexcept { ::new (static_cast<void *>(p)) U; }
  template <class U, class... Args> void construct(U *p, Args &&...args) {
    ::new (static_cast<void *>(p)) U(std::forward<Args>(args)...);
  }
};

template <class T, class U>
bool operator==(const UninitializedAllocator<T> &, const UninitializedAllocator<U> &) {
  return true;
}
template <class T, class U>
bool operator!=(const UninitializedAllocator<T> &, const UninitializedAllocator<U> &) {
  return false;
}

// A vector whose growth leaves the new elements for their writers to initialize.
template <class T> using UninitializedVector = std::vector<T, UninitializedAllocator<T>>;

} // namespace bnnc
