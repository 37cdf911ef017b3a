// The model to learn: a JSON file or a preset name (docs/learning.md, "The model file"), and the
// network it becomes for a data set and a programming law.
#pragma once

#include "bnnc/image/posterior.h"
#include "bnnc/learn/set_law.h"

#include <cstdint>
#include <string>

namespace bnnc::learn {

struct ModelSpec {
  std::string name;
  image::NetworkKind kind = image::NetworkKind::Logistic;
  image::Activation activation = image::Activation::None;
  int64_t hidden = 0;
  // The parameter a pair stands for when one device is at the strongest SET level and the other
  // at the weakest: it sets the periphery's gain theta_per_us.
  double weight_range = 2;
};

constexpr int64_t kMaxHidden = 4096;

// Parses and validates a model JSON text; errors give a JSON pointer
// ("m.json: /kind: error: must be \"logistic\" or \"mlp\", got \"cnn\"").
ModelSpec parseModelSpec(const std::string &text, const std::string &source);
// A preset ("logistic": logistic regression; "mlp": 8 tanh hidden units) or a JSON file; a name
// that is neither is "--model: error: unknown model preset 'x' (known: logistic, mlp)".
ModelSpec loadModelSpec(const std::string &name_or_path);

// The network of `spec` for `inputs` features and `classes` classes, with
// theta_per_us = weight_range / (G(I_max) - G(I_min)) on the fresh law (no standardisation yet).
image::Network networkFor(const ModelSpec &spec, int64_t inputs, int64_t classes,
                          const SetLaw &law);

} // namespace bnnc::learn
