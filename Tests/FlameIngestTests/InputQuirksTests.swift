import FlameIngest
import FlameModel
import Foundation
import Testing

/// Inputs that are readable but unusual: a byte order mark, CRLF endings,
/// frames outside samples, options that do not apply, an event filter that
/// matches nothing. Each is read with a warning (or refused with an error),
/// never silently.
@Suite struct InputQuirksTests {
    private func load(_ bytes: [UInt8], _ configure: (inout LoadOptions) -> Void = { _ in }) throws -> (String, [String]) {
        let path = NSTemporaryDirectory() + "flame-quirk-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { unlink(path) }
        var options = LoadOptions()
        configure(&options)
        let diagnostics = Diagnostics()
        let profile = try ProfileLoader(options: options, diagnostics: diagnostics).load([.file(path)])
        return (FoldedWriter.string(profile), diagnostics.warnings.map { $0.replacingOccurrences(of: path, with: "IN") })
    }

    @Test func byteOrderMarkIsSkippedWithAWarning() throws {
        let (folded, warnings) = try load([0xEF, 0xBB, 0xBF] + Array("main;a 2\n".utf8))
        #expect(folded == "main;a 2\n")
        #expect(warnings == ["IN: starts with a UTF-8 byte order mark; skipped"])
    }

    @Test func crlfPerfScriptIsReadAsLF() throws {
        let text = "prog 1 1.0: 1 cpu-clock: \r\n\t1 a (/x)\r\n\t2 main (/x)\r\n\r\n"
        for threads in [1, 2] {
            let (folded, warnings) = try load(Array(text.utf8)) { $0.threads = threads; $0.blockSize = 8 }
            #expect(folded == "prog;main;a 1\n")
            #expect(warnings == ["IN: 4 lines end in CRLF; read as LF (stackcollapse-perf.pl's output is the contract for LF input only)"])
        }
    }

    @Test func frameLinesOutsideSamplesAreNamedButFilteredSamplesAreNot() throws {
        let text = "\t1 stray (/x)\n\nprog 1 1.0: 1 cpu-clock: \n\t1 b (/x)\n\nprog 1 2.0: 1 task-clock: \n\t1 c (/x)\n\n"
        let (folded, warnings) = try load(Array(text.utf8))
        #expect(folded == "prog;b 1\n")
        #expect(warnings.first == "IN:1: frame line outside any sample (no sample header before it); skipped: \\t1 stray (/x)")
        #expect(!warnings.contains { $0.contains("c (/x)") })
    }

    @Test func optionsThatDoNotApplyAreNamed() throws {
        let (_, warnings) = try load(Array("main;a 2\n".utf8)) {
            $0.perfScript.includePID = true
            $0.pprof.sampleIndex = .position(0)
        }
        #expect(warnings == ["IN: --pid does not apply to folded input; ignored",
                             "IN: --sample-index does not apply to folded input; ignored"])
    }

    @Test func anEventFilterThatMatchesNothingListsTheEventsSeen() throws {
        let text = "prog 1 1.0: 1 cpu-clock: \n\t1 b (/x)\n\n"
        #expect {
            _ = try load(Array(text.utf8)) { $0.perfScript.eventFilter = Array("cycles".utf8) }
        } throws: { error in
            "\(error)".hasSuffix("no samples of event 'cycles'; events seen: cpu-clock (1 samples)")
        }
    }

    @Test func differentUnitsAreNotSummed() throws {
        let pprof = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/pprof/cpu.pb.gz").path
        let sampler = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/sampler/spin.fsmp").path
        #expect(throws: InputError.self) {
            try ProfileLoader(options: LoadOptions()).load([.file(pprof), .file(sampler)])
        }
        // Like with like merges: the same profile twice doubles it.
        let once = try ProfileLoader(options: LoadOptions()).load([.file(pprof)])
        let twice = try ProfileLoader(options: LoadOptions()).load([.file(pprof), .file(pprof)])
        #expect(twice.total == 2 * once.total && twice.unit == "nanoseconds" && twice.totalSamples == 2 * once.totalSamples)
    }
}
