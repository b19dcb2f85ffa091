#!/bin/bash
# Regenerates every capture in Fixtures/perf/ from scratch on this machine:
# builds the workloads in src/, records them with `perf record -e cpu-clock`,
# prints them with `perf script`, trims each to whole samples under a size
# budget, and writes the expected folded outputs to expected/.
#
# Expected outputs come from FlameGraph's stackcollapse-perf.pl when
# FLAMEGRAPH_DIR points at a FlameGraph checkout (the reference); without it
# they come from `flame collapse` (FLAME, default: the release build) and must
# be reviewed by hand before committing. `--skip-after main` (which the Perl
# script lacks) is always derived from the plain output by skip_after() below.
#
# Needs: root (or perf_event_paranoid <= 1 and kptr_restrict 0 for kernel
# frames), perf, gcc, node. Usage: Fixtures/perf/record.sh [CAPTURE ...]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# A fixed work directory keeps binary paths in the captures stable across runs.
work=/tmp/flame-fixtures
budget=400000          # bytes per capture, whole samples only
freq=499

mkdir -p "$here/expected"
rm -rf "$work"
mkdir -p "$work"
cp "$here"/src/* "$work"/
cd "$work"

gcc -O2 -g -o inline-dwarf inline.c
gcc -O2 -g -fno-omit-frame-pointer -o inline-fp inline.c
gcc -O2 -g -fno-omit-frame-pointer -pthread -o threads threads.c
gcc -O2 -g -fno-omit-frame-pointer -o syscalls syscalls.c

# Keeps whole samples (blank-line separated paragraphs) while the total stays
# under the budget, and replaces the home directory with '~'.
trim() {
	awk -v max="$budget" 'BEGIN { RS = ""; ORS = "\n\n" }
		{ total += length($0) + 2; if (total > max) exit; print }' |
		sed -e "s#$HOME/#~/#g"
}

# perf script is cut off by SIGPIPE when trim() has enough; an empty result
# is the failure that matters.
script() {
	{ perf script -i "$1.data" "${@:2}" 2>/dev/null || true; } | trim > "$here/$1.perf.txt"
	[ -s "$here/$1.perf.txt" ] || { echo "record.sh: perf script printed nothing for $1" >&2; exit 1; }
}

rec() { # NAME PERF-RECORD-ARGS... -- COMMAND...
	local name=$1; shift
	perf record -q -o "$name.data" "$@" >/dev/null 2>&1
}

record_capture() {
	case $1 in
	inline-dwarf)   # static inline helpers from hot.h, unwound with DWARF (inline frames shown)
		rec inline-dwarf -e cpu-clock -F $freq --call-graph dwarf -- ./inline-dwarf 600
		script inline-dwarf ;;
	inline-fp)      # the same program with frame pointers, -g
		rec inline-fp -e cpu-clock -F $freq -g -- ./inline-fp 600
		script inline-fp ;;
	threads-pidtid) # three threads of one process, printed with pid and tid
		rec threads-pidtid -e cpu-clock -F $freq -g -- ./threads 400
		script threads-pidtid -F +pid,+tid ;;
	syscalls)       # mostly kernel time under tiny read/write/getpid calls
		rec syscalls -e cpu-clock -F $freq -g -- ./syscalls 400
		script syscalls ;;
	node-jit)       # V8 JIT frames named through /tmp/perf-PID.map
		rec node-jit -e cpu-clock -F $freq -g -- node --perf-basic-prof loop.js 600
		script node-jit
		# Only this run's map: other users' maps in /tmp are none of our business.
		grep -o '/tmp/perf-[0-9]*\.map' "$here/node-jit.perf.txt" | sort -u | xargs -r rm -f ;;
	system-wide)    # every CPU for one second while two workloads run
		./inline-fp 1500 >/dev/null & local a=$!
		./syscalls 1500 >/dev/null & local b=$!
		sleep 0.2
		rec system-wide -e cpu-clock -F $freq -a -g -- sleep 1
		wait $a $b
		script system-wide ;;
	multi-event)    # two events in one capture: the first seen is the default
		rec multi-event -e cpu-clock,task-clock -F $freq -g -- ./inline-fp 300
		script multi-event ;;
	*) echo "record.sh: unknown capture $1" >&2; exit 2 ;;
	esac
}

captures=(inline-dwarf inline-fp threads-pidtid syscalls node-jit system-wide multi-event)
[ $# -gt 0 ] && captures=("$@")

if [ -n "${FLAMEGRAPH_DIR:-}" ]; then
	collapse() { perl "$FLAMEGRAPH_DIR/stackcollapse-perf.pl" "$@"; }
else
	flame=${FLAME:-$repo/.build/release/flame}
	echo "record.sh: FLAMEGRAPH_DIR not set; expected outputs come from $flame: review them" >&2
	collapse() {
		local args=() a
		for a in "$@"; do case $a in --event-filter=*) args+=(--event-filter "${a#*=}") ;; *) args+=("$a") ;; esac; done
		"$flame" collapse -j1 "${args[@]}"
	}
fi

# inferno's --skip-after FUNCTION, applied to plain folded lines: the leaf-most
# frame named FUNCTION is kept, its callers and the process name are dropped;
# stacks without it are unchanged. Equal results are summed and re-sorted
# bytewise, as stackcollapse-perf.pl sorts.
skip_after() {
	perl -e 'my $f = shift; my %sum;
		while (<STDIN>) {
			chomp; my ($s, $n) = /^(.*) (\d+)$/ or next;
			my @fr = split /;/, $s, -1;
			for (my $i = $#fr; $i >= 1; $i--) {
				if ($fr[$i] eq $f) { $s = join(";", @fr[$i .. $#fr]); last }
			}
			$sum{$s} += $n;
		}
		print "$_ $sum{$_}\n" for sort keys %sum' "$1"
}

for name in "${captures[@]}"; do
	record_capture "$name"
	input=$here/$name.perf.txt
	out=$here/expected/$name
	collapse "$input" > "$out.default.folded"
	for opt in pid tid kernel jit all addrs; do collapse --$opt "$input" > "$out.$opt.folded"; done
	case $name in
	inline-dwarf|inline-fp|syscalls)
		skip_after main < "$out.default.folded" > "$out.skip-after-main.folded" ;;
	multi-event)
		collapse --event-filter=cpu-clock "$input" > "$out.event-filter-cpu-clock.folded"
		collapse --event-filter=task-clock "$input" > "$out.event-filter-task-clock.folded" ;;
	esac
	rm -f "$name.data"
	echo "$name: $(wc -c < "$input") bytes, $(grep -c '^[^[:space:]]' "$input") samples"
done
