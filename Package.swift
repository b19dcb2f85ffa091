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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "FlameModel", swiftSettings: optimize),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "FlameIngest", dependencies: ["FlameModel", "FlameSymbolize", "CZlib"], swiftSettings: optimize),
        .systemLibrary(name: "CLibdw", pkgConfig: "libdw", providers: [.apt(["libdw-dev", "libelf-dev"])]),
        .systemLibrary(name: "CIberty", providers: [.apt(["libiberty-dev"])]),
        .target(name: "FlameSymbolize", dependencies: ["CLibdw", "CIberty"], swiftSettings: optimize),
        .target(name: "FlameRender", dependencies: ["FlameModel"], swiftSettings: optimize),
        .executableTarget(
            name: "flame",
            dependencies: [
                "FlameModel", "FlameIngest", "FlameSymbolize", "FlameRender",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimize),
        .testTarget(name: "FlameModelTests", dependencies: ["FlameModel"]),
        .testTarget(name: "FlameIngestTests", dependencies: ["FlameIngest", "FlameModel"]),
        // End-to-end tests run the built `flame` binary; depending on the target
        // makes SwiftPM build it next to the test bundle.
        .testTarget(name: "FlameCLITests", dependencies: ["flame", "FlameModel"]),
        .testTarget(name: "FlameRenderTests", dependencies: ["FlameRender", "FlameIngest", "FlameModel"]),
        .testTarget(name: "FlameSymbolizeTests", dependencies: ["FlameSymbolize"]),
    ]
)
