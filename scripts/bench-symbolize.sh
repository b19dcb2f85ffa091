#!/bin/sh
# Throughput of `flame symbolize` against eu-addr2line, binutils addr2line and
# llvm-symbolizer on a large binary with full DWARF (Debian's ld.gold: LTO,
# dwz, compressed debug sections from binutils-x86-64-linux-gnu-dbg).
# Two address sets of 100k each: uniform random over .text, and profile-like
# (100k draws from 5,000 addresses, Zipf-weighted). Every tool reads the
# addresses on stdin, one process per run, output to a file; hyperfine takes
# 3 runs, the median wall time is reported, with mean CPU (user+sys).
#
#   scripts/bench-symbolize.sh [BINARY] [FLAME]     (needs: hyperfine python3 elfutils llvm)
set -eu
BIN=${1:-/usr/bin/x86_64-linux-gnu-ld.gold}
FLAME=${2:-.build/release/flame}
N=${N:-100000}
RUNS=${RUNS:-3}
# SLOW_N < N gives binutils addr2line only a prefix of each set (it spends
# about 30 CPU-seconds starting up on this binary, whatever the count).
SLOW_N=${SLOW_N:-$N}
WORK=${WORK:-$(mktemp -d /tmp/flame-bench.XXXXXX)}
mkdir -p "$WORK"
LLVM=$(command -v llvm-symbolizer-14 || command -v llvm-symbolizer)
for tool in hyperfine python3 eu-addr2line addr2line "$LLVM" "$FLAME"; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

python3 - "$BIN" "$WORK" "$N" <<'PY'
import random, re, subprocess, sys
binary, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
out = subprocess.run(['readelf', '-SW', binary], capture_output=True, text=True).stdout
m = re.search(r'\] \.text\s+PROGBITS\s+([0-9a-f]+) [0-9a-f]+ ([0-9a-f]+)', out)
start, size = int(m.group(1), 16), int(m.group(2), 16)
r = random.Random(42)
with open(f'{work}/random.txt', 'w') as f:
    for _ in range(n): f.write(hex(start + r.randrange(size)) + '\n')
pool = [start + r.randrange(size) for _ in range(5000)]
weights = [1.0 / (i + 1) for i in range(len(pool))]
with open(f'{work}/profile.txt', 'w') as f:
    for a in r.choices(pool, weights=weights, k=n): f.write(hex(a) + '\n')
PY

# Load the debug files once so that no tool pays for a cold page cache.
"$FLAME" symbolize -e "$BIN" 0x0 >/dev/null

echo "| set | tool | median s | addresses/s | CPU s (user+sys) | '??' functions |"
echo "|---|---|---|---|---|---|"
for set in random profile; do
    head -n "$SLOW_N" "$WORK/$set.txt" > "$WORK/$set.head.txt"
    for tool in flame flame-j1 llvm-symbolizer eu-addr2line addr2line; do
        case $tool in
        flame) cmd="$FLAME symbolize -e $BIN" ;;
        flame-j1) cmd="$FLAME symbolize -j1 -e $BIN" ;;
        llvm-symbolizer) cmd="$LLVM -e $BIN" ;;
        eu-addr2line) cmd="eu-addr2line -f -i -C -e $BIN" ;;
        addr2line) cmd="addr2line -f -i -C -e $BIN" ;;
        esac
        input=$WORK/$set.txt count=$N
        if [ "$tool" = addr2line ]; then input=$WORK/$set.head.txt count=$SLOW_N; fi
        hyperfine -i --runs "$RUNS" --export-json "$WORK/$tool.$set.json" \
            "$cmd < $input > $WORK/$tool.$set.out" >/dev/null 2>&1
        python3 - "$WORK/$tool.$set.json" "$WORK/$tool.$set.out" "$set" "$tool" "$count" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))['results'][0]
unknown = sum(1 for line in open(sys.argv[2], errors='replace') if line.rstrip('\n') == '??')
n = int(sys.argv[5])
label = sys.argv[4] + (f" (first {n:,})" if sys.argv[4] == 'addr2line' and n < 100000 else '')
print(f"| {sys.argv[3]} | {label} | {result['median']:.2f} | {n / result['median']:,.0f} | "
      f"{result['user'] + result['system']:.2f} | {unknown:,} |")
PY
    done
done
echo "(work files in $WORK)" >&2
