#!/usr/bin/env bash
# Throughput of `bnnc run` on the committed sample models (samples/models/*.onnx): samples per
# second of the ideal chip (--ideal) and of the device-accurate run with one chip (the `typical`
# preset, and --ber 1e-3), at 1 and 2 threads. Prints a Markdown table (docs/benchmarks.md).
#
# Usage: scripts/bench/run_throughput.sh [BNNC]     (default build/bnnc)
#
# A rate is N / (t(2N) - t(N)): each model's test set is repeated to N and 2N samples
# (repeat_npy.py), and the difference of the two run times (best of 3 each) leaves out what
# does not scale with the samples: loading the image, programming the virtual chip, writing.
# N is chosen so that the ideal chip needs about 0.5 s for it at 1 thread. The device-accurate
# rate includes the ideal chip's run, which `bnnc run` always makes for the comparison.
# Environment: CLOCK=cpu measures 1-thread rates in CPU time (user + system) instead of wall
# time, for a machine that other jobs share; 2-thread rates are always wall time.
set -euo pipefail
ONE_THREAD_CLOCK="${CLOCK:-wall}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
bnnc="$(realpath "${1:-$root/build/bnnc}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"

# Best time of 3 runs, in seconds: wall time, or with CLOCK=cpu the process's user + system
# time (which other jobs on a shared machine disturb much less; right for 1 thread only).
best_time() {
  local best=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null 2>&1
    best=$(awk -v a="$best" -v clock="${CLOCK:-wall}" '{
      t = clock == "cpu" ? $2 + $3 : $1; print (a == "" || t < a) ? t : a }' "$work/time")
  done
  echo "$best"
}

# Samples per second of `bnnc run IMAGE` with the given flags on N and 2N samples.
rate() {
  local image=$1 n=$2 threads=$3
  shift 3
  local t1 t2
  t1=$(best_time "$bnnc" run "$image" --data "$work/x$n.npy" --threads "$threads" "$@")
  t2=$(best_time "$bnnc" run "$image" --data "$work/x$((2 * n)).npy" --threads "$threads" "$@")
  awk -v n="$n" -v a="$t1" -v b="$t2" 'BEGIN { printf "%.0f", (b > a) ? n / (b - a) : 0 }'
}

echo "| model | threads | ideal chip (samples/s) | typical, 1 chip | --ber 1e-3, 1 chip | ideal / typical | ideal / ber |"
echo "|---|---|---|---|---|---|---|"
for meta in samples/models/*.json; do
  name=$(basename "$meta" .json)
  read -r x flags < <(python3 - "$meta" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
flags = ""
if m.get("input_bits") is not None:
    lo, hi = m["input_range"]
    flags = f"--input-bits {m['input_bits']} --input-range {lo:g},{hi:g}"
print(m["files"]["test_x_npy"], flags)
PY
)
  # shellcheck disable=SC2086
  "$bnnc" compile "samples/models/$name.onnx" -o "$work/$name.bnn" $flags >/dev/null
  # Calibrate N on the committed samples: about 0.5 s of the ideal chip at 1 thread.
  base=$(python3 -c "import struct,ast; d=open('$x','rb').read(); h=d[10:10+struct.unpack('<H',d[8:10])[0]]; print(ast.literal_eval(h.decode())['shape'][0])")
  cp "$x" "$work/x$base.npy"
  t=$(best_time "$bnnc" run "$work/$name.bnn" --data "$work/x$base.npy" --ideal)
  n=$(awk -v b="$base" -v t="$t" 'BEGIN { n = b * 0.5 / (t > 0.01 ? t : 0.01); n = n < b ? b : n; printf "%d", int(n / 100 + 1) * 100 }')
  python3 scripts/bench/repeat_npy.py "$x" "$n" "$work/x$n.npy"
  python3 scripts/bench/repeat_npy.py "$x" "$((2 * n))" "$work/x$((2 * n)).npy"
  for threads in 1 2; do
    CLOCK=$([ "$threads" = 1 ] && echo "$ONE_THREAD_CLOCK" || echo wall)
    ideal=$(rate "$work/$name.bnn" "$n" "$threads" --ideal)
    typical=$(rate "$work/$name.bnn" "$n" "$threads" --device typical)
    ber=$(rate "$work/$name.bnn" "$n" "$threads" --ber 1e-3)
    awk -v m="$name" -v th="$threads" -v i="$ideal" -v t="$typical" -v b="$ber" 'BEGIN {
      printf "| %s | %d | %d | %d | %d | %.2f | %.2f |\n", m, th, i, t, b, t ? i / t : 0, b ? i / b : 0 }'
  done
  rm -f "$work"/x*.npy
done
echo
echo "1-thread clock: ${ONE_THREAD_CLOCK}; bnnc: $bnnc; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
