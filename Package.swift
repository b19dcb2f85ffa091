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
        .library(name: "FlameDiff", targets: ["FlameDiff"]),
        .library(name: "FlameSymbolize", targets: ["FlameSymbolize"]),
        .library(name: "FlameSampler", targets: ["FlameSampler"]),
        .executable(name: "flame-workload", targets: ["flame-workload"]),
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
        .target(
            name: "FlameIngest",
            dependencies: ["FlameModel", "CZlib", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Pprof/profile.proto", "Pprof/code.proto"],
            swiftSettings: optimize),
        .systemLibrary(name: "CLibdw", pkgConfig: "libdw", providers: [.apt(["libdw-dev", "libelf-dev"])]),
        .systemLibrary(name: "CIberty", providers: [.apt(["libiberty-dev"])]),
        .target(name: "FlameSymbolize", dependencies: ["FlameModel", "CLibdw", "CIberty"], swiftSettings: optimize),
        .target(name: "FlameRender", dependencies: ["FlameModel"], swiftSettings: optimize),
        // Comparing two profiles: normalization, skew metrics, gates, writers.
        .target(name: "FlameDiff", dependencies: ["FlameModel"], swiftSettings: optimize),
        // The HTML report: FlameDiff's results with FlameRender's graphs.
        .target(name: "FlameReport", dependencies: ["FlameDiff", "FlameRender", "FlameModel"], swiftSettings: optimize),
        .executableTarget(
            name: "flame",
            dependencies: [
                "FlameModel", "FlameIngest", "FlameSymbolize", "FlameRender", "FlameDiff", "FlameReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimize),
        // The in-process sampler: signal-handler code in C, a Swift API on top.
        .target(name: "CFlameSampler", cSettings: [.define("_GNU_SOURCE")], linkerSettings: [.linkedLibrary("rt"), .linkedLibrary("pthread")]),
        .target(name: "FlameSampler", dependencies: ["CFlameSampler"], swiftSettings: optimize),
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
            dependencies: ["FlameIngest", "FlameModel", "FlameSymbolize", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        // End-to-end tests run the built `flame` binary; depending on the target
        // makes SwiftPM build it next to the test bundle.
        .testTarget(name: "FlameCLITests", dependencies: ["flame", "FlameModel"]),
        .testTarget(name: "FlameRenderTests", dependencies: ["FlameRender", "FlameIngest", "FlameModel"]),
        .testTarget(name: "FlameSymbolizeTests", dependencies: ["FlameSymbolize"]),
        .testTarget(name: "FlameDiffTests", dependencies: ["FlameDiff", "FlameReport", "FlameRender", "FlameIngest", "FlameModel", "flame"]),
    ]
)
