// Helpers of the image tests: hand-built programs, comparisons, and byte surgery on images.
#pragma once

#include "bnnc/image/image.h"

#include <random>
#include <string>
#include <vector>

namespace bnnc::image::test {

// A 6-tile architecture with two 64-bit words per row (72 columns) and 16 rows.
mapping::Arch testArch();

// A bit-serial 3x3 convolution over a 4-bit 1x8x8 input with 2x2 max pooling ("conv0", 6
// channels), a dense threshold layer ("fc1", 96 -> 20) and an affine output layer ("fc2",
// 20 -> 10). Weights, thresholds, scales and pooling modes are drawn from `rng`.
ir::Program randomProgram(std::mt19937 &rng);
// randomProgram mapped on testArch() with the "typical" condition.
ChipImage randomImage(unsigned seed);
// A one-layer image: comparator input of 2 values, one affine neuron, the default architecture.
ChipImage tinyImage();
// 3 neurons x 4 inputs on 2 x 3 tiles: tile 0 holds rows 0-1 x columns 0-2, tile 1 rows 0-1 x
// column 3, tile 2 row 2 x columns 0-2, tile 3 row 2 x column 3: 12 used cells, 24 pulses.
mapping::Mapping smallScheduleMapping();

// Field-by-field equality, with the failing field named by gtest.
void expectProgramsEqual(const ir::Program &a, const ir::Program &b);
void expectImagesEqual(const ChipImage &a, const ChipImage &b);

// The message of the bnnc::Error readImage throws on `bytes` ("" if it reads fine).
std::string readError(const std::vector<uint8_t> &bytes);
// The byte offset named by an image error message ("m.bnn: offset 0x1c0 (...)").
uint64_t errorOffset(const std::string &message);

// "0x1c0", and "0x0000abcd" (8 digits, as CRCs are printed).
std::string hexOf(uint64_t v);
std::string hexOf8(uint32_t v);
// The table entry of section `tag` (which must exist) in a valid container.
SectionInfo sectionInfo(const std::vector<uint8_t> &bytes, const std::string &tag);

uint64_t getLe(const std::vector<uint8_t> &b, uint64_t at, int n);
void putLe(std::vector<uint8_t> &b, uint64_t at, uint64_t v, int n);
// Recomputes every section's CRC in the table, then the header CRC, so that a deliberate change
// reaches the checks behind the CRCs.
void reseal(std::vector<uint8_t> &b);

} // namespace bnnc::image::test
