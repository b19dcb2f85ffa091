#!/usr/bin/env bash
# Side-by-side benchmark of flame against the reference tools (inferno 0.12.8,
# FlameGraph's Perl scripts, llvm-symbolizer), on the same inputs in one run.
#
# Captures (recorded into the data directory when missing, by the scripts in
# scripts/bench/; all `perf record -e cpu-clock`):
#   perf-mixed.txt   frame-pointer `-g`, a mixed workload, >= 200 MB of text
#   perf-dwarf.txt   `--call-graph dwarf`, g++ compiling and ld.gold linking C++
#   perf-system.txt  system-wide `-a -g`: every process, kernel frames
# Derived inputs: folded stacks of perf-mixed.txt with default options (about
# 30-40k unique stacks) and with `--pid --addrs --all` (about 150k; `--tid`
# instead of `--pid` gives more still),
# the two halves of perf-mixed.txt folded (for diff), 100k random .text
# addresses of ld.gold (for symbolize).
#
# Before timing, it checks that `flame collapse` (-j1 and -j2) prints the
# same stacks as stackcollapse-perf.pl (sorted) on every capture, and stops
# if not; it also says on how many lines inferno-collapse-perf differs from
# them (inferno departs from the Perl script in a few places). Then every row runs flame and the
# reference tool alternately (flame, reference, flame, ...; one warm-up run
# each, not counted), RUNS times each, output to /dev/null, and prints the
# median wall time, the median peak RSS (`/usr/bin/time -v`), and the ratio
# reference/flame (above 1: flame is faster).
#
# Usage: scripts/bench-vs-anchors.sh [--data-dir DIR] [--runs N] [--anchors DIR]
#            [--flame PATH] [--rows REGEX] [--no-perl]
#   --data-dir  captures and derived inputs (default: /work/bench-data; keep it
#               outside the repository, the captures are hundreds of MB)
#   --runs      timed runs per tool and row (default 7, at least 5)
#   --anchors   the reference tools (default: ../shared/anchors beside the repo)
#   --flame     a flame binary to measure (default: the installed build, scripts/build-release.sh)
#   --rows      only rows whose name matches REGEX (e.g. 'svg|symbolize')
#   --no-perl   skip the stackcollapse-perf.pl output check (saves a minute)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
here="$repo/scripts/bench"
data=/work/bench-data runs=7 anchors="$repo/../shared/anchors" flame="" rows="." perl_check=1
while [ $# -gt 0 ]; do
    case $1 in
        --data-dir) data=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --anchors) anchors=$2; shift 2 ;;
        --flame) flame=$2; shift 2 ;;
        --rows) rows=$2; shift 2 ;;
        --no-perl) perl_check=0; shift ;;
        -h|--help) sed -n '2,34p' "$0"; exit 0 ;;
        *) echo "bench-vs-anchors: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
[ -d "$anchors/bin" ] || anchors=/work/shared/anchors
[ -x "$anchors/bin/inferno-collapse-perf" ] || { echo "bench-vs-anchors: no inferno in $anchors/bin" >&2; exit 1; }
for tool in perf gcc g++ python3 perl readelf /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench-vs-anchors: '$tool' is missing" >&2; exit 1; }
done
inferno="$anchors/bin"
mkdir -p "$data"
data=$(cd "$data" && pwd)
case "$data/" in "$repo"/*) echo "bench-vs-anchors: --data-dir must be outside the repository" >&2; exit 2 ;; esac
if [ -z "$flame" ]; then
    flame=$("$repo/scripts/build-release.sh")
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- Inputs -----------------------------------------------------------------
mixed="$data/perf-mixed.txt" dwarf="$data/perf-dwarf.txt" system="$data/perf-system.txt"
[ -s "$mixed" ] || { echo "recording $mixed (a few minutes)" >&2; "$here/record-capture.sh" "$data" 60 6999 220 >&2; }
[ -s "$dwarf" ] || { echo "recording $dwarf" >&2; "$here/record-dwarf.sh" "$data" >&2; }
[ -s "$system" ] || { echo "recording $system" >&2; "$here/record-system.sh" "$data" >&2; }
folded="$data/mixed.folded" folded_big="$data/mixed-pid-addrs-all.folded"
[ -s "$folded" ] || "$flame" collapse "$mixed" -o "$folded"
[ -s "$folded_big" ] || "$flame" collapse --pid --addrs --all "$mixed" -o "$folded_big"
half_a="$data/mixed-first-half.folded" half_b="$data/mixed-second-half.folded"
if [ ! -s "$half_b" ]; then
    python3 "$here/split-capture.py" "$mixed" "$work/a.txt" "$work/b.txt"
    "$flame" collapse "$work/a.txt" -o "$half_a"
    "$flame" collapse "$work/b.txt" -o "$half_b"
    rm -f "$work/a.txt" "$work/b.txt"
fi
gold=/usr/bin/x86_64-linux-gnu-ld.gold addresses="$data/ld.gold-random-100k.txt"
[ -s "$addresses" ] || python3 "$here/gen-addresses.py" "$gold" 100000 "$addresses"
llvm=$(command -v llvm-symbolizer-14 || command -v llvm-symbolizer || true)

mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1e6 }'; }
stacks() { wc -l < "$1" | tr -d ' '; }

# --- Output checks ----------------------------------------------------------
status=0
echo "== output checks"
for capture in "$mixed" "$dwarf" "$system"; do
    name=$(basename "$capture")
    "$flame" collapse -j1 "$capture" | LC_ALL=C sort > "$work/flame1"
    "$flame" collapse -j2 "$capture" | LC_ALL=C sort > "$work/flame2"
    "$inferno/inferno-collapse-perf" --nthreads 2 "$capture" 2>/dev/null | LC_ALL=C sort > "$work/inferno"
    # The contract is stackcollapse-perf.pl's output; inferno departs from it
    # in places (how it tidies C++ argument lists, odd process names), which
    # is reported, not fatal.
    verdict="flame -j1 = -j2"
    cmp -s "$work/flame1" "$work/flame2" || { verdict="MISMATCH flame -j1 vs -j2"; status=1; }
    if [ "$perl_check" = 1 ]; then
        perl "$anchors/FlameGraph/stackcollapse-perf.pl" "$capture" 2>/dev/null | LC_ALL=C sort > "$work/perl"
        if cmp -s "$work/flame1" "$work/perl"; then verdict="$verdict = stackcollapse-perf.pl"
        else verdict="$verdict; MISMATCH flame vs stackcollapse-perf.pl"; status=1; fi
    fi
    if cmp -s "$work/flame1" "$work/inferno"; then verdict="$verdict = inferno"
    else verdict="$verdict; inferno differs in $(LC_ALL=C comm -3 "$work/flame1" "$work/inferno" | wc -l) of $(stacks "$work/inferno") lines"; fi
    echo "$name: $(mb "$capture") MB, $(stacks "$work/flame1") unique stacks; $verdict"
done
echo "mixed.folded: $(mb "$folded") MB, $(stacks "$folded") unique stacks"
echo "mixed-pid-addrs-all.folded: $(mb "$folded_big") MB, $(stacks "$folded_big") unique stacks"
[ "$status" = 0 ] || { echo "bench-vs-anchors: outputs differ; not timing" >&2; exit 1; }

# --- Timing -----------------------------------------------------------------
# run_once LOG STDIN CMD...: one run, appending "wall-seconds peak-RSS-MB cpu-seconds" to LOG.
run_once() {
    local log=$1 input=$2; shift 2
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$work/time" "$@" < "$input" > /dev/null 2> "$work/stderr" ||
        { echo "bench-vs-anchors: failed: $* ($(tail -1 "$work/stderr"))" >&2; return 1; }
    t1=$(date +%s%N)
    awk -v ns=$(( t1 - t0 )) -F': ' '/User time/ { cpu += $2 } /System time/ { cpu += $2 }
        /Maximum resident set size/ { rss = $2 } END { printf "%.4f %.1f %.2f\n", ns / 1e9, rss / 1024, cpu }' \
        "$work/time" >> "$log"
}
median() { sort -n | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); print (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2 }'; }

printf '\n== %s runs each, alternating; s = median wall seconds, RSS = median peak MB, cpu = median user+sys s\n' "$runs"
printf '%-14s %-26s %-26s %7s %6s %6s %7s %6s %6s %7s\n' row input reference flame-s RSS cpu ref-s RSS cpu ratio
# row NAME INPUT_LABEL STDIN REFERENCE_LABEL -- FLAME_CMD... -- REFERENCE_CMD...
row() {
    local name=$1 label=$2 input=$3 ref=$4; shift 4
    [[ $name =~ $rows ]] || return 0
    local a=() b=()
    shift  # --
    while [ "$1" != -- ]; do a+=("$1"); shift; done
    shift
    b=("$@")
    rm -f "$work/a.log" "$work/b.log"
    run_once /dev/null "$input" "${a[@]}"; run_once /dev/null "$input" "${b[@]}"   # warm-up
    for _ in $(seq "$runs"); do
        run_once "$work/a.log" "$input" "${a[@]}"
        run_once "$work/b.log" "$input" "${b[@]}"
    done
    local fs fr fc rs rr rc
    fs=$(cut -d' ' -f1 "$work/a.log" | median); fr=$(cut -d' ' -f2 "$work/a.log" | median)
    fc=$(cut -d' ' -f3 "$work/a.log" | median)
    rs=$(cut -d' ' -f1 "$work/b.log" | median); rr=$(cut -d' ' -f2 "$work/b.log" | median)
    rc=$(cut -d' ' -f3 "$work/b.log" | median)
    printf '%-14s %-26s %-26s %7.3f %6.1f %6.2f %7.3f %6.1f %6.2f %6.2fx\n' "$name" "$label" "$ref" \
        "$fs" "$fr" "$fc" "$rs" "$rr" "$rc" "$(awk -v f="$fs" -v r="$rs" 'BEGIN { print r / f }')"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for capture in "$mixed" "$dwarf" "$system"; do
    label="$(basename "$capture" .txt) $(mb "$capture")MB"
    for j in 1 2; do
        row "collapse-j$j" "$label" /dev/null "inferno-collapse-perf -n$j" \
            -- "$flame" collapse -j$j "$capture" -- "$inferno/inferno-collapse-perf" --nthreads $j "$capture"
    done
done
for input in "$folded" "$folded_big"; do
    label="$(stacks "$input") stacks $(mb "$input")MB"
    row svg "$label" /dev/null inferno-flamegraph -- "$flame" svg "$input" -- "$inferno/inferno-flamegraph" "$input"
done
# HOOK (flame diff): runs once `flame diff` exists. The two halves of the
# mixed capture, folded; the outputs are checked equal (sorted) first.
# (`flame diff --help` must describe --folded: without a diff subcommand,
# flame answers with its overview and exit status 0.)
if "$flame" diff --help 2>/dev/null | grep -q -- '--folded' && [[ diff =~ $rows ]]; then
    "$flame" diff --folded "$half_a" "$half_b" | LC_ALL=C sort > "$work/flame-diff"
    "$flame" diff --folded --exact-names "$half_a" "$half_b" | LC_ALL=C sort > "$work/flame-diff-exact"
    "$inferno/inferno-diff-folded" "$half_a" "$half_b" | LC_ALL=C sort > "$work/inferno-diff"
    if cmp -s "$work/flame-diff" "$work/inferno-diff" && cmp -s "$work/flame-diff-exact" "$work/inferno-diff"; then
        # flame's default normalizes names (offsets, Go ABI suffixes) through
        # the profile model; --exact-names pairs the lines' text as
        # difffolded.pl does. Both print inferno's lines on this input.
        row diff "2 halves of perf-mixed" /dev/null inferno-diff-folded \
            -- "$flame" diff --folded "$half_a" "$half_b" -- "$inferno/inferno-diff-folded" "$half_a" "$half_b"
        row diff-exact "2 halves of perf-mixed" /dev/null inferno-diff-folded \
            -- "$flame" diff --folded --exact-names "$half_a" "$half_b" -- "$inferno/inferno-diff-folded" "$half_a" "$half_b"
    else
        echo "diff: MISMATCH flame diff --folded vs inferno-diff-folded; not timed"; status=1
    fi
else
    echo "diff: skipped (no 'flame diff --folded' in this build)"
fi
if [ -n "$llvm" ] && [ -x "$gold" ]; then
    "$flame" symbolize -e "$gold" 0x0 >/dev/null   # debug files into the page cache
    for j in 1 2; do
        row "symbolize-j$j" "ld.gold 100k random addrs" "$addresses" "$(basename "$llvm")" \
            -- "$flame" symbolize -j$j -e "$gold" -- "$llvm" -e "$gold"
    done
else
    echo "symbolize: skipped (needs llvm-symbolizer and $gold: apt-get install llvm binutils-x86-64-linux-gnu-dbg)"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
