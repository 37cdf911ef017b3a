// The data loaders of `bnnc run --data/--labels`: the bytes go through loadData and loadLabels
// under a name that selects the format; gzipped inputs are detected from their content, as for
// real files. And the fault maps of `--fault-map`.
#include "bnnc/data/dataset.h"
#include "bnnc/device/fault_map.h"
#include "fuzz/target_list.h"
#include "fuzz/targets.h"

namespace bnnc::fuzz {

namespace {

void fuzzData(const uint8_t *data, size_t size, const std::string &name) {
  std::string path = scratchFile(name, data, size);
  try {
    data::Dataset d = data::loadData(path);
    // What the loader promises: count samples of sample_shape, all finite float32 values.
    if (d.count < 1 || d.values.size() != size_t(d.count) * size_t(ir::numel(d.sample_shape)))
      __builtin_trap();
    data::checkSampleShape(d, {1, 28, 28}, path);
  } catch (const Error &e) {
    checkMessage(e.what(), {path});
  }
  try {
    data::loadLabels(path);
  } catch (const Error &e) {
    checkMessage(e.what(), {path});
  }
}

} // namespace

void fuzzNpy(const uint8_t *data, size_t size) { fuzzData(data, size, "fuzz.npy"); }
void fuzzIdx(const uint8_t *data, size_t size) { fuzzData(data, size, "fuzz-idx3-ubyte"); }
void fuzzCsv(const uint8_t *data, size_t size) { fuzzData(data, size, "fuzz.csv"); }

// A chip's fault map (CSV): read and checked against the default architecture.
void fuzzFaultMap(const uint8_t *data, size_t size) {
  std::string path = scratchFile("faults.csv", data, size);
  try {
    device::FaultMap map = device::readFaultMap(path);
    device::checkFaultMap(map, mapping::defaultArch(), 4);
  } catch (const Error &e) {
    checkMessage(e.what(), {path});
  }
}

} // namespace bnnc::fuzz
