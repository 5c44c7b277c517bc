#!/bin/bash
# Submits a Lumbus sweep to Slurm as an N-task job array (one shard per task) and a merge job
# that runs once every task has succeeded; prints both job ids.
#
#   scripts/slurm_submit.sh SWEEP.toml OUT_DIR N [extra sbatch options, e.g. --partition=long]
#
# Results: OUT_DIR/results.csv and OUT_DIR/results.parquet (the same table a single
# `lumbus sweep` gives); each shard in OUT_DIR/shard-i; logs in OUT_DIR/slurm-*.log.
# LUMBUS names the binary when `lumbus` is not on the nodes' PATH.
set -euo pipefail

sweep=${1:?usage: slurm_submit.sh SWEEP.toml OUT_DIR N [sbatch options]}
out=${2:?usage: slurm_submit.sh SWEEP.toml OUT_DIR N [sbatch options]}
n=${3:?usage: slurm_submit.sh SWEEP.toml OUT_DIR N [sbatch options]}
shift 3
here=$(cd "$(dirname "$0")" && pwd)
lumbus=${LUMBUS:-lumbus}
mkdir -p "$out"
sweep=$(realpath "$sweep")
out=$(realpath "$out")

array=$(sbatch --parsable --array="0-$((n - 1))" --output="$out/slurm-%A_%a.log" "$@" \
    "$here/slurm_sweep.sbatch" "$sweep" "$out")
array=${array%%;*}
shards=()
for ((i = 0; i < n; i++)); do shards+=("$out/shard-$i"); done
merge_cmd=$(printf '%q ' "$lumbus" merge "$out" "${shards[@]}")
merge=$(sbatch --parsable --dependency="afterok:$array" --job-name=lumbus-merge \
    --output="$out/slurm-merge-%j.log" "$@" --wrap="$merge_cmd")
merge=${merge%%;*}
echo "sweep: array job $array ($n tasks), merge job $merge; results in $out"
echo "$array $merge" > "$out/slurm-jobs"
