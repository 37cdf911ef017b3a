// Output files of a command, written all-or-nothing: each file goes to a temporary file and is
// renamed into place; if a later one fails, the ones already written are removed again.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace bnnc::driver {

class OutputSet {
public:
  void add(const std::string &path, std::function<void(std::ostream &)> write);
  void commit(); // throws bnnc::Error; leaves none of the files on failure

private:
  std::vector<std::pair<std::string, std::function<void(std::ostream &)>>> files_;
};

} // namespace bnnc::driver
