// The stored models of a posterior (POST): per model its group, its weight and its conductances.
#include "codec.h"
#include "posterior_sections.h"
#include "text.h"

namespace bnnc::image {

void writeModels(ByteWriter &w, const std::vector<StoredModel> &models) {
  w.u64(models.size());
  for (const StoredModel &m : models) {
    w.i64(m.group);
    w.u64(m.weight);
    for (double g : m.conductance_us)
      w.f64(g);
  }
}

namespace {

// A conductance read from a device: finite and positive (a device always conducts a little).
double readConductance(SectionReader &r, const std::string &what) {
  uint64_t at = r.offset();
  double g = readFinite(r, what);
  if (!(g > 0))
    r.fail(at, what + " is " + formatDouble(g) + " uS, not positive");
  return g;
}

StoredModel readModel(SectionReader &r, uint64_t index, int64_t devices, int64_t groups,
                      int64_t previous) {
  StoredModel m;
  std::string model = "model " + std::to_string(index);
  uint64_t at = r.offset();
  m.group = r.i64("the group of " + model);
  if (m.group <= previous || m.group >= groups)
    r.fail(at, "the group of " + model + " is " + std::to_string(m.group) + ", not in [" +
                   std::to_string(previous + 1) + ", " + std::to_string(groups - 1) +
                   "] (groups increase from model to model)");
  at = r.offset();
  m.weight = r.u64("the weight of " + model);
  if (m.weight == 0)
    r.fail(at, "the weight of " + model +
                   " is 0, a stored model was the chain's state at least "
                   "once");
  for (int64_t d = 0; d < devices; ++d)
    m.conductance_us.push_back(
        readConductance(r, "the conductance of device " + std::to_string(d) + " of " + model));
  return m;
}

} // namespace

std::vector<StoredModel> readModels(SectionReader &r, const Network &net,
                                    const ArrayGeometry &array) {
  int64_t devices = 2 * net.parameters();
  uint64_t at = r.offset();
  // A model is its group, its weight and 8 bytes per device.
  uint64_t count = r.count("the model count", 16 + 8 * uint64_t(devices));
  if (count == 0 || count > uint64_t(array.groups()))
    r.fail(at, "the model count is " + std::to_string(count) + ", not in [1, " +
                   std::to_string(array.groups()) + "] (the groups of the array)");
  std::vector<StoredModel> models;
  for (uint64_t k = 0; k < count; ++k)
    models.push_back(readModel(r, k, devices, array.groups(), k ? models.back().group : -1));
  return models;
}

} // namespace bnnc::image
