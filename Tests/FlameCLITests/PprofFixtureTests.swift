import Foundation
import Testing

/// The Go profiles in Fixtures/pprof against folded outputs derived from
/// `go tool pprof -raw` (see Fixtures/pprof/README.md): the CPU profile is
/// gzipped, the heap profile is not, and each sample type is checked.
@Suite struct PprofFixtureTests {
    static let directory = Repository.root + "/Fixtures/pprof"

    static let cases: [(file: String, arguments: [String], expected: String)] = [
        ("cpu.pb.gz", [], "cpu.folded"),
        ("cpu.pb.gz", ["--sample-index", "samples"], "cpu.samples.folded"),
        ("cpu.pb.gz", ["--sample-index", "0"], "cpu.samples.folded"),
        ("heap.pb", [], "heap.inuse_space.folded"),
        ("heap.pb", ["--sample-index", "alloc_objects"], "heap.alloc_objects.folded"),
        ("heap.pb", ["--sample-index", "alloc_space"], "heap.alloc_space.folded"),
        ("heap.pb", ["--sample-index", "inuse_objects"], "heap.inuse_objects.folded"),
        ("heap.pb", ["--sample-index", "3"], "heap.inuse_space.folded"),
    ]

    @Test(arguments: cases.indices)
    func collapsesToExpected(index: Int) throws {
        let (file, arguments, expected) = Self.cases[index]
        let result = try Flame.run(["collapse"] + arguments + ["\(Self.directory)/\(file)"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout == (try bytes("\(Self.directory)/\(expected)")), "\(file) \(arguments)")
    }

    @Test func cpuProfileHasInlineFrames() throws {
        let expected = String(decoding: try bytes("\(Self.directory)/cpu.folded"), as: UTF8.self)
        #expect(expected.contains("main.hashLoop;main.mix_[i];main.rotate_[i]"))
    }

    @Test func gzippedStandardInputAndMergeWithFolded() throws {
        let result = try Flame.shell("""
            set -e
            gzip -c '\(Self.directory)/heap.pb' | "$FLAME" collapse --sample-index inuse_objects - \
              '\(Self.directory)/heap.inuse_objects.folded'
            """)
        #expect(result.status == 0, "\(result.stderr)")
        let doubled = parseFolded(try bytes("\(Self.directory)/heap.inuse_objects.folded"))
            .map { String(decoding: $0.stack, as: UTF8.self) + " \($0.count * 2)\n" }.joined()
        #expect(String(decoding: result.stdout, as: UTF8.self) == doubled)
    }

    @Test func unknownSampleTypeAndCutProfileAreErrors() throws {
        let unknown = try Flame.run(["collapse", "--sample-index", "bogus", "\(Self.directory)/heap.pb"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("flame: error: "))
        #expect(unknown.stderr.contains("alloc_objects"))
        let cut = try Flame.shell("head -c 700 '\(Self.directory)/heap.pb' | \"$FLAME\" collapse")
        #expect(cut.status == 1)
        #expect(cut.stderr == "flame: error: <stdin>: not a valid pprof profile (truncated)\n")
    }
}

/// The FlameSampler recording in Fixtures/sampler against its expected
/// folded output (see Fixtures/sampler/README.md for how it was checked).
@Suite struct SamplerFixtureTests {
    static let directory = Repository.root + "/Fixtures/sampler"

    @Test func rawFramesMatchExpected() throws {
        let result = try Flame.run(["collapse", "--no-symbolize", "\(Self.directory)/spin.fsmp"])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.stdout == (try bytes("\(Self.directory)/spin.folded")))
    }

    /// The libc frame under `spin` depends on the libc installed (see the
    /// fixture's README); every other frame must be addr2line's.
    static func withoutLibc(_ text: [UInt8]) -> [String: UInt64] {
        var stacks: [String: UInt64] = [:]
        for (stack, count) in parseFolded(text) {
            var frames = String(decoding: stack, as: UTF8.self).split(separator: ";").map(String.init)
            if frames.count > 1, frames[1].hasPrefix("libc.so.6+0x") || frames[1] == "__libc_start_call_main" { frames[1] = "LIBC" }
            stacks[frames.joined(separator: ";"), default: 0] += count
        }
        return stacks
    }

    @Test func symbolizedFramesMatchAddr2line() throws {
        let result = try Flame.run(["collapse", "--binary-dir", Self.directory, "\(Self.directory)/spin.fsmp"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("spin:"), "the spin binary must be found and match: \(result.stderr)")
        #expect(Self.withoutLibc(result.stdout) == Self.withoutLibc(try bytes("\(Self.directory)/spin.symbolized.folded")))
    }

    @Test func cutRecordingWarnsOnceAndKeepsCompleteSamples() throws {
        let result = try Flame.shell("head -c 6000 '\(Self.directory)/spin.fsmp' | \"$FLAME\" collapse --no-symbolize")
        #expect(result.status == 0)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.hasPrefix("flame: warning: <stdin>: ends inside a record at byte offset"))
        let full = Dictionary(parseFolded(try bytes("\(Self.directory)/spin.folded")).map { (String(decoding: $0.stack, as: UTF8.self), $0.count) }, uniquingKeysWith: +)
        for (stack, count) in parseFolded(result.stdout) {
            #expect(count <= full[String(decoding: stack, as: UTF8.self)] ?? 0)
        }
    }
}
