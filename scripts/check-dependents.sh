#!/usr/bin/env bash
# Builds a tiny package outside the repository that depends on flame by local
# path, as another project would, and checks two promises of Package.swift:
#   1. flame's libraries (FlameModel, FlameIngest, FlameRender) can be
#      depended on: no unsafe flags, nothing the dependent must repeat;
#   2. a program that reads profiles but does not symbolize (FlameModel and
#      FlameIngest only) links no libdw, libelf or libiberty.
# Usage: scripts/check-dependents.sh [SCRATCH-DIR]   (default: a temporary
# directory, removed afterwards; pass one to keep the build for a rerun).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ $# -ge 1 ]]; then
    work=$1
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
pkg=$work/dependent
mkdir -p "$pkg/Sources/render-folded" "$pkg/Sources/read-only"

cat > "$pkg/Package.swift" <<SWIFT
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dependent",
    dependencies: [.package(name: "flame", path: "$root")],
    targets: [
        .executableTarget(name: "render-folded", dependencies: [
            .product(name: "FlameModel", package: "flame"),
            .product(name: "FlameIngest", package: "flame"),
            .product(name: "FlameRender", package: "flame"),
        ]),
        .executableTarget(name: "read-only", dependencies: [
            .product(name: "FlameModel", package: "flame"),
            .product(name: "FlameIngest", package: "flame"),
        ]),
    ]
)
SWIFT

# Reads profiles (any format flame reads), renders them as SVG to stdout.
cat > "$pkg/Sources/render-folded/main.swift" <<'SWIFT'
import FlameIngest
import FlameModel
import FlameRender

let inputs = CommandLine.arguments.dropFirst().map(InputSource.init(argument:))
let profile = try ProfileLoader(options: LoadOptions()).load(Array(inputs))
var sink = FileSink(fd: 1)
_ = try FlameGraph.render(profile, options: RenderOptions(), to: &sink)
try sink.flush()
SWIFT

# Reads profiles and prints them folded: no symbolizer involved.
cat > "$pkg/Sources/read-only/main.swift" <<'SWIFT'
import FlameIngest
import FlameModel

let inputs = CommandLine.arguments.dropFirst().map(InputSource.init(argument:))
let profile = try ProfileLoader(options: LoadOptions()).load(Array(inputs))
var sink = FileSink(fd: 1)
try FoldedWriter.write(profile, to: &sink)
try sink.flush()
SWIFT

# flame's own pins, so the dependent resolves to what flame is tested with.
[[ -f $root/Package.resolved ]] && cp "$root/Package.resolved" "$pkg/"

echo "== building a package that depends on flame at $root"
swift build --package-path "$pkg" -v > "$work/build.log" 2>&1 || { tail -40 "$work/build.log"; exit 1; }
bin=$(swift build --package-path "$pkg" --show-bin-path)

folded=$work/in.folded
printf 'main;parse;lex 3\nmain;parse 2\nmain;render 5\n' > "$folded"
[[ $("$bin/read-only" "$folded") == $(LC_ALL=C sort "$folded") ]] || { echo "FAIL: read-only printed the wrong profile"; exit 1; }
svg=$("$bin/render-folded" "$folded")
[[ $svg == *'<svg'* && $svg == *'render (5 samples'* ]] || { echo "FAIL: render-folded drew no flame graph"; exit 1; }
echo "ok: FlameModel, FlameIngest and FlameRender build and work from another package"

# The link line of read-only (swiftc's -v output names every library it passes
# to the linker) and the libraries the loader would map.
status=0
if ldd "$bin/read-only" | grep -E 'libdw|libelf'; then  # prints what it found
    echo "FAIL: read-only (FlameModel + FlameIngest) loads libdw/libelf"
    status=1
fi
if nm "$bin/read-only" 2>/dev/null | grep -q -E ' [Tt] (cplus_demangle|\$s14FlameSymbolize)'; then
    echo "FAIL: read-only (FlameModel + FlameIngest) contains FlameSymbolize or libiberty code"
    status=1
fi
if grep -E -- '-o [^ ]*/read-only( |$)' "$work/build.log" | grep -q -E -- '-l(dw|elf|iberty)\b'; then
    echo "FAIL: read-only is linked with -ldw, -lelf or -liberty"
    status=1
fi
[[ $status == 0 ]] && echo "ok: a program using FlameModel and FlameIngest links no libdw, libelf or libiberty"
exit $status
