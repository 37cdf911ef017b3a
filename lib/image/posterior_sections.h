// The encoder and validating decoder of the POST section (docs/image-format.md, "POST"). The
// decoder reads after COND and checks every field before it is used.
#pragma once

#include "bnnc/image/posterior.h"
#include "bytes.h"

namespace bnnc::image {

std::vector<uint8_t> encodePosterior(const PosteriorImage &posterior);
// Fills everything but the condition.
void decodePosterior(SectionReader &r, PosteriorImage &posterior);

// The parts of POST, in their order in the section.
void writeNetwork(ByteWriter &w, const Network &net);
Network readNetwork(SectionReader &r);
void writeModels(ByteWriter &w, const std::vector<StoredModel> &models);
std::vector<StoredModel> readModels(SectionReader &r, const Network &net,
                                    const ArrayGeometry &array);

} // namespace bnnc::image
