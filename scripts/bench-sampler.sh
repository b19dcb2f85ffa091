#!/bin/bash
# FlameSampler overhead: flame-workload's fixed CPU work without sampling and
# with FlameSampler at 100 Hz and 1000 Hz in both timer modes. Runs are
# interleaved (one of each configuration per round) so that load drifting on a
# shared machine hits every configuration alike; reports the median of N runs
# of wall time and process CPU time (user + system, the writer thread's too).
# Usage: scripts/bench-sampler.sh [RUNS=5] [ROUNDS=20000] [THREADS=1]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5} rounds=${2:-20000} threads=${3:-1}
swift build -c release --product flame-workload >/dev/null
bin=$(swift build -c release --show-bin-path)/flame-workload
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
configs=("off" "process 100" "thread 100" "process 1000" "thread 1000")
for ((run = 0; run < runs; run++)); do
    for index in "${!configs[@]}"; do
        set -- ${configs[$index]}
        args=(--scenario fixed --rounds "$rounds" --threads "$threads")
        [ "$1" != off ] && args+=(--sample "$scratch/out.fsmp" --mode "$1" --hz "$2")
        line=$("$bin" "${args[@]}")
        wall=$(sed -n 's/.*wall=\([0-9.]*\).*/\1/p' <<<"$line")
        cpu=$(sed -n 's/.*cpu=\([0-9.]*\).*/\1/p' <<<"$line")
        echo "$index $wall $cpu" >> "$scratch/results"
    done
done
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
base_wall=$(awk '$1 == 0 {print $2}' "$scratch/results" | median)
base_cpu=$(awk '$1 == 0 {print $3}' "$scratch/results" | median)
echo "| sampling | wall s (median of $runs) | CPU s (median of $runs) | wall overhead | CPU overhead |"
echo "|---|---|---|---|---|"
for index in "${!configs[@]}"; do
    wall=$(awk -v i="$index" '$1 == i {print $2}' "$scratch/results" | median)
    cpu=$(awk -v i="$index" '$1 == i {print $3}' "$scratch/results" | median)
    awk -v name="${configs[$index]}" -v w="$wall" -v c="$cpu" -v bw="$base_wall" -v bc="$base_cpu" 'BEGIN {
        printf "| %s | %.3f | %.3f | %+.2f%% | %+.2f%% |\n", name, w, c, (w - bw) / bw * 100, (c - bc) / bc * 100 }'
done
