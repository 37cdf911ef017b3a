// Small programs for the energy tests: layers, input stages and chip images built by hand.
#pragma once

#include "bnnc/energy/energy.h"

#include <cstdint>
#include <random>
#include <string>

namespace bnnc::energy::testing {

// A tile of `rows` x `cols` cells; `tiles` tiles on the chip, clocked at `clock_mhz`.
mapping::Arch smallArch(int64_t rows, int64_t cols, int64_t tiles, double clock_mhz);

// A dense threshold layer (every threshold Ge 0), weights drawn from `rng`.
ir::Layer denseLayer(const std::string &name, int64_t cout, int64_t fan_in, std::mt19937 &rng);

// A comparator input stage of `n` elements, every comparator Ge 0.5.
ir::InputStage comparatorInput(int64_t n);

// The chip image of `program` mapped onto `arch` (typical condition).
image::ChipImage chipOf(const ir::Program &program, const mapping::Arch &arch);

// A technology whose constants are distinct small integers (2, 3, 5, 7, 11, 13, 17 fJ; the 1T1R
// read 19 fJ, a logic gate 23 fJ and 29 ps), so that each component's energy is easy to compute
// by hand.
Technology primeTechnology();

} // namespace bnnc::energy::testing
