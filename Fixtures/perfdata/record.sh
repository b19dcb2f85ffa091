#!/usr/bin/env bash
# Re-records flame's perf.data fixtures on this machine (needs root for
# perf record, gcc, and Go from Debian's golang-go), and regenerates the
# expected outputs from `perf script | flame collapse`. The programs run from
# /tmp/flame-perfdata so that the recorded paths are the same on every run;
# tests find the committed binaries there through --symfs.
#   usage: Fixtures/perfdata/record.sh [path/to/flame]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
flame=${1:-$here/../../.build/debug/flame}
run=/tmp/flame-perfdata
rm -rf "$run" && mkdir -p "$run" "$here/bin"
cd "$run"
cflags="-O2 -g -fno-optimize-sibling-calls"
# With frame pointers (for -g) and without (for --call-graph dwarf).
gcc $cflags -fno-omit-frame-pointer -fPIC -shared -o libcwork-fp.so "$here/src/libcwork.c"
gcc $cflags -fno-omit-frame-pointer -fPIE -pie -o cwork-fp "$here/src/cwork.c" -L. -lcwork-fp -Wl,-rpath,'$ORIGIN'
gcc $cflags -fomit-frame-pointer -fPIC -shared -o libcwork.so "$here/src/libcwork.c"
gcc $cflags -fomit-frame-pointer -fPIE -pie -o cwork "$here/src/cwork.c" -L. -lcwork -Wl,-rpath,'$ORIGIN'
(cd "$here/src/gowork" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -o "$run/gowork" .)
cp cwork-fp libcwork-fp.so cwork libcwork.so "$here/bin/"
# The Go binary is over 1 MB; tests unpack it.
gzip -9nc gowork > "$here/bin/gowork.gz"

rm -f "$here"/*.data
rec() { perf record -q -e cpu-clock "$@" 2>/dev/null >/dev/null; }
# Low frequencies and short runs keep every file under 1 MB.
rec -F 250 -g -o "$here/fp.data" -- ./cwork-fp spin 1
rec -F 60 --call-graph dwarf,4096 -o "$here/dwarf.data" -- ./cwork spin 1.5
rec -F 60 --call-graph dwarf,4096 -o "$here/signal.data" -- ./cwork signal 1.5
rec -F 60 --call-graph dwarf,2048 -o "$here/deep.data" -- ./cwork deep 1.5
rec -z -F 100 -g -o "$here/compressed.data" -- ./cwork-fp spin 0.3
perf record -q -e cpu-clock -F 250 -g -o - -- ./cwork-fp spin 0.5 2>/dev/null > "$here/pipe.data"
rec -F 40 --call-graph dwarf,8192 -o "$here/go.data" -- ./gowork 2

# What perf itself makes of them, through flame's perf script reader.
for f in fp dwarf signal deep pipe; do
  perf script -i "$here/$f.data" 2>/dev/null | "$flame" collapse > "$here/$f.perf-script.folded"
  perf script --no-inline -i "$here/$f.data" 2>/dev/null | "$flame" collapse > "$here/$f.perf-script-no-inline.folded"
done
perf script -i "$here/go.data" 2>/dev/null | "$flame" collapse > "$here/go.perf-script.folded"
ls -l "$here"/*.data "$here"/bin
