@testable import FlameRecord
import Foundation
import Testing

/// `flame record` end to end on small C programs built here: one keeping
/// frame pointers (recorded with `fp`), one without (recorded with DWARF),
/// `--inproc` on the first. They need perf and permission to use it (root, or
/// a low perf_event_paranoid): without them the tests are skipped, saying why.
@Suite(.serialized) struct RecordTests {
    /// Why perf cannot record here, or nil. Checked by recording `true`,
    /// since containers may refuse perf events even to root.
    static let perfProblem: String? = {
        if let problem = PerfEnvironment.current().problem(attaching: false) { return problem }
        guard let folder = try? TemporaryFolder(),
              let run = try? Tools.run("perf", ["record", "-q", "-e", "cpu-clock", "-o", folder.path("probe.data"), "--", "true"])
        else { return "perf could not be run" }
        return run.status == 0 ? nil : "perf record fails here: \(run.stderr.prefix(200))"
    }()
    static let canRecord = perfProblem == nil && Tools.find("cc") != nil
    static let skipReason: Comment = "needs perf with permission to record (\(perfProblem ?? "ok")) and cc; flame record not checked"

    /// A program with a 3:1 split of work between hot_path and cold_path,
    /// both calling leaf_work; exits with its second argument.
    static let source = """
        #include <stdlib.h>
        static volatile unsigned long sink;
        __attribute__((noinline, noclone)) unsigned long leaf_work(unsigned long n) {
            unsigned long x = n;
            for (unsigned long i = 0; i < 20000; i++) x = x * 6364136223846793005UL + i;
            return x;
        }
        __attribute__((noinline, noclone)) void hot_path(int rounds) { for (int i = 0; i < rounds; i++) sink += leaf_work(i); }
        __attribute__((noinline, noclone)) void cold_path(int rounds) { for (int i = 0; i < rounds; i++) sink += leaf_work(i * 3); }
        int main(int argc, char **argv) {
            int scale = argc > 1 ? atoi(argv[1]) : 1;
            for (int r = 0; r < scale; r++) { hot_path(3000); cold_path(1000); }
            return argc > 2 ? atoi(argv[2]) : 0;
        }
        """

    /// Builds the program with `flags` into `folder`; returns its path.
    static func build(_ name: String, flags: [String], in folder: TemporaryFolder) throws -> String {
        try source.write(toFile: folder.path("prog.c"), atomically: true, encoding: .utf8)
        let output = folder.path(name)
        let run = try Tools.run("cc", ["-g", "-o", output, folder.path("prog.c")] + flags)
        #expect(run.status == 0, "cc failed: \(run.stderr)")
        return output
    }

    /// -O0: GCC 12 at -O2 gives leaf functions no frame even with
    /// -fno-omit-frame-pointer, and a frame-pointer walk then skips the
    /// leaf's caller (hot_path), in perf and FlameSampler alike.
    static let framePointerFlags = ["-O0", "-fno-omit-frame-pointer"]
    static let noFramePointerFlags = ["-O2", "-fomit-frame-pointer"]

    /// Self weight of stacks ending in `leaf` under `caller`, from folded text.
    static func weight(_ folded: [String: Int64], through caller: String) -> Int64 {
        folded.filter { $0.key.contains(";\(caller);leaf_work") }.values.reduce(0, +)
    }

    @Test(.enabled(if: canRecord, skipReason))
    func framePointerProgram() throws {
        let folder = try TemporaryFolder()
        let program = try Self.build("prog-fp", flags: Self.framePointerFlags, in: folder)
        let run = try Tools.run(Tools.flame, ["record", "-o", folder.path("out"), "--", program, "2", "5"])
        #expect(run.status == 5, "the command's exit status passes through: \(run.stderr)")
        #expect(run.stderr.contains("--call-graph fp"))
        #expect(run.stderr.contains("samples"))
        for file in ["perf.data", "profile.folded", "flame.svg"] {
            #expect(FileManager.default.fileExists(atPath: folder.path("out/" + file)), "\(file) missing")
        }
        let folded = foldedStacks(try String(contentsOfFile: folder.path("out/profile.folded"), encoding: .utf8))
        let hot = Self.weight(folded, through: "main;hot_path"), cold = Self.weight(folded, through: "main;cold_path")
        #expect(hot > 0 && cold > 0)
        #expect(hot > 2 * cold, "hot_path does three times cold_path's work: \(hot) vs \(cold)")
        let svg = try String(contentsOfFile: folder.path("out/flame.svg"), encoding: .utf8)
        #expect(svg.contains("leaf_work") && svg.contains("hot_path"))
    }

    @Test(.enabled(if: canRecord, skipReason))
    func programWithoutFramePointersRecordsWithDwarf() throws {
        let folder = try TemporaryFolder()
        let program = try Self.build("prog-nofp", flags: Self.noFramePointerFlags, in: folder)
        let run = try Tools.run(Tools.flame, ["record", "--quiet", "-o", folder.path("out"), "--", program, "2"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty, "--quiet prints nothing: \(run.stderr)")
        let folded = foldedStacks(try String(contentsOfFile: folder.path("out/profile.folded"), encoding: .utf8))
        let hot = Self.weight(folded, through: "main;hot_path"), cold = Self.weight(folded, through: "main;cold_path")
        #expect(hot > 2 * cold && cold > 0, "DWARF unwinding finds both callers: \(hot) vs \(cold)")
    }

    /// The preload library, built by scripts/build-preload.sh into `folder`.
    static func preloadLibrary(in folder: TemporaryFolder) throws -> String {
        let run = try Tools.run(Tools.root + "/scripts/build-preload.sh", [folder.path("lib")])
        #expect(run.status == 0, "build-preload.sh failed: \(run.stderr)")
        return folder.path("lib/libflame-sampler-preload.so")
    }

    @Test(.enabled(if: canRecord, skipReason))
    func inprocSamplesTheSameRun() throws {
        let folder = try TemporaryFolder()
        let program = try Self.build("prog-fp", flags: Self.framePointerFlags, in: folder)
        let library = try Self.preloadLibrary(in: folder)
        let run = try Tools.run(Tools.flame, ["record", "--inproc", "-o", folder.path("out"), "--", program, "2"],
                                environment: ["FLAME_SAMPLER_PRELOAD": library])
        #expect(run.status == 0, "\(run.stderr)")
        let inproc = foldedStacks(try String(contentsOfFile: folder.path("out/inproc.folded"), encoding: .utf8))
        #expect(Self.weight(inproc, through: "main;hot_path") > Self.weight(inproc, through: "main;cold_path"))
        #expect(Self.weight(inproc, through: "main;cold_path") > 0)
        // C only: no language runtime (with its own crash handlers) is injected.
        let needed = try Tools.run("readelf", ["-d", library]).stdout
        #expect(!needed.contains("swift") && needed.contains("libc.so"))
    }

    /// A program killed by a signal: the recording is completed from the
    /// signal handler, and flame exits as the shell reports the signal.
    @Test(.enabled(if: canRecord, skipReason))
    func inprocCompletesTheRecordingWhenTheProgramCrashes() throws {
        let folder = try TemporaryFolder()
        try """
            #include <signal.h>
            static volatile unsigned long sink;
            __attribute__((noinline)) void spin(void) { for (unsigned long i = 0; i < 200000000UL; i++) sink += i; }
            int main(void) { spin(); raise(SIGSEGV); return 0; }
            """.write(toFile: folder.path("crash.c"), atomically: true, encoding: .utf8)
        #expect(try Tools.run("cc", ["-O0", "-fno-omit-frame-pointer", "-o", folder.path("crash"), folder.path("crash.c")]).status == 0)
        let run = try Tools.run(Tools.flame, ["record", "--inproc", "-o", folder.path("out"), "--", folder.path("crash")],
                                environment: ["FLAME_SAMPLER_PRELOAD": try Self.preloadLibrary(in: folder)])
        #expect(run.status == 128 + 11, "\(run.stderr)")
        let inproc = foldedStacks(try String(contentsOfFile: folder.path("out/inproc.folded"), encoding: .utf8))
        #expect((inproc.first { $0.key.hasSuffix("main;spin") }?.value ?? 0) > 0)
    }

    @Test(.enabled(if: Tools.find("cc") != nil, "cc is not installed"))
    func problemsAreOneMessage() throws {
        let folder = try TemporaryFolder()
        let help = try Tools.run(Tools.flame, ["record", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--call-graph"), "--help is flame's, not a command")
        let missing = try Tools.run(Tools.flame, ["record", "-o", folder.path("out"), "--", folder.path("no-such-program")])
        #expect(missing.status == 1)
        #expect(missing.stderr == "flame: error: \(folder.path("no-such-program")): command not found\n")
        let staticProgram = folder.path("prog-static")
        try Self.source.write(toFile: folder.path("s.c"), atomically: true, encoding: .utf8)
        // Some systems have no static libc; the message is then not checked.
        guard try Tools.run("cc", ["-static", "-O2", "-o", staticProgram, folder.path("s.c")]).status == 0 else { return }
        let refused = try Tools.run(Tools.flame, ["record", "--inproc", "-o", folder.path("out2"), "--", staticProgram])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("statically linked"))
    }

    @Test func environmentProblemsSayWhatToDo() {
        func user(perf: String? = "/usr/bin/perf", paranoid: Int?, root: Bool = false) -> PerfEnvironment {
            PerfEnvironment(perf: perf, hasHardwarePMU: false, paranoid: paranoid, isRoot: root, hasPerfCapability: false)
        }
        #expect(user(perf: nil, paranoid: 1).problem(attaching: false)?.hasPrefix("perf is not installed: install linux-perf") == true)
        #expect(user(paranoid: 3).problem(attaching: false)?.contains("sudo sysctl kernel.perf_event_paranoid=1") == true)
        #expect(user(paranoid: 2).problem(attaching: false) == nil, "level 2 lets users profile their own programs")
        #expect(user(paranoid: 2).problem(attaching: true) != nil, "but not attach to other processes")
        #expect(user(paranoid: 3, root: true).problem(attaching: true) == nil)
        #expect(user(paranoid: 1).defaultEvent == "cpu-clock")
    }

    @Test func callGraphArguments() {
        #expect(CallGraph(argument: "fp") == .framePointers)
        #expect(CallGraph(argument: "dwarf") == .dwarf(stackBytes: 16384))
        #expect(CallGraph(argument: "dwarf,65528") == .dwarf(stackBytes: 65528))
        #expect(CallGraph(argument: "dwarf,100") == .dwarf(stackBytes: 96))
        for bad in ["lbr", "dwarf,", "dwarf,70000", "fp,8", ""] { #expect(CallGraph(argument: bad) == nil) }
    }

    @Test(.enabled(if: Tools.find("cc") != nil && Tools.find("readelf") != nil, "cc and readelf are needed"))
    func elfFactsOfBuiltPrograms() throws {
        let folder = try TemporaryFolder()
        let withFP = try #require(ElfFile(path: try Self.build("fp", flags: Self.framePointerFlags, in: folder)))
        let withoutFP = try #require(ElfFile(path: try Self.build("nofp", flags: Self.noFramePointerFlags, in: folder)))
        #expect(CallGraph.choose(for: withFP).mode == .framePointers)
        #expect(CallGraph.choose(for: withoutFP).mode == .dwarf(stackBytes: 16384))
        #expect(!withFP.isGo && withFP.hasInterpreter)
        let notes = try Tools.run("readelf", ["-n", folder.path("fp")]).stdout
        let buildID = try #require(withFP.buildID)
        #expect(notes.contains("Build ID: \(buildID)"))
        #expect(ElfFile(path: folder.path("prog.c")) == nil, "source text is not ELF")
    }
}
