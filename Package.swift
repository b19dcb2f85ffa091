// swift-tools-version:6.0
// flame: a flame-graph profiling toolkit. The folders under Sources/ follow the
// pipeline: FlameIngest (readers) -> FlameModel (interned profile, folded I/O)
// -> FlameRender / FlameDiff, with `flame` a thin command-line layer on top.
import PackageDescription

let optimize: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo", "-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "flame",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "flame", targets: ["flame"]),
        .library(name: "FlameModel", targets: ["FlameModel"]),
        .library(name: "FlameIngest", targets: ["FlameIngest"]),
        .library(name: "FlameRender", targets: ["FlameRender"]),
        .library(name: "FlameSymbolize", targets: ["FlameSymbolize"]),
        .library(name: "FlameSampler", targets: ["FlameSampler"]),
        .executable(name: "flame-workload", targets: ["flame-workload"]),
        // LD_PRELOAD-able FlameSampler for `flame record --inproc`.
        .library(name: "flame-sampler-preload", type: .dynamic, targets: ["CFlameSamplerPreload"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Runtime library only: the pprof message code is generated once and
        // committed (scripts/generate-pprof-proto.sh), no build plugin.
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .target(name: "FlameModel", swiftSettings: optimize),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // pprof's message types, generated from profile.proto and shared by
        // the pprof reader (FlameIngest) and writer (FlameExport).
        .target(
            name: "FlamePprof",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["profile.proto", "code.proto"],
            swiftSettings: optimize),
        .target(
            name: "FlameIngest",
            dependencies: ["FlameModel", "CZlib", "FlamePprof", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: optimize),
        // What `flame record` needs besides perf: ELF facts, perf's settings, processes.
        .target(name: "FlameRecord", dependencies: ["FlameModel", "FlameIngest"], swiftSettings: optimize),
        // Writers of formats other tools read: pprof, speedscope.
        .target(name: "FlameExport", dependencies: ["FlameModel", "FlamePprof", "CZlib", .product(name: "SwiftProtobuf", package: "swift-protobuf")], swiftSettings: optimize),
        .systemLibrary(name: "CLibdw", pkgConfig: "libdw", providers: [.apt(["libdw-dev", "libelf-dev"])]),
        .systemLibrary(name: "CIberty", providers: [.apt(["libiberty-dev"])]),
        .target(name: "FlameSymbolize", dependencies: ["FlameModel", "CLibdw", "CIberty"], swiftSettings: optimize),
        .target(name: "FlameRender", dependencies: ["FlameModel"], swiftSettings: optimize),
        .executableTarget(
            name: "flame",
            dependencies: [
                "FlameModel", "FlameIngest", "FlameSymbolize", "FlameRender", "FlameExport", "FlameRecord",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimize),
        // The in-process sampler: signal-handler code in C, a Swift API on top.
        .target(name: "CFlameSampler", cSettings: [.define("_GNU_SOURCE")], linkerSettings: [.linkedLibrary("rt"), .linkedLibrary("pthread")]),
        .target(name: "FlameSampler", dependencies: ["CFlameSampler"], swiftSettings: optimize),
        .target(name: "CFlameSamplerPreload", dependencies: ["CFlameSampler"], cSettings: [.define("_GNU_SOURCE")]),
        // The workload's phases keep frame pointers, which the sampler walks.
        .target(name: "CFlameWorkload", cSettings: [.define("_GNU_SOURCE"), .unsafeFlags(["-fno-omit-frame-pointer", "-O2"])]),
        .executableTarget(
            name: "flame-workload",
            dependencies: [
                "FlameSampler", "CFlameWorkload",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimize),
        .testTarget(name: "FlameSamplerTests", dependencies: ["FlameSampler", "CFlameSampler", "FlameIngest", "FlameModel", "flame-workload"]),
        .testTarget(name: "FlameModelTests", dependencies: ["FlameModel"]),
        .testTarget(
            name: "FlameIngestTests",
            dependencies: ["FlameIngest", "FlameModel", "FlameSymbolize", "FlamePprof", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .testTarget(name: "FlameExportTests", dependencies: ["FlameExport", "FlameIngest", "FlameModel", "FlamePprof", "flame"]),
        // End-to-end tests run the built `flame` binary; depending on the target
        // makes SwiftPM build it next to the test bundle.
        .testTarget(name: "FlameCLITests", dependencies: ["flame", "FlameModel"]),
        .testTarget(name: "FlameRenderTests", dependencies: ["FlameRender", "FlameIngest", "FlameModel"]),
        .testTarget(name: "FlameSymbolizeTests", dependencies: ["FlameSymbolize"]),
    ]
)
