import ArgumentParser
import Dispatch
import Foundation
import FlameDiff
import FlameIngest
import FlameModel
import FlameRender
import FlameSymbolize
#if canImport(Glibc)
import Glibc
#endif

/// The inputs, normalization and gates `flame diff` and `flame report` share.
struct CompareArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("Profile A, then profile B: folded, perf script, pprof or FlameSampler files.", valueName: "FILE"))
    var files: [String] = []
    @Option(name: .customLong("a"), help: ArgumentHelp("Add FILE to profile A (repeatable; merged by summing).", valueName: "FILE"))
    var moreA: [String] = []
    @Option(name: .customLong("b"), help: ArgumentHelp("Add FILE to profile B (repeatable).", valueName: "FILE"))
    var moreB: [String] = []

    @Option(help: ArgumentHelp("Kernel frames: keep, charge (remove them: time goes to the user caller), drop (leave out kernel-leaf samples).", valueName: "MODE"))
    var kernel = "keep"
    @Flag(help: "Drop inlined frames: charge each sample to the machine function it ran in.")
    var physical = false
    @Flag(name: .customLong("exact-names"), help: "Turn off the built-in name rewrites (+0x offsets, Go .abi0/.abiinternal suffixes, process-name roots).")
    var exactNames = false
    @Flag(name: .customLong("strip-root"), help: "Drop the first frame of every stack: the process or thread name in folded text from perf or a sampler.")
    var stripRoot = false
    @Option(name: .customLong("map"), help: ArgumentHelp("Rewrite frame names: every match of REGEX becomes REPLACEMENT ($1.. for groups; repeatable, in order).", valueName: "REGEX=REPLACEMENT"))
    var maps: [String] = []
    @Option(help: ArgumentHelp("Keep only stacks with a frame matching REGEX.", valueName: "REGEX"))
    var focus: String?
    @Option(help: ArgumentHelp("Leave out stacks with a frame matching REGEX.", valueName: "REGEX"))
    var ignore: String?
    @Option(help: ArgumentHelp("Key functions by name, or by module (module!name where known).", valueName: "name|module"))
    var key = "name"
    @Option(name: .customLong("entry-points"), help: ArgumentHelp("Comma-separated outermost frames of complete stacks (replaces the default list).", valueName: "NAMES"))
    var entryPoints: String?
    @Flag(name: [.customShort("s"), .customLong("strip-hex")], help: "Rewrite 0x-prefixed hex numbers in names to 0x... (difffolded.pl -s).")
    var stripHex = false

    @Option(name: .customLong("min-delta"), help: ArgumentHelp("Smallest |Δself| in percentage points for a frame to be beyond noise (default 0.5).", valueName: "PP"))
    var minDelta = 0.5
    @Option(name: .customLong("z"), help: ArgumentHelp("Smallest |z| for a frame to be beyond noise (default 3).", valueName: "Z"))
    var zThreshold = 3.0
    @Option(help: ArgumentHelp("List this many frames besides those beyond noise (default 30).", valueName: "N"))
    var top = 30
    @Option(name: .customLong("fail-if"), help: ArgumentHelp("Fail (exit 3) when EXPR holds, e.g. 'tvd>3*tvd_noise', 'delta(main.work)>2' (repeatable; see docs/diff.md).", valueName: "EXPR"))
    var failIf: [String] = []

    @Option(name: .customLong("sample-index"), help: ArgumentHelp("pprof inputs: the sample type to compare, by name or position.", valueName: "NAME|N"))
    var sampleIndex: String?
    @Option(name: [.customShort("j", allowingJoined: true), .customLong("threads")], help: ArgumentHelp("Parse with N threads (default: all cores).", valueName: "N"))
    var threads: Int?

    var inputsA: [String] { Array(files.prefix(1)) + moreA }
    var inputsB: [String] { Array(files.dropFirst().prefix(1)) + moreB }

    func validate() throws {
        if files.count > 2 { throw ValidationError("give one file for A and one for B; add more with --a FILE and --b FILE") }
        if inputsA.isEmpty || inputsB.isEmpty { throw ValidationError("two profiles are needed: flame diff A B") }
        if KernelMode(rawValue: kernel) == nil { throw ValidationError("--kernel must be keep, charge or drop, not '\(kernel)'") }
        if FunctionKey(rawValue: key) == nil { throw ValidationError("--key must be name or module, not '\(key)'") }
        if !(minDelta >= 0), !minDelta.isFinite { throw ValidationError("--min-delta must be a non-negative number") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let sampleIndex, SampleIndex(argument: sampleIndex) == nil {
            throw ValidationError("--sample-index takes a sample type name or a position 0, 1, ...")
        }
    }

    func normalizeOptions() throws -> NormalizeOptions {
        var o = NormalizeOptions()
        o.kernel = KernelMode(rawValue: kernel)!
        o.physical = physical
        o.exactNames = exactNames
        o.maps = try maps.map(NameMap.init)
        o.focus = try focus.map(NamePattern.init)
        o.ignore = try ignore.map(NamePattern.init)
        o.key = FunctionKey(rawValue: key)!
        if let entryPoints { o.entryPoints = entryPoints.split(separator: ",").map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) } }
        o.stripHex = stripHex
        o.stripRoot = stripRoot
        return o
    }

    func compareOptions() -> CompareOptions {
        var o = CompareOptions()
        o.minDeltaPP = minDelta
        o.zThreshold = zThreshold
        o.top = max(0, top)
        return o
    }

    func loader(_ diagnostics: Diagnostics) -> ProfileLoader {
        var options = LoadOptions()
        options.threads = threads ?? onlineCores()
        options.pprof.sampleIndex = sampleIndex.flatMap(SampleIndex.init(argument:))
        options.sampler.resolvers = SymbolizingResolverFactory()
        options.perfData.resolvers = SymbolizingResolverFactory()
        options.perfData.unwinders = DwflUnwinderFactory()
        return ProfileLoader(options: options, diagnostics: diagnostics)
    }

    /// Whether stacks pair by their text alone: exact names and nothing removed.
    var isTextPairing: Bool {
        exactNames && !stripRoot && kernel == "keep" && !physical && maps.isEmpty && focus == nil && ignore == nil && key == "name"
    }

    /// Both sides as stack texts in one table; nil unless all inputs are folded.
    func stackTexts(diagnostics: Diagnostics) throws -> StackTexts? {
        try loader(diagnostics).loadStackTexts([inputsA, inputsB].map { $0.map(InputSource.init(argument:)) })
    }

    /// A and B, read at the same time (each reader works on one side).
    func loadBoth(diagnostics: Diagnostics) throws -> (Profile, Profile) {
        let sides = [inputsA, inputsB]
        let results = Results<Profile>()
        DispatchQueue.concurrentPerform(iterations: 2) { side in
            let result = Result { try loader(diagnostics).load(sides[side].map(InputSource.init(argument:))) }
            results.lock.withLock { results.values[side] = result }
        }
        return (try results.values[0]!.get(), try results.values[1]!.get())
    }

    /// Each side's result, written by its own worker.
    private final class Results<Value>: @unchecked Sendable {
        let lock = NSLock()
        var values: [Result<Value, Error>?] = [nil, nil]
    }

    /// Both sides loaded and normalized, without comparing them (`--folded`).
    func normalized(diagnostics: Diagnostics) throws -> (a: Profile, b: Profile) {
        let normalizer = Normalizer(options: try normalizeOptions())
        let (a, b) = try loadBoth(diagnostics: diagnostics)
        return (normalizer.stacks(a), normalizer.stacks(b))
    }

    /// Parses the gates, loads and normalizes both sides, compares them and
    /// evaluates the gates. Errors in any of these end the command (status 1).
    func report(diagnostics: Diagnostics) throws -> DiffReport {
        let gates = try failIf.map { try Gate($0, metrics: Comparison.metricNames) }
        let normalization = try normalizeOptions()
        let (a, b) = try loadBoth(diagnostics: diagnostics)
        let comparison = try Comparison(a: a, b: b, normalization: normalization, options: compareOptions())
        return DiffReport(comparison: comparison, inputsA: inputsA, inputsB: inputsB, gates: comparison.evaluate(gates))
    }
}

/// Ends the command with status 1 on the comparison's own errors.
func runComparison(_ body: () throws -> Void) throws {
    try runCommand {
        do { try body() } catch let error as FlameDiff.NormalizeError {
            fail(error.description)
        } catch let error as GateError {
            fail(error.description)
        } catch let error as RenderError {
            fail(error.description)
        }
    }
}

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two profiles: skew metrics with noise levels, frames beyond noise, CI gates, differential output.",
        discussion: """
        Both profiles are normalized alike (names, kernel and inline frames; see \
        docs/diff.md), then compared on shares of their weight, with noise levels \
        from their sample counts. Exit status: 0 when every --fail-if gate holds, \
        3 when one fails, 1 on errors.

        Examples:
          flame diff perf.folded cpu.pprof --kernel charge
          flame diff base.folded head.folded --json --fail-if 'tvd>3*tvd_noise'
          flame diff -n a.folded b.folded --folded | flame svg > diff.svg
        """
    )

    @OptionGroup var compare: CompareArguments
    @Flag(help: "Write the versioned JSON contract (docs/diff.md).")
    var json = false
    @Flag(help: "Write markdown tables (for CI comments).")
    var markdown = false
    @Flag(help: "Write difffolded.pl's 'stack COUNT_A COUNT_B' lines, for flame svg.")
    var folded = false
    @Flag(name: [.customShort("n"), .customLong("normalize")], help: "With --folded: scale A's counts to B's total (difffolded.pl -n).")
    var normalize = false
    @Option(help: ArgumentHelp("Also write the differential flame graph (widths from B; red grew, blue shrank) to FILE.", valueName: "FILE"))
    var svg: String?
    @Option(name: .customLong("svg-negated"), help: ArgumentHelp("Also write the negated graph (widths from A, so what vanished shows) to FILE.", valueName: "FILE"))
    var svgNegated: String?
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE (atomically) instead of standard output.", valueName: "FILE"))
    var output: String?

    func validate() throws {
        if [json, markdown, folded].filter({ $0 }).count > 1 { throw ValidationError("choose one of --json, --markdown, --folded") }
    }

    func run() throws {
        var status: Int32 = 0
        try runComparison {
            let diagnostics = Diagnostics.commandLine()
            if folded && compare.failIf.isEmpty && svg == nil && svgNegated == nil {
                // Only the stacks are needed: no metrics. Folded inputs with
                // exact names pair by whole stack text, one hash per line.
                if compare.isTextPairing, let texts = try compare.stackTexts(diagnostics: diagnostics) {
                    try withOutput(output) { sink in
                        var sink = sink
                        try StackTextUnion.writeFolded(texts.keys, first: texts.counts[0], second: texts.counts[1], normalize: normalize,
                                                       stripHex: compare.stripHex, to: &sink)
                    }
                    return
                }
                let (a, b) = try compare.normalized(diagnostics: diagnostics)
                try withOutput(output) { sink in
                    var sink = sink
                    try StackUnion.writeFolded(absorbing: b, into: a, normalize: normalize, to: &sink)
                }
                return
            }
            let report = try compare.report(diagnostics: diagnostics)
            let c = report.comparison
            try withOutput(output) { sink in
                var sink = sink
                if folded {
                    try StackUnion.writeFolded(StackUnion.differential(first: c.a.profile, second: c.b.profile, normalize: normalize), to: &sink)
                } else if json {
                    try JSONWriter.write(report, to: &sink)
                } else if markdown {
                    try MarkdownWriter.write(report, to: &sink)
                } else {
                    try TextWriter.write(report, color: output == nil && isatty(1) != 0, to: &sink)
                }
            }
            for (path, negated) in [(svg, false), (svgNegated, true)] {
                guard let path else { continue }
                let (first, second) = negated ? (c.b.profile, c.a.profile) : (c.a.profile, c.b.profile)
                var options = RenderOptions()
                options.title = negated ? "Differential (widths from A)" : "Differential (widths from B)"
                options.negate = negated
                let graph = StackUnion.differential(first: first, second: second, normalize: true)
                try withOutput(path) { sink in
                    var sink = sink
                    _ = try FlameGraph.render(graph, options: options, to: &sink)
                }
            }
            status = report.exitStatus
        }
        if status != 0 { throw ExitCode(status) }
    }
}
