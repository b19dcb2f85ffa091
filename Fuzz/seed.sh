#!/usr/bin/env bash
# Fills Fuzz/seeds/ with small real inputs: ELF files with DWARF (gcc and
# clang, split debug) for fuzz-symbolize, hostile names for fuzz-svg-escape.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/seeds/fuzz-symbolize"; mkdir -p "$out"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/t.c" <<'C'
static inline __attribute__((always_inline)) int leaf(int x) { return x * 3 + 1; }
static int mid(int x) { return leaf(x) ^ 7; }
int compute(int n) { int s = 0; for (int i = 0; i < n; i++) s += mid(i); return s; }
int main(int argc, char **argv) { return compute(argc); }
C
gcc -O2 -g "$tmp/t.c" -o "$out/gcc-O2-g"
gcc -O0 -g -gdwarf-4 "$tmp/t.c" -o "$out/gcc-O0-dwarf4"
objcopy --only-keep-debug "$out/gcc-O2-g" "$out/gcc-O2-g.debug"
objcopy --strip-all "$out/gcc-O2-g" "$out/gcc-O2-stripped"
if command -v /opt/swift/usr/bin/clang >/dev/null; then
  /opt/swift/usr/bin/clang -O1 -g -c "$tmp/t.c" -o "$out/clang-O1.o"
fi
out="$here/seeds/fuzz-svg-escape"; mkdir -p "$out"
printf 'main;<script>alert(1)</script>;]]>\nmain;"onload="x;&amp;\n' > "$out/hostile"
printf 'a;b;c\na;b\n\xff\xfe;\xc3\n' > "$out/utf8"
# Reader targets: small real inputs from Fixtures/ (cut to a few KiB, since the
# fuzzer mutates faster on small inputs).
root="$here/.."
out="$here/seeds/fuzz-perf-script"; mkdir -p "$out"
for f in "$root"/Fixtures/perf/*.perf.txt; do head -c 6000 "$f" > "$out/$(basename "$f")"; done
out="$here/seeds/fuzz-folded"; mkdir -p "$out"
for f in "$root"/Fixtures/svg/*.folded "$root"/Fixtures/perf/expected/inline-dwarf.default.folded; do head -c 6000 "$f" > "$out/$(basename "$f")"; done
out="$here/seeds/fuzz-pprof"; mkdir -p "$out"
cp "$root"/Fixtures/pprof/heap.pb "$root"/Fixtures/pprof/cpu.pb.gz "$out/"
out="$here/seeds/fuzz-sampler"; mkdir -p "$out"
head -c 20000 "$root"/Fixtures/sampler/spin.fsmp > "$out/spin-head.fsmp"
out="$here/seeds/fuzz-perf-data"; mkdir -p "$out"
cp "$root"/Fixtures/perfdata/fp.data "$root"/Fixtures/perfdata/pipe.data "$root"/Fixtures/perfdata/compressed.data "$out/"
