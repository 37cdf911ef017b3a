// VERS: an image records the program that wrote it in an optional section, written last; an
// image without a writer has no such section.
#include "bnnc/image/container.h"
#include "bnnc/image/image.h"
#include "unit/image/image_test_util.h"

#include <gtest/gtest.h>

namespace bnnc::image {
namespace {

TEST(ImageWriter, RecordedInAnOptionalSectionWrittenLast) {
  ChipImage image = test::tinyImage();
  std::vector<uint8_t> without = writeImage(image);
  image.writer = "bnnc 0.2.0";
  std::vector<uint8_t> with = writeImage(image);
  ImageInfo info = inspectImage(with, "t.bnn");
  ASSERT_EQ(info.sections.size(), 7u);
  EXPECT_EQ(info.sections.back().tag, "VERS");
  EXPECT_EQ(info.sections.back().flags, 0u); // optional: readers that do not know it skip it
  EXPECT_EQ(info.sections.back().size, 4u + 10u);
  // The same sections before it, byte for byte.
  ImageInfo plain = inspectImage(without, "t.bnn");
  for (size_t i = 0; i < plain.sections.size(); ++i)
    EXPECT_EQ(info.sections[i].crc_stored, plain.sections[i].crc_stored) << plain.sections[i].tag;
  ChipImage back = readImage(with, "t.bnn");
  EXPECT_EQ(back.writer, "bnnc 0.2.0");
  EXPECT_EQ(writeImage(back), with);
  EXPECT_EQ(readImage(without, "t.bnn").writer, "");
}

TEST(ImageWriter, AnEmptyWriterIsRejected) {
  ChipImage image = test::tinyImage();
  std::vector<Section> sections;
  ImageInfo info = inspectImage(writeImage(image), "t.bnn");
  std::vector<uint8_t> bytes = writeImage(image);
  for (const SectionInfo &s : info.sections)
    sections.push_back({s.tag, s.flags,
                        std::vector<uint8_t>(bytes.begin() + int64_t(s.offset),
                                             bytes.begin() + int64_t(s.offset + s.size))});
  sections.push_back({"VERS", 0, {0, 0, 0, 0}}); // a str of length 0
  std::string error = test::readError(assembleImage(sections));
  EXPECT_EQ(error.substr(error.find("(section VERS)")),
            "(section VERS): error: the writer is empty");
}

} // namespace
} // namespace bnnc::image
