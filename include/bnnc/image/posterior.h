// The posterior image: the models a `bnnc learn` chain left in an RRAM array, as conductances,
// with the network they parameterise, the array they fill and the programming law and condition
// they were learned under. Sections COND and POST, format 1.2 (docs/image-format.md, "POST").
#pragma once

#include "bnnc/image/condition.h"
#include "bnnc/image/image.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bnnc::image {

// The largest array of a posterior, in devices (2^24; the paper's has 16,384): evaluating an
// image programs a fresh array of its size, which is bounded before anything is allocated.
constexpr int64_t kMaxArrayDevices = int64_t(1) << 24;
// A network of at most 2^20 parameters and 2^16 classes.
constexpr int64_t kMaxParameters = int64_t(1) << 20;
constexpr int64_t kMaxClasses = int64_t(1) << 16;

enum class NetworkKind : uint8_t { Logistic = 0, Mlp = 1 };
enum class Activation : uint8_t { None = 0, Tanh = 1, Relu = 2 };

// The Bayesian model the devices parameterise (docs/learning.md, "The models"): a logistic
// regression, or one hidden layer. Two classes have one output (a sigmoid), more one per class
// (a softmax). Parameters in order: logistic [W (outputs x inputs), b]; one hidden layer
// [W1 (hidden x inputs), b1, W2 (outputs x hidden), b2]; matrices row-major.
struct Network {
  std::string name;
  NetworkKind kind = NetworkKind::Logistic;
  Activation activation = Activation::None; // of the hidden layer; None for a logistic model
  int64_t inputs = 0, hidden = 0, classes = 2;
  double theta_per_us = 0; // a parameter is theta_per_us x (G+ - G-), conductances in uS
  // The periphery standardises each input: z = (x - feature_mean) / feature_scale.
  std::vector<double> feature_mean, feature_scale;
  int64_t outputs() const { return classes == 2 ? 1 : classes; }
  int64_t parameters() const;
  bool operator==(const Network &) const = default;
};

// How a SET with compliance current I programs a device (docs/learning.md, "Programming law"):
// median R = R_LRS(I_ref) (I_ref / I)^conductance_exponent, cycle-to-cycle sigma of ln R =
// sigma_c2c(I_ref) (I_ref / I)^c2c_exponent, I within [set_current_min_ua, set_current_max_ua].
struct ProgrammingLaw {
  double conductance_exponent = 1;
  double c2c_exponent = 0.5;
  double set_current_min_ua = 20, set_current_max_ua = 200;
  bool operator==(const ProgrammingLaw &) const = default;
};

// The array of single devices the models fill: a model takes rows_per_model whole rows (its
// 2 x parameters devices row-major from the first), a "group"; groups = rows / rows_per_model.
struct ArrayGeometry {
  int64_t rows = 128, cols = 128, rows_per_model = 1;
  int64_t groups() const { return rows / rows_per_model; }
  bool operator==(const ArrayGeometry &) const = default;
};

// One model of the posterior: the conductances the periphery read when the chain accepted it.
struct StoredModel {
  int64_t group = 0;   // rows [group x rows_per_model, (group + 1) x rows_per_model)
  uint64_t weight = 1; // chain steps after burn-in during which it was the chain's state
  // 2 per parameter, G+ then G-, in uS
  std::vector<double> conductance_us;
  bool operator==(const StoredModel &) const = default;
};

struct PosteriorImage {
  Condition condition;
  std::string device; // the device model the posterior was learned on (its name)
  Network network;
  ProgrammingLaw law;
  ArrayGeometry array;
  std::vector<StoredModel> models; // by increasing group
  bool operator==(const PosteriorImage &) const = default;
};

// Serializes deterministically: sections COND and POST, format 1.2.
std::vector<uint8_t> writePosteriorImage(const PosteriorImage &posterior);
// Validates everything before use; errors name `source`, the byte offset and the section.
PosteriorImage readPosteriorImage(const std::vector<uint8_t> &bytes, const std::string &source);
// True when the image's section table holds a POST section (a posterior, not a layer program).
bool holdsPosterior(const ImageInfo &info);

} // namespace bnnc::image
