#!/usr/bin/env bash
# Records the DWARF benchmark input: `perf record -e cpu-clock --call-graph
# dwarf` of g++ compiling and ld.gold linking a small template-heavy C++
# program again and again, so the capture holds deep C++ stacks from cc1plus
# and from ld.gold (whose debug information comes from Debian's
# binutils-x86-64-linux-gnu-dbg), unwound by perf from the copied user stacks.
# Written as `perf script --no-inline` text (perf's own inline expansion runs
# addr2line and takes minutes) to OUTDIR/perf-dwarf.txt.
# Usage: record-dwarf.sh [OUTDIR] [SECONDS] [FREQ]   (defaults .bench-data 60 1999)
set -euo pipefail
out=${1:-.bench-data} seconds=${2:-60} freq=${3:-1999}
mkdir -p "$out/work-dwarf"
out=$(cd "$out" && pwd)
work="$out/work-dwarf"
cat > "$work/prog.cpp" <<'CPP'
#include <algorithm>
#include <map>
#include <regex>
#include <string>
#include <unordered_map>
#include <vector>
#include <iostream>
#include <sstream>
template <int N> struct Fib { static constexpr long value = Fib<N - 1>::value + Fib<N - 2>::value; };
template <> struct Fib<1> { static constexpr long value = 1; };
template <> struct Fib<0> { static constexpr long value = 0; };
int main(int argc, char **argv) {
    std::map<std::string, std::vector<int>> m;
    std::unordered_map<int, std::string> u;
    std::regex re("([a-z]+)=([0-9]+)");
    for (int i = 1; i < argc; i++) {
        std::smatch s; std::string a = argv[i];
        if (std::regex_match(a, s, re)) m[s[1]].push_back(std::stoi(s[2]));
        u[i] = a;
    }
    std::ostringstream os;
    for (auto &[k, v] : m) { std::sort(v.begin(), v.end()); os << k << v.size(); }
    std::cout << os.str() << Fib<60>::value << u.size() << "\n";
}
CPP
cat > "$work/build-loop.sh" <<'SH'
#!/usr/bin/env bash
# Compiles with g++ -O2 -g and links with gold until SECONDS have passed.
cd "$1"; end=$(( $(date +%s) + $2 ))
while [ "$(date +%s)" -lt "$end" ]; do
    g++ -O2 -g -c prog.cpp -o prog.o
    g++ -fuse-ld=gold -g prog.o -o prog
done
SH
chmod +x "$work/build-loop.sh"
perf record -e cpu-clock -F "$freq" --call-graph dwarf -o "$work/perf.data" -- "$work/build-loop.sh" "$work" "$seconds"
perf script --no-inline -i "$work/perf.data" > "$out/perf-dwarf.txt.tmp"
mv "$out/perf-dwarf.txt.tmp" "$out/perf-dwarf.txt"
rm -f "$work/perf.data"
ls -l "$out/perf-dwarf.txt"
