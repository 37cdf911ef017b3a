// The network of a posterior (POST): kind, sizes, the weight scale and the input standardisation.
#include "codec.h"
#include "posterior_sections.h"
#include "text.h"

namespace bnnc::image {

// Logistic: outputs x (inputs + 1) (weights and a bias per output); one hidden layer:
// hidden x (inputs + 1) + outputs x (hidden + 1).
int64_t Network::parameters() const {
  if (kind == NetworkKind::Logistic)
    return outputs() * (inputs + 1);
  return hidden * (inputs + 1) + outputs() * (hidden + 1);
}

void writeNetwork(ByteWriter &w, const Network &net) {
  w.str(net.name);
  w.u8(uint8_t(net.kind));
  w.u8(uint8_t(net.activation));
  w.i64(net.inputs);
  w.i64(net.hidden);
  w.i64(net.classes);
  w.f64(net.theta_per_us);
  for (size_t i = 0; i < net.feature_mean.size(); ++i) {
    w.f64(net.feature_mean[i]);
    w.f64(net.feature_scale[i]);
  }
}

namespace {

// The kind and the activation: a logistic model has none, a hidden layer tanh or relu.
void readKind(SectionReader &r, Network &net) {
  uint64_t at = r.offset();
  uint8_t kind = r.u8("the network kind");
  if (kind > uint8_t(NetworkKind::Mlp))
    r.fail(at, "the network kind is " + std::to_string(kind) +
                   ", not one of 0 (logistic), 1 (one hidden layer)");
  net.kind = NetworkKind(kind);
  at = r.offset();
  uint8_t act = r.u8("the activation");
  bool logistic = net.kind == NetworkKind::Logistic;
  if (logistic ? act != 0 : (act < 1 || act > 2))
    r.fail(at, "the activation is " + std::to_string(act) + ", expected " +
                   (logistic ? "0 (none) for a logistic model" : "1 (tanh) or 2 (relu)"));
  net.activation = Activation(act);
}

// The sizes; the parameter count is bounded so that every product below stays small.
void readSizes(SectionReader &r, Network &net) {
  net.inputs = readInt(r, "the input count", 1, kMaxDim);
  bool logistic = net.kind == NetworkKind::Logistic;
  net.hidden = readInt(r, "the hidden count", logistic ? 0 : 1, logistic ? 0 : kMaxDim);
  uint64_t at = r.offset();
  net.classes = readInt(r, "the class count", 2, kMaxClasses);
  // inputs, hidden <= 2^24 and classes <= 2^16 keep the products below 2^63.
  if (net.parameters() > kMaxParameters)
    r.fail(at, "the network has " + std::to_string(net.parameters()) +
                   " parameters, more than the limit of " + std::to_string(kMaxParameters));
}

// Per input a mean and a positive scale, both finite. They are 16 bytes per input, checked against
// what is left of the section before anything is allocated.
void readFeatures(SectionReader &r, Network &net) {
  uint64_t at = r.offset();
  if (r.remaining() / 16 < uint64_t(net.inputs))
    r.fail(at, "the standardisation of " + std::to_string(net.inputs) + " inputs needs " +
                   std::to_string(16 * net.inputs) + " bytes, only " +
                   std::to_string(r.remaining()) + " bytes of the section follow");
  for (int64_t i = 0; i < net.inputs; ++i) {
    std::string input = "input " + std::to_string(i);
    net.feature_mean.push_back(readFinite(r, "the mean of " + input));
    at = r.offset();
    double scale = readFinite(r, "the scale of " + input);
    if (!(scale > 0))
      r.fail(at, "the scale of " + input + " is " + formatDouble(scale) + ", not positive");
    net.feature_scale.push_back(scale);
  }
}

} // namespace

Network readNetwork(SectionReader &r) {
  Network net;
  net.name = r.str("the network name");
  readKind(r, net);
  readSizes(r, net);
  uint64_t at = r.offset();
  net.theta_per_us = readFinite(r, "the weight per uS");
  if (!(net.theta_per_us > 0))
    r.fail(at, "the weight per uS is " + formatDouble(net.theta_per_us) + ", not positive");
  readFeatures(r, net);
  return net;
}

} // namespace bnnc::image
