#!/bin/sh
# Regenerates perf-gzip-sort.folded: a real cpu-clock capture of gzip and sort
# (call graphs by frame pointers), collapsed by flame. Run from the repository
# root after `swift build`; needs linux-perf.
set -eu
out=Fixtures/svg
data=$(mktemp /tmp/flame-svg-fixture.XXXXXX)
trap 'rm -f "$data"' EXIT
perf record -q -e cpu-clock -F 499 -g -o "$data" -- sh -c '
  head -c 20000000 /dev/urandom | base64 > /tmp/flame-fixture-input
  gzip -9 -c /tmp/flame-fixture-input > /dev/null
  sort /tmp/flame-fixture-input > /dev/null
  rm -f /tmp/flame-fixture-input'
perf script -i "$data" 2>/dev/null | .build/debug/flame collapse --all > "$out/perf-gzip-sort.folded"
wc -l "$out/perf-gzip-sort.folded"
