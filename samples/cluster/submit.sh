#!/bin/bash
# Submits a bnnc sweep to Slurm: SHARDS tasks of samples/cluster/sweep.sbatch as a job array,
# then the merge (CSV and JSON lines, the Pareto fronts and the plots) as a job that starts when
# every task has succeeded. Same settings as sweep.sbatch, plus SHARDS (default 8). Run from the
# repository root:
#
#   SHARDS=16 BNNC_FLAGS="--seed 2" samples/cluster/submit.sh
#
# Prints the two job ids. With SBATCH_WAIT=1 in the environment it returns when both are done.
set -euo pipefail
SHARDS=${SHARDS:-8}
BNNC=${BNNC:-build/bnnc}
OUT=${OUT:-sweep-out}
here=$(dirname "$0")
array=$(sbatch --parsable --array="0-$((SHARDS - 1))" "$here/sweep.sbatch")
merge="'$BNNC' sweep --merge '$OUT'/shard-*.csv -o '$OUT/sweep.csv' --pareto energy \
  --pareto programming-energy --max-loss 0.5 --plots '$OUT/plots' > '$OUT/pareto.txt' && \
  '$BNNC' sweep --merge '$OUT'/shard-*.jsonl -o '$OUT/sweep.jsonl'"
job=$(sbatch --parsable --dependency="afterok:$array" --job-name=bnnc-merge \
  --output="$OUT/merge-%j.log" --wrap "$merge")
echo "array $array, merge $job"
