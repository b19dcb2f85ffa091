#if canImport(Glibc)
import Glibc
#endif
import FlameModel

/// Options for reading inputs into a profile.
public struct LoadOptions: Sendable {
    public var perfScript = PerfScriptOptions()
    public var pprof = PprofOptions()
    public var sampler = SamplerOptions()
    public var perfData = PerfDataOptions()
    /// Worker threads for parsing; 1 reads on the calling thread.
    public var threads = 1
    /// Bytes per block handed to a worker.
    // 1 MiB: small enough that the blocks in flight cost little memory, large
    // enough that per-block work (a read, a head and a tail) is negligible.
    public var blockSize = 1 << 20
    /// Bounds on what an input may expand to (decompression bombs).
    public var limits = InputLimits()

    public init() {}

    /// The reading flags set to other than their defaults, by their
    /// command-line names, so that a format can say which it ignores.
    var flagsSet: Set<String> {
        var flags: Set<String> = []
        if perfScript.includePID { flags.insert("--pid") }
        if perfScript.includeTID { flags.insert("--tid") }
        if perfScript.annotateKernel { flags.insert("--kernel") }
        if perfScript.annotateJIT { flags.insert("--jit") }
        if perfScript.includeAddresses { flags.insert("--addrs") }
        if perfScript.eventFilter != nil { flags.insert("--event-filter") }
        if !perfScript.skipAfter.isEmpty { flags.insert("--skip-after") }
        if perfScript.inline != nil { flags.insert("--inline") }
        if perfScript.sourceLines { flags.insert("--srcline") }
        if pprof.sampleIndex != nil { flags.insert("--sample-index") }
        return flags
    }
}

/// What one load shares across its inputs: the options, where warnings go,
/// and the perf event the first input settled on (stackcollapse-perf.pl
/// keeps the first event seen, for all inputs together).
final class LoadSession {
    let options: LoadOptions
    let diagnostics: Diagnostics
    var eventFilter: [UInt8]?

    init(options: LoadOptions, diagnostics: Diagnostics) {
        self.options = options
        self.diagnostics = diagnostics
        eventFilter = options.perfScript.eventFilter
    }
}

/// What a renderer draws: a plain profile, or a differential one
/// (`stack COUNT1 COUNT2` input).
public enum LoadedProfile {
    case plain(Profile)
    case differential(DifferentialProfile)
}

/// Reads any mix of supported inputs, each recognised by content
/// (`InputFormats`), into one profile, summing equal stacks. Every command
/// that reads profiles goes through here.
public struct ProfileLoader {
    public let options: LoadOptions
    public let diagnostics: Diagnostics

    public init(options: LoadOptions, diagnostics: Diagnostics = Diagnostics()) {
        self.options = options
        self.diagnostics = diagnostics
    }

    /// Reads plain profiles into one; differential input is an error here.
    public func load(_ inputs: [InputSource]) throws -> Profile {
        switch try loadPlainOrDifferential(inputs) {
        case .plain(let profile):
            return profile
        case .differential:
            throw InputError(input: inputs.map(\.displayName).joined(separator: ", "),
                             reason: "differential input (stack COUNT1 COUNT2) has no single count per stack; render it with flame svg")
        }
    }

    /// Like `load`, but also accepts differential folded input (its first
    /// lines carry two counts). The two kinds cannot be mixed: a plain stack
    /// has no "before" count.
    public func loadPlainOrDifferential(_ inputs: [InputSource]) throws -> LoadedProfile {
        let session = LoadSession(options: options, diagnostics: diagnostics)
        var plain: Profile? = nil
        var differential: DifferentialProfile? = nil
        for source in inputs.isEmpty ? [.standardInput] : inputs {
            let fd = try source.open()
            defer { if fd > 2 { close(fd) } }
            let reader = try BlockReader(fd: fd, name: source.displayName, blockSize: options.blockSize, limits: options.limits)
            // An empty input (or only comments) adds nothing, whatever the others are.
            guard let (input, head) = try sniff(reader, name: source.displayName, fd: fd) else { continue }
            if DifferentialSyntax.looksDifferential(head.bytes) {
                guard plain == nil else { throw mixed(source) }
                let target = differential ?? DifferentialProfile()
                differential = target
                try DifferentialFoldedFormat.read(input, into: target, session: session)
                continue
            }
            guard differential == nil else { throw mixed(source) }
            guard let format = InputFormats.recognize(head) else {
                throw InputError(input: source.displayName, reason: "binary data in no format flame reads (" +
                                 InputFormats.all.map { $0.name }.joined(separator: ", ") + ")")
            }
            for flag in options.flagsSet.subtracting(format.honouredFlags).sorted() {
                diagnostics.warnOnce("\(source.displayName): \(flag) does not apply to \(format.name) input; ignored")
            }
            let profile = Profile()
            try format.read(input, into: profile, session: session)
            plain = try merged(plain, profile, name: source.displayName)
        }
        if let differential { return .differential(differential) }
        let profile = plain ?? Profile()
        if profile.stacks.overflowed {
            diagnostics.warn("some stack weights passed 2^64-1 when summed and were capped there")
        }
        return .plain(profile)
    }

    /// Reads blocks until the head says something (blank and comment lines
    /// say nothing); blocks of only such lines are dropped, not kept, so
    /// that no amount of them can fill memory.
    func sniff(_ reader: BlockReader, name: String, fd: Int32) throws -> (OpenedInput, HeadSample)? {
        var skippedLines = 0
        var first = true
        while let block = try reader.next() {
            if first, block.bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                block.skipped = 3
                diagnostics.warn("\(name): starts with a UTF-8 byte order mark; skipped")
            }
            // Binary formats are recognised from their first byte: a protobuf
            // usually starts with 0x0a (field 1), which is no blank line.
            if first, HeadSample.looksBinary(block.bytes) {
                return (OpenedInput(name: name, fd: fd, reader: reader, leading: [block], firstLine: 1), HeadSample(block.bytes))
            }
            first = false
            guard let content = Lines.firstContentLine(in: block.bytes) else {
                skippedLines += ParallelPerfScriptReader.countNewlines(block.bytes)
                continue
            }
            let head = HeadSample(UnsafeRawBufferPointer(rebasing: block.bytes[content...]))
            return (OpenedInput(name: name, fd: fd, reader: reader, leading: [block], firstLine: skippedLines + 1), head)
        }
        return nil
    }

    /// Adds `next` to `sum`, refusing to add up different units (nanoseconds
    /// and bytes, or periods and sample counts, mean nothing summed).
    private func merged(_ sum: Profile?, _ next: Profile, name: String) throws -> Profile {
        guard let sum else { return next }
        if let a = sum.unit, let b = next.unit, a != b {
            throw InputError(input: name, reason: "its weights are \(b), the inputs before it measure \(a); flame sums only like units (convert to folded counts first to merge them anyway)")
        }
        sum.merge(next)
        return sum
    }

    private func mixed(_ input: InputSource) -> InputError {
        InputError(input: input.displayName,
                   reason: "cannot mix differential input (stack COUNT1 COUNT2) with plain profiles")
    }
}
