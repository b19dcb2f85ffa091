#!/bin/bash
# Regenerates Sources/FlamePprof/{profile,code}.pb.swift from the .proto files.
# Run only when a .proto changes; builds use the committed output.
# Needs protoc (apt: protobuf-compiler) and protoc-gen-swift built from the
# swift-protobuf release Package.swift names, e.g.
#   git clone https://github.com/apple/swift-protobuf /tmp/swift-protobuf
#   (cd /tmp/swift-protobuf && git checkout 1.39.0 && swift build -c release --product protoc-gen-swift)
#   PROTOC_GEN_SWIFT=/tmp/swift-protobuf/.build/release/protoc-gen-swift scripts/generate-pprof-proto.sh
set -euo pipefail
cd "$(dirname "$0")/.."
plugin=${PROTOC_GEN_SWIFT:-$(command -v protoc-gen-swift || true)}
[ -x "$plugin" ] || { echo "generate-pprof-proto.sh: set PROTOC_GEN_SWIFT to a protoc-gen-swift binary" >&2; exit 1; }
command -v protoc >/dev/null || { echo "generate-pprof-proto.sh: protoc not found (apt-get install protobuf-compiler)" >&2; exit 1; }
dir=Sources/FlamePprof
# Package visibility: pprof's reader (FlameIngest) and writer (FlameExport) share
# these types, and they stay out of every library product's public API.
protoc --plugin=protoc-gen-swift="$plugin" --proto_path="$dir" \
    --swift_opt=Visibility=Package --swift_out="$dir" "$dir/profile.proto" "$dir/code.proto"
echo "wrote $dir/profile.pb.swift and $dir/code.pb.swift"
