#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan, BNNC_FUZZ=ON) and fuzzes them.
#
#   scripts/fuzz.sh build                  configure and build the fuzzers in $BUILD
#   scripts/fuzz.sh run TARGET [SECONDS]   fuzz one target (default 300 s) from its corpus
#   scripts/fuzz.sh merge TARGET           fold new interesting inputs into the checked-in corpus
#   scripts/fuzz.sh all [SECONDS]          run, then merge, every target in turn
#
# Targets: onnx image arch device technology sweep npy idx csv (tests/fuzz/targets.h).
# New inputs go to $WORK/<target>/; a crash is written to $WORK/crash-<target>-*: copy it to
# tests/fuzz/crashes/<target>/ with the fix, so that test_fuzz replays it in every build.
# Environment: BUILD (default build/fuzz in the repo, ignored by git), WORK (default
# $BUILD/fuzz-work), JOBS (default 1: parallel fuzzing processes).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${BUILD:-$repo/build/fuzz}"
WORK="${WORK:-$BUILD/fuzz-work}"
JOBS="${JOBS:-1}"
targets=(onnx image arch device technology sweep npy idx csv)

build() {
  # Debug keeps the asserts (compiler bugs are asserts); -O1 keeps the fuzzers fast enough.
  CC=clang CXX=clang++ cmake -S "$repo" -B "$BUILD" -DBNNC_FUZZ=ON -DBNNC_BUILD_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" >/dev/null
  cmake --build "$BUILD" -j2 --target $(printf 'fuzz_%s ' "${targets[@]}")
}

# Fuzzes into a scratch corpus seeded from the checked-in one (which it never writes to).
run() {
  local target="$1" seconds="${2:-300}"
  mkdir -p "$WORK/$target"
  # Fork mode keeps fuzzing after a finding, so that one run collects every distinct crash.
  local keep_going=(-fork="$JOBS" -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
  # Memory: one allocation beyond 2100 MB (the largest tensor bnnc allows is 2^28 elements, 2 GiB
  # as doubles) or a process beyond 6 GB (docs/limits.md: 4 GiB of values per graph run) is a
  # finding; so is one input that takes more than 10 s (a hang).
  "$BUILD/fuzz_$target" "$WORK/$target" "$repo/tests/fuzz/corpus/$target" \
    -max_total_time="$seconds" "${keep_going[@]}" -rss_limit_mb=6144 \
    -malloc_limit_mb=2100 -timeout=10 \
    -max_len=65536 -artifact_prefix="$WORK/crash-$target-" -print_final_stats=1
}

# Rebuilds the checked-in corpus as a small set: the hand-made seeds (seed-*) stay, and of the
# other inputs (the old corpus and the new finds) only those that add edge coverage are kept
# (-use_counters=0: hit counts do not count as new coverage, which keeps the corpus small).
merge() {
  local target="$1"
  local corpus="$repo/tests/fuzz/corpus/$target" old
  old="$(mktemp -d)"
  mv "$corpus" "$old/all"
  mkdir -p "$corpus"
  cp "$old/all"/seed-* "$corpus/"
  "$BUILD/fuzz_$target" -merge=1 -use_counters=0 "$corpus" "$old/all" "$WORK/$target" \
    -rss_limit_mb=6144 -malloc_limit_mb=2100 -timeout=10 -max_len=65536
  rm -rf "$old"
}

case "${1:-}" in
build) build ;;
run) run "$2" "${3:-300}" ;;
merge) merge "$2" ;;
all)
  for t in "${targets[@]}"; do
    run "$t" "${2:-300}"
    merge "$t"
  done
  ;;
*)
  sed -n '2,15p' "$0"
  exit 2
  ;;
esac
