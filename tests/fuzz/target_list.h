// The target functions, one per input kind; targets_util.cpp lists them with their names.
#pragma once

#include <cstddef>
#include <cstdint>

namespace bnnc::fuzz {

void fuzzOnnx(const uint8_t *data, size_t size);       // onnx_target_util.cpp
void fuzzImage(const uint8_t *data, size_t size);      // image_target_util.cpp
void fuzzArch(const uint8_t *data, size_t size);       // json_targets_util.cpp
void fuzzDevice(const uint8_t *data, size_t size);     // json_targets_util.cpp
void fuzzCondition(const uint8_t *data, size_t size);  // json_targets_util.cpp
void fuzzTechnology(const uint8_t *data, size_t size); // json_targets_util.cpp
void fuzzSweep(const uint8_t *data, size_t size);      // json_targets_util.cpp
void fuzzNpy(const uint8_t *data, size_t size);        // data_targets_util.cpp
void fuzzIdx(const uint8_t *data, size_t size);        // data_targets_util.cpp
void fuzzCsv(const uint8_t *data, size_t size);        // data_targets_util.cpp
void fuzzFaultMap(const uint8_t *data, size_t size);   // data_targets_util.cpp

} // namespace bnnc::fuzz
