#!/usr/bin/env bash
# Error tolerance of the MNIST sample (samples/models/mnist_mlp.onnx, 784-384-384-10, all 2,000
# test digits): accuracy against an injected weight bit error rate, on chips of the three device
# presets, and on low-energy chips aged by cycling and retention. Prints the Markdown tables of
# docs/error-tolerance.md.
#
# Usage: scripts/error_tolerance.sh [BNNC] [CHIPS]     (default build/bnnc, 5 chips)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bnnc="$(realpath "${1:-$root/build/bnnc}")"
chips="${2:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
data=samples/data/mnist_mlp-test-images-idx3-ubyte.gz
labels=samples/data/mnist_mlp-test-labels-idx1-ubyte.gz

# One field per column from the run report: accuracy with its 95% interval, the fraction of
# predictions that differ from the ideal chip, the observed BER, the programming energy.
row() {
  python3 - "$1" "$2" <<'PY'
import json, sys
j = json.load(open(sys.argv[2]))
lo, hi = j["accuracy_ci95"]
print(f"| {sys.argv[1]} | {100 * j['accuracy']:.2f} ({100 * lo:.2f}-{100 * hi:.2f}) | "
      f"{100 * j['prediction_change_fraction']:.2f} | {j['weight_ber_observed']:.3g} | "
      f"{j['programming_energy_nj'] / 1000:.1f} |")
PY
}

run() {
  "$bnnc" run "$1" --data "$data" --data-div 255 --labels "$labels" --threads 2 \
    --json "$work/r.json" "${@:2}" >/dev/null
}

"$bnnc" compile samples/models/mnist_mlp.onnx -o "$work/typical.bnn" >/dev/null
run "$work/typical.bnn" --ideal
ideal=$(python3 -c "import json; print(f\"{100 * json.load(open('$work/r.json'))['accuracy']:.2f}\")")
echo "Ideal chip: $ideal %. Injected weight BER, $chips chips each (seeds 1.., image of condition 'typical'):"
echo
echo "| injected BER | accuracy % (95% interval over chips) | predictions changed % | observed BER | programming energy (uJ) |"
echo "|---|---|---|---|---|"
for ber in 1e-6 1e-5 1e-4 1e-3 3e-3 1e-2 3e-2 0.1 0.3; do
  run "$work/typical.bnn" --ber "$ber" --chips "$chips"
  row "$ber" "$work/r.json"
done
echo
echo "Device presets: image compiled with --condition PRESET, run on chips of that preset"
echo "(0 cycles, just programmed, 300 K), $chips chips each:"
echo
echo "| preset | accuracy % (95% interval over chips) | predictions changed % | observed BER | programming energy (uJ) |"
echo "|---|---|---|---|---|"
for preset in typical endurance low-energy; do
  "$bnnc" compile samples/models/mnist_mlp.onnx --condition "$preset" -o "$work/$preset.bnn" >/dev/null
  run "$work/$preset.bnn" --chips "$chips"
  row "$preset" "$work/r.json"
done
echo
echo "Low-energy chips over their life (image of condition 'low-energy'), $chips chips each:"
echo
echo "| cycles, time since programming, temperature | accuracy % (95% interval over chips) | predictions changed % | observed BER | programming energy (uJ) |"
echo "|---|---|---|---|---|"
for env in "0 0 300" "1e9 0 300" "1e10 0 300" "1e11 0 300" "0 86400 300" "0 3.15e8 300" \
  "0 3.15e8 358"; do
  read -r cycles seconds kelvin <<<"$env"
  run "$work/low-energy.bnn" --chips "$chips" --cycles "$cycles" --retention-time "$seconds" \
    --temperature "$kelvin"
  row "$cycles, $seconds s, $kelvin K" "$work/r.json"
done
