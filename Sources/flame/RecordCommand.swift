import ArgumentParser
import FlameIngest
import FlameModel
import FlameRecord
import FlameRender
import FlameSymbolize
#if canImport(Glibc)
import Glibc
#endif

struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Run a command under perf and write its flame graph: perf.data, profile.folded, flame.svg.",
        discussion: """
        Chooses perf's settings for this machine and the program: the cycles event where \
        the CPU has a PMU, else the cpu-clock timer; 499 Hz, which stays out of step with \
        timers firing at round rates; frame-pointer call graphs where the binary keeps \
        frame pointers (Go binaries do), else DWARF unwinding with a 16 KiB stack copy. \
        The command's exit status becomes flame's. With --inproc the same run is also \
        sampled inside the process by FlameSampler (preloaded; dynamically linked, non-Go \
        programs only), for comparing the two profiles.

        Examples:
          flame record -- ./server --port 8080
          flame record -F 99 --call-graph dwarf -o run1 -- make -j2
          flame record -p 4242 --duration 10
          flame record --inproc -- ./prog
        """
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("Folder for the results (default: a new flame-record-DATE-TIME folder here).", valueName: "DIR"))
    var output: String?
    @Option(name: [.customShort("F"), .customLong("freq")], help: ArgumentHelp("Samples per second.", valueName: "HZ"))
    var frequency = 499
    @Option(name: [.customShort("e"), .customLong("event")], help: ArgumentHelp("perf event to sample (default: cycles with a hardware PMU, else cpu-clock).", valueName: "EVENT"))
    var event: String?
    @Option(name: .customLong("call-graph"), help: ArgumentHelp("fp, dwarf or dwarf,SIZE (default: chosen from the binary).", valueName: "MODE"))
    var callGraph: String?
    @Option(name: .shortAndLong, help: ArgumentHelp("Record this running process instead of a command.", valueName: "PID"))
    var pid: Int32?
    @Option(help: ArgumentHelp("With -p: seconds to record (default 10).", valueName: "SECONDS"))
    var duration: Double?
    @Flag(help: "Also sample in-process with FlameSampler and compare the two profiles.")
    var inproc = false
    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false
    @Option(name: [.customShort("j", allowingJoined: true), .customLong("threads")], help: ArgumentHelp(
        "Parse perf's output with N threads (default: all cores).", valueName: "N"))
    var threads: Int?
    // After `--` only, so that everything there, options included, is the
    // command's, and flame's own options (--help) stay flame's.
    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command to run and its arguments, after '--'.", valueName: "COMMAND"))
    var workload: [String] = []

    func validate() throws {
        if pid == nil, workload.isEmpty { throw ValidationError("give the command to run after '--' (flame record [OPTIONS] -- COMMAND [ARGS...]), or -p PID") }
        if pid != nil, !workload.isEmpty { throw ValidationError("-p PID records a running process; it takes no command") }
        if duration != nil, pid == nil { throw ValidationError("--duration goes with -p PID; a command is recorded until it exits") }
        if let duration, !(duration > 0) { throw ValidationError("--duration must be a positive number of seconds") }
        if inproc, pid != nil { throw ValidationError("--inproc starts the program itself; it cannot attach to -p PID") }
        if !(1 ... 100_000).contains(frequency) { throw ValidationError("--freq must be between 1 and 100000") }
        if let callGraph, CallGraph(argument: callGraph) == nil { throw ValidationError("--call-graph must be fp, dwarf or dwarf,SIZE (SIZE 8...\(CallGraph.maxDwarfBytes)), not '\(callGraph)'") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        var status: Int32 = 0
        try runCommand {
            let environment = PerfEnvironment.current()
            if let problem = environment.problem(attaching: pid != nil) { fail(problem) }
            let perf = environment.perf!
            let progress = Progress(enabled: !quiet)

            // The binary decides the call-graph mode and whether preloading works.
            let target: PerfRecordPlan.Target
            let binaryPath: String?
            if let pid {
                guard kill(pid, 0) == 0 || errno == EPERM else { fail("no process \(pid)") }
                target = .process(pid: pid, seconds: duration ?? 10)
                binaryPath = "/proc/\(pid)/exe"
            } else {
                guard let path = Subprocess.find(workload[0]) else { fail("\(workload[0]): command not found") }
                target = .command(workload)
                binaryPath = path
            }
            let binary = binaryPath.flatMap(ElfFile.init(path:))
            let mode: CallGraph
            let reason: String
            if let callGraph {
                (mode, reason) = (CallGraph(argument: callGraph)!, "--call-graph")
            } else {
                (mode, reason) = CallGraph.choose(for: binary)
            }
            if inproc, let problem = InprocRecording.problem(binary: binary, path: binaryPath ?? "") { fail(problem) }

            let directory = try RecordDirectory.create(output)
            var plan = PerfRecordPlan(perf: perf, target: target, event: event ?? environment.defaultEvent,
                                      frequency: frequency, callGraph: mode, output: directory.path("perf.data"))
            var sampler: InprocRecording?
            if inproc {
                sampler = try InprocRecording(directory: directory, frequency: frequency)
                plan.workloadEnvironment = sampler!.environment
            }
            if !quiet { printError("flame: recording with perf record -e \(plan.event) -F \(frequency) --call-graph \(mode) (\(reason))") }

            // perf and the workload take Ctrl-C; flame waits and then reads what was recorded.
            let end = try ignoringInterrupts { try Subprocess.spawn(plan.arguments).wait() }
            status = end.shellStatus
            guard directory.exists("perf.data") else {
                fail("perf record failed (status \(status)); nothing was recorded")
            }

            var load = LoadOptions()
            load.threads = threads ?? onlineCores()
            load.sampler.resolvers = SymbolizingResolverFactory()
            let diagnostics = Diagnostics.commandLine()
            progress.note("reading perf.data (\(directory.size("perf.data")))")
            // flame reads perf.data itself: DWARF samples unwound with libdw
            // (Go included), inline frames without perf's addr2line runs.
            load.perfData.resolvers = SymbolizingResolverFactory()
            load.perfData.unwinders = DwflUnwinderFactory()
            let profile = try ProfileLoader(options: load, diagnostics: diagnostics).load([.file(directory.path("perf.data"))])
            let title = "flame record: " + (pid.map { "process \($0)" } ?? workload.joined(separator: " "))
            var written = ["perf.data"]
            try directory.write("profile.folded", profile: profile, svgTitle: nil)
            try directory.write("flame.svg", profile: profile, svgTitle: title)
            written += ["profile.folded", "flame.svg"]

            if let sampler {
                progress.note("reading the in-process recording")
                written += try sampler.finish(perfProfile: profile, options: load, diagnostics: diagnostics, title: title)
            }
            progress.done()
            if !quiet {
                let summary = RecordSummary(profile, lost: PerfDataReading.lostChunks(directory.path("perf.data"), perf: perf))
                printError("flame: wrote " + written.map { directory.path($0) }.joined(separator: ", "))
                printError("flame: " + summary.line)
            }
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// Runs `body` with SIGINT and SIGQUIT ignored in flame (children get them back).
    private func ignoringInterrupts<T>(_ body: () throws -> T) rethrows -> T {
        let oldInt = signal(SIGINT, SIG_IGN), oldQuit = signal(SIGQUIT, SIG_IGN)
        defer { signal(SIGINT, oldInt); signal(SIGQUIT, oldQuit) }
        return try body()
    }
}
