// Section CELL (format 1.2): the physical places of the cells of an image compiled around a fault
// map. Round trip, the version it sets, and the checks of the reader.
#include "bnnc/image/container.h"
#include "bnnc/image/image.h"
#include "unit/image/image_test_util.h"

#include <gtest/gtest.h>
#include <numeric>

namespace bnnc::image {
namespace {

// The identity placement of every tile of `image`, with rows 0 and 1 swapped in tile 0 and its
// column 0 moved to the first of `spare` spare columns.
mapping::CellMap shuffledMap(const ChipImage &image, int64_t spare) {
  const mapping::Arch &a = image.mapping.arch;
  mapping::CellMap c;
  c.spare_cols = spare;
  for (size_t t = 0; t < image.mapping.tiles.size(); ++t) {
    std::vector<uint32_t> rows(size_t(a.tile_rows)), cols(size_t(a.tile_cols));
    std::iota(rows.begin(), rows.end(), 0u);
    std::iota(cols.begin(), cols.end(), 0u);
    c.rows.push_back(rows);
    c.cols.push_back(cols);
  }
  std::swap(c.rows[0][0], c.rows[0][1]);
  c.cols[0][0] = uint32_t(a.tile_cols);
  return c;
}

TEST(CellMap, RoundTripAsFormat12) {
  ChipImage image = test::randomImage(3);
  std::vector<uint8_t> plain = writeImage(image);
  EXPECT_EQ(inspectImage(plain, "m.bnn").minor, 2);
  EXPECT_EQ(inspectImage(plain, "m.bnn").sections.back().tag, "TILE"); // no cell map, no CELL
  image.cell_map = shuffledMap(image, 2);
  std::vector<uint8_t> bytes = writeImage(image);
  ImageInfo info = inspectImage(bytes, "m.bnn");
  EXPECT_EQ(info.minor, 2);
  ASSERT_EQ(info.sections.back().tag, "CELL");
  EXPECT_EQ(info.sections.back().flags, kFlagRequired); // a reader without CELL refuses the file
  test::expectImagesEqual(image, readImage(bytes, "m.bnn"));
}

// Re-encodes the CELL section of `image` after `edit` changed the map, without the writer's
// consistency (the reader's checks are the subject).
std::string errorWith(ChipImage image, const std::function<void(mapping::CellMap &)> &edit) {
  mapping::CellMap c = shuffledMap(image, 1);
  edit(c);
  image.cell_map = c;
  return test::readError(writeImage(image));
}

TEST(CellMap, ReaderChecksEveryPlace) {
  ChipImage image = test::randomImage(4); // 16 x 72 tiles
  auto body = [](const std::string &m) { return m.substr(m.find("(section CELL)")); };
  EXPECT_EQ(body(errorWith(image, [](mapping::CellMap &c) { c.rows[1][3] = 2; })),
            "(section CELL): error: tile 1 row 3 is 2, already taken by another");
  EXPECT_EQ(body(errorWith(image, [](mapping::CellMap &c) { c.cols[2][5] = 73; })),
            "(section CELL): error: tile 2 column 5 is 73, not below 73");
  EXPECT_EQ(body(errorWith(image, [](mapping::CellMap &c) { c.spare_cols = 100; })),
            "(section CELL): error: spare_cols is 100, not in [0, tile_cols = 72]");
  EXPECT_EQ(body(errorWith(image,
                           [](mapping::CellMap &c) {
                             c.rows.pop_back();
                             c.cols.pop_back();
                           })),
            "(section CELL): error: the cell map covers 5 tiles, the image has 6");
}

} // namespace
} // namespace bnnc::image
