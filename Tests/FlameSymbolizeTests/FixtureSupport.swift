import FlameTestSupport
import Foundation
import Testing
@testable import FlameSymbolize

/// Builds fixture programs from source in a fresh temporary directory and
/// runs the reference tools on them.
final class Fixture {
    let dir: String

    init(_ name: String) throws {
        dir = NSTemporaryDirectory() + "flame-sym-\(name)-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func path(_ name: String) -> String { dir + "/" + name }

    func write(_ name: String, _ text: String) throws {
        let full = path(name)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    /// Runs a shell command in the fixture directory; throws on failure.
    @discardableResult
    func sh(_ command: String, input: String = "") throws -> String {
        let (status, out, err) = Self.run(command, cwd: dir, input: input)
        guard status == 0 else { throw FixtureError("`\(command)` failed (\(status)): \(err)") }
        return out
    }

    static func run(_ command: String, cwd: String? = nil, input: String = "") -> (Int32, String, String) {
        do {
            let result = try TestProcess.run("/bin/sh", ["-c", command], input: .bytes(Array(input.utf8)), in: cwd)
            return (result.status, result.stdoutText, result.stderr)
        } catch {
            return (-1, "", "\(error)")
        }
    }

    static func have(_ tool: String) -> Bool { run("command -v \(tool)").0 == 0 }

    /// [start, end) of a function symbol, from `nm -S`.
    func symbolRange(_ binary: String, _ name: String) throws -> Range<UInt64> {
        for line in try sh("nm -S \(binary)").split(separator: "\n") {
            let f = line.split(separator: " ")
            if f.count == 4, f[3] == name, let start = UInt64(f[0], radix: 16), let size = UInt64(f[1], radix: 16) {
                return start ..< start + size
            }
        }
        throw FixtureError("no symbol \(name) in \(binary)")
    }

    func buildID(_ binary: String) throws -> [UInt8] {
        let notes = try sh("readelf -n \(binary)")
        guard let line = notes.split(separator: "\n").first(where: { $0.contains("Build ID:") }),
              let hex = line.split(separator: " ").last, let bytes = bytesFromHex(String(hex)) else {
            throw FixtureError("no build-id in \(binary)")
        }
        return bytes
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A frame as the tests compare them: name, file, line, column.
struct Loc: Equatable, CustomStringConvertible {
    var function: String
    var file: String
    var line: Int
    var column: Int
    var description: String { "\(function)@\(file):\(line):\(column)" }
}

extension Array where Element == SymbolFrame {
    var locs: [Loc] {
        map { Loc(function: $0.function ?? "??", file: $0.file ?? "??", line: $0.line, column: $0.column) }
    }
    /// Function and file base name and line, for source-level assertions.
    var short: [String] {
        map { "\($0.function ?? "??") \(($0.file ?? "??").split(separator: "/").last ?? ""):\($0.line)" }
    }
}

/// Reference tools' answers in the same shape. Both print, per address and
/// innermost first, a function line and a file:line[:column] line; `-a`
/// (eu-addr2line) and `--print-address` (llvm-symbolizer) start each block.
enum Reference {
    static func euAddr2line(_ binary: String, _ addresses: [UInt64]) -> [[Loc]] {
        let input = addresses.map { "0x" + String($0, radix: 16) }.joined(separator: "\n") + "\n"
        let (_, out, _) = Fixture.run("eu-addr2line -a -f -i -e \(binary)", input: input)
        return parse(out) { $0.replacingOccurrences(of: #" inlined at .*"#, with: "", options: .regularExpression) }
    }

    static func llvmSymbolizer(_ tool: String, _ binary: String, _ addresses: [UInt64]) -> [[Loc]] {
        let input = addresses.map { "0x" + String($0, radix: 16) }.joined(separator: "\n") + "\n"
        let (_, out, _) = Fixture.run("\(tool) --print-address --no-demangle -e \(binary)", input: input)
        return parse(out.replacingOccurrences(of: "\n\n", with: "\n")) { $0 }
    }

    private static func parse(_ text: String, name: (String) -> String) -> [[Loc]] {
        var blocks: [[Loc]] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var i = 0
        while i < lines.count {
            if lines[i].hasPrefix("0x") { blocks.append([]); i += 1; continue }
            guard i + 1 < lines.count, !blocks.isEmpty else { break }
            let parts = lines[i + 1].split(separator: ":").map(String.init)
            let file = parts.first ?? "??"
            let line = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            let column = parts.count > 2 ? Int(parts[2]) ?? 0 : 0
            blocks[blocks.count - 1].append(Loc(function: name(lines[i]), file: file, line: line, column: column))
            i += 2
        }
        return blocks
    }
}

/// The gcc fixture: `compute` calls `outer` (static, inlined by -O2), which
/// calls always_inline `middle`, which calls always_inline `leaf_mul` from a
/// header. Line numbers below are asserted by the tests.
enum InlineSource {
    static let header = """
    extern volatile int sink;
    static inline __attribute__((always_inline)) int leaf_mul(int a, int b) {
        sink = a;
        return a * b;
    }

    """
    static let main = """
    #include "inl.h"
    volatile int sink;
    static inline __attribute__((always_inline)) int middle(int x) {
        return leaf_mul(x, x + 3) - 1;
    }
    static int outer(int x) {
        return middle(x) * 7;
    }
    __attribute__((noinline)) int compute(int x) {
        int s = 0;
        for (int i = 0; i < x; i++) s += outer(i);
        return s;
    }
    int main(int argc, char **argv) { (void)argv; return compute(argc * 100) & 1; }

    """
    /// The chain at the store in `leaf_mul`, innermost first.
    static let storeChain = ["leaf_mul inl.h:3", "middle test.c:4", "outer test.c:7", "compute test.c:11"]

    static func write(to fixture: Fixture) throws {
        try fixture.write("inl.h", header)
        try fixture.write("test.c", main)
    }
}
