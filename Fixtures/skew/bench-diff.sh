#!/bin/bash
# Times `flame diff --folded` against inferno-diff-folded 0.12.8 on the
# ~100k-unique-stack pair bench-pair.py writes, alternating the tools run by
# run, and checks that both print the same lines (as sets) as difffolded.pl's.
# Usage: Fixtures/skew/bench-diff.sh [RUNS]   (needs ../shared/anchors, a release build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
anchors=${ANCHORS:-$root/../shared/anchors}
flame=$(cd "$root" && swift build -c release --product flame >/dev/null && swift build -c release --show-bin-path)/flame
runs=${1:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/bench-pair.py" "$work"
cd "$work"
"$flame" diff --folded --exact-names a.folded b.folded | sort > flame.txt
"$anchors/bin/inferno-diff-folded" a.folded b.folded | sort > inferno.txt
perl "$anchors/FlameGraph/difffolded.pl" a.folded b.folded | sort > perl.txt
cmp flame.txt perl.txt && cmp inferno.txt perl.txt && echo "same lines: $(wc -l < perl.txt)"
for i in $(seq "$runs"); do
    /usr/bin/time -f "flame %e s %U user %S sys %M KB" "$flame" diff --folded --exact-names a.folded b.folded > /dev/null
    /usr/bin/time -f "inferno %e s %U user %S sys %M KB" "$anchors/bin/inferno-diff-folded" a.folded b.folded > /dev/null
done 2>&1 | sort | awk '{ t[$1] = t[$1] " " $2 } END { for (k in t) print k ":" t[k] " (wall seconds, run by run)" }'
