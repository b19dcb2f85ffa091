#!/bin/bash
# Records the sampler fixture: builds src/spin.c with FlameSampler's C core
# (clang from the Swift toolchain, frame pointers kept; GCC 12 drops them in
# leaf functions whatever the flags), runs it, and writes
#   spin          the binary (kept: symbolizing the recording needs it)
#   spin.fsmp     the recording
#   spin.folded   `flame collapse spin.fsmp` (module+0xOFFSET frames)
#   spin.symbolized.folded  the same stacks with the spin frames resolved by
#                 addr2line, the names a symbolizer must produce
# and checks that the resolved stacks are the program's call paths.
# Needs clang, binutils (addr2line, readelf) and a built flame (swift build).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
flame=${FLAME:-$root/.build/debug/flame}
cd "$here"
${CC:-clang} -O2 -g -fno-omit-frame-pointer -D_GNU_SOURCE -I "$root/Sources/CFlameSampler/include" -I "$root/Sources/CFlameSampler" \
    -o spin src/spin.c "$root"/Sources/CFlameSampler/*.c -lpthread -lrt
./spin spin.fsmp
"$flame" collapse spin.fsmp > spin.folded

# Resolve `spin+0xOFFSET` frames with addr2line, inlined calls expanded
# (outermost first, inlined callees marked _[i] as stackcollapse-perf.pl does).
# For this PIE the file offset of code equals its address in the file
# (checked against the code segment).
readelf -lW spin | awk '$1 == "LOAD" && $7 ~ /E/ { if ($2 != $3) { print "code segment offset != vaddr"; exit 1 } }'
grep -o 'spin+0x[0-9a-f]*' spin.folded | sort -u > "$here/.offsets"
sed 's/spin+//' "$here/.offsets" | addr2line -a -f -i -e spin | awk '
    function flush() { if (n) { chain = f[n]; for (i = n - 1; i >= 1; i--) chain = chain ";" f[i] "_[i]"; print chain } }
    /^0x/ { flush(); n = 0; odd = 1; next }
    { if (odd) f[++n] = $1; odd = !odd }
    END { flush() }' > "$here/.names"
paste -d ' ' "$here/.offsets" "$here/.names" | awk '
    NR == FNR { name[$1] = $2; next }
    { n = split($1, frames, ";"); line = ""
      for (i = 1; i <= n; i++) { f = frames[i]; if (f in name) f = name[f]; line = line (i > 1 ? ";" : "") f }
      sum[line] += $2 }
    END { for (line in sum) print line, sum[line] }' - spin.folded | LC_ALL=C sort > spin.symbolized.folded
rm -f "$here/.offsets" "$here/.names"
awk '{ total += $NF }
     /;main;spin_outer;spin_middle;spin_inner[; ]/ { outer += $NF }
     /;main;side_path;spin_inner[; ]/ { side += $NF }
     END { printf "total %d, via spin_outer %d, via side_path %d\n", total, outer, side
           if (outer + side < total * 0.9 || outer < side) { print "unexpected stacks"; exit 1 } }' spin.symbolized.folded
