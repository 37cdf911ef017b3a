// The model file of bnnc learn: parsing, presets, and the network it becomes.
#include "bnnc/learn/model_spec.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"
#include "bnnc/support/format.h"
#include "bnnc/support/json_input.h"
#include "bnnc/support/text.h"

#include <filesystem>

namespace bnnc::learn {

namespace {

using json = InputJson;

const char *kKnown = "name, description, kind, hidden, activation, weight_range";

[[noreturn]] void fail(const std::string &source, const std::string &at, const std::string &msg) {
  throw Error(source + ": " + pointerPlace(at) + ": error: " + msg);
}

std::string stringAt(const json &v, const std::string &source, const std::string &at) {
  if (!v.is_string())
    fail(source, at, "must be a string, got " + describeJson(v));
  return v.get<std::string>();
}

void readKey(ModelSpec &m, const std::string &key, const json &v, const std::string &source) {
  std::string at = childPointer("", key);
  if (key == "name") {
    m.name = stringAt(v, source, at);
    // It goes into the image and into messages: one line of text.
    if (m.name.empty() || !isPrintableUtf8(m.name))
      fail(source, at, "must be a non-empty printable string, got " + describeJson(v));
  } else if (key == "description") {
    stringAt(v, source, at);
  } else if (key == "kind") {
    std::string kind = stringAt(v, source, at);
    if (kind != "logistic" && kind != "mlp")
      fail(source, at, "must be \"logistic\" or \"mlp\", got " + describeJson(v));
    m.kind = kind == "mlp" ? image::NetworkKind::Mlp : image::NetworkKind::Logistic;
  } else if (key == "hidden") {
    if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > kMaxHidden)
      fail(source, at,
           "must be an integer in [1, " + std::to_string(kMaxHidden) + "], got " + describeJson(v));
    m.hidden = v.get<int64_t>();
  } else if (key == "activation") {
    std::string act = stringAt(v, source, at);
    if (act != "tanh" && act != "relu")
      fail(source, at, "must be \"tanh\" or \"relu\", got " + describeJson(v));
    m.activation = act == "tanh" ? image::Activation::Tanh : image::Activation::Relu;
  } else if (key == "weight_range") {
    // JSON numbers are finite; the negation also refuses what is not above 0.
    if (!v.is_number() || !(v.get<double>() > 0) || v.get<double>() > 1e6)
      fail(source, at, "must be a number in (0, 1e6], got " + describeJson(v));
    m.weight_range = v.get<double>();
  } else {
    fail(source, at, std::string("unknown key (known: ") + kKnown + ")");
  }
}

// A hidden layer needs its size (and takes tanh by default); a logistic model has neither.
void checkKind(ModelSpec &m, const json &doc, const std::string &source) {
  if (!doc.contains("kind"))
    fail(source, "/kind", "required key is missing");
  bool mlp = m.kind == image::NetworkKind::Mlp;
  for (const char *key : {"hidden", "activation"})
    if (!mlp && doc.contains(key))
      fail(source, childPointer("", key), "a logistic model has no hidden layer");
  if (mlp && !doc.contains("hidden"))
    fail(source, "/hidden", "required key is missing (the size of the hidden layer)");
  if (mlp && !doc.contains("activation"))
    m.activation = image::Activation::Tanh;
}

ModelSpec preset(const std::string &name) {
  ModelSpec m;
  m.name = name;
  if (name == "mlp") {
    m.kind = image::NetworkKind::Mlp;
    m.activation = image::Activation::Tanh;
    m.hidden = 8;
  }
  return m;
}

} // namespace

ModelSpec parseModelSpec(const std::string &text, const std::string &source) {
  json doc = parseJsonObject(text, source);
  ModelSpec m;
  m.name = std::filesystem::path(source).stem().string();
  for (const auto &[key, value] : doc.items())
    readKey(m, key, value, source);
  checkKind(m, doc, source);
  return m;
}

ModelSpec loadModelSpec(const std::string &name_or_path) {
  if (name_or_path == "logistic" || name_or_path == "mlp")
    return preset(name_or_path);
  std::error_code ec;
  bool path_like = name_or_path.find('/') != std::string::npos ||
                   std::filesystem::path(name_or_path).extension() == ".json";
  if (path_like || std::filesystem::exists(name_or_path, ec))
    return parseModelSpec(readFileText(name_or_path), name_or_path);
  throw Error("--model: error: unknown model preset '" + name_or_path + "' (known: logistic, mlp)");
}

image::Network networkFor(const ModelSpec &spec, int64_t inputs, int64_t classes,
                          const SetLaw &law) {
  image::Network net;
  net.name = spec.name;
  net.kind = spec.kind;
  net.activation = spec.activation;
  net.inputs = inputs;
  net.hidden = spec.hidden;
  net.classes = classes;
  const image::ProgrammingLaw &l = law.law();
  double span = law.nominalUs(l.set_current_max_ua) - law.nominalUs(l.set_current_min_ua);
  net.theta_per_us = spec.weight_range / span;
  return net;
}

} // namespace bnnc::learn
