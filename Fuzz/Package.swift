// swift-tools-version:6.0
// libFuzzer targets for flame, kept out of the main package so that its build
// never sees sanitizer flags. One executable target per reader or escaper;
// Fuzz/run.sh builds them with `-Xswiftc -sanitize=fuzzer,address` and runs
// one. See docs/robustness.md.
import PackageDescription

let package = Package(
    name: "flame-fuzz",
    dependencies: [.package(name: "flame", path: "..")],
    targets: [
        // Calls libFuzzer's driver; each target passes its test function.
        .target(name: "FuzzDriver"),
        // Feeds bytes through the whole loader; the reader targets below use it.
        .target(name: "FuzzLoad", dependencies: [.product(name: "FlameIngest", package: "flame"),
                                                 .product(name: "FlameModel", package: "flame")]),
        .executableTarget(name: "fuzz-perf-script", dependencies: ["FuzzDriver", "FuzzLoad"]),
        .executableTarget(name: "fuzz-folded", dependencies: ["FuzzDriver", "FuzzLoad"]),
        .executableTarget(name: "fuzz-pprof", dependencies: ["FuzzDriver", "FuzzLoad"]),
        .executableTarget(name: "fuzz-sampler", dependencies: ["FuzzDriver", "FuzzLoad"]),
        .executableTarget(name: "fuzz-perf-data", dependencies: ["FuzzDriver", "FuzzLoad"]),
        .executableTarget(
            name: "fuzz-symbolize",
            dependencies: ["FuzzDriver", .product(name: "FlameSymbolize", package: "flame")]),
        .executableTarget(
            name: "fuzz-svg-escape",
            dependencies: ["FuzzDriver", .product(name: "FlameRender", package: "flame"),
                           .product(name: "FlameModel", package: "flame")]),
    ]
)
