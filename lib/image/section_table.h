// The section-level checks every image reader makes after inspectImage (docs/image-format.md,
// "Validation", step 3), and readers over the sections it found. The layer-program reader and
// the posterior reader differ only in the sections they require.
#pragma once

#include "bnnc/image/image.h"
#include "bytes.h"

#include <string>
#include <vector>

namespace bnnc::image {

class SectionTable {
public:
  SectionTable(const std::vector<uint8_t> &bytes, const std::string &source);
  const ImageInfo &info() const { return info_; }
  const SectionInfo *find(const std::string &tag) const;
  // In this order: every section's CRC (no content is looked at before its CRC matches), every
  // tag of `required` present, no section flagged required whose tag is not in `known`.
  void check(const std::vector<std::string> &required, const std::vector<std::string> &known) const;
  // A reader over the section `tag` (which must exist); a file of a newer minor version may
  // append fields to it.
  SectionReader section(const std::string &tag) const;
  [[noreturn]] void failTable(const std::string &message) const; // at the section table

private:
  const std::vector<uint8_t> &bytes_;
  const std::string &source_;
  ImageInfo info_;
};

} // namespace bnnc::image
