// writePosteriorImage / readPosteriorImage: the container with sections COND and POST.
#include "bnnc/image/container.h"
#include "bnnc/image/posterior.h"
#include "posterior_sections.h"
#include "section_table.h"
#include "sections.h"

namespace bnnc::image {

std::vector<uint8_t> writePosteriorImage(const PosteriorImage &p) {
  return assembleImage({{"COND", kFlagRequired, encodeCondition(p.condition)},
                        {"POST", kFlagRequired, encodePosterior(p)}},
                       kVersionMajor, kVersionMinor);
}

PosteriorImage readPosteriorImage(const std::vector<uint8_t> &bytes, const std::string &source) {
  SectionTable table(bytes, source);
  table.check({"COND", "POST"}, {"COND", "POST"});
  PosteriorImage p;
  SectionReader cond = table.section("COND");
  p.condition = decodeCondition(cond);
  cond.finish();
  SectionReader post = table.section("POST");
  decodePosterior(post, p);
  post.finish();
  return p;
}

bool holdsPosterior(const ImageInfo &info) {
  for (const SectionInfo &s : info.sections)
    if (s.tag == "POST")
      return true;
  return false;
}

} // namespace bnnc::image
