#!/usr/bin/env bash
# Records the benchmark input: `perf record -e cpu-clock -g` (frame-pointer
# call graphs) of scripts/bench/mixed-workload.sh and every process it starts
# (not system-wide, so other users of the machine do not leak into it), turned
# into `perf script` text at OUTDIR/perf-mixed.txt. The sample rate counts CPU
# time the workload gets, which depends on what else runs, so it records
# rounds of SECONDS and appends their text until it holds at least MIN_MB
# (10^6 bytes).
# Usage: record-capture.sh [OUTDIR] [SECONDS] [FREQ] [MIN_MB]
#        (defaults .bench-data 60 6999 250)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-.bench-data} seconds=${2:-60} freq=${3:-6999} min_mb=${4:-250}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work="$out/work"
mkdir -p "$work"

gcc -O2 -g -fno-omit-frame-pointer -fno-optimize-sibling-calls \
    -o "$work/deepwork" "$here/deepwork.c"
cp "$here/pywork.py" "$work/pywork.py"
# The real interpreter, not a version-manager shim that would add shell noise.
ln -sf "$(python3 -c "import sys; print(sys.executable)")" "$work/python3"
# ~8 MB of line-oriented text for the compressors, sort and perl.
python3 -c '
import random, sys
rng = random.Random(11)
w = ["".join(rng.choice("etaoinshrdlucmfw") for _ in range(rng.randint(2, 10))) for _ in range(50000)]
out = sys.stdout
for i in range(120000):
    out.write(" ".join(rng.choice(w) for _ in range(rng.randint(4, 14))) + "\n")
' > "$work/data.txt"

tmp="$out/perf-mixed.txt.tmp"
: > "$tmp"
round=0
while [ "$(stat -c %s "$tmp")" -lt $(( min_mb * 1000000 )) ]; do
    round=$(( round + 1 ))
    echo "record-capture: round $round ($seconds s at $freq Hz)" >&2
    perf record -e cpu-clock -F "$freq" -g -o "$work/perf.data" -- \
        "$here/mixed-workload.sh" "$work" "$seconds"
    perf script -i "$work/perf.data" >> "$tmp"
done
mv "$tmp" "$out/perf-mixed.txt"
ls -l "$out/perf-mixed.txt"
