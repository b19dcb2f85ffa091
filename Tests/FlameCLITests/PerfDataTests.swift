import Foundation
import Testing

/// perf.data recordings made on this machine (Fixtures/perfdata, re-recorded
/// by its record.sh) against what `perf script | flame collapse` made of the
/// same files. The recorded programs ran from /tmp/flame-perfdata; the tests
/// find the committed copies through --symfs, and the system's libc through
/// the same root, with an empty build-id cache.
@Suite struct PerfDataTests {
    static let directory = Repository.root + "/Fixtures/perfdata"

    /// A --symfs root holding the recorded programs and the system's /usr.
    static let symfs: String = {
        let root = NSTemporaryDirectory() + "flame-perfdata-symfs-\(getpid())"
        let programs = root + "/tmp/flame-perfdata"
        try? FileManager.default.createDirectory(atPath: programs, withIntermediateDirectories: true)
        for name in ["cwork", "cwork-fp", "libcwork.so", "libcwork-fp.so"] {
            try? FileManager.default.createSymbolicLink(atPath: "\(programs)/\(name)", withDestinationPath: "\(directory)/bin/\(name)")
        }
        try? FileManager.default.createSymbolicLink(atPath: root + "/usr", withDestinationPath: "/usr")
        _ = try? Flame.shell("gzip -dc '\(directory)/bin/gowork.gz' > '\(programs)/gowork' && chmod +x '\(programs)/gowork'")
        try? FileManager.default.createDirectory(atPath: root + "/empty-cache", withIntermediateDirectories: true)
        return root
    }()

    static func collapse(_ file: String, _ arguments: [String] = []) throws -> Flame.Result {
        try Flame.run(["collapse", "--symfs", symfs, "--buildid-dir", symfs + "/empty-cache"] + arguments + ["\(directory)/\(file)"])
    }

    /// The C fixtures name libc frames from this machine's libc (with
    /// libc6-dbg): elsewhere the names differ, so those tests are off.
    static let systemMatchesRecording: Bool = {
        guard let result = try? collapse("dwarf.data") else { return false }
        return result.stderr.isEmpty && FileManager.default.fileExists(atPath: "/usr/lib/debug/.build-id")
    }()

    static let cases: [(data: String, arguments: [String], expected: String)] = [
        ("fp.data", [], "fp.perf-script.folded"),
        ("fp.data", ["--no-inline"], "fp.perf-script-no-inline.folded"),
        ("dwarf.data", [], "dwarf.perf-script.folded"),
        ("dwarf.data", ["--no-inline"], "dwarf.perf-script-no-inline.folded"),
        ("pipe.data", [], "pipe.perf-script.folded"),
    ]

    @Test(.enabled(if: systemMatchesRecording, "needs this machine's libc and libc6-dbg (the recording's libc)"),
          arguments: cases.indices)
    func matchesPerfScript(index: Int) throws {
        let (data, arguments, expected) = Self.cases[index]
        let result = try Self.collapse(data, arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(String(decoding: result.stdout, as: UTF8.self) == (try String(contentsOfFile: "\(Self.directory)/\(expected)", encoding: .utf8)),
                "\(data) \(arguments)")
    }

    /// perf prints the signal trampoline's frame as [libc.so.6] (it looks up
    /// the address before __restore_rt); flame names it. Nothing else differs.
    @Test(.enabled(if: systemMatchesRecording, "needs this machine's libc and libc6-dbg (the recording's libc)"))
    func signalHandlerMatchesPerfScriptButNamesTheTrampoline() throws {
        for (arguments, expected) in [([String](), "signal.perf-script.folded"), (["--no-inline"], "signal.perf-script-no-inline.folded")] {
            let result = try Self.collapse("signal.data", arguments)
            #expect(result.status == 0, "\(result.stderr)")
            let ours = String(decoding: result.stdout, as: UTF8.self)
            #expect(ours.contains(";__restore_rt;on_alarm;"))
            let theirs = try String(contentsOfFile: "\(Self.directory)/\(expected)", encoding: .utf8)
            #expect(ours.replacingOccurrences(of: ";__restore_rt;", with: ";[libc.so.6];") == theirs)
        }
    }

    /// The recursion is deeper than the 2 KiB stack copy: every stack is
    /// truncated, counted in a warning, and keeps at least perf's frames.
    @Test func deepRecursionIsTruncatedAndCounted() throws {
        let result = try Self.collapse("deep.data")
        #expect(result.status == 0)
        #expect(result.stderr.contains("unwound stacks were truncated"), "\(result.stderr)")
        let theirs = try String(contentsOfFile: "\(Self.directory)/deep.perf-script.folded", encoding: .utf8)
        let depth = { (line: Substring) in line.components(separatedBy: "recurse;").count - 1 }
        let ours = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
        #expect(!ours.isEmpty)
        let perfDepth = theirs.split(separator: "\n").map(depth).max() ?? 0
        for line in ours { #expect(depth(line) >= perfDepth, "\(line.prefix(80))") }
    }

    @Test func outputIsTheSameForAnyThreadCount() throws {
        for data in ["dwarf.data", "signal.data", "go.data"] {
            let one = try Self.collapse(data, ["-j", "1"])
            let four = try Self.collapse(data, ["-j", "4"])
            #expect(one.status == 0 && four.status == 0)
            #expect(one.stdout == four.stdout, "\(data)")
            #expect(!one.stdout.isEmpty)
        }
    }

    @Test func pipeModeFromStandardInput() throws {
        let file = try Self.collapse("pipe.data")
        let piped = try Flame.shell("'\(Flame.executable)' collapse --symfs '\(Self.symfs)' --buildid-dir '\(Self.symfs)/empty-cache' < '\(Self.directory)/pipe.data'")
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout == file.stdout)
        #expect(String(decoding: piped.stdout, as: UTF8.self).contains("cwork-fp;"))
    }

    /// Go has no .eh_frame, and Debian's perf cannot unwind its DWARF
    /// samples: most keep one frame. flame's stacks end at a goroutine root
    /// (runtime.goexit), a thread root (runtime.mstart), or a documented stop
    /// at a stack switch (runtime.mcall, runtime.systemstack).
    @Test func goStacksReachGoroutineRoots() throws {
        let result = try Self.collapse("go.data")
        #expect(result.status == 0, "\(result.stderr)")
        let roots: Set<Substring> = ["runtime.goexit", "runtime.mstart", "runtime.rt0_go", "runtime.mcall", "runtime.systemstack",
                                     "runtime.morestack", "runtime.asmcgocall", "runtime.sigtramp"]
        func share(_ text: String) -> Double {
            var rooted = 0.0, total = 0.0
            for line in text.split(separator: "\n") {
                let frames = line.split(separator: " ").first!.split(separator: ";")
                let weight = Double(line.split(separator: " ").last!)!
                total += weight
                if frames.count > 1, roots.contains(frames[1]) { rooted += weight }
            }
            return total > 0 ? rooted / total : 0
        }
        let ours = share(String(decoding: result.stdout, as: UTF8.self))
        let perfs = share(try String(contentsOfFile: "\(Self.directory)/go.perf-script.folded", encoding: .utf8))
        #expect(ours >= 0.9, "flame: \(ours)")
        #expect(perfs <= 0.1, "perf script: \(perfs)")
        #expect(String(decoding: result.stdout, as: UTF8.self).contains("runtime.goexit;main.main.func1;main.cpuLoop;main.cpuWork"))
    }

    /// `perf record -z` files: refused with one line that says what to do.
    @Test func compressedRecordsAreRefusedClearly() throws {
        let result = try Self.collapse("compressed.data")
        #expect(result.status == 1)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("compressed.data") && result.stderr.contains("perf record -z") && result.stderr.contains("byte offset"))
    }

    /// Cut and damaged files: a one-line message naming the file and a byte
    /// offset (or a warning and a partial profile), never a crash.
    @Test func truncatedAndCorruptedFiles() throws {
        let scratch = Scratch()
        let original = try bytes("\(Self.directory)/dwarf.data")
        for cut in [10, 100, 200, 4000, original.count / 2, original.count - 100] {
            let file = scratch.write("cut-\(cut).data", Array(original[0 ..< cut]))
            let result = try Flame.run(["collapse", "--symfs", Self.symfs, file])
            #expect(result.status == 0 || result.status == 1, "cut at \(cut): status \(result.status)")
            if result.status != 0 {
                #expect(result.stderrLines.count == 1 && result.stderr.contains("byte offset") && result.stderr.contains(file),
                        "cut at \(cut): \(result.stderr)")
            }
        }
        var generator = SystemRandomNumberGenerator()
        for round in 0 ..< 12 {
            var damaged = original
            for _ in 0 ..< 16 { damaged[Int.random(in: 0 ..< damaged.count, using: &generator)] = UInt8.random(in: 0 ... 255, using: &generator) }
            let file = scratch.write("damaged-\(round).data", damaged)
            let result = try Flame.run(["collapse", "--symfs", Self.symfs, file])
            #expect(result.status == 0 || result.status == 1, "round \(round): status \(result.status) \(result.stderr)")
        }
        // A header that points past the end of the file.
        var header = original
        header.replaceSubrange(40 ..< 48, with: [0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0])
        let bad = try Flame.run(["collapse", scratch.write("bad-section.data", header)])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("data section") && bad.stderr.contains("byte offset 40"), "\(bad.stderr)")
    }
}
