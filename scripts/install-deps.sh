#!/usr/bin/env bash
# Installs the Debian packages bnnc needs to build and test (as root), only if some are missing.
set -euo pipefail
# parallel, slurmctld, slurmd and slurm-client: tests/sweep runs the sharded sweep of
# samples/cluster with GNU parallel and on a single-node Slurm it starts itself.
# pybind11-dev, python3-dev: the Python module (docs/python.md); python3-numpy, python3-pytest:
# its tests; python3-matplotlib: the exploration samples (samples/dse). python3: the tests written
# in Python (tests/docs/tutorial_check.py, scripts/check_messages.py).
packages=(cmake make g++ libonnx-dev libprotobuf-dev protobuf-compiler libcli11-dev
          nlohmann-json3-dev libgtest-dev libgmock-dev zlib1g-dev
          parallel slurmctld slurmd slurm-client
          pybind11-dev python3 python3-dev python3-numpy python3-pytest python3-matplotlib)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
