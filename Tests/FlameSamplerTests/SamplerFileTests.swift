import FlameIngest
import FlameModel
import FlameTestSupport
import Foundation
import Testing

/// The file reader on recordings made here: a file cut anywhere gives its
/// complete samples and one warning; the folded output names threads and
/// modules.
@Suite(.serialized) struct SamplerFileTests {
    static let recording: (bytes: [UInt8], parsed: SamplerRecording)? = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flame-sampler-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("cpu.fsmp").path
        guard (try? TestProcess.run(Workload.executable, ["--sample", file, "--scenario", "cpu", "--seconds", "0.4", "--hz", "1000"])) != nil
        else { return nil }
        guard let data = FileManager.default.contents(atPath: file),
              let parsed = try? SamplerRecording.parse([UInt8](data), name: "cpu.fsmp", diagnostics: Diagnostics())
        else { return nil }
        return ([UInt8](data), parsed)
    }()

    /// (type, start offset, end offset) of every record, from the 8-byte
    /// record headers (docs/sampler-format.md).
    static func records(_ bytes: [UInt8]) -> [(type: UInt32, start: Int, end: Int)] {
        func u32(_ at: Int) -> UInt32 { (0 ..< 4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * $1) } }
        var result: [(UInt32, Int, Int)] = []
        var at = 48
        while at + 8 <= bytes.count {
            let end = at + 8 + Int(u32(at + 4))
            result.append((u32(at), at, end))
            at = end
        }
        return result
    }

    @Test func cutFilesKeepTheirCompleteSamplesAndWarnOnce() throws {
        let (bytes, full) = try #require(Self.recording)
        #expect(full.samples.count > 20)
        let records = Self.records(bytes)
        #expect(records.last?.end == bytes.count)
        let samples = records.filter { $0.type == 2 }
        #expect(samples.count == full.samples.count)
        // Inside the k-th sample record (its header or its frames): k samples survive.
        for k in [0, 1, samples.count / 2, samples.count - 1] {
            for cutAt in [samples[k].start + 3, samples[k].start + 8 + 19, samples[k].end - 1] {
                let diagnostics = Diagnostics()
                let partial = try SamplerRecording.parse(Array(bytes.prefix(cutAt)), name: "cut.fsmp", diagnostics: diagnostics)
                #expect(diagnostics.warnings.count == 1, "\(cutAt): \(diagnostics.warnings)")
                #expect(partial.summary == nil)
                #expect(partial.samples == Array(full.samples.prefix(k)), "cut at \(cutAt) in sample \(k)")
            }
        }
        // At a record boundary before the stop records: all samples, one warning.
        let diagnostics = Diagnostics()
        let whole = try SamplerRecording.parse(Array(bytes.prefix(samples.last!.end)), name: "cut.fsmp", diagnostics: diagnostics)
        #expect(whole.samples == full.samples && whole.summary == nil && diagnostics.warnings.count == 1)
        #expect(throws: InputError.self) {
            try SamplerRecording.parse(Array(bytes.prefix(20)), name: "x", diagnostics: Diagnostics())
        }
    }

    @Test func foldedStacksStartWithTheThreadAndReachTheWorkload() throws {
        let (_, recording) = try #require(Self.recording)
        let profile = Profile()
        SamplerProfileBuilder(resolver: nil).add(recording, into: profile)
        #expect(profile.total == recording.samples.reduce(0) { $0 + UInt64($1.weight) })
        let entries = profile.entries()
        #expect(entries.allSatisfy { $0.stack.first == "flame-workload" })
        // Nearly every stack goes from libc's start through the executable.
        let full = entries.filter { $0.stack.contains { $0.hasPrefix("libc.so") } && $0.stack.last!.hasPrefix("flame-workload+0x") }
        #expect(full.reduce(0) { $0 + $1.count } * 10 >= profile.total * 9)
    }

    @Test func leafAddressesFallInTheExecutableMapping() throws {
        let (_, recording) = try #require(Self.recording)
        let leaves = recording.samples.compactMap { recording.mapping(containing: $0.addresses[0]) }
        let executable = leaves.filter { $0.path.hasSuffix("/flame-workload") }
        #expect(executable.count * 10 >= recording.samples.count * 9)
        for mapping in executable {
            #expect(mapping.executable && !(mapping.buildID ?? []).isEmpty)
        }
        let vdso = recording.mappingsAtStart.mappings.filter { $0.path == "[vdso]" }
        #expect(vdso.allSatisfy { !$0.isFile })
    }

    @Test func badVersionAndUnknownRecordTypes() throws {
        var (bytes, full) = try #require(Self.recording)
        // An unknown record type is skipped by its size.
        var extended = Array(bytes[0 ..< 48]) + [99, 0, 0, 0, 3, 0, 0, 0, 1, 2, 3] + Array(bytes[48...])
        let parsed = try SamplerRecording.parse(extended, name: "x", diagnostics: Diagnostics())
        #expect(parsed.samples == full.samples)
        extended[8] = 2
        #expect(throws: InputError.self) { try SamplerRecording.parse(extended, name: "x", diagnostics: Diagnostics()) }
        bytes[0] = 0
        #expect(throws: InputError.self) { try SamplerRecording.parse(bytes, name: "x", diagnostics: Diagnostics()) }
    }
}
