#!/usr/bin/env bash
# The first five minutes: install, build, compile the MNIST sample into a chip image and run it
# on the ideal chip, next to the source model on the reference interpreter.
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
  --json build/demo/mnist_mlp.run.json
echo
echo "== the source model on the reference interpreter"
$bnnc run samples/models/mnist_mlp.onnx --data "$data" --data-div 255 --labels "$labels" --threads 2
echo
echo "next: bnnc inspect samples/models/mnist_mlp.onnx, docs/cli.md, samples/README.md"
