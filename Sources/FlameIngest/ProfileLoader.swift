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

    public init() {}
}

/// Reads any mix of supported inputs (each sniffed by content) into one
/// profile, summing counts of equal stacks. This is the entry point every
/// command that reads profiles goes through.
public struct ProfileLoader {
    public let options: LoadOptions
    public let diagnostics: Diagnostics

    public init(options: LoadOptions, diagnostics: Diagnostics = Diagnostics()) {
        self.options = options
        self.diagnostics = diagnostics
    }

    /// Reads plain profiles (perf script text, folded stacks) into one.
    public func load(_ inputs: [InputSource]) throws -> Profile {
        switch try loadForRendering(inputs) {
        case .plain(let profile):
            return profile
        case .differential:
            throw InputError(input: inputs.map(\.displayName).joined(separator: ", "),
                             reason: "differential input (stack COUNT1 COUNT2) has no single count per stack; render it with flame svg")
        }
    }

    func loadFolded(reader: BlockReader, leading: [Block], into profile: Profile, name: String) throws {
        let folded = FoldedReader(profile: profile)
        var blocks = BlockSequence(reader: reader, leading: leading)
        try blocks.feedAll { folded.feed($0, firstLine: $1) }
        folded.badLines.report(to: diagnostics, input: name, what: "not a folded line (stack COUNT)")
    }

    func warn(about report: CollapseReport, input: String, keptEvent: [UInt8]?) {
        for bad in report.unrecognizedLines {
            diagnostics.warn("\(input):\(bad.line): unrecognized line: \(Diagnostics.excerpt(bad.text))")
        }
        if report.unrecognizedCount > report.unrecognizedLines.count {
            diagnostics.warn("\(input): \(report.unrecognizedCount - report.unrecognizedLines.count) more unrecognized lines")
        }
        if report.filterDefaulted, !report.ignoredEvents.isEmpty, let kept = keptEvent {
            let ignored = report.ignoredEvents.map { "\(Diagnostics.excerpt($0.name)) (\($0.samples) samples)" }
            diagnostics.warn("\(input): several event types; kept \(Diagnostics.excerpt(kept)), the first seen (choose with --event-filter); ignored: \(ignored.joined(separator: ", "))")
        }
        if report.truncatedSamples > 0 {
            diagnostics.warn("\(input): \(report.truncatedSamples) samples had more than \(PerfScriptCollapser.maxFrames) frames; their outermost frames were dropped")
        }
        if let line = report.endedInsideSample {
            diagnostics.warn("\(input):\(line): input ends inside a sample (no empty line after it); that sample is not counted, as in stackcollapse-perf.pl")
        }
    }
}
