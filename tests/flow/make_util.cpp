#include "flow/make_util.h"

#include <cstdlib>
#include <sys/wait.h>

namespace bnnc::test {

CliResult runFlow(const std::vector<std::string> &args) {
  TempDir tmp;
  // --no-print-directory: the output holds only what the flow says and runs
  std::string cmd = "make --no-print-directory -C " + quoteArg(sourcePath("samples/flow"));
  cmd += " BNNC=";
  cmd += quoteArg(BNNC_BINARY);
  for (const std::string &a : args) {
    cmd += ' ';
    cmd += quoteArg(a);
  }
  cmd += " >" + quoteArg(tmp.path("out")) + " 2>" + quoteArg(tmp.path("err")) + " </dev/null";
  int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = readText(tmp.path("out"));
  r.err = readText(tmp.path("err"));
  return r;
}

} // namespace bnnc::test
