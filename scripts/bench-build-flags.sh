#!/usr/bin/env bash
# Compares two release builds of `flame` on the same inputs: wall time (median
# of RUNS runs, the two binaries alternating run by run so that both see the
# same machine load) and peak RSS. Used for "Safe build flags" in
# docs/benchmarks.md: BEFORE built with the old unsafe flags, AFTER without.
#
# Usage: scripts/bench-build-flags.sh BEFORE AFTER [RUNS=7]
# Inputs (made in $TMPDIR/flame-bench-flags when missing):
#   perf50.txt     FlameGraph's example-perf-stacks.txt.gz, decompressed, 50 times over (157 MB)
#   perf50.folded  its folded output (710 stacks)
#   synth.folded   scripts/gen-synthetic-folded.py 100000 1 (100,000 stacks)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
before=$1 after=$2 runs=${3:-7}
data=${TMPDIR:-/tmp}/flame-bench-flags
mkdir -p "$data"
example=${FLAME_SHARED:-$repo/../shared}/conformance/example-perf-stacks.txt.gz
if [ ! -s "$data/perf50.txt" ]; then
    zcat "$example" > "$data/perf1.txt"
    for _ in $(seq 50); do cat "$data/perf1.txt"; done > "$data/perf50.txt"
    rm "$data/perf1.txt"
fi
[ -s "$data/perf50.folded" ] || "$after" collapse -j1 "$data/perf50.txt" -o "$data/perf50.folded"
[ -s "$data/synth.folded" ] || python3 "$repo/scripts/gen-synthetic-folded.py" 100000 1 > "$data/synth.folded"

# Name | arguments (input last); output goes to a file and is compared.
cases=(
    "collapse -j1|collapse -j1 $data/perf50.txt"
    "collapse -j2|collapse -j2 $data/perf50.txt"
    "svg, 710 stacks|svg $data/perf50.folded"
    "svg -j1 of perf50.txt|svg -j1 $data/perf50.txt"
    "svg, 100k stacks|svg $data/synth.folded"
)

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

printf '| case | before: median s | after: median s | after/before | before: max RSS MB | after: max RSS MB |\n'
printf '|---|---|---|---|---|---|\n'
for entry in "${cases[@]}"; do
    name=${entry%%|*} args=${entry#*|}
    : > "$data/t.before"; : > "$data/t.after"
    for _ in $(seq "$runs"); do
        for which in before after; do
            bin=$before; [ $which = after ] && bin=$after
            # shellcheck disable=SC2086
            /usr/bin/time -f '%e %M' -o "$data/one" "$bin" $args -o "$data/out.$which"
            cat "$data/one" >> "$data/t.$which"
        done
        cmp -s "$data/out.before" "$data/out.after" || { echo "outputs differ: $name" >&2; exit 1; }
    done
    tb=$(cut -d' ' -f1 "$data/t.before" | median) ta=$(cut -d' ' -f1 "$data/t.after" | median)
    mb=$(cut -d' ' -f2 "$data/t.before" | sort -n | tail -1) ma=$(cut -d' ' -f2 "$data/t.after" | sort -n | tail -1)
    printf '| %s | %.2f | %.2f | %.3f | %d | %d |\n' "$name" "$tb" "$ta" "$(echo "$ta / $tb" | bc -l)" $((mb / 1024)) $((ma / 1024))
done
