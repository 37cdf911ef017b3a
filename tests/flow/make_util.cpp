#include "flow/make_util.h"

#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace bnnc::test {

namespace {
std::string quote(const std::string &s) {
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}
} // namespace

std::string readText(const std::string &path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

CliResult runFlow(const std::vector<std::string> &args) {
  TempDir tmp;
  // --no-print-directory: the output holds only what the flow says and runs
  std::string cmd = "make --no-print-directory -C " + quote(sourcePath("samples/flow"));
  cmd += " BNNC=";
  cmd += quote(BNNC_BINARY);
  for (const std::string &a : args) {
    cmd += ' ';
    cmd += quote(a);
  }
  cmd += " >" + quote(tmp.path("out")) + " 2>" + quote(tmp.path("err")) + " </dev/null";
  int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = readText(tmp.path("out"));
  r.err = readText(tmp.path("err"));
  return r;
}

} // namespace bnnc::test
