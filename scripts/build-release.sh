#!/usr/bin/env bash
# Builds the flame binary that is installed and measured, and prints its path.
#
# The Swift runtime and Foundation are linked statically
# (--static-swift-stdlib): the binary then runs on hosts without a Swift
# toolchain (profiling targets rarely have one), and starts in about half
# the time, with no Swift shared libraries to load and relocate. Its own
# build folder (.build/static) keeps `swift build -c release` from rebuilding
# everything each time one or the other is built.
#
# Usage: scripts/build-release.sh [--configuration release|debug]
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=release
case "${1:-}" in
  --configuration|-c) configuration=${2:?--configuration needs release or debug} ;;
  "") ;;
  *) echo "build-release.sh: unknown argument '$1'" >&2; exit 2 ;;
esac
flags=(-c "$configuration" --static-swift-stdlib --scratch-path .build/static)
swift build "${flags[@]}" --product flame >&2
echo "$(swift build "${flags[@]}" --show-bin-path)/flame"
