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
        .executableTarget(
            name: "fuzz-symbolize",
            dependencies: ["FuzzDriver", .product(name: "FlameSymbolize", package: "flame")]),
        .executableTarget(
            name: "fuzz-svg-escape",
            dependencies: ["FuzzDriver", .product(name: "FlameRender", package: "flame"),
                           .product(name: "FlameModel", package: "flame")]),
    ]
)
