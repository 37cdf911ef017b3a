// The encoder and validating decoder of the POST section (docs/image-format.md, "POST"). The
// decoder reads after COND and checks every field before it is used.
#pragma once

#include "bnnc/image/posterior.h"
#include "bytes.h"

namespace bnnc::image {

// Limits of a posterior beyond the container's: a network of at most 2^20 parameters (an array
// of 2^21 devices per model; the paper's array has 16,384) and 2^16 classes.
constexpr int64_t kMaxParameters = int64_t(1) << 20;
constexpr int64_t kMaxClasses = int64_t(1) << 16;

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
