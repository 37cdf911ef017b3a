// Device model fields of a sweep point, set in the model's JSON and checked by the model's parser.
#include "bnnc/sweep/device_fields.h"

#include "bnnc/support/error.h"

namespace bnnc::sweep {

namespace {

// Sets the value at `pointer`, creating missing objects on the way (the parser then names an
// unknown key); a value that is not an object on the way is an error at `place`.
void setAt(json &doc, const std::string &pointer, const json &value, const std::string &place) {
  json::json_pointer p(pointer);
  json::json_pointer parent = p.parent_pointer();
  for (json::json_pointer at = parent; !at.empty(); at = at.parent_pointer())
    if (doc.contains(at) && !doc[at].is_object())
      fail(place, at.to_string() + " is not an object in the device model, it holds " +
                      describeJson(doc[at]));
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

device::DeviceModel withDeviceFields(const device::DeviceModel &base, const Settings &fields,
                                     const std::string &place, json &applied) {
  applied = device::deviceModelJson(base);
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

} // namespace bnnc::sweep
