// The version of bnnc: the CMake project version, as `bnnc --version` prints it and chip images
// record it (image::ChipImage::writer).
#pragma once

#include <string>

namespace bnnc {

const char *version();    // "0.2.0"
std::string writerName(); // "bnnc 0.2.0"

} // namespace bnnc
