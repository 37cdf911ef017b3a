// The fuzz targets: one function per user input bnnc parses (docs/errors.md, "Fuzzing"). Each
// feeds its bytes to the real entry point and returns normally when the input is accepted or
// rejected with a well-formed bnnc::Error. Anything else is a finding: another exception escapes,
// and a broken invariant (a malformed message, an image the compiler wrote that does not read
// back) aborts. The libFuzzer executables (fuzz_main.cpp, BNNC_FUZZ=ON) and the replay test
// (replay_test.cpp, every build) call the same functions.
#pragma once

#include "bnnc/support/error.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bnnc::fuzz {

using TargetFn = void (*)(const uint8_t *data, size_t size);

struct Target {
  const char *name;        // also the corpus folder: tests/fuzz/corpus/<name>/
  const char *description; // what the input is and what runs on it
  TargetFn run;
};

const std::vector<Target> &targets();
// The target called `name`, or nullptr.
const Target *findTarget(const std::string &name);

// Aborts (a finding for libFuzzer, a crash for the replay test) unless every line of `message`
// has the form "<file>: ...error: ..." with <file> one of `files`, as docs/errors.md requires (a
// compile lists one problem per line).
void checkMessage(const std::string &message, const std::vector<std::string> &files);

// Writes the input to `name` in a scratch directory of this process (made on first use, removed
// at exit) and returns its path: targets whose entry point reads a file go through it.
std::string scratchFile(const std::string &name, const uint8_t *data, size_t size);
std::string scratchPath(const std::string &name);

} // namespace bnnc::fuzz
