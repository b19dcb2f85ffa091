@testable import FlameIngest
import FlameModel
import Foundation
import Testing

/// xz, zstd and bzip2 inputs (and gzip, through the same code) are
/// recognised by magic bytes and stream through their system libraries;
/// cut or damaged files and inputs over the size limit are one-line errors
/// naming the file (and the compressed byte offset).
@Suite struct CompressionFormatsTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/perf/system-wide.perf.txt").path

    /// The fixture compressed by `tool` (its command line, reading stdin).
    static func compressed(_ tool: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(tool) < '\(fixture)'"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, !data.isEmpty else { throw InputError(input: tool, reason: "not installed? (scripts/install-deps.sh)") }
        return Array(data)
    }

    /// Everything `bytes` (written to a file) yields through openByteSource.
    static func readAll(_ bytes: [UInt8], limits: InputLimits = InputLimits()) throws -> [UInt8] {
        let path = NSTemporaryDirectory() + "flame-comp-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let source = try openByteSource(fd: fd, name: "in.comp", limits: limits)
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 7919)  // an odd size: reads end mid-stream
        while true {
            let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0.baseAddress!, count: $0.count) }
            if n == 0 { return out }
            out += chunk[0 ..< n]
        }
    }

    static func error(_ body: () throws -> Void) -> String? {
        do { try body() } catch { return "\(error)" }
        return nil
    }

    static let tools = [("gzip", "gzip -c"), ("xz", "xz -c"), ("zstd", "zstd -q -c"), ("bzip2", "bzip2 -c")]

    @Test(arguments: tools)
    func readsLikePlainText(format: String, tool: String) throws {
        let plain = Array(try Data(contentsOf: URL(fileURLWithPath: Self.fixture)))
        let packed = try Self.compressed(tool)
        #expect(try Self.readAll(packed) == plain)
        // Concatenated streams read as one input.
        #expect(try Self.readAll(packed + packed) == plain + plain)
    }

    @Test(arguments: tools)
    func truncatedIsAnErrorNamingTheFile(format: String, tool: String) throws {
        let packed = try Self.compressed(tool)
        let message = Self.error { _ = try Self.readAll(Array(packed.prefix(packed.count / 2))) }
        #expect(message?.hasPrefix("in.comp: \(format) data ends early (truncated file?) after ") == true, "\(message ?? "no error")")
    }

    @Test(arguments: tools)
    func corruptIsAnErrorWithTheOffset(format: String, tool: String) throws {
        var packed = try Self.compressed(tool)
        let middle = packed.count / 2
        for i in middle ..< middle + 40 { packed[i] ^= 0x5A }
        let message = try #require(Self.error { _ = try Self.readAll(packed) })
        #expect(message.hasPrefix("in.comp: corrupt \(format) data near compressed byte offset "), "\(message)")
        let offset = message.split(separator: " ").dropFirst(8).first.flatMap { Int($0.dropLast()) } ?? -1
        // Near the damage: inside the file, not before it (gzip finds it at the end, by its checksum).
        #expect(offset >= middle && offset <= packed.count, "\(message)")
    }

    @Test func limitEndsABombAndAPlainInput() throws {
        let packed = try Self.compressed("xz -c")
        let limits = InputLimits(maxInputBytes: 100_000)
        #expect(Self.error { _ = try Self.readAll(packed, limits: limits) }
            == "in.comp: decompresses to more than 100000 bytes, the input size limit (--max-input-bytes)")
        let plain = Array(try Data(contentsOf: URL(fileURLWithPath: Self.fixture)))
        #expect(Self.error { _ = try Self.readAll(plain, limits: limits) }
            == "in.comp: is larger than 100000 bytes, the input size limit (--max-input-bytes)")
        #expect(try Self.readAll(plain, limits: InputLimits(maxInputBytes: UInt64(plain.count))) == plain)
        #expect(InputLimits().maxInputBytes == nil && InputLimits.defaultDecompressedLimit == 64 << 30)
    }

    @Test func unsupportedFormatsAreNamed() {
        #expect(Self.error { _ = try Self.readAll([0x04, 0x22, 0x4D, 0x18, 1, 2, 3]) }
            == "in.comp: lz4-compressed input is not supported: decompress it first")
    }

    @Test func textThatLooksLikeAMagicStaysText() throws {
        let text = Array("BZh1 is not bzip2\nmain 1\n".utf8)
        #expect(try Self.readAll(text) == text)
        #expect(try Self.readAll([0x28, 0xB5]) == [0x28, 0xB5])
    }

    @Test(arguments: tools)
    func loaderReadsCompressedPerfScript(format: String, tool: String) throws {
        let path = NSTemporaryDirectory() + "flame-comp-\(UUID().uuidString)"
        try Data(try Self.compressed(tool)).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let load = { (input: InputSource) in
            try ProfileLoader(options: LoadOptions(), diagnostics: Diagnostics()).load([input])
        }
        #expect(FoldedWriter.string(try load(.file(path))) == FoldedWriter.string(try load(.file(Self.fixture))))
    }
}
