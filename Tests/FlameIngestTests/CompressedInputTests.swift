import FlameIngest
import FlameModel
import FlameTestSupport
import Foundation
import Testing

/// gzip-compressed inputs are recognised by their magic bytes and read like
/// plain ones, including concatenated members; a damaged stream is an error
/// that names the input.
@Suite struct CompressedInputTests {
    static let perf = """
        prog 12 1.0: 3 cpu-clock:\u{20}
        \t1 leaf (/bin/prog)
        \t2 main (/bin/prog)


        """

    private func gzipped(_ text: String) throws -> Data {
        let path = NSTemporaryDirectory() + "flame-gz-\(UUID().uuidString)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return Data(try TestProcess.run("/bin/gzip", ["-c", path]).stdout)
    }

    private func load(_ data: Data) throws -> (String, [String]) {
        let path = NSTemporaryDirectory() + "flame-gz-\(UUID().uuidString).gz"
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let diagnostics = Diagnostics()
        let profile = try ProfileLoader(options: LoadOptions(), diagnostics: diagnostics).load([.file(path)])
        return (FoldedWriter.string(profile), diagnostics.warnings)
    }

    @Test func gzipInputReadsLikePlainText() throws {
        let (folded, warnings) = try load(try gzipped(Self.perf))
        #expect(folded == "prog;main;leaf 3\n")
        #expect(warnings.isEmpty)
    }

    @Test func concatenatedMembersAreOneStream() throws {
        let (folded, _) = try load(try gzipped(Self.perf) + gzipped(Self.perf))
        #expect(folded == "prog;main;leaf 6\n")
    }

    @Test func truncatedGzipIsAnErrorNamingTheInput() throws {
        let whole = try gzipped(String(repeating: Self.perf, count: 200))
        #expect(throws: InputError.self) { _ = try load(whole.prefix(whole.count / 2)) }
    }

    @Test func corruptGzipIsAnError() throws {
        var data = try gzipped(Self.perf)
        // The deflate data sits between the header (with the file name) and the 8-byte trailer.
        for i in (data.count - 24) ..< (data.count - 8) { data[i] ^= 0x5A }
        #expect(throws: InputError.self) { _ = try load(data) }
    }
}
