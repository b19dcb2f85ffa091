#!/bin/bash
# Records the sampler fixture: builds src/spin.c with FlameSampler's C core
# (clang from the Swift toolchain, frame pointers kept; GCC 12 drops them in
# leaf functions whatever the flags), runs it, and writes
#   spin          the binary (kept: symbolizing the recording needs it)
#   spin.fsmp     the recording
#   spin.folded   the unsymbolized stacks (module+0xOFFSET frames), from
#                 flame's reader
#   spin.symbolized.folded  the same stacks with every frame resolved by
#                 addr2line: what `flame collapse spin.fsmp` must give
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
"$flame" collapse --no-symbolize spin.fsmp > spin.folded

# Resolve the `module+0xOFFSET` frames with addr2line against the files the
# program ran with (spin, and libc as `ldd` finds it), inlined calls expanded
# (outermost first, inlined callees marked _[i] as stackcollapse-perf.pl does).
# The offsets are file offsets; addr2line wants addresses, the same numbers for
# these files (checked on their code segments).
: > "$here/.names"
for module in $(grep -o '[^;]*+0x[0-9a-f]*' spin.folded | sed 's/+0x.*//' | sort -u); do
    if [ "$module" = spin ]; then path=$here/spin; else path=$(ldd ./spin | awk -v m="$module" '$1 == m {print $3}'); fi
    [ -n "$path" ] || { echo "no file for $module"; exit 1; }
    readelf -lW "$path" | awk '$1 == "LOAD" && $7 ~ /E/ { if ($2 != $3) { print "code offset != vaddr in " FILENAME; exit 1 } }'
    grep -o "\(^\|;\)$module+0x[0-9a-f]*" spin.folded | sed 's/^;//' | sort -u > "$here/.offsets"
    sed "s/^$module+//" "$here/.offsets" | addr2line -a -f -i -e "$path" | awk '
        function flush() { if (n) { chain = f[n]; for (i = n - 1; i >= 1; i--) chain = chain ";" f[i] "_[i]"; print chain } }
        /^0x/ { flush(); n = 0; odd = 1; next }
        { if (odd) f[++n] = $1; odd = !odd }
        END { flush() }' | paste -d ' ' "$here/.offsets" - >> "$here/.names"
done
awk '
    NR == FNR { name[$1] = $2; next }
    { n = split($1, frames, ";"); line = ""
      for (i = 1; i <= n; i++) { f = frames[i]; if (f in name) f = name[f]; line = line (i > 1 ? ";" : "") f }
      sum[line] += $2 }
    END { for (line in sum) print line, sum[line] }' "$here/.names" spin.folded | LC_ALL=C sort > spin.symbolized.folded
rm -f "$here/.offsets" "$here/.names"
awk '{ total += $NF }
     /;main;spin_outer;spin_middle;spin_inner[; ]/ { outer += $NF }
     /;main;side_path;spin_inner[; ]/ { side += $NF }
     END { printf "total %d, via spin_outer %d, via side_path %d\n", total, outer, side
           if (outer + side < total * 0.9 || outer < side) { print "unexpected stacks"; exit 1 } }' spin.symbolized.folded
