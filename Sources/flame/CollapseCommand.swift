import ArgumentParser
import FlameIngest
import FlameModel
import FlameSymbolize

struct Collapse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Collapse perf script output (or folded stacks, or pprof profiles) into folded stacks.",
        discussion: """
        Writes one line per unique stack, 'root;caller;leaf COUNT', sorted, exactly as \
        FlameGraph's stackcollapse-perf.pl does for the same options. Folded inputs are \
        recognised by content and merged by summing counts, so several runs or hosts \
        combine into one profile.

        Examples:
          perf script | flame collapse > out.folded
          flame collapse --all --pid perf.txt -o out.folded
          flame collapse host1.folded host2.folded > fleet.folded
          flame collapse --sample-index alloc_space heap.pb.gz
        """
    )

    @Flag(help: "Include the process id with process names (comm-PID).")
    var pid = false

    @Flag(help: "Include process and thread ids with process names (comm-PID/TID).")
    var tid = false

    @Flag(help: "Annotate kernel frames with _[k] (e.g. 'tcp_sendmsg_[k]').")
    var kernel = false

    @Flag(help: "Annotate JIT frames from /tmp/perf-PID.map with _[j].")
    var jit = false

    @Flag(help: "All annotations: same as --kernel --jit.")
    var all = false

    @Flag(help: "Show raw addresses where a symbol is unknown: '[libc.so <7f12ab>]'.")
    var addrs = false

    @Flag(help: ArgumentHelp(
        "Re-resolve user-space frames from DSO and address with libdw, expanding inlined functions (marked _[i]).",
        discussion: "Replaces perf's slow inline resolution: perf script --no-inline | flame collapse --inline."))
    var inline = false

    @Flag(help: "With --inline: append ':file:line' to each resolved frame.")
    var context = false

    @Flag(help: ArgumentHelp(
        "Input is 'perf script -F+srcline': append each frame's source line ('main:prog.c:12').",
        discussion: "Reads on one thread, since a source line belongs to the frame line before it."))
    var srcline = false

    @Option(name: .customLong("debug-dir"), help: ArgumentHelp(
        "With --inline: also look for debug files under DIR (by build-id and debuglink; repeatable).",
        valueName: "DIR"))
    var debugDirs: [String] = []

    @Option(name: .customLong("event-filter"), help: ArgumentHelp(
        "Keep only samples of this event (e.g. 'cpu-clock'); default: the first event seen.", valueName: "EVENT"))
    var eventFilter: String?

    @Option(name: .customLong("skip-after"), help: ArgumentHelp(
        "Drop the callers of any frame named FUNCTION, and the process name (repeatable; e.g. 'main').",
        valueName: "FUNCTION"))
    var skipAfter: [String] = []

    @Flag(name: .customLong("no-symbolize"), help: "FlameSampler inputs: keep frames as module+0xOFFSET.")
    var noSymbolize = false

    @Option(name: .customLong("binary-dir"), help: ArgumentHelp(
        "FlameSampler inputs: look for the recorded executables and libraries by file name in DIR first (repeatable).",
        valueName: "DIR"))
    var binaryDirs: [String] = []

    @Option(name: .customLong("sample-index"), help: ArgumentHelp(
        "pprof inputs: count this sample type, by name or position (e.g. 'alloc_space', '0'); default: the profile's default type, else its last.",
        valueName: "NAME|N"))
    var sampleIndex: String?

    @Option(name: [.customShort("j", allowingJoined: true), .customLong("threads")], help: ArgumentHelp(
        "Parse with N threads (default: all cores; e.g. -j 1). Output is the same for any N.", valueName: "N"))
    var threads: Int?

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Write to FILE (atomically, through a temporary file) instead of standard output.", valueName: "FILE"))
    var output: String?

    @OptionGroup(title: "perf.data inputs") var perfData: PerfDataArguments

    @Option(name: .customLong("block-size"), help: .hidden)
    var blockSize: Int?

    @Argument(help: ArgumentHelp("perf script text, folded or pprof files; '-' or none for standard input.", valueName: "FILE"))
    var files: [String] = []

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let blockSize, blockSize < 1 { throw ValidationError("--block-size must be at least 1") }
        if let sampleIndex, SampleIndex(argument: sampleIndex) == nil {
            throw ValidationError("--sample-index takes a sample type name or a position 0, 1, ...")
        }
    }

    func run() throws {
        try runCommand {
            var options = LoadOptions()
            options.perfScript.includePID = pid
            options.perfScript.includeTID = tid
            options.perfScript.annotateKernel = kernel || all
            options.perfScript.annotateJIT = jit || all
            options.perfScript.includeAddresses = addrs
            options.perfScript.eventFilter = eventFilter.map { Array($0.utf8) }
            options.perfScript.skipAfter = skipAfter.map { Array($0.utf8) }
            options.pprof.sampleIndex = sampleIndex.flatMap(SampleIndex.init(argument:))
            var symbolizer = SymbolizerOptions()
            symbolizer.debugDirectories = debugDirs
            if !noSymbolize {
                options.sampler.resolvers = SymbolizingResolverFactory(options: symbolizer, binaryDirectories: binaryDirs)
            }
            options.perfScript.sourceLines = srcline
            if inline || context {
                options.perfScript.inline = InlineOptions(resolvers: SymbolizingResolverFactory(options: symbolizer),
                                                          context: context)
            }
            options.threads = threads ?? onlineCores()
            perfData.apply(to: &options, annotateInline: inline)
            if let blockSize { options.blockSize = blockSize }
            let profile = try ProfileLoader(options: options, diagnostics: .commandLine()).load(files.map(InputSource.init(argument:)))
            try withOutput(output) { sink in
                var sink = sink
                try FoldedWriter.write(profile, to: &sink)
            }
        }
    }
}
