// Device model fields of a sweep point, set in the model's JSON and checked by the model's parser.
#include "sweep_device.h"

#include "bnnc/support/error.h"

namespace bnnc::driver::dse {

namespace {

// One resistance state with the keys of the model file.
json stateJson(const device::ResistanceState &s) {
  return {{"median_ohm", s.median_ohm}, {"sigma_d2d", s.sigma_d2d}, {"sigma_c2c", s.sigma_c2c}};
}

// Sets the value at `pointer`, creating missing objects on the way (the parser then names an
// unknown key); a value that is not an object on the way is an error at `place`.
void setAt(json &doc, const std::string &pointer, const json &value, const std::string &place) {
  json::json_pointer p(pointer);
  json::json_pointer parent = p.parent_pointer();
  for (json::json_pointer at = parent; !at.empty(); at = at.parent_pointer())
    if (doc.contains(at) && !doc[at].is_object())
      fail(place,
           at.to_string() + " is not an object in the device model, it holds " + describeJson(doc[at]));
  doc[p] = value;
}

// The parser's message for `source` "\x1f": "\x1f: /hrs/sigma_c2c: error: must be ...". Splits it
// into the pointer and the message.
std::pair<std::string, std::string> splitMessage(const std::string &what) {
  std::string rest = what.rfind("\x1f: ", 0) == 0 ? what.substr(3) : what;
  size_t at = rest.find(": error: ");
  if (at == std::string::npos)
    return {"", rest};
  return {rest.substr(0, at), rest.substr(at + 9)};
}

} // namespace

json deviceModelJson(const device::DeviceModel &m) {
  json j;
  j["name"] = m.name;
  j["condition"] = m.condition;
  j["cell"] = m.cell == device::DeviceModel::Cell::TwoT2R ? "2T2R" : "1T1R";
  j["lrs"] = stateJson(m.lrs);
  j["hrs"] = stateJson(m.hrs);
  j["read_sigma"] = m.read_sigma;
  j["sense_offset_sigma"] = m.sense_offset_sigma;
  j["reference_ohm"] = m.reference_ohm;
  j["verify"] = {{"enabled", m.verify.enabled},
                 {"max_retries", m.verify.max_retries},
                 {"margin", m.verify.margin}};
  j["program_failure_rate"] = m.program_failure_rate;
  j["ageing"] = {{"onset_cycles", m.ageing.onset_cycles},
                 {"window_loss_per_decade", m.ageing.window_loss_per_decade}};
  j["retention"] = {{"drift_per_decade", m.retention.drift_per_decade},
                    {"reference_s", m.retention.reference_s},
                    {"activation_ev", m.retention.activation_ev},
                    {"reference_k", m.retention.reference_k}};
  j["faults"] = {{"stuck_lrs", m.faults.stuck_lrs},
                 {"stuck_hrs", m.faults.stuck_hrs},
                 {"never_formed", m.faults.never_formed}};
  return j;
}

device::DeviceModel withDeviceFields(const device::DeviceModel &base, const Settings &fields,
                                     const std::string &place, json &applied) {
  applied = deviceModelJson(base);
  for (const Setting &f : fields)
    setAt(applied, devicePointer(f.name), f.value, f.place);
  try {
    return device::parseDeviceModel(applied.dump(), "\x1f");
  } catch (const Error &e) {
    auto [pointer, message] = splitMessage(e.what());
    // The last field set at or below the reported pointer made the problem.
    for (auto f = fields.rbegin(); f != fields.rend(); ++f) {
      std::string own = devicePointer(f->name);
      if (!pointer.empty() && (own == pointer || own.rfind(pointer + "/", 0) == 0))
        fail(f->place, (own == pointer ? "" : pointer + ": ") + message);
    }
    fail(place, pointer + ": " + message);
  }
}

} // namespace bnnc::driver::dse
