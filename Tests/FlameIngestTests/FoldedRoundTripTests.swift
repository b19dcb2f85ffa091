import FlameIngest
import FlameModel
import Foundation
import Testing

/// Reading folded text back must keep every byte of the stack: only the one
/// blank before the count separates it (as flamegraph.pl's `^(.*)\s+?(\d+)$`
/// reads it). stackcollapse-perf.pl writes leaf frames that end in a space
/// when it cuts C++ argument lists, e.g. `llvm::function_ref<void ` + ` 5`.
@Suite struct FoldedRoundTripTests {
    @Test func leafFrameEndingInSpaceSurvives() throws {
        let text = "a;b  3\na;b 1\nc;d\t\t2\n"
        let path = NSTemporaryDirectory() + "flame-roundtrip-\(UUID().uuidString).folded"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let profile = try ProfileLoader(options: LoadOptions(), diagnostics: Diagnostics())
            .load([.file(path)])
        #expect(FoldedWriter.string(profile) == "a;b 1\na;b  3\nc;d\t 2\n")
    }
}
