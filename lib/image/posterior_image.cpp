// writePosteriorImage / readPosteriorImage: the container with sections COND and POST, and the
// optional VERS.
#include "bnnc/image/container.h"
#include "bnnc/image/posterior.h"
#include "posterior_sections.h"
#include "section_table.h"
#include "sections.h"

namespace bnnc::image {

std::vector<uint8_t> writePosteriorImage(const PosteriorImage &p) {
  std::vector<Section> sections = {{"COND", kFlagRequired, encodeCondition(p.condition)},
                                   {"POST", kFlagRequired, encodePosterior(p)}};
  if (!p.writer.empty()) // optional, as in a layer program's image
    sections.push_back({kWriterTag, 0, encodeWriter(p.writer)});
  return assembleImage(sections, kVersionMajor, kVersionMinor);
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
  if (table.find(kWriterTag)) {
    SectionReader writer = table.section(kWriterTag);
    p.writer = decodeWriter(writer);
    writer.finish();
  }
  return p;
}

bool holdsPosterior(const ImageInfo &info) {
  for (const SectionInfo &s : info.sections)
    if (s.tag == "POST")
      return true;
  return false;
}

} // namespace bnnc::image
