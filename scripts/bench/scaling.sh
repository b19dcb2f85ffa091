#!/usr/bin/env bash
# How flame's time and memory grow with input size and with unique stacks.
# Inputs come from the data directory of scripts/bench-vs-anchors.sh:
#  - size: prefixes of perf-mixed.txt (10, 30, 100 MB, all of it) and the
#    capture repeated to 1 GB and 2 GB (repeats add samples, not stacks);
#    `flame collapse` (all cores and -j1) and inferno-collapse-perf, one run each;
#  - unique stacks: perf-mixed.txt folded with more and more detail (default,
#    --tid --all, --pid --addrs --all, --tid --addrs --all); `flame svg` and
#    inferno-flamegraph, one run each.
# Wall seconds and peak RSS (MB) from /usr/bin/time -v; the generated inputs
# are deleted at the end unless --keep.
# Usage: scripts/bench/scaling.sh [--data-dir DIR] [--flame PATH] [--anchors DIR] [--keep]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
data=/work/bench-data flame="" anchors="$repo/../shared/anchors" keep=0
while [ $# -gt 0 ]; do
    case $1 in
        --data-dir) data=$2; shift 2 ;;
        --flame) flame=$2; shift 2 ;;
        --anchors) anchors=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        *) echo "scaling: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
[ -d "$anchors/bin" ] || anchors=/work/shared/anchors
[ -n "$flame" ] || flame=$("$repo/scripts/build-release.sh")
mixed="$data/perf-mixed.txt"
[ -s "$mixed" ] || { echo "scaling: no $mixed; run scripts/bench-vs-anchors.sh first" >&2; exit 1; }
tmp=$(mktemp)
generated=()
trap 'rm -f "$tmp"; [ "$keep" = 1 ] || rm -f "${generated[@]}"' EXIT

# measure CMD...: "seconds RSS-MB" of one run, output to /dev/null.
measure() {
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$tmp" "$@" > /dev/null 2>/dev/null
    t1=$(date +%s%N)
    awk -v ns=$(( t1 - t0 )) -F': ' '/Maximum resident set size/ { printf "%7.2f %7.1f", ns / 1e9, $2 / 1024 }' "$tmp"
}

echo "== size: perf script text of the mixed workload"
printf '%8s %9s | %-15s | %-15s | %-15s\n' MB stacks "flame -j2 s/MB" "flame -j1 s/MB" "inferno -n2 s/MB"
for size in 10 30 100 all 1000 2000; do
    if [ "$size" = all ]; then input=$mixed
    else
        input="$data/scaling-$size.txt"
        [ -s "$input" ] || python3 "$repo/scripts/bench/prefix-capture.py" "$mixed" "$size" "$input"
        generated+=("$input")
    fi
    mb=$(awk -v b="$(stat -c %s "$input")" 'BEGIN { printf "%.0f", b / 1e6 }')
    stacks=$("$flame" collapse "$input" | wc -l)
    printf '%8s %9s | %s | %s | %s\n' "$mb" "$stacks" "$(measure "$flame" collapse -j2 "$input")" \
        "$(measure "$flame" collapse -j1 "$input")" "$(measure "$anchors/bin/inferno-collapse-perf" --nthreads 2 "$input")"
done

echo "== unique stacks: folded perf-mixed.txt, flame svg vs inferno-flamegraph"
printf '%-22s %8s %9s | %-15s | %-15s\n' options MB stacks "flame s/MB" "inferno s/MB"
for opts in "" "--tid --all" "--pid --addrs --all" "--tid --addrs --all"; do
    input="$data/scaling-folded-$(echo "${opts:-default}" | tr -d ' -').folded"
    # shellcheck disable=SC2086
    [ -s "$input" ] || "$flame" collapse $opts "$mixed" -o "$input"
    generated+=("$input")
    mb=$(awk -v b="$(stat -c %s "$input")" 'BEGIN { printf "%.1f", b / 1e6 }')
    printf '%-22s %8s %9s | %s | %s\n' "${opts:-default}" "$mb" "$(wc -l < "$input")" \
        "$(measure "$flame" svg "$input")" "$(measure "$anchors/bin/inferno-flamegraph" "$input")"
done
