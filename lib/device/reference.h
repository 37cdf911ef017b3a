// The reference of a 1T1R read (docs/device-model.md, "The 1T1R reference"): fixed, or trimmed per
// array at the BER-optimal point between the two states as they are read.
#pragma once

#include "bnnc/device/physics.h"

#include <vector>

namespace bnnc::device {

// The point x between two Gaussians N(mu_l, s_l^2) and N(mu_h, s_h^2), mu_l < mu_h, that
// minimizes (P(low above x) + P(high below x)) / 2: where the two densities are equal.
double optimalThreshold(double mu_l, double s_l, double mu_h, double s_h);

// The same between two sets of values, each spread further by Gaussian noise of sd `s_l`, `s_h`:
// the minimum of (mean Phi((l_i - x) / s_l) + mean Phi((x - h_j) / s_h)) / 2 over x.
double optimalThreshold(const std::vector<double> &low, double s_l, const std::vector<double> &high,
                        double s_h);

// ln of a tile's reference before its trim error, at read and at programming (phys must have
// its states computed).
double referenceAtRead(const Physics &phys);
double referenceAtProgramming(const Physics &phys);

// A measured model's values as read: every measured ln R programmed at the chip's age, then
// moved by retention and temperature (without the random spreading, which is Gaussian).
std::vector<double> measuredAtRead(const Physics &phys, bool lrs);

// The Gaussian noise a read adds to one device's ln R in state `lrs`, as one standard deviation:
// the white and telegraph read noise and the retention spreading (not the sense offset).
double readNoiseSigma(const Physics &phys, bool lrs);

} // namespace bnnc::device
