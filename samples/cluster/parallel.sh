#!/bin/bash
# Runs a bnnc sweep as SHARDS shards with GNU parallel on this machine (or over ssh hosts with
# parallel's --sshlogin), then merges them (docs/dse.md, "On a cluster"). Same settings as
# sweep.sbatch, plus SHARDS (default: the number of cores) and JOBS (shards at once, default
# SHARDS). From the repository root:
#
#   SHARDS=4 samples/cluster/parallel.sh
#
# A failed shard stops the others (--halt now,fail=1); running the script again resumes every
# shard where it stopped.
set -euo pipefail
BNNC=${BNNC:-build/bnnc}
MODEL=${MODEL:-samples/models/mnist_mlp.onnx}
DATA=${DATA:-samples/data/mnist_mlp-test-x.npy}
LABELS=${LABELS:-samples/data/mnist_mlp-test-y.npy}
SWEEP=${SWEEP:-samples/cluster/mnist-sweep.json}
OUT=${OUT:-sweep-out}
SHARDS=${SHARDS:-$(nproc)}
mkdir -p "$OUT"
# shellcheck disable=SC2086 # BNNC_FLAGS holds several flags
parallel -q --halt now,fail=1 -j "${JOBS:-$SHARDS}" \
  "$BNNC" sweep "$MODEL" --data "$DATA" --labels "$LABELS" --sweep "$SWEEP" ${BNNC_FLAGS:-} \
  --shard "{}/$SHARDS" --resume -o "$OUT/shard-{}.csv" -o "$OUT/shard-{}.jsonl" \
  ::: $(seq 0 $((SHARDS - 1)))
"$BNNC" sweep --merge "$OUT"/shard-*.csv -o "$OUT/sweep.csv"
"$BNNC" sweep --merge "$OUT"/shard-*.jsonl -o "$OUT/sweep.jsonl"
