#!/bin/bash
# Records the pprof fixtures on this machine and derives their expected folded
# outputs from `go tool pprof -raw` (pprof's own reading, not flame's).
# Needs Go (apt: golang-go) and python3. Usage: Fixtures/pprof/record.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# -trimpath keeps this checkout's path out of the profiles.
go build -trimpath -o cpu "$here/src/cpu/main.go"
go build -trimpath -o heap "$here/src/heap/main.go"
./cpu -o cpu.pb.gz >/dev/null
./heap -o heap.pb.gz >/dev/null
cp cpu.pb.gz "$here/cpu.pb.gz"
# The heap profile is kept uncompressed so that both encodings are covered.
gunzip -c heap.pb.gz > "$here/heap.pb"

expect() { # profile, sample type, output
    go tool pprof -raw "$1" 2>/dev/null | python3 "$here/raw-to-folded.py" "$2" > "$3"
}
expect "$here/cpu.pb.gz" cpu "$here/cpu.folded"
expect "$here/cpu.pb.gz" samples "$here/cpu.samples.folded"
for type in alloc_objects alloc_space inuse_objects inuse_space; do
    expect "$here/heap.pb" "$type" "$here/heap.$type.folded"
done
wc -l "$here"/*.folded
