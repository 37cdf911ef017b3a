// parseDeviceModel: the device model JSON schema of docs/device-model.md, field by field.
#include "bnnc/device/device_model.h"
#include "bnnc/device/ecc.h"
#include "json_reader.h"
#include "measured.h"
#include "model_base.h"

#include <filesystem>

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
const Range kDecades{0, 10};         // decades of log10(cycles to failure)
const Range kGrowth{0, 10};          // relative growth per decade
const Range kSeconds{0, 1e12, true}; // ~30,000 years
const Range kActivation{0, 5};       // eV
const Range kKelvin{0, 2000, true};
const Range kPerKelvin{-0.1, 0.1}; // d ln R / dT: 10 % per kelvin is already absurd
const Range kDataBits{kMinEccDataBits, kMaxEccDataBits, false, true};
const Range kBchT{1, kMaxBchT, false, true};

using Fields = std::vector<std::pair<const char *, double *>>;

// An object of numbers only, each key with its range.
void readNumbers(const JsonReader &r, const json &v, const std::string &p,
                 std::initializer_list<const char *> keys, const Fields &fields,
                 const std::vector<Range> &ranges) {
  r.object(v, p, keys, [&](const std::string &key, const json &x, const std::string &q) {
    for (size_t i = 0; i < fields.size(); ++i)
      if (key == fields[i].first)
        *fields[i].second = r.number(x, q, ranges[i]);
  });
}

void readState(const JsonReader &r, const json &v, const std::string &p, ResistanceState &s) {
  readNumbers(
      r, v, p, {"median_ohm", "sigma_d2d", "sigma_c2c"},
      {{"median_ohm", &s.median_ohm}, {"sigma_d2d", &s.sigma_d2d}, {"sigma_c2c", &s.sigma_c2c}},
      {kOhm, kSigma, kSigma});
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

void readAgeing(const JsonReader &r, const json &v, const std::string &p, DeviceModel::Ageing &a) {
  readNumbers(r, v, p,
              {"onset_cycles", "lrs_drift_per_decade", "hrs_drift_per_decade",
               "sigma_growth_per_decade", "failure_cycles", "failure_sigma_decades"},
              {{"onset_cycles", &a.onset_cycles},
               {"lrs_drift_per_decade", &a.lrs_drift_per_decade},
               {"hrs_drift_per_decade", &a.hrs_drift_per_decade},
               {"sigma_growth_per_decade", &a.sigma_growth_per_decade},
               {"failure_cycles", &a.failure_cycles},
               {"failure_sigma_decades", &a.failure_sigma_decades}},
              {kCycles, kSigma, kSigma, kGrowth, kCycles, kDecades});
}

void readRetention(const JsonReader &r, const json &v, const std::string &p,
                   DeviceModel::Retention &t) {
  readNumbers(r, v, p,
              {"lrs_drift_per_decade", "hrs_drift_per_decade", "tail_relaxation",
               "sigma_growth_per_decade", "reference_s", "activation_ev", "reference_k"},
              {{"lrs_drift_per_decade", &t.lrs_drift_per_decade},
               {"hrs_drift_per_decade", &t.hrs_drift_per_decade},
               {"tail_relaxation", &t.tail_relaxation},
               {"sigma_growth_per_decade", &t.sigma_growth_per_decade},
               {"reference_s", &t.reference_s},
               {"activation_ev", &t.activation_ev},
               {"reference_k", &t.reference_k}},
              {kSigma, kSigma, kGrowth, kSigma, kSeconds, kActivation, kKelvin});
}

void readTemperature(const JsonReader &r, const json &v, const std::string &p,
                     DeviceModel::Temperature &t) {
  readNumbers(r, v, p, {"reference_k", "lrs_coefficient_per_k", "hrs_activation_ev"},
              {{"reference_k", &t.reference_k},
               {"lrs_coefficient_per_k", &t.lrs_coefficient_per_k},
               {"hrs_activation_ev", &t.hrs_activation_ev}},
              {kKelvin, kPerKelvin, kActivation});
}

void readTelegraph(const JsonReader &r, const json &v, const std::string &p,
                   DeviceModel::Telegraph &t) {
  readNumbers(r, v, p, {"lrs_sigma", "hrs_sigma"},
              {{"lrs_sigma", &t.lrs_sigma}, {"hrs_sigma", &t.hrs_sigma}}, {kSigma, kSigma});
}

void readFaults(const JsonReader &r, const json &v, const std::string &p,
                DeviceModel::Faults &out) {
  readNumbers(r, v, p, {"stuck_lrs", "stuck_hrs", "never_formed"},
              {{"stuck_lrs", &out.stuck_lrs},
               {"stuck_hrs", &out.stuck_hrs},
               {"never_formed", &out.never_formed}},
              {kRate, kRate, kRate});
  double sum = out.stuck_lrs + out.stuck_hrs + out.never_formed;
  if (sum > 1)
    r.fail(p, "stuck_lrs + stuck_hrs + never_formed must be at most 1, got " + numberText(sum));
}

// A string that must be one of `names`; the index of the one given.
int choice(const JsonReader &r, const json &v, const std::string &p,
           std::initializer_list<const char *> names) {
  std::string list;
  int i = 0, found = -1;
  for (const char *n : names) {
    list += std::string(i ? (i + 1 == int(names.size()) ? " or " : ", ") : "") + "\"" + n + "\"";
    if (v == n)
      found = i;
    ++i;
  }
  if (found < 0)
    r.fail(p, "must be " + list + ", got " + describeJson(v));
  return found;
}

void readReference(const JsonReader &r, const json &v, const std::string &p,
                   DeviceModel::Reference &ref) {
  r.object(v, p, {"trim", "ohm", "sigma"},
           [&](const std::string &key, const json &x, const std::string &q) {
             if (key == "trim")
               ref.trim = DeviceModel::Reference::Trim(choice(r, x, q, {"none", "array"}));
             else if (key == "ohm")
               ref.ohm = r.number(x, q, kReference);
             else
               ref.sigma = r.number(x, q, kSigma);
           });
}

void readEcc(const JsonReader &r, const json &v, const std::string &p, DeviceModel::Ecc &ecc) {
  r.object(v, p, {"code", "data_bits", "t"},
           [&](const std::string &key, const json &x, const std::string &q) {
             if (key == "code")
               ecc.code = DeviceModel::Ecc::Code(choice(r, x, q, {"none", "secded", "bch"}));
             else if (key == "data_bits")
               ecc.data_bits = int(r.number(x, q, kDataBits));
             else
               ecc.t = int(r.number(x, q, kBchT));
           });
}

// A path in a model file is relative to the file's directory.
std::string besideSource(const std::string &path, const std::string &source) {
  std::filesystem::path p(path);
  if (p.is_absolute() || source.empty())
    return path;
  return (std::filesystem::path(source).parent_path() / p).lexically_normal().string();
}

void readField(const JsonReader &r, const std::string &key, const json &v, const std::string &p,
               DeviceModel &m, std::string &measured_file) {
  if (key == "name") {
    m.name = r.string(v, p);
    if (m.name.empty())
      r.fail(p, "must be a non-empty string");
  } else if (key == "description" || key == "base") {
    r.string(v, p); // a note for the reader; the base was applied first
  } else if (key == "condition") {
    m.condition = r.string(v, p);
  } else if (key == "cell") {
    m.cell = DeviceModel::Cell(choice(r, v, p, {"2T2R", "1T1R"}));
  } else if (key == "lrs" || key == "hrs") {
    readState(r, v, p, key == "lrs" ? m.lrs : m.hrs);
  } else if (key == "measured") {
    r.object(v, p, {"file"}, [&](const std::string &, const json &x, const std::string &q) {
      measured_file = r.string(x, q);
      if (measured_file.empty())
        r.fail(q, "must be a non-empty string");
    });
    r.require(v, p, "file");
  } else if (key == "read_sigma") {
    m.read_sigma = r.number(v, p, kSigma);
  } else if (key == "telegraph") {
    readTelegraph(r, v, p, m.telegraph);
  } else if (key == "sense_offset_sigma") {
    m.sense_offset_sigma = r.number(v, p, kSigma);
  } else if (key == "series_ohm") {
    m.series_ohm = r.number(v, p, kReference);
  } else if (key == "reference") {
    readReference(r, v, p, m.reference);
  } else if (key == "ecc") {
    readEcc(r, v, p, m.ecc);
  } else if (key == "verify") {
    readVerify(r, v, p, m.verify);
  } else if (key == "program_failure_rate") {
    m.program_failure_rate = r.number(v, p, kRate);
  } else if (key == "ageing") {
    readAgeing(r, v, p, m.ageing);
  } else if (key == "retention") {
    readRetention(r, v, p, m.retention);
  } else if (key == "temperature") {
    readTemperature(r, v, p, m.temperature);
  } else {
    readFaults(r, v, p, m.faults);
  }
}

json stateJson(const ResistanceState &s) {
  return {{"median_ohm", s.median_ohm}, {"sigma_d2d", s.sigma_d2d}, {"sigma_c2c", s.sigma_c2c}};
}

const char *const kCodeNames[] = {"none", "secded", "bch"};

} // namespace

DeviceModel parseDeviceModelAt(const std::string &text, const std::string &source, int depth) {
  json doc = parseJsonObject(text, source);
  JsonReader r(source);
  DeviceModel m;
  bool based = doc.is_object() && doc.contains("base");
  if (based) {
    const json &b = doc.at("base");
    std::string base = r.string(b, "/base");
    m = loadBase(base, besideSource(base, source), source, depth);
  }
  m.name = source;
  std::string measured_file;
  r.object(doc, "",
           {"name",
            "description",
            "base",
            "condition",
            "cell",
            "lrs",
            "hrs",
            "measured",
            "read_sigma",
            "telegraph",
            "sense_offset_sigma",
            "series_ohm",
            "reference",
            "ecc",
            "verify",
            "program_failure_rate",
            "ageing",
            "retention",
            "temperature",
            "faults"},
           [&](const std::string &key, const json &v, const std::string &p) {
             readField(r, key, v, p, m, measured_file);
           });
  if (!based) {
    r.require(doc, "", "lrs");
    r.require(doc, "", "hrs");
    r.require(doc.at("lrs"), "/lrs", "median_ohm");
    r.require(doc.at("hrs"), "/hrs", "median_ohm");
  }
  if (!(m.hrs.median_ohm > m.lrs.median_ohm))
    r.fail("/hrs/median_ohm", "must be greater than the LRS median " +
                                  numberText(m.lrs.median_ohm) + ", got " +
                                  numberText(m.hrs.median_ohm));
  if (!measured_file.empty())
    m.measured = readMeasured(besideSource(measured_file, source), m.condition);
  return m;
}

DeviceModel parseDeviceModel(const std::string &text, const std::string &source) {
  return parseDeviceModelAt(text, source, 0);
}

json deviceModelJson(const DeviceModel &m) {
  json j;
  j["name"] = m.name;
  j["condition"] = m.condition;
  j["cell"] = m.cell == DeviceModel::Cell::TwoT2R ? "2T2R" : "1T1R";
  j["lrs"] = stateJson(m.lrs);
  j["hrs"] = stateJson(m.hrs);
  if (m.measured)
    j["measured"] = {{"file", m.measured->file}};
  j["read_sigma"] = m.read_sigma;
  j["telegraph"] = {{"lrs_sigma", m.telegraph.lrs_sigma}, {"hrs_sigma", m.telegraph.hrs_sigma}};
  j["sense_offset_sigma"] = m.sense_offset_sigma;
  j["series_ohm"] = m.series_ohm;
  j["reference"] = {
      {"trim", m.reference.trim == DeviceModel::Reference::Trim::None ? "none" : "array"},
      {"ohm", m.reference.ohm},
      {"sigma", m.reference.sigma}};
  j["ecc"] = {
      {"code", kCodeNames[int(m.ecc.code)]}, {"data_bits", m.ecc.data_bits}, {"t", m.ecc.t}};
  j["verify"] = {{"enabled", m.verify.enabled},
                 {"max_retries", m.verify.max_retries},
                 {"margin", m.verify.margin}};
  j["program_failure_rate"] = m.program_failure_rate;
  j["ageing"] = {{"onset_cycles", m.ageing.onset_cycles},
                 {"lrs_drift_per_decade", m.ageing.lrs_drift_per_decade},
                 {"hrs_drift_per_decade", m.ageing.hrs_drift_per_decade},
                 {"sigma_growth_per_decade", m.ageing.sigma_growth_per_decade},
                 {"failure_cycles", m.ageing.failure_cycles},
                 {"failure_sigma_decades", m.ageing.failure_sigma_decades}};
  j["retention"] = {{"lrs_drift_per_decade", m.retention.lrs_drift_per_decade},
                    {"hrs_drift_per_decade", m.retention.hrs_drift_per_decade},
                    {"tail_relaxation", m.retention.tail_relaxation},
                    {"sigma_growth_per_decade", m.retention.sigma_growth_per_decade},
                    {"reference_s", m.retention.reference_s},
                    {"activation_ev", m.retention.activation_ev},
                    {"reference_k", m.retention.reference_k}};
  j["temperature"] = {{"reference_k", m.temperature.reference_k},
                      {"lrs_coefficient_per_k", m.temperature.lrs_coefficient_per_k},
                      {"hrs_activation_ev", m.temperature.hrs_activation_ev}};
  j["faults"] = {{"stuck_lrs", m.faults.stuck_lrs},
                 {"stuck_hrs", m.faults.stuck_hrs},
                 {"never_formed", m.faults.never_formed}};
  return j;
}

} // namespace bnnc::device
