#!/usr/bin/env bash
# Builds libflame-sampler-preload.so, the FlameSampler that `flame record
# --inproc` preloads into a program, with the system C compiler:
#   scripts/build-preload.sh DIR      writes DIR/libflame-sampler-preload.so
# Not a SwiftPM product on purpose: SwiftPM links every dynamic library with
# the Swift runtime, and a preloaded libswiftCore installs its crash handlers
# in the profiled program (changing how it dies and its exit status). This
# library is C only: the sampler's sources (Sources/CFlameSampler) and the
# constructor that starts it (Tools/flame-sampler-preload/preload.c).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: scripts/build-preload.sh DIR}
mkdir -p "$out"
cc=${CC:-cc}
# Frame pointers in the sampler itself, so that perf's fp call graphs of
# --inproc runs see through its signal handler too.
"$cc" -shared -fPIC -O2 -g -fno-omit-frame-pointer -D_GNU_SOURCE -fvisibility=hidden \
  -I "$root/Sources/CFlameSampler/include" -I "$root/Sources/CFlameSampler" -I "$root/Tools/flame-sampler-preload" \
  "$root"/Sources/CFlameSampler/*.c "$root/Tools/flame-sampler-preload/preload.c" \
  -lrt -lpthread -o "$out/libflame-sampler-preload.so.tmp"
mv "$out/libflame-sampler-preload.so.tmp" "$out/libflame-sampler-preload.so"
echo "$out/libflame-sampler-preload.so"
