// swift-tools-version:6.0
// flame: a flame-graph profiling toolkit for Linux. The folders under Sources/
// follow the pipeline: FlameIngest (readers of perf script, folded, pprof and
// FlameSampler files) -> FlameModel (the interned profile, folded output) ->
// FlameRender (SVG). FlameSymbolize resolves addresses through libdw,
// FlameSampler records in process, and `flame` is the command line on top.
// Linux only (libdw, /proc, perf): `platforms:` can name Apple platforms
// only, so the package states none.
//
// No target uses unsafe compiler flags, so a tagged flame can be depended on
// and the readers of untrusted input keep their bounds checks; what the
// flags bought was measured (docs/benchmarks.md, "Safe build flags").
import PackageDescription

let package = Package(
    name: "flame",
    products: [
        .executable(name: "flame", targets: ["flame"]),
        .library(name: "FlameModel", targets: ["FlameModel"]),
        .library(name: "FlameIngest", targets: ["FlameIngest"]),
        .library(name: "FlameRender", targets: ["FlameRender"]),
        .library(name: "FlameDiff", targets: ["FlameDiff"]),
        .library(name: "FlameSymbolize", targets: ["FlameSymbolize"]),
        .library(name: "FlameSampler", targets: ["FlameSampler"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Runtime library only: the pprof message code is generated once and
        // committed (scripts/generate-pprof-proto.sh), no build plugin.
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .target(name: "FlameModel"),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // pprof's message types, generated from profile.proto and shared by
        // the pprof reader (FlameIngest) and writer (FlameExport).
        .target(
            name: "FlamePprof",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["profile.proto", "code.proto"]),
        // xz, zstd and bzip2 inputs (Sources/FlameIngest/Compression).
        .systemLibrary(name: "CLzma", pkgConfig: "liblzma", providers: [.apt(["liblzma-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CBzip2", providers: [.apt(["libbz2-dev"])]),
        .target(
            name: "FlameIngest",
            dependencies: ["FlameModel", "CZlib", "CLzma", "CZstd", "CBzip2", "FlamePprof", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        // What `flame record` needs besides perf: ELF facts, perf's settings, processes.
        .target(name: "FlameRecord", dependencies: ["FlameModel", "FlameIngest"]),
        // Writers of formats other tools read: pprof, speedscope.
        .target(name: "FlameExport", dependencies: ["FlameModel", "FlamePprof", "CZlib", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .systemLibrary(name: "CLibdw", pkgConfig: "libdw", providers: [.apt(["libdw-dev", "libelf-dev"])]),
        .systemLibrary(name: "CIberty", providers: [.apt(["libiberty-dev"])]),
        .target(name: "FlameSymbolize", dependencies: ["FlameModel", "CLibdw", "CIberty"]),
        .target(name: "FlameRender", dependencies: ["FlameModel"]),
        // Comparing two profiles: normalization, skew metrics, gates, writers.
        .target(name: "FlameDiff", dependencies: ["FlameModel"]),
        // The HTML report: FlameDiff's results with FlameRender's graphs.
        .target(name: "FlameReport", dependencies: ["FlameDiff", "FlameRender", "FlameModel"]),
        .executableTarget(
            name: "flame",
            dependencies: [
                "FlameModel", "FlameIngest", "FlameSymbolize", "FlameRender", "FlameExport", "FlameRecord", "FlameDiff", "FlameReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // The in-process sampler: signal-handler code in C, a Swift API on top.
        .target(name: "CFlameSampler", cSettings: [.define("_GNU_SOURCE")], linkerSettings: [.linkedLibrary("rt"), .linkedLibrary("pthread")]),
        .target(name: "FlameSampler", dependencies: ["CFlameSampler"]),
        // The sampler's test and benchmark workload, a tool rather than a
        // product; only the sampler's tests and scripts/bench-sampler.sh build
        // it. Its phases keep frame pointers, which the sampler walks: SwiftPM
        // compiles every C target with -fno-omit-frame-pointer on Linux, and
        // the source marks what must (not) be inlined, at any -O.
        .target(name: "CFlameWorkload", path: "Tools/CFlameWorkload", cSettings: [.define("_GNU_SOURCE")]),
        .executableTarget(
            name: "flame-workload",
            dependencies: [
                "FlameSampler", "CFlameWorkload",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/flame-workload"),
        // Finds and runs the built executables and helper tools for every test target.
        .target(name: "FlameTestSupport", path: "Tests/FlameTestSupport"),
        .testTarget(name: "FlameSamplerTests", dependencies: ["FlameSampler", "CFlameSampler", "FlameIngest", "FlameModel", "FlameTestSupport", "flame-workload"]),
        .testTarget(name: "FlameModelTests", dependencies: ["FlameModel"]),
        .testTarget(
            name: "FlameIngestTests",
            dependencies: ["FlameIngest", "FlameModel", "FlameSymbolize", "FlamePprof", "FlameTestSupport", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        // Export and record, end to end through the built `flame` (and perf, go, cc where present).
        .testTarget(name: "FlameExportTests", dependencies: ["FlameExport", "FlameRecord", "FlameIngest", "FlameModel", "FlameTestSupport", "flame"]),
        // End-to-end tests run the built `flame` binary; depending on the target
        // makes SwiftPM build it next to the test bundle.
        .testTarget(name: "FlameCLITests", dependencies: ["flame", "FlameModel", "FlameTestSupport"]),
        .testTarget(name: "FlameRenderTests", dependencies: ["FlameRender", "FlameIngest", "FlameModel", "FlameTestSupport"]),
        .testTarget(name: "FlameSymbolizeTests", dependencies: ["FlameSymbolize", "FlameModel", "FlameTestSupport"]),
        .testTarget(name: "FlameDiffTests", dependencies: ["FlameDiff", "FlameReport", "FlameRender", "FlameIngest", "FlameModel", "flame"]),
    ]
)
