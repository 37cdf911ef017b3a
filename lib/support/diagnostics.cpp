// Problems collected over an import and a compile, reported all at once.
#include "bnnc/support/error.h"

namespace bnnc {

void Diagnostics::problem(const std::string &node, const std::string &message) {
  problems.push_back({node, message});
}

const Problem *Diagnostics::problemOf(const std::string &node) const {
  for (const Problem &p : problems)
    if (!p.node.empty() && p.node == node)
      return &p;
  return nullptr;
}

void Diagnostics::throwProblems(const std::string &source) const {
  if (problems.empty())
    return;
  std::string text;
  for (size_t i = 0; i < problems.size() && i < kMaxListedProblems; ++i)
    text += (i ? "\n" : "") + problems[i].message;
  if (problems.size() > kMaxListedProblems)
    text += "\n" + source + ": error: ... and " +
            std::to_string(problems.size() - kMaxListedProblems) +
            " more problems (bnnc inspect lists every node)";
  throw Error(text);
}

} // namespace bnnc
