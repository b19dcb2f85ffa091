#!/bin/bash
# Records the skew fixtures on this machine: the same run seen by two
# profilers at once.
#  - go-dwarf / go-fp: skewgo (src/skewgo) under runtime/pprof (250 Hz SIGPROF)
#    and `perf record -e cpu-clock` at 250 Hz, with --call-graph dwarf and with
#    -g (frame pointers) in two runs.
#  - workload: flame-workload under FlameSampler and perf -g (docs/sampler.md).
#  - bench-pair.py writes the ~100k-stack pair of docs/benchmarks.md ("diff").
# Committed: the pprof profiles and perf script text (gzip, --no-inline), not perf.data.
# Needs root (or perf_event_paranoid <= 1), perf, Go (apt: golang-go), a release
# build of flame-workload. Usage: Fixtures/skew/record.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
go build -trimpath -o skewgo "$here/src/skewgo/main.go"
for mode in dwarf fp; do
    if [ $mode = dwarf ]; then cg=(--call-graph dwarf); else cg=(-g); fi
    perf record -q -e cpu-clock -F 250 "${cg[@]}" -o perf.data -- ./skewgo -o go-$mode.pb.gz -seconds 3 -hz 250 2>/dev/null
    perf script -i perf.data --no-inline 2>/dev/null | gzip -9n > "$here/go-$mode.perf.txt.gz"
    cp go-$mode.pb.gz "$here/go-$mode.pb.gz"
done
workload=$(cd "$root" && swift build -c release --product flame-workload >/dev/null && swift build -c release --show-bin-path)/flame-workload
perf record -q -e cpu-clock -F 250 -g -o perf.data -- "$workload" --sample workload.fsmp --hz 250 --mode thread --scenario mix --seconds 1
perf script -i perf.data --no-inline 2>/dev/null | gzip -9n > "$here/workload.perf.txt.gz"
flame=$(cd "$root" && swift build -c release --product flame >/dev/null && swift build -c release --show-bin-path)/flame
# The sampler file needs the binary to symbolize; commit its folded form.
"$flame" collapse workload.fsmp -o "$here/workload.sampler.folded"
ls -l "$here"
