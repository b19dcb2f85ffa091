#!/usr/bin/env bash
# Benchmarks `flame collapse` (release build): throughput in MB/s (10^6 bytes
# per second, median of RUNS runs, page cache warm) and peak RSS, with 1 thread
# and with all cores, on a >= 240 MB perf script capture of a mixed workload
# (recorded by scripts/bench/record-capture.sh when missing) and on FlameGraph's
# example-perf-stacks.txt.gz (decompressed). Times FlameGraph's
# stackcollapse-perf.pl once per input, and checks that flame -j1, flame -jN and
# the Perl script print identical output. Options as inferno's compare.sh: --all.
#
# Usage: scripts/bench-collapse.sh [--data-dir DIR] [--runs N] [--threads N]
#                                  [--flamegraph-dir DIR] [--no-perl]
#   --data-dir        where the capture lives / is recorded (default: .bench-data)
#   --flamegraph-dir  FlameGraph checkout (default: $FLAMEGRAPH_DIR, else /work/ref)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
data="$repo/.bench-data" runs=5 threads=$(nproc) perl_ref=1
fg_dir=${FLAMEGRAPH_DIR:-/work/ref}
while [ $# -gt 0 ]; do
    case $1 in
        --data-dir) data=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --flamegraph-dir) fg_dir=$2; shift 2 ;;
        --no-perl) perl_ref=0; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "bench-collapse: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
for tool in hyperfine python3 /usr/bin/time perf gcc; do
    command -v "$tool" >/dev/null || { echo "bench-collapse: '$tool' is missing" >&2; exit 1; }
done
mkdir -p "$data"
data=$(cd "$data" && pwd)

(cd "$repo" && swift build -c release --product flame >&2)
flame="$(cd "$repo" && swift build -c release --show-bin-path)/flame"

big="$data/perf-mixed.txt"
if [ ! -s "$big" ]; then
    echo "bench-collapse: recording $big (takes a few minutes)" >&2
    "$repo/scripts/bench/record-capture.sh" "$data" >&2
fi
example="$data/example-perf-stacks.txt"
if [ ! -s "$example" ]; then
    gz=""
    for cand in "$repo/../shared/conformance/example-perf-stacks.txt.gz" \
                /work/shared/conformance/example-perf-stacks.txt.gz \
                "$fg_dir/example-perf-stacks.txt.gz"; do
        [ -s "$cand" ] && { gz=$cand; break; }
    done
    [ -n "$gz" ] || { echo "bench-collapse: example-perf-stacks.txt.gz not found" >&2; exit 1; }
    gunzip -c "$gz" > "$example"
fi

# "MEDIAN_WALL MEAN_CPU" seconds of `runs` runs, after one warm-up run. CPU
# time (user + system) is printed too because other jobs on a shared machine
# inflate wall time but hardly CPU time.
median_seconds() {
    local json
    json=$(mktemp)
    hyperfine --style none --warmup 1 --runs "$runs" --export-json "$json" "$1" >/dev/null
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["median"], r["user"]+r["system"])' "$json"
    rm -f "$json"
}
# Peak resident set size in MB (2^20 bytes) of one run.
rss_file=$(mktemp)
trap 'rm -f "$rss_file"' EXIT
peak_rss_mb() {
    /usr/bin/time -f %M -o "$rss_file" "$@" >/dev/null 2>/dev/null
    awk '{ kb = $1 } END { printf "%.1f", kb / 1024 }' "$rss_file"
}
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / 1e6 / s }'; }

echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; flame: $flame"
echo "MB = 10^6 bytes; seconds = median wall time of $runs runs; cpu-s = mean user+system time"
printf '%-24s %7s %-22s %8s %7s %8s %7s\n' input MB tool seconds MB/s cpu-s RSS-MB
status=0
for input in "$big" "$example"; do
    bytes=$(stat -c %s "$input")
    name=$(basename "$input")
    mb=$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')
    out1=$(mktemp) outn=$(mktemp) outp=$(mktemp)
    echo "load average before $name: $(cut -d' ' -f1-3 /proc/loadavg)"
    for j in 1 "$threads"; do
        read -r secs cpu < <(median_seconds "'$flame' collapse --all -j $j '$input'")
        rss=$(peak_rss_mb "$flame" collapse --all -j "$j" "$input")
        printf '%-24s %7.1f %-22s %8.3f %7s %8.3f %7s\n' "$name" "$mb" "flame -j $j" "$secs" \
            "$(mbps "$bytes" "$secs")" "$cpu" "$rss"
    done
    "$flame" collapse --all -j 1 "$input" > "$out1"
    "$flame" collapse --all -j "$threads" "$input" > "$outn"
    cmp -s "$out1" "$outn" || { echo "MISMATCH: flame -j1 vs -j$threads on $name" >&2; status=1; }
    if [ "$perl_ref" = 1 ]; then
        start=$(date +%s.%N)
        /usr/bin/time -f '%M %U %S' -o "$rss_file" perl "$fg_dir/stackcollapse-perf.pl" --all "$input" >"$outp" 2>/dev/null
        secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
        read -r rss cpu < <(awk '{ kb = $1; cpu = $2 + $3 } END { print kb / 1024, cpu }' "$rss_file")
        printf '%-24s %7.1f %-22s %8.3f %7s %8.3f %7.1f\n' "$name" "$mb" "stackcollapse-perf.pl" "$secs" \
            "$(mbps "$bytes" "$secs")" "$cpu" "$rss"
        cmp -s "$out1" "$outp" || { echo "MISMATCH: flame vs stackcollapse-perf.pl on $name" >&2; status=1; }
    fi
    echo "$name: $(wc -l < "$out1") unique stacks, output identical: flame -j1 = -j$threads$([ "$perl_ref" = 1 ] && echo ' = stackcollapse-perf.pl')$([ $status = 0 ] || echo ' (NO, see above)')"
    rm -f "$out1" "$outn" "$outp"
done
exit $status
