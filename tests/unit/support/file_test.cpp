// readFileBytes: a file that is shorter than its size said when it was opened is an error, not a
// buffer of zeros.
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

namespace bnnc {
namespace {

// Linux sysfs attributes are regular files that stat as 4096 bytes and hold fewer: exactly a file
// that shrank between the size and the read.
TEST(ReadFile, AFileShorterThanItsSizeIsAnError) {
  const std::string path = "/sys/devices/system/cpu/online";
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  std::error_code ec;
  if (text.empty() || std::filesystem::file_size(path, ec) <= text.size())
    GTEST_SKIP() << path << " is not a sysfs attribute here";
  try {
    readFileBytes(path);
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(),
                 (path + ": error: cannot read file: it changed while being read").c_str());
  }
}

} // namespace
} // namespace bnnc
