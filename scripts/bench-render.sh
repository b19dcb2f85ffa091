#!/bin/sh
# Time, peak RSS and SVG size of `flame svg` against flamegraph.pl on large
# folded profiles. Usage: scripts/bench-render.sh [FOLDED ...]
# Without arguments: a synthetic profile of 500,000 unique stacks (generated
# once into $BENCH_DIR) plus any *.folded under /work/bench-data.
# Needs a release build (swift build -c release) and /usr/bin/time.
set -eu
BENCH_DIR=${BENCH_DIR:-/tmp/flame-svg-bench}
FLAMEGRAPH_PL=${FLAMEGRAPH_PL:-/work/ref/flamegraph.pl}
PL_TIMEOUT=${PL_TIMEOUT:-600}
flame=.build/release/flame
mkdir -p "$BENCH_DIR"
if [ $# -eq 0 ]; then
  synthetic="$BENCH_DIR/synthetic-500k.folded"
  [ -s "$synthetic" ] || python3 scripts/gen-synthetic-folded.py 500000 1 > "$synthetic"
  set -- "$synthetic"
  for f in /work/bench-data/*.folded; do [ -s "$f" ] && set -- "$@" "$f"; done
fi
measure() {  # label, output file, command...
  label=$1; out=$2; shift 2
  if /usr/bin/time -f "%e %M" -o "$BENCH_DIR/time.txt" "$@" > "$out" 2>/dev/null; then
    read -r secs kb < "$BENCH_DIR/time.txt"
    printf '| %s | %s s | %d MB | %s bytes |\n' "$label" "$secs" $((kb / 1024)) "$(wc -c < "$out")"
  else
    printf '| %s | failed or timed out (%s) | | |\n' "$label" "$(tail -1 "$BENCH_DIR/time.txt")"
  fi
}
for input in "$@"; do
  stacks=$(wc -l < "$input")
  echo "## $(basename "$input"): $(du -m "$input" | cut -f1) MB, $stacks unique stacks"
  echo "| tool | time | peak RSS | SVG size |"
  echo "|---|---|---|---|"
  measure "flame svg" "$BENCH_DIR/flame.svg" "$flame" svg "$input"
  measure "flame svg -j1" "$BENCH_DIR/flame-j1.svg" "$flame" svg -j1 "$input"
  measure "flamegraph.pl" "$BENCH_DIR/pl.svg" timeout "$PL_TIMEOUT" perl "$FLAMEGRAPH_PL" "$input"
done
