// The command-line flags of bnnc sweep as sweep description settings (docs/sweep-format.md,
// "Flags"): base values and grid axes, from the comma-separated lists the flags take.
#pragma once

#include "bnnc/driver/driver.h"
#include "bnnc/sweep/spec.h"

namespace bnnc::driver {

// Adds the command-line flags of `request` to `spec`: the MODEL argument, --arch, --device,
// --chips and --seed set base values (over the file's), the list flags (--model, --tile,
// --condition, --cycles, --retention-time, --temperature, --ber, --param) append one grid axis
// each, in that order.
void addFlags(sweep::Spec &spec, const SweepRequest &request);

// A value of `name` written on the command line: a number or an integer where the parameter
// takes one, a string otherwise (device fields: a number, true, false, or a string); checked
// as the description's values are.
sweep::json parseFlagValue(const std::string &name, const std::string &text,
                           const std::string &place);

} // namespace bnnc::driver
