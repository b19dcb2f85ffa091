import FlameIngest
import FlameModel
import Foundation
import Testing

/// The loader in-process: format sniffing per input and summing across inputs.
@Suite struct ProfileLoaderTests {
    private func temporaryFile(_ contents: String) throws -> String {
        let path = NSTemporaryDirectory() + "flame-loader-\(UUID().uuidString)"
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func perfScriptAndFoldedInputsMergeIntoOneProfile() throws {
        let perf = try temporaryFile("""
            prog 12 1.0: 1 cpu-clock:\u{20}
            \t1 leaf (/bin/prog)
            \t2 main (/bin/prog)


            """)
        let folded = try temporaryFile("prog;main;leaf 4\nprog;main 2\n")
        defer { try? FileManager.default.removeItem(atPath: perf); try? FileManager.default.removeItem(atPath: folded) }
        let diagnostics = Diagnostics()
        let profile = try ProfileLoader(options: LoadOptions(), diagnostics: diagnostics)
            .load([.file(perf), .file(folded)])
        #expect(FoldedWriter.string(profile) == "prog;main 2\nprog;main;leaf 5\n")
        #expect(diagnostics.warnings.isEmpty)
    }

    @Test func missingFileThrowsNamingIt() {
        #expect(throws: InputError.self) {
            try ProfileLoader(options: LoadOptions(), diagnostics: Diagnostics())
                .load([.file("/nonexistent/flame-input")])
        }
    }
}
