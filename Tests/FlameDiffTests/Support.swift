@testable import FlameDiff
import FlameModel
import Foundation
import XCTest

/// Builds profiles from folded-style lines: "a;b;c WEIGHT [SAMPLES]". Kinds
/// come from the folded annotations (`_[k]`, `_[i]`, `[vdso]`).
func profile(_ lines: [String]) -> Profile {
    let p = Profile()
    for line in lines {
        let fields = line.split(separator: " ")
        let weight = UInt64(fields[1])!
        let samples = fields.count > 2 ? UInt64(fields[2])! : weight
        p.add(stack: fields[0].split(separator: ";").map(String.init), weight: weight, samples: samples)
    }
    return p
}

func compare(_ a: [String], _ b: [String], _ configure: (inout NormalizeOptions) -> Void = { _ in }) throws -> Comparison {
    var options = NormalizeOptions()
    configure(&options)
    return try Comparison(a: profile(a), b: profile(b), normalization: options)
}

/// The normalized profile as sorted folded lines.
func folded(_ p: NormalizedProfile) -> [String] {
    FoldedWriter.string(p.profile).split(separator: "\n").map(String.init)
}

/// The anchors beside the checkout (../shared/anchors), or a skip saying so.
func sharedAnchors() throws -> URL {
    var dir = URL(fileURLWithPath: #filePath)
    for _ in 0 ..< 3 { dir.deleteLastPathComponent() }
    let anchors = dir.deletingLastPathComponent().appendingPathComponent("shared/anchors")
    let alt = URL(fileURLWithPath: "/work/shared/anchors")
    for candidate in [anchors, alt] where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("FlameGraph/difffolded.pl").path) {
        return candidate
    }
    print("flame: difffolded.pl tests skipped: ../shared/anchors/FlameGraph/difffolded.pl not found")
    throw XCTSkip("../shared/anchors absent")
}

var repositoryRoot: URL {
    var dir = URL(fileURLWithPath: #filePath)
    for _ in 0 ..< 3 { dir.deleteLastPathComponent() }
    return dir
}

/// Runs the built `flame` (next to the test bundle) and returns status and output.
func runFlame(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var dir = URL(fileURLWithPath: runner).deletingLastPathComponent()
    var executable = dir.appendingPathComponent("flame").path
    for _ in 0 ..< 4 where !FileManager.default.isExecutableFile(atPath: executable) {
        dir.deleteLastPathComponent()
        executable = dir.appendingPathComponent("flame").path
    }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("flame-diff-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
}

func writeTemporary(_ name: String, _ text: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flame-diff-inputs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
}
