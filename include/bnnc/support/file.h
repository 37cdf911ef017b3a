// File helpers. Outputs are written atomically: to a temporary file beside the target, then
// renamed, so that an error never leaves a half-written file at the output path.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace bnnc {

std::vector<uint8_t> readFileBytes(const std::string &path); // throws bnnc::Error
std::string readFileText(const std::string &path);

// Calls `write` with a stream on a temporary file, then renames it to `path`. If `write` throws,
// the temporary file is removed and the exception propagates.
void writeFileAtomic(const std::string &path, const std::function<void(std::ostream &)> &write);
void writeFileAtomic(const std::string &path, const std::vector<uint8_t> &bytes);

} // namespace bnnc
