import FlameTestSupport
import Foundation
import Testing

/// Runs the built `flame` executable end to end. SwiftPM builds it because
/// this test target depends on the `flame` target, and puts it next to the
/// test bundle in `.build/<config>/`.
enum Flame {
    typealias Result = TestProcess.Result

    static let executable = TestProcess.builtExecutable("flame", override: "FLAME_BIN")

    /// Runs `flame ARGS`, stdin from `stdinPath` (or empty).
    static func run(_ arguments: [String], stdinPath: String? = nil, in directory: String? = nil) throws -> Result {
        try TestProcess.run(executable, arguments, input: stdinPath.map { .file($0) } ?? .none, in: directory)
    }

    /// Runs a bash pipeline with `$FLAME` set to the executable.
    static func shell(_ script: String) throws -> Result {
        try TestProcess.shell(script, environment: ["FLAME": executable])
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
