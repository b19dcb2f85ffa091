import ArgumentParser
import FlameIngest
import FlameSymbolize

/// How inputs are read, declared once for every command that reads profiles
/// (collapse, svg, and the commands built on them), so that each takes the
/// same flags with the same meaning. The names and meanings are
/// stackcollapse-perf.pl's where it has them.
struct InputOptions: ParsableArguments {
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

    @Option(name: .customLong("block-size"), help: .hidden)
    var blockSize: Int?

    func validate() throws {
        if let blockSize, blockSize < 1 { throw ValidationError("--block-size must be at least 1") }
        if let sampleIndex, SampleIndex(argument: sampleIndex) == nil {
            throw ValidationError("--sample-index takes a sample type name or a position 0, 1, ...")
        }
    }

    /// The loader's options, with FlameSymbolize wired into its seams.
    func loadOptions(threads: Int) -> LoadOptions {
        var options = LoadOptions()
        options.perfScript.includePID = pid
        options.perfScript.includeTID = tid
        options.perfScript.annotateKernel = kernel || all
        options.perfScript.annotateJIT = jit || all
        options.perfScript.includeAddresses = addrs
        options.perfScript.eventFilter = eventFilter.map { Array($0.utf8) }
        options.perfScript.skipAfter = skipAfter.map { Array($0.utf8) }
        options.perfScript.sourceLines = srcline
        options.pprof.sampleIndex = sampleIndex.flatMap(SampleIndex.init(argument:))
        var symbolizer = SymbolizerOptions()
        symbolizer.debugDirectories = debugDirs
        if !noSymbolize {
            options.sampler.resolvers = SymbolizingResolverFactory(options: symbolizer, binaryDirectories: binaryDirs)
        }
        if inline || context {
            options.perfScript.inline = InlineOptions(resolvers: SymbolizingResolverFactory(options: symbolizer), context: context)
        }
        options.threads = threads
        if let blockSize { options.blockSize = blockSize }
        return options
    }
}
