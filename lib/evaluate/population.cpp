// The checks of a population's options (see bnnc/evaluate/evaluate.h).
#include "bnnc/evaluate/evaluate.h"

#include "bnnc/support/format.h"

namespace bnnc::evaluate {

std::optional<OptionProblem> checkThreads(int threads) {
  if (threads < 1)
    return OptionProblem{"threads", "must be at least 1, got " + std::to_string(threads)};
  return std::nullopt;
}

std::optional<OptionProblem> checkPopulation(const Population &p) {
  if (std::optional<OptionProblem> threads = checkThreads(p.threads))
    return threads;
  if (p.chips < 1)
    return OptionProblem{"chips", "must be at least 1, got " + std::to_string(p.chips)};
  if (p.ber && !(*p.ber >= 0 && *p.ber <= 1))
    return OptionProblem{"ber", "must be a number in [0, 1], got " + formatNumber(*p.ber)};
  if (std::optional<device::EnvironmentProblem> e = device::checkEnvironment(p.environment))
    return OptionProblem{e->field, e->message};
  return std::nullopt;
}

} // namespace bnnc::evaluate
