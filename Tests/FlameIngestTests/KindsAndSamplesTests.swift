import FlameIngest
import FlameModel
import Foundation
import Testing

/// What each reader tells the model besides names: frame kinds, weights and
/// sample counts, units; and how recognition treats bad heads.
@Suite struct KindsAndSamplesTests {
    private func load(_ text: String, _ configure: (inout LoadOptions) -> Void = { _ in }) throws -> (Profile, Diagnostics) {
        let path = NSTemporaryDirectory() + "flame-kinds-\(UUID().uuidString)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        var options = LoadOptions()
        configure(&options)
        let diagnostics = Diagnostics()
        return (try ProfileLoader(options: options, diagnostics: diagnostics).load([.file(path)]), diagnostics)
    }

    private let perf = """
        prog 12 1.0: 250000 cpu-clock:\u{20}
        \tffffffff81000010 do_syscall_64+0x10 ([kernel.kallsyms])
        \t7ffd1000 __vdso_clock_gettime+0x20 ([vdso])
        \t401000 main+0x5 (/bin/prog)

        prog 12 2.0: 250000 cpu-clock:\u{20}
        \t401000 main+0x5 (/bin/prog)

        prog 12 3.0: 250000 cpu-clock:\u{20}
        \t401000 main+0x5 (/bin/prog)


        """

    private func frame(_ profile: Profile, _ name: String) -> UInt32? {
        (0 ..< profile.frames.count).map(UInt32.init).first { profile.frames.string($0) == name }
    }

    @Test func perfScriptKindsComeFromTheModuleNotTheAnnotation() throws {
        let (profile, _) = try load(perf) { $0.perfScript.annotateKernel = true }
        // --kernel marks [vdso] `_[k]` as stackcollapse-perf.pl does, but its kind stays vDSO.
        let vdso = try #require(frame(profile, "__vdso_clock_gettime_[k]"))
        #expect(profile.frames.kind(vdso) == .vdso)
        #expect(profile.frames.kind(try #require(frame(profile, "do_syscall_64_[k]"))) == .kernel)
        #expect(profile.frames.kind(try #require(frame(profile, "main"))) == .user)
        #expect(profile.frames.kind(try #require(frame(profile, "prog"))) == .label)
        let (plain, _) = try load(perf)
        #expect(plain.frames.kind(try #require(frame(plain, "do_syscall_64"))) == .kernel)
    }

    @Test func perfScriptWeighsPeriodsAndCountsSamples() throws {
        let (profile, _) = try load(perf)
        #expect(profile.total == 750_000 && profile.totalSamples == 3 && profile.unit == "period")
    }

    @Test func foldedCountsAreBothWeightAndSamples() throws {
        let (profile, _) = try load("a;b 5\na;c_[k] 2\n")
        #expect(profile.total == 7 && profile.totalSamples == 7 && profile.unit == nil)
        #expect(profile.frames.kind(try #require(frame(profile, "c_[k]"))) == .kernel)
    }

    @Test func aBadFirstLineDoesNotMakeFoldedInputPerfScript() throws {
        for bad in ["a;b -1", "1.5", "a 1e30", "a 0x10", "a +5", "a;b 99999999999999999999999"] {
            let (profile, diagnostics) = try load("\(bad)\nmain;x 5\nmain;y 3\n")
            #expect(profile.total == 8, "first line \(bad)")
            #expect(diagnostics.warnings.count == 1 && diagnostics.warnings[0].contains(":1: not a folded line"), "\(bad)")
        }
    }

    @Test func binaryGarbageIsAnErrorNamingTheFile() throws {
        var bytes = [UInt8](repeating: 0, count: 512)
        var state: UInt64 = 42
        for i in bytes.indices { state = state &* 6364136223846793005 &+ 1442695040888963407; bytes[i] = UInt8(state >> 56) }
        let path = NSTemporaryDirectory() + "flame-garbage-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { unlink(path) }
        #expect(throws: InputError.self) { try ProfileLoader(options: LoadOptions()).load([.file(path)]) }
    }

    @Test func blankLinesBeforeContentAreDroppedButCounted() throws {
        let blanks = String(repeating: "\n", count: 300_000)
        let (profile, diagnostics) = try load(blanks + "main;a 3\nnot folded\n")
        #expect(profile.total == 3)
        #expect(diagnostics.warnings.first?.contains(":300002: not a folded line") == true)
    }
}
