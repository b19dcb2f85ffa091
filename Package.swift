// swift-tools-version:6.0
// flame: a flame-graph profiling toolkit. The folders under Sources/ follow the
// pipeline: FlameIngest (readers) -> FlameModel (interned profile, folded I/O)
// -> FlameRender / FlameDiff, with `flame` a thin command-line layer on top.
import PackageDescription

let optimize: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

let package = Package(
    name: "flame",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "flame", targets: ["flame"]),
        .library(name: "FlameModel", targets: ["FlameModel"]),
        .library(name: "FlameIngest", targets: ["FlameIngest"]),
        .library(name: "FlameSymbolize", targets: ["FlameSymbolize"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "FlameModel", swiftSettings: optimize),
        .target(name: "FlameIngest", dependencies: ["FlameModel", "FlameSymbolize"], swiftSettings: optimize),
        .systemLibrary(name: "CLibdw", pkgConfig: "libdw", providers: [.apt(["libdw-dev", "libelf-dev"])]),
        .systemLibrary(name: "CIberty", providers: [.apt(["libiberty-dev"])]),
        .target(name: "FlameSymbolize", dependencies: ["CLibdw", "CIberty"], swiftSettings: optimize),
        .executableTarget(
            name: "flame",
            dependencies: [
                "FlameModel", "FlameIngest", "FlameSymbolize",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimize),
        .testTarget(name: "FlameModelTests", dependencies: ["FlameModel"]),
        .testTarget(name: "FlameIngestTests", dependencies: ["FlameIngest", "FlameModel"]),
        .testTarget(name: "FlameCLITests", dependencies: ["FlameModel"]),
        .testTarget(name: "FlameSymbolizeTests", dependencies: ["FlameSymbolize"]),
    ]
)
