import Foundation
import Testing

/// Runs the built `flame` executable end to end. SwiftPM builds it because
/// this test target depends on the `flame` target, and puts it next to the
/// test bundle in `.build/<config>/`.
enum Flame {
    struct Result {
        let status: Int32
        let stdout: [UInt8]
        let stderr: String
        var stderrLines: [Substring] { stderr.split(separator: "\n") }
    }

    static let executable: String = {
        if let path = ProcessInfo.processInfo.environment["FLAME_BIN"] { return path }
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        // A bundle layout (macOS: X.xctest/Contents/MacOS/X) keeps the binary further up.
        for _ in 0 ..< 4 {
            let candidate = directory.appendingPathComponent("flame").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: runner).deletingLastPathComponent().appendingPathComponent("flame").path
    }()

    /// Runs `flame ARGS`, stdin from `stdinPath` (or empty), capturing both
    /// outputs through files so large outputs cannot deadlock a pipe.
    static func run(_ arguments: [String], stdinPath: String? = nil, in directory: String? = nil) throws -> Result {
        let scratch = Scratch()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        return try launch(process, in: scratch, stdinPath: stdinPath)
    }

    /// Runs a bash pipeline with `$FLAME` set to the executable.
    static func shell(_ script: String) throws -> Result {
        let scratch = Scratch()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = ProcessInfo.processInfo.environment.merging(["FLAME": executable]) { $1 }
        return try launch(process, in: scratch, stdinPath: nil)
    }

    /// Runs `process` with outputs captured through files in `scratch` (so
    /// large outputs cannot deadlock a pipe) and stdin from `stdinPath`, or an
    /// empty file of our own: tests must not depend on the machine's
    /// /dev/null being the device it should be.
    private static func launch(_ process: Process, in scratch: Scratch, stdinPath: String?) throws -> Result {
        let outPath = scratch.path("stdout"), errPath = scratch.path("stderr"), emptyPath = scratch.path("empty-stdin")
        for path in [outPath, errPath, emptyPath] { FileManager.default.createFile(atPath: path, contents: nil) }
        process.standardInput = FileHandle(forReadingAtPath: stdinPath ?? emptyPath)!
        let out = FileHandle(forWritingAtPath: outPath)!, err = FileHandle(forWritingAtPath: errPath)!
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(status: process.terminationStatus, stdout: try bytes(outPath),
                      stderr: String(decoding: try bytes(errPath), as: UTF8.self))
    }
}

func bytes(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
    }
    return [UInt8](data)
}

/// A private temporary directory, removed when the value goes away.
final class Scratch {
    let directory: String

    init() {
        directory = NSTemporaryDirectory() + "flame-cli-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func path(_ name: String) -> String { directory + "/" + name }

    @discardableResult
    func write(_ name: String, _ contents: [UInt8]) -> String {
        let file = path(name)
        FileManager.default.createFile(atPath: file, contents: Data(contents))
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }

    func entries() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] }
}

/// Paths in the checkout and beside it.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let perfFixtures = root + "/Fixtures/perf"
    /// The shared conformance corpus lives beside the checkout, never in it.
    static let conformance = ProcessInfo.processInfo.environment["FLAME_CONFORMANCE_DIR"]
        ?? URL(fileURLWithPath: root + "/../shared/conformance/flamegraph-tests").standardized.path
}

/// Folded text as (stack, count) pairs, for tests that compute expectations
/// independently of flame.
func parseFolded(_ text: [UInt8]) -> [(stack: [UInt8], count: UInt64)] {
    text.split(separator: 10).map { line in
        let space = line.lastIndex(of: 32)!
        return (Array(line[line.startIndex ..< space]), UInt64(String(decoding: line[(space + 1)...], as: UTF8.self))!)
    }
}

/// Sums equal stacks and sorts bytewise, as stackcollapse-perf.pl prints.
func foldedText(_ entries: [(stack: [UInt8], count: UInt64)]) -> [UInt8] {
    var sums: [[UInt8]: UInt64] = [:]
    for entry in entries { sums[entry.stack, default: 0] += entry.count }
    var text: [UInt8] = []
    for stack in sums.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
        text += stack + Array(" \(sums[stack]!)\n".utf8)
    }
    return text
}

/// Describes the first difference between two outputs, for failure messages.
func firstDifference(_ actual: [UInt8], _ expected: [UInt8]) -> String {
    let a = actual.split(separator: 10, omittingEmptySubsequences: false)
    let e = expected.split(separator: 10, omittingEmptySubsequences: false)
    for i in 0 ..< max(a.count, e.count) {
        let x = i < a.count ? String(decoding: a[i], as: UTF8.self) : "<none>"
        let y = i < e.count ? String(decoding: e[i], as: UTF8.self) : "<none>"
        if x != y { return "line \(i + 1): got \(x.prefix(200)) expected \(y.prefix(200))" }
    }
    return "identical"
}
