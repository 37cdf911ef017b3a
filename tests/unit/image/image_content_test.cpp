// Reader errors inside the sections: counts, geometry, chaining, enumerations, placements and
// tiles that do not agree. The writer stores what it is given, so each case writes a
// deliberately inconsistent image.
#include "bnnc/image/image.h"
#include "unit/image/image_test_util.h"

#include <cmath>
#include <gtest/gtest.h>

namespace bnnc::image {
namespace {

using test::hexOf;

// Reading `image` fails with `message` in section `tag`, at an offset inside that section.
void expectError(const ChipImage &image, const std::string &tag, const std::string &message) {
  std::vector<uint8_t> bytes = writeImage(image);
  std::string error = test::readError(bytes);
  uint64_t at = test::errorOffset(error);
  EXPECT_EQ(error, "m.bnn: offset " + hexOf(at) + " (section " + tag + "): error: " + message);
  SectionInfo s = test::sectionInfo(bytes, tag);
  EXPECT_GE(at, s.offset);
  EXPECT_LT(at, s.offset + s.size);
}

ChipImage image() { return test::randomImage(17); }
ir::Layer &layer(ChipImage &im, int i) { return im.program.layers[size_t(i)]; }

// Exact offsets in the tiny image (layout in image_golden_test.cpp): INPT at 0x200 holds kind
// (1 byte), shape (4 + 8), count (8), so the first comparison's kind is at 0x215.
TEST(ImageContent, ExactOffsetsInTheTinyImage) {
  ChipImage im = test::tinyImage();
  im.program.input.compare[0].kind = ir::Compare::Kind(7);
  EXPECT_EQ(test::readError(writeImage(im)),
            "m.bnn: offset 0x215 (section INPT): error: the kind of input comparison 0 is 7, not "
            "one of 0 (>=), 1 (<=), 2 (constant 0), 3 (constant 1)");
  im = test::tinyImage();
  im.program.model_name = std::string(1, char(0xff));
  EXPECT_EQ(test::readError(writeImage(im)), "m.bnn: offset 0x104 (section META): error: the "
                                             "model name is not valid UTF-8 (byte 0xff)");
  // TILE at 0x3c0: count 8, tile fields 40, then row 0; column 2 is bit 2 of its first word.
  im = test::tinyImage();
  im.mapping.tiles[0].cells[0] |= 4;
  EXPECT_EQ(test::readError(writeImage(im)),
            "m.bnn: offset 0x3f0 (section TILE): error: tile 0 cell (row 0, column 2) is outside "
            "the 1x2 used cells but set");
}

TEST(ImageContent, CountsMustMatchTheChannels) {
  ChipImage im = image();
  layer(im, 1).threshold.pop_back();
  expectError(im, "LAYR", "layer 'fc1' has 19 threshold values, expected 20");
  im = image();
  layer(im, 2).scale.pop_back();
  expectError(im, "LAYR", "layer 'fc2' has 9 scale values, expected 10");
  im = image();
  layer(im, 1).scale.assign(20, 1.0);
  expectError(im, "LAYR", "layer 'fc1' has 20 scale values, expected 0");
}

TEST(ImageContent, CountsMustMatchTheChannelsOffsets) {
  ChipImage im = image();
  layer(im, 1).offset.assign(20, 0.0);
  expectError(im, "LAYR", "layer 'fc1' has 20 offset values, expected 0");
  im = image();
  layer(im, 0).pool.use_or.pop_back();
  expectError(im, "LAYR", "layer 'conv0' has 5 pooling use_or values, expected 6");
  im = image();
  layer(im, 0).pool.use_or[1] = 2;
  expectError(im, "LAYR", "layer 'conv0' pooling use_or 1 must be 0 or 1, got 2");
  im = test::tinyImage();
  im.program.input.compare.pop_back();
  expectError(im, "INPT",
              "the input has 1 comparisons, a comparator input needs one per element (2)");
}

TEST(ImageContent, EnumerationsInRange) {
  ChipImage im = image();
  layer(im, 1).threshold[3].kind = ir::Compare::Kind(9);
  expectError(im, "LAYR",
              "the kind of layer 'fc1' comparison 3 is 9, not one of 0 (>=), 1 (<=), "
              "2 (constant 0), 3 (constant 1)");
  im = image();
  layer(im, 1).output = ir::Layer::Output(4);
  expectError(im, "LAYR", "layer 'fc1' output kind is 4, not one of 0 (threshold), 1 (affine)");
  im = image();
  im.program.final = ir::Program::Final(7);
  expectError(
      im, "META",
      "the final operation is 7, not one of 0 (none), 1 (Softmax), 2 (LogSoftmax), 3 (ArgMax)");
  im = image();
  im.program.input.kind = ir::InputStage::Kind(2);
  expectError(im, "INPT", "the input kind is 2, not one of 0 (comparator), 1 (bit-serial)");
}

TEST(ImageContent, ValuesInRange) {
  ChipImage im = image();
  layer(im, 1).threshold[0].t = std::nan("");
  expectError(im, "LAYR", "the threshold of layer 'fc1' comparison 0 is NaN");
  im = image();
  layer(im, 2).scale[4] = INFINITY;
  expectError(im, "LAYR", "layer 'fc2' scale 4 is inf, not a finite number");
  im = image();
  im.program.final_axis = 5;
  expectError(im, "META",
              "the final axis is 5, not in [-2, 1] for an output of rank 1 plus the "
              "batch");
  im = image();
  im.program.input.bits = 17;
  expectError(im, "INPT", "the input bit count is 17, not in [1, 16]");
  im = image();
  im.program.input.lo = im.program.input.hi = 1;
  expectError(im, "INPT", "the bit-serial input range [1, 1] is empty");
  im = image();
  im.condition.pulse_ns = -1;
  expectError(im, "COND", "pulse_ns is -1, not a positive number");
  im = image();
  im.condition.ber_bound = 2;
  expectError(im, "COND", "ber_bound is 2, more than 1");
  im = image();
  im.condition.name = "";
  expectError(im, "COND", "the condition name is empty");
}

TEST(ImageContent, Geometry) {
  ChipImage im = image();
  layer(im, 0).geom.oh = 9;
  expectError(im, "LAYR",
              "layer 'conv0': oh is 9, but ih 8 + pads 1 + 1 with kh 3, dh 1, sh 1 "
              "give 8");
  im = image();
  layer(im, 0).geom.kw = 11;
  expectError(im, "LAYR",
              "layer 'conv0': the window spans 11 inputs, more than the 10 of iw 8 + "
              "pads 1 + 1 with kw 11, dw 1, sw 1");
  im = image();
  layer(im, 0).geom.sh = 0;
  expectError(im, "LAYR", "layer 'conv0' sh is 0, not in [1, 16777216]");
  im = image();
  layer(im, 0).pool.oh = 3;
  expectError(im, "LAYR",
              "layer 'conv0' pooling: oh is 3, but ih 8 + pads 0 + 0 with kh 2, dh "
              "1, sh 2 give 4");
  // 3x3 windows at stride 2 over 8: (8 - 3) / 2 + 1 = 3 positions, 4 in ceil mode.
  im = image();
  layer(im, 0).pool.kh = 3;
  layer(im, 0).pool.oh = 5;
  expectError(im, "LAYR",
              "layer 'conv0' pooling: oh is 5, but ih 8 + pads 0 + 0 with kh 3, dh "
              "1, sh 2 give 3 (4 in ceil mode)");
}

TEST(ImageContent, CeilModePoolingIsAccepted) {
  ChipImage im = image();
  layer(im, 0).pool.kh = layer(im, 0).pool.kw = 3; // 4x4 output in ceil mode, as before
  test::expectImagesEqual(im, readImage(writeImage(im), "m.bnn"));
}

TEST(ImageContent, LayersMustChain) {
  ChipImage im = image();
  layer(im, 1).geom.cin = 95;
  expectError(im, "LAYR",
              "layer 'fc1' reads cin * ih * iw = 95 values, the previous layer gives "
              "96");
  im = image();
  im.program.input.shape = {1, 8, 9};
  expectError(im, "LAYR",
              "layer 'conv0' reads cin * ih * iw = 64 values, the input stage gives "
              "72");
  im = image();
  layer(im, 1).bit_serial_input = true;
  expectError(im, "LAYR",
              "layer 'fc1' has bit_serial_input 1, expected 0 (the layers after a "
              "bit-serial input stage or a multi-bit output read bit-planes, the others bits)");
  im = image();
  layer(im, 1).output = ir::Layer::Output::Affine;
  layer(im, 1).threshold.clear();
  layer(im, 1).scale.assign(20, 1.0);
  layer(im, 1).offset.assign(20, 0.0);
  expectError(im, "LAYR",
              "layer 'fc1' is affine but not the last layer (it outputs scores, not bits)");
  im = image();
  layer(im, 2).pool = layer(im, 0).pool;
  expectError(im, "LAYR",
              "layer 'fc2' is affine and pooled; pooling applies to threshold layers only");
  im = image();
  im.program.output_shape = {11};
  expectError(im, "META", "the output shape has 11 elements, the last layer 'fc2' outputs 10");
  im = image();
  im.program.layers.clear();
  im.mapping.layers.clear();
  im.mapping.tiles.clear();
  expectError(im, "LAYR", "the image has no layers");
}

TEST(ImageContent, ArchitectureAndPlacements) {
  ChipImage im = image();
  im.mapping.arch.popcount_bits = 3;
  expectError(im, "ARCH",
              "popcount_bits 2^3 - 1 = 7 cannot hold tile_cols = 72; at least 7 bits "
              "are needed");
  im = image();
  im.mapping.arch.tiles = 5;
  expectError(im, "LAYR",
              "layer 'fc2' needs 1 tiles after the 5 of the earlier layers; the "
              "architecture 'test' has 5");
  // fc1: 1 position x 1 plane x 20 neurons x 2 column blocks = 40 reads.
  im = image();
  im.mapping.layers[1].array_reads += 1;
  expectError(im, "LAYR",
              "layer 'fc1' placement array_reads is 41, the geometry and "
              "architecture give 40");
  // fc1: 20 x 96 = 1920 used cells of 4 tiles x 16 x 72 = 4608.
  im = image();
  im.mapping.layers[1].utilization = 0.5;
  expectError(im, "LAYR",
              "layer 'fc1' placement utilization is 0.5, the geometry and "
              "architecture give 0.4166666666666667");
}

// Tiles: 0 is conv0; 1-4 are fc1's (row block, column block) = (0,0) (0,1) (1,0) (1,1); 5 is fc2.
TEST(ImageContent, TilesMustMatchThePlacements) {
  ChipImage im = image();
  im.mapping.tiles.pop_back();
  expectError(im, "TILE", "the image has 5 tiles, the layers' placements use 6");
  im = image();
  im.mapping.tiles[1].cols = 71;
  expectError(im, "TILE", "tile 1 cols is 71, the placement of layer 'fc1' gives 72");
  im = image();
  std::swap(im.mapping.tiles[1], im.mapping.tiles[2]);
  expectError(im, "TILE", "tile 1 col0 is 72, the placement of layer 'fc1' gives 0");
  // conv0 uses 6 rows of 16: row 7 is unused.
  im = image();
  im.mapping.tiles[0].cells[7 * 2 + 1] |= uint64_t(1) << 63;
  expectError(im, "TILE", "tile 0 cell (row 7, column 127) is outside the 6x9 used cells but set");
}

} // namespace
} // namespace bnnc::image
