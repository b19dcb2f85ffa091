#!/usr/bin/env bash
# Times `flame collapse perf.data` against `perf script | flame collapse` and
# `perf script --no-inline | flame collapse --inline` on recordings of ld.gold
# (Debian's binutils-x86-64-linux-gnu-dbg gives it debug info with inline
# frames): one with --call-graph dwarf, one with -g (frame pointers).
# Runs alternate between the tools; prints the median seconds and peak RSS.
#   usage: scripts/bench-perfdata.sh [RUNS] [SECONDS_RECORDED]   (root: perf record)
set -euo pipefail
runs=${1:-3}
seconds=${2:-4}
root=$(cd "$(dirname "$0")/.." && pwd)
flame=$root/.build/release/flame
[ -x "$flame" ] || (cd "$root" && swift build -c release --product flame >/dev/null)
work=/tmp/flame-bench-perfdata
mkdir -p "$work" && cd "$work"
gold=$(command -v x86_64-linux-gnu-ld.gold)

# A link job: 300 generated C files (40 functions each, debug info), linked
# into a shared library with a gdb index (gold reads all the DWARF), again
# and again.
if [ ! -f objs/f299.o ]; then
  mkdir -p objs
  for i in $(seq 0 299); do
    { printf 'static inline int mix%d(int x){return x*31+(x>>3);}\n' $i
      for j in $(seq 0 39); do
        printf 'static int s%d_%d[64];\nint f%d_%d(int x){for(int i=0;i<64;i++)s%d_%d[i]+=mix%d(x*i);return s%d_%d[x&63];}\n' $i $j $i $j $i $j $i $i $j
      done; } > objs/f$i.c
  done
  (cd objs && gcc -g -O2 -c f*.c)
fi
link() { local end=$((SECONDS + seconds)); while [ $SECONDS -lt $end ]; do "$gold" -shared --gdb-index -o out.so objs/*.o; done; }
export -f link; export gold seconds
[ -f gold-dwarf.data ] || perf record -q -e cpu-clock -F 1000 --call-graph dwarf -o gold-dwarf.data -- bash -c link 2>/dev/null
[ -f gold-fp.data ] || perf record -q -e cpu-clock -F 1000 -g -o gold-fp.data -- bash -c link 2>/dev/null

measure() {  # name command... -> appends "seconds rss_kb" to $work/times.NAME
  local name=$1; shift
  /usr/bin/time -v -o time.txt bash -c "$*" >/dev/null 2>&1
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' time.txt)
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' time.txt)
  echo "$wall $rss" >> "times.$name"
}
median() { sort -n | awk '{v[NR]=$0} END {print v[int((NR+1)/2)]}'; }

for data in gold-dwarf.data gold-fp.data; do
  rm -f times.*
  samples=$(perf script -i "$data" -F comm --hide-call-graph 2>/dev/null | wc -l)
  for r in $(seq 1 "$runs"); do
    measure flame "'$flame' collapse $data"
    measure flame-j1 "'$flame' collapse -j 1 $data"
    measure noinline "perf script --no-inline -i $data 2>/dev/null | '$flame' collapse --inline"
    measure perf "perf script -i $data 2>/dev/null | '$flame' collapse"
  done
  echo "== $data ($samples samples, $(du -k $data | cut -f1) KiB)"
  for name in flame flame-j1 noinline perf; do
    s=$(cut -d' ' -f1 "times.$name" | median); m=$(cut -d' ' -f2 "times.$name" | median)
    printf '%-10s %8.2f s  %7d KiB peak RSS\n' "$name" "$s" "$m"
  done
done
