#!/usr/bin/env bash
# Compares release builds of `flame` on the same inputs: wall time (median of
# RUNS runs, the binaries taking turns run by run so that all see the same
# machine load) and peak RSS, and checks that their outputs are identical.
# Used for "Safe build flags" in docs/benchmarks.md.
#
# Usage: RUNS=7 scripts/bench-build-flags.sh NAME=BINARY NAME=BINARY ...
# Inputs (made in $TMPDIR/flame-bench-flags when missing):
#   perf50.txt     FlameGraph's example-perf-stacks.txt.gz, decompressed, 50 times over (157 MB)
#   perf50.folded  its folded output (710 stacks)
#   synth.folded   scripts/gen-synthetic-folded.py 100000 1 (100,000 stacks, 79 MB)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-7}
names=() bins=()
for arg in "$@"; do names+=("${arg%%=*}"); bins+=("${arg#*=}"); done
[ ${#bins[@]} -ge 2 ] || { sed -n '2,12p' "$0"; exit 2; }
data=${TMPDIR:-/tmp}/flame-bench-flags
mkdir -p "$data"
example=${FLAME_SHARED:-$repo/../shared}/conformance/example-perf-stacks.txt.gz
if [ ! -s "$data/perf50.txt" ]; then
    zcat "$example" > "$data/perf1.txt"
    for _ in $(seq 50); do cat "$data/perf1.txt"; done > "$data/perf50.txt.part"
    mv "$data/perf50.txt.part" "$data/perf50.txt"
    rm "$data/perf1.txt"
fi
[ -s "$data/perf50.folded" ] || "${bins[0]}" collapse -j1 "$data/perf50.txt" -o "$data/perf50.folded"
[ -s "$data/synth.folded" ] || python3 "$repo/scripts/gen-synthetic-folded.py" 100000 1 > "$data/synth.folded"

# Name | arguments; each run writes to a file of its own, compared afterwards.
cases=(
    "collapse -j1 perf50.txt|collapse -j1 $data/perf50.txt"
    "collapse -j2 perf50.txt|collapse -j2 $data/perf50.txt"
    "svg perf50.folded|svg $data/perf50.folded"
    "svg -j1 perf50.txt|svg -j1 $data/perf50.txt"
    "svg synth.folded|svg $data/synth.folded"
)

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

header="| case |" rule="|---|"
for name in "${names[@]}"; do header+=" $name: s | $name: MB |"; rule+="---|---|"; done
echo "$header"; echo "$rule"
for entry in "${cases[@]}"; do
    label=${entry%%|*} args=${entry#*|}
    for k in "${!bins[@]}"; do : > "$data/t.$k"; done
    for _ in $(seq "$runs"); do
        for k in "${!bins[@]}"; do
            # shellcheck disable=SC2086
            /usr/bin/time -f '%e %M' -o "$data/one" "${bins[$k]}" $args -o "$data/out.$k"
            cat "$data/one" >> "$data/t.$k"
            cmp -s "$data/out.0" "$data/out.$k" || { echo "outputs differ: $label, ${names[$k]}" >&2; exit 1; }
        done
    done
    row="| $label |"
    for k in "${!bins[@]}"; do
        seconds=$(cut -d' ' -f1 "$data/t.$k" | median)
        rss=$(cut -d' ' -f2 "$data/t.$k" | sort -n | tail -1)
        row+=" $(printf '%.2f' "$seconds") | $((rss / 1024)) |"
    done
    echo "$row"
done
