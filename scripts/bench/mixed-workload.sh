#!/usr/bin/env bash
# The mixed workload recorded for the collapse benchmark: several CPU-bound
# programs run side by side for SECONDS, so a system-wide profile holds
# native frame-pointer stacks (deepwork), compressors, sort, a file-tree walk,
# the Python interpreter, Perl and SQLite, plus the kernel paths they hit.
# Usage: mixed-workload.sh WORKDIR SECONDS   (WORKDIR holds deepwork + data)
set -u
work=$1 seconds=$2
# Each job repeats its command until `timeout` ends the whole process group.
loop() { timeout "$seconds" bash -c 'while :; do "$@" >/dev/null 2>&1; done' loop "$@"; }

"$work/deepwork" "$seconds" 1 >/dev/null &
"$work/deepwork" "$seconds" 2 >/dev/null &
"$work/deepwork" "$seconds" 3 >/dev/null &
loop gzip -6 -c "$work/data.txt" &
loop xz -2 -T1 -c "$work/data.txt" &
loop bzip2 -c "$work/data.txt" &
loop sort -S 64M "$work/data.txt" &
loop find /usr /etc -xdev -type f -name '*.h' &
loop "$work/python3" "$work/pywork.py" &
loop perl -ne '$h{length $_}++; END { print scalar(keys %h), "\n" }' "$work/data.txt" &
loop sqlite3 :memory: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<300000) SELECT count(*), sum(x%7) FROM c GROUP BY x%13;" &
wait
