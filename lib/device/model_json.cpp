// parseDeviceModel: the device model JSON schema of docs/device-model.md, field by field.
#include "bnnc/device/device_model.h"
#include "json_reader.h"

namespace bnnc::device {

namespace {

// Limits (docs/device-model.md says why): a sigma of ln R beyond 5 spreads a state over more
// than two decades per sigma and is taken for a unit mistake (ohms or decades for ln units).
const Range kOhm{0, 1e12, true}; // no resistance above a teraohm
const Range kReference{0, 1e12}; // 0 = the default reference
const Range kSigma{0, 5};        // ln R units
const Range kRate{0, 1};         // probabilities
const Range kRetries{0, 100, false, true};
const Range kMargin{0, 20}; // ln units: a factor e^20 ~ 5e8
const Range kCycles{0, 1e30};
const Range kSeconds{0, 1e12, true}; // ~30,000 years
const Range kActivation{0, 5};       // eV
const Range kKelvin{0, 2000, true};

void readState(const JsonReader &r, const json &v, const std::string &p, ResistanceState &s) {
  r.object(v, p, {"median_ohm", "sigma_d2d", "sigma_c2c"},
           [&](const std::string &key, const json &x, const std::string &q) {
             if (key == "median_ohm")
               s.median_ohm = r.number(x, q, kOhm);
             else if (key == "sigma_d2d")
               s.sigma_d2d = r.number(x, q, kSigma);
             else
               s.sigma_c2c = r.number(x, q, kSigma);
           });
  r.require(v, p, "median_ohm");
}

void readVerify(const JsonReader &r, const json &v, const std::string &p,
                DeviceModel::Verify &out) {
  r.object(v, p, {"enabled", "max_retries", "margin"},
           [&](const std::string &key, const json &x, const std::string &q) {
             if (key == "enabled")
               out.enabled = r.boolean(x, q);
             else if (key == "max_retries")
               out.max_retries = int(r.number(x, q, kRetries));
             else
               out.margin = r.number(x, q, kMargin);
           });
}

void readAgeing(const JsonReader &r, const json &v, const std::string &p,
                DeviceModel::Ageing &out) {
  r.object(v, p, {"onset_cycles", "window_loss_per_decade"},
           [&](const std::string &key, const json &x, const std::string &q) {
             if (key == "onset_cycles")
               out.onset_cycles = r.number(x, q, kCycles);
             else
               out.window_loss_per_decade = r.number(x, q, kRate);
           });
}

void readRetention(const JsonReader &r, const json &v, const std::string &p,
                   DeviceModel::Retention &out) {
  r.object(v, p, {"drift_per_decade", "reference_s", "activation_ev", "reference_k"},
           [&](const std::string &key, const json &x, const std::string &q) {
             if (key == "drift_per_decade")
               out.drift_per_decade = r.number(x, q, kSigma);
             else if (key == "reference_s")
               out.reference_s = r.number(x, q, kSeconds);
             else if (key == "activation_ev")
               out.activation_ev = r.number(x, q, kActivation);
             else
               out.reference_k = r.number(x, q, kKelvin);
           });
}

void readFaults(const JsonReader &r, const json &v, const std::string &p,
                DeviceModel::Faults &out) {
  r.object(v, p, {"stuck_lrs", "stuck_hrs", "never_formed"},
           [&](const std::string &key, const json &x, const std::string &q) {
             double rate = r.number(x, q, kRate);
             if (key == "stuck_lrs")
               out.stuck_lrs = rate;
             else if (key == "stuck_hrs")
               out.stuck_hrs = rate;
             else
               out.never_formed = rate;
           });
  double sum = out.stuck_lrs + out.stuck_hrs + out.never_formed;
  if (sum > 1)
    r.fail(p, "stuck_lrs + stuck_hrs + never_formed must be at most 1, got " + numberText(sum));
}

DeviceModel::Cell readCell(const JsonReader &r, const json &v, const std::string &p) {
  if (v == "2T2R")
    return DeviceModel::Cell::TwoT2R;
  if (v == "1T1R")
    return DeviceModel::Cell::OneT1R;
  r.fail(p, "must be \"2T2R\" or \"1T1R\", got " + describeJson(v));
}

void readField(const JsonReader &r, const std::string &key, const json &v, const std::string &p,
               DeviceModel &m) {
  if (key == "name") {
    m.name = r.string(v, p);
    if (m.name.empty())
      r.fail(p, "must be a non-empty string");
  } else if (key == "description") {
    r.string(v, p); // a note for the reader of the file
  } else if (key == "condition") {
    m.condition = r.string(v, p);
  } else if (key == "cell") {
    m.cell = readCell(r, v, p);
  } else if (key == "lrs" || key == "hrs") {
    readState(r, v, p, key == "lrs" ? m.lrs : m.hrs);
  } else if (key == "read_sigma") {
    m.read_sigma = r.number(v, p, kSigma);
  } else if (key == "sense_offset_sigma") {
    m.sense_offset_sigma = r.number(v, p, kSigma);
  } else if (key == "reference_ohm") {
    m.reference_ohm = r.number(v, p, kReference); // 0 selects the default reference
  } else if (key == "verify") {
    readVerify(r, v, p, m.verify);
  } else if (key == "program_failure_rate") {
    m.program_failure_rate = r.number(v, p, kRate);
  } else if (key == "ageing") {
    readAgeing(r, v, p, m.ageing);
  } else if (key == "retention") {
    readRetention(r, v, p, m.retention);
  } else {
    readFaults(r, v, p, m.faults);
  }
}

// One resistance state with the keys of the model file.
json stateJson(const ResistanceState &s) {
  return {{"median_ohm", s.median_ohm}, {"sigma_d2d", s.sigma_d2d}, {"sigma_c2c", s.sigma_c2c}};
}

} // namespace

DeviceModel parseDeviceModel(const std::string &text, const std::string &source) {
  json doc = parseJsonObject(text, source);
  JsonReader r(source);
  DeviceModel m;
  m.name = source;
  r.object(doc, "",
           {"name", "description", "condition", "cell", "lrs", "hrs", "read_sigma",
            "sense_offset_sigma", "reference_ohm", "verify", "program_failure_rate", "ageing",
            "retention", "faults"},
           [&](const std::string &key, const json &v, const std::string &p) {
             readField(r, key, v, p, m);
           });
  r.require(doc, "", "lrs");
  r.require(doc, "", "hrs");
  if (!(m.hrs.median_ohm > m.lrs.median_ohm))
    r.fail("/hrs/median_ohm", "must be greater than the LRS median " +
                                  numberText(m.lrs.median_ohm) + ", got " +
                                  numberText(m.hrs.median_ohm));
  return m;
}

json deviceModelJson(const DeviceModel &m) {
  json j;
  j["name"] = m.name;
  j["condition"] = m.condition;
  j["cell"] = m.cell == DeviceModel::Cell::TwoT2R ? "2T2R" : "1T1R";
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

} // namespace bnnc::device
