#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer and runs one.
#   Fuzz/run.sh TARGET [SECONDS] [libFuzzer options...]
# TARGET is a folder of Fuzz/Sources (fuzz-symbolize, fuzz-svg-escape, ...).
# Seeds come from Fuzz/seeds/TARGET (scripts may fill it, see seed.sh);
# new corpus entries go to Fuzz/corpus/TARGET, crashes to Fuzz/findings/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${1:?target}"; seconds="${2:-60}"; shift $(( $# < 2 ? $# : 2 ))
# -Xswiftc, not --sanitize=fuzzer: SwiftPM then parses main.swift as a library
# (libFuzzer has its own main); the targets call LLVMFuzzerRunDriver instead.
# lld: gold fails on the sanitized link (internal error in format_file_lineno).
flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)
swift build --package-path "$here" "${flags[@]}" --product "$target" >&2
bin="$(swift build --package-path "$here" "${flags[@]}" --show-bin-path)/$target"
mkdir -p "$here/corpus/$target" "$here/findings" "$here/seeds/$target"
export SWIFT_BACKTRACE=enable=no   # else Swift's backtracer takes the signal and no crash file is written
exec "$bin" -max_total_time="$seconds" -artifact_prefix="$here/findings/$target-" -rss_limit_mb=4096 -timeout=20 \
    "$@" "$here/corpus/$target" "$here/seeds/$target"
