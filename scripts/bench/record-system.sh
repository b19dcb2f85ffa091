#!/usr/bin/env bash
# Records the system-wide benchmark input: `perf record -e cpu-clock -a -g`
# (every CPU, every process, kernel frames included) while
# scripts/bench/mixed-workload.sh runs beside whatever else the machine is
# doing, written as `perf script` text to OUTDIR/perf-system.txt.
# Usage: record-system.sh [OUTDIR] [SECONDS] [FREQ]   (defaults .bench-data 30 1999)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-.bench-data} seconds=${2:-30} freq=${3:-1999}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work="$out/work"
# mixed-workload.sh needs the programs record-capture.sh prepares.
[ -x "$work/deepwork" ] && [ -s "$work/data.txt" ] || { echo "record-system: run record-capture.sh first" >&2; exit 1; }
perf record -e cpu-clock -F "$freq" -a -g -o "$work/perf-system.data" -- \
    "$here/mixed-workload.sh" "$work" "$seconds"
perf script -i "$work/perf-system.data" > "$out/perf-system.txt.tmp"
mv "$out/perf-system.txt.tmp" "$out/perf-system.txt"
rm -f "$work/perf-system.data"
ls -l "$out/perf-system.txt"
