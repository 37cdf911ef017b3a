// The pass manager: runs passes.def in order, prints the IR after a pass when asked and verifies
// the program it lowers to (bnnc/ir/verify.h).
#include "bnnc/ir/verify.h"
#include "bnnc/passes/passes.h"

#include <ostream>

namespace bnnc::passes {

namespace {
bool wantsPrint(const PassContext &ctx, const char *name) {
  const std::string &after = ctx.options.print_after;
  return ctx.options.print_stream && (after == "all" || after == name);
}
} // namespace

const std::vector<PassInfo> &passList() {
  static const std::vector<PassInfo> list = {
#define BNNC_GRAPH_PASS(name, fn, description) {name, description},
#define BNNC_LOWERING_PASS(name, fn, description) {name, description},
#include "passes.def"
  };
  return list;
}

// A graph pass that fails adds its error to the problems already found, if any.
template <class Pass> void runGraphPass(Pass pass, ir::Graph &graph, PassContext &ctx) {
  try {
    pass(graph, ctx);
  } catch (const Error &e) {
    if (ctx.diag.problems.empty())
      throw;
    ctx.diag.problem("", e.what());
    ctx.diag.throwProblems(graph.source);
  }
}

ir::Program compileGraph(ir::Graph graph, PassContext &ctx) {
  std::ostream *out = ctx.options.print_stream;
#define BNNC_GRAPH_PASS(name, fn, description)                                                     \
  runGraphPass(fn, graph, ctx);                                                                    \
  if (wantsPrint(ctx, name))                                                                       \
    *out << "// after " << name << "\n" << printGraph(graph);
#define BNNC_LOWERING_PASS(name, fn, description)                                                  \
  ctx.diag.throwProblems(graph.source);                                                            \
  ir::Program program = fn(graph, ctx);                                                            \
  if (wantsPrint(ctx, name))                                                                       \
    *out << "// after " << name << "\n" << printProgram(program);
#include "passes.def"
  if (std::optional<std::string> problem = ir::verifyProgram(program))
    throw Error(graph.source +
                ": error: the lowering produced an inconsistent program (a bug in "
                "bnnc): " +
                *problem);
  return program;
}

} // namespace bnnc::passes
