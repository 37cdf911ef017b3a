#!/usr/bin/env bash
# Builds bnnc and its whole test suite with AddressSanitizer and UndefinedBehaviorSanitizer
# (BNNC_SANITIZE=ON) and runs the tests. Any sanitizer report fails the run: UBSan is built with
# -fno-sanitize-recover, ASan aborts on the first error, and leaks are errors.
#
#   scripts/sanitize.sh            build in $BUILD (default build/asan, ignored by git) and test
#   BUILD=/work/build-asan JOBS=2 scripts/sanitize.sh
#
# Debug keeps the asserts; -O1 keeps the suite within a few minutes on 2 cores.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${BUILD:-$repo/build/asan}"
JOBS="${JOBS:-2}"
cmake -S "$repo" -B "$BUILD" -DBNNC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS="-O1" >/dev/null
cmake --build "$BUILD" -j"$JOBS"
# The bnnc binary the CLI suites run is instrumented too; its reports go to stderr, which those
# suites compare exactly, so a report there also fails a test.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir "$BUILD" --output-on-failure -j"$JOBS"
