import FlameTestSupport
import Foundation
import Testing

/// Runs programs for the export and record tests: the built `flame`, go,
/// perf, cc (through FlameTestSupport, which reads their output on threads
/// so no pipe fills).
enum Tools {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let flame = TestProcess.builtExecutable("flame", override: "FLAME_BIN")

    /// The repository's root (for Fixtures/).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func fixture(_ relative: String) -> String { root + "/Fixtures/" + relative }

    /// `program` by name in PATH, or nil.
    static func find(_ program: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs `program` (a path, or a name looked up in PATH); profiles may
    /// hold invalid UTF-8, which the text repairs as flame repairs it.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], in folder: String? = nil,
                    environment: [String: String] = [:]) throws -> Run {
        let path = program.contains("/") ? program : find(program) ?? program
        let result = try TestProcess.run(path, arguments, in: folder, environment: environment)
        return Run(status: result.status, stdout: result.stdoutText, stderr: result.stderr)
    }

    /// Runs flame and expects success.
    @discardableResult
    static func flame(_ arguments: [String], in folder: String? = nil) throws -> Run {
        let result = try run(flame, arguments, in: folder)
        #expect(result.status == 0, "flame \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        return result
    }
}

/// A private temporary folder, removed with the value.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "flame-export-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func path(_ name: String) -> String { path + "/" + name }
}

/// Folded stacks as a map from stack text to count, with stacks of equal
/// text summed.
func foldedStacks(_ text: String) -> [String: Int64] {
    var stacks: [String: Int64] = [:]
    for line in text.split(separator: "\n") {
        guard let space = line.lastIndex(of: " "), let count = Int64(line[line.index(after: space)...]) else { continue }
        stacks[String(line[..<space]), default: 0] += count
    }
    return stacks
}

/// A frame name without the folded annotation that pprof carries as a
/// mapping (`_[k]`, `_[j]`) or as an inline Line (`_[i]`).
func withoutAnnotation(_ frame: Substring) -> String {
    for suffix in ["_[k]", "_[i]", "_[j]"] where frame.hasSuffix(suffix) && frame.count > suffix.count {
        return String(frame.dropLast(suffix.count))
    }
    return String(frame)
}

func withoutAnnotations(_ stacks: [String: Int64]) -> [String: Int64] {
    var result: [String: Int64] = [:]
    for (stack, count) in stacks {
        result[stack.split(separator: ";", omittingEmptySubsequences: false).map(withoutAnnotation).joined(separator: ";"), default: 0] += count
    }
    return result
}
