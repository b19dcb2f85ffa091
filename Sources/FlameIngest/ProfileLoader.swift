import FlameModel

/// Options for reading inputs into a profile.
public struct LoadOptions: Sendable {
    public var perfScript = PerfScriptOptions()
    /// Worker threads for parsing; 1 reads on the calling thread.
    public var threads = 1
    /// Bytes per block handed to a worker.
    public var blockSize = 4 << 20

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

    public func load(_ inputs: [InputSource]) throws -> Profile {
        let profile = Profile()
        var eventFilter = options.perfScript.eventFilter
        let defaulted = eventFilter == nil
        for input in inputs.isEmpty ? [.standardInput] : inputs {
            let reader = BlockReader(fd: try input.open(), name: input.displayName, blockSize: options.blockSize)
            defer { reader.close() }
            // Blocks of only comments and empty lines say nothing of the format.
            var leading: [Block] = []
            var format: InputFormat? = nil
            while format == nil, let block = try reader.next() {
                leading.append(block)
                format = InputFormat.sniff(UnsafeRawBufferPointer(rebasing: block.bytes.prefix(1 << 16)))
            }
            switch format ?? .folded {
            case .folded:
                try loadFolded(reader: reader, leading: leading, into: profile, name: input.displayName)
            case .perfScript:
                let driver = PerfScriptDriver(options: options.perfScript, threads: options.threads, blockSize: options.blockSize)
                let report = try driver.run(reader: reader, leading: leading, into: profile,
                                            eventFilter: &eventFilter, defaultedFilter: defaulted)
                warn(about: report, input: input.displayName, keptEvent: eventFilter)
            }
        }
        return profile
    }

    func loadFolded(reader: BlockReader, leading: [Block], into profile: Profile, name: String) throws {
        let folded = FoldedReader(profile: profile)
        var line = 1
        var blocks = BlockSequence(reader: reader, leading: leading)
        while let block = try blocks.next() {
            line += folded.feed(block.bytes, firstLine: line)
        }
        for bad in folded.badLines {
            diagnostics.warn("\(name):\(bad.line): not a folded line (stack COUNT): \(Diagnostics.excerpt(bad.text))")
        }
        if folded.badLineCount > folded.badLines.count {
            diagnostics.warn("\(name): \(folded.badLineCount - folded.badLines.count) more lines that are not folded stacks")
        }
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
        if let line = report.endedInsideSample {
            diagnostics.warn("\(input):\(line): input ends inside a sample (no empty line after it); that sample is not counted, as in stackcollapse-perf.pl")
        }
    }
}
