#!/usr/bin/env bash
# The first five minutes: install, build, compile the MNIST sample into a chip image and run it
# on the ideal chip, next to the source model on the reference interpreter; then on five
# physical chips programmed at low energy (accuracy, bit errors, energy); last, a Bayesian model
# learned inside a virtual array (bnnc learn) and run on fresh ones.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
mkdir -p build/demo
bnnc=build/bnnc
data=samples/data/mnist_mlp-test-images-idx3-ubyte.gz
labels=samples/data/mnist_mlp-test-labels-idx1-ubyte.gz
echo "== bnnc compile samples/models/mnist_mlp.onnx"
$bnnc compile samples/models/mnist_mlp.onnx -o build/demo/mnist_mlp.bnn \
  --schedule build/demo/mnist_mlp.schedule.csv --report build/demo/mnist_mlp.compile.json
echo
echo "== bnnc run on the ideal chip"
$bnnc run build/demo/mnist_mlp.bnn --data "$data" --data-div 255 --labels "$labels" --threads 2 \
  --json build/demo/mnist_mlp.run.json --ideal
echo
echo "== the source model on the reference interpreter"
$bnnc run samples/models/mnist_mlp.onnx --data "$data" --data-div 255 --labels "$labels" --threads 2
echo
echo "== the same network on 5 physical chips programmed at low energy (25 pJ pulses, BER < 1e-5)"
$bnnc compile samples/models/mnist_mlp.onnx --condition low-energy \
  -o build/demo/mnist_mlp.low-energy.bnn >/dev/null
$bnnc run build/demo/mnist_mlp.low-energy.bnn --data "$data" --data-div 255 --labels "$labels" \
  --chips 5 --threads 2 --json build/demo/mnist_mlp.low-energy.run.json
echo
echo "== learning in the array: a Bayesian model of breast-cancer biopsies, trained by MCMC on"
echo "   the devices' own randomness (docs/learning.md), then run on 5 fresh arrays"
$bnnc learn samples/data/breast_cancer.csv -o build/demo/breast_cancer.posterior.bnn \
  --write-test build/demo/breast_cancer-test.csv --threads 2
$bnnc run build/demo/breast_cancer.posterior.bnn --data build/demo/breast_cancer-test.csv \
  --chips 5 --threads 2
echo
echo "next: bnnc inspect samples/models/mnist_mlp.onnx; bnnc run --help (--device, --ber,"
echo "--cycles, --retention-time); docs/cli.md; docs/error-tolerance.md and"
echo "scripts/error_tolerance.sh (accuracy against bit errors); samples/README.md"
