// Programming condition files: a condition named by its pulse parameters, completed by the law.
#include "bnnc/device/programming_law.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"
#include "bnnc/support/text.h"
#include "json_reader.h"
#include "model_base.h"

#include <algorithm>
#include <filesystem>

namespace bnnc::device {

namespace {

// The smallest BER a condition stores (the image format needs a positive number): the law's
// analytic rate underflows to 0 for very wide windows.
constexpr double kMinBer = 1e-300;

void readVerifyPolicy(const JsonReader &r, const json &v, const std::string &p,
                      DeviceModel::Verify &out) {
  r.object(v, p, {"max_retries", "margin"},
           [&](const std::string &key, const json &x, const std::string &q) {
             if (key == "max_retries")
               out.max_retries = int(r.number(x, q, {0, 100, false, true}));
             else
               out.margin = r.number(x, q, {0, 20});
           });
}

// A value within the range where the law was calibrated.
void checkWithin(const JsonReader &r, const std::string &pointer, double v, double lo, double hi,
                 const std::string &law) {
  if (v < lo || v > hi)
    r.fail(pointer, "must be in [" + numberText(lo) + ", " + numberText(hi) +
                        "], where the programming law '" + law + "' was calibrated, got " +
                        numberText(v));
}

} // namespace

ConditionFile parseConditionFile(const std::string &text, const std::string &source) {
  const ProgrammingLaw &law = defaultProgrammingLaw();
  json doc = parseJsonObject(text, source);
  JsonReader r(source);
  ConditionFile out;
  image::Condition &c = out.condition;
  c.set_voltage_v = law.set_voltage_v;
  r.object(doc, "",
           {"name", "description", "set_compliance_ua", "set_voltage_v", "reset_voltage_v",
            "pulse_ns", "verify"},
           [&](const std::string &key, const json &v, const std::string &p) {
             if (key == "name") {
               c.name = r.string(v, p);
               if (c.name.empty() || c.name.size() > 255 || !isPrintableUtf8(c.name))
                 r.fail(p, "must be 1 to 255 bytes of printable UTF-8");
             } else if (key == "description") {
               r.string(v, p);
             } else if (key == "set_compliance_ua") {
               c.set_compliance_ua = r.number(v, p, {0, 1e6, true});
               checkWithin(r, p, c.set_compliance_ua, law.min_compliance_ua, law.max_compliance_ua,
                           law.name);
             } else if (key == "set_voltage_v") {
               c.set_voltage_v = r.number(v, p, {0, 20, true});
             } else if (key == "reset_voltage_v") {
               c.reset_voltage_v = r.number(v, p, {0, 20, true});
             } else if (key == "pulse_ns") {
               c.pulse_ns = r.number(v, p, {0, 1e9, true});
               checkWithin(r, p, c.pulse_ns, law.min_pulse_ns, law.max_pulse_ns, law.name);
             } else {
               DeviceModel::Verify verify{true, int(law.verify_retries), 0};
               readVerifyPolicy(r, v, p, verify);
               r.require(v, p, "margin");
               out.verify = verify;
             }
           });
  for (const char *key : {"name", "set_compliance_ua", "reset_voltage_v", "pulse_ns"})
    r.require(doc, "", key);
  LawPoint point = lawPoint(law, c);
  c.set_energy_pj = point.set_energy_pj;
  c.reset_energy_pj = point.reset_energy_pj;
  c.endurance_cycles = point.endurance_cycles;
  c.ber_bound = std::max(kMinBer, rawBitErrorRate(lawDevice(law, c), Environment{}));
  if (!(c.set_energy_pj > 0))
    r.fail("/pulse_ns", "must be longer than the SET delay of the law, " +
                            numberText(law.set_delay_ns) + " ns, got " + numberText(c.pulse_ns));
  return out;
}

// A preset name wins over a file of the same name; a name with a directory part or a .json
// extension is always a file; any other name is a preset, or the error that lists them.
ConditionFile loadCondition(const std::string &name_or_path) {
  const auto &presets = image::conditionPresets();
  bool preset = std::any_of(presets.begin(), presets.end(),
                            [&](const image::Condition &c) { return c.name == name_or_path; });
  std::error_code ec;
  if (!preset && (looksLikePath(name_or_path) || std::filesystem::exists(name_or_path, ec)))
    return parseConditionFile(readFileText(name_or_path), name_or_path);
  return {image::conditionByName(name_or_path), std::nullopt};
}

} // namespace bnnc::device
