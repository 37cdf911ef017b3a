// FileBytes: a data file's bytes, owned or mapped read-only (see formats.h).
#include "bnnc/data/formats.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

namespace bnnc::data {

FileBytes::FileBytes(std::vector<uint8_t> owned) : owned_(std::move(owned)) {}

FileBytes::FileBytes(FileBytes &&other) noexcept
    : owned_(std::move(other.owned_)), map_(std::exchange(other.map_, nullptr)),
      mapped_(std::exchange(other.mapped_, 0)) {}

FileBytes &FileBytes::operator=(FileBytes &&other) noexcept {
  if (this != &other) {
    this->~FileBytes();
    new (this) FileBytes(std::move(other));
  }
  return *this;
}

FileBytes::~FileBytes() {
  if (map_)
    munmap(const_cast<uint8_t *>(map_), mapped_);
}

FileBytes FileBytes::map(const std::string &path) {
  FileBytes bytes;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return bytes;
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void *p = mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      // Read front to back: the kernel may read ahead and map pages in larger steps.
      madvise(p, size_t(st.st_size), MADV_SEQUENTIAL);
      bytes.map_ = static_cast<const uint8_t *>(p);
      bytes.mapped_ = size_t(st.st_size);
    }
  }
  close(fd);
  return bytes;
}

} // namespace bnnc::data
