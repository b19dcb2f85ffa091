import FlameModel

/// What a collapse run noticed besides stacks: counts for the summary and the
/// diagnostics users need (events filtered out, lines that could not be read).
final class CollapseReport {
    var samples = 0
    /// Samples with more frames than a stack may hold, cut at the limit.
    var truncatedSamples = 0
    /// The last line, when the input ended inside a sample (no empty line
    /// after it); stackcollapse-perf.pl does not count such a sample.
    var endedInsideSample: Int? = nil
    /// Whether the kept event was chosen as the first one seen.
    var filterDefaulted = false
    /// Samples skipped per event name because another event was kept.
    private(set) var ignoredEvents: [(name: [UInt8], samples: Int)] = []
    /// The first few unreadable lines. A parallel worker knows line numbers
    /// only within its block, so each is kept with its block (nil: the line
    /// number is already absolute) until the driver knows where blocks start.
    private(set) var unrecognizedLines: [(block: Int?, line: Int, text: [UInt8], outsideSample: Bool)] = []
    /// Lines that ended in a carriage return (CRLF input).
    var carriageReturns = 0
    /// The block the collapser is reading, for the line numbers above.
    var block: Int? = nil
    private(set) var unrecognizedCount = 0
    static let keptLines = 5

    func ignoredEvent(_ name: UnsafeRawBufferPointer) {
        if let i = ignoredEvents.firstIndex(where: { $0.name.elementsEqual(name) }) {
            ignoredEvents[i].samples += 1
        } else {
            ignoredEvents.append((Array(name), 1))
        }
    }

    /// A line that is not perf script, or (`outsideSample`) a frame line
    /// before any sample header: both are skipped, as the Perl script does.
    func unrecognized(_ text: UnsafeBufferPointer<UInt8>, line: Int, outsideSample: Bool = false) {
        unrecognizedCount += 1
        if unrecognizedLines.count < Self.keptLines {
            unrecognizedLines.append((block, line, Array(text.prefix(160)), outsideSample))
        }
    }

    /// Adds the findings of `other`.
    func absorb(_ other: CollapseReport) {
        samples += other.samples
        carriageReturns += other.carriageReturns
        truncatedSamples += other.truncatedSamples
        for event in other.ignoredEvents {
            if let i = ignoredEvents.firstIndex(where: { $0.name == event.name }) {
                ignoredEvents[i].samples += event.samples
            } else {
                ignoredEvents.append(event)
            }
        }
        unrecognizedLines += other.unrecognizedLines
        unrecognizedCount += other.unrecognizedCount
    }

    /// Makes every kept line number absolute (`blockStarts[b]` is the number
    /// of block b's first line) and keeps the first few in input order.
    func resolveLines(blockStarts: [Int]) {
        unrecognizedLines = unrecognizedLines.map { entry in
            (nil, entry.block.map { blockStarts[$0] + entry.line - 1 } ?? entry.line, entry.text, entry.outsideSample)
        }
        unrecognizedLines.sort { $0.line < $1.line }
        unrecognizedLines = Array(unrecognizedLines.prefix(Self.keptLines))
    }

    /// Tells `diagnostics` what users need to know about this read of
    /// `input`; throws when an explicit event filter matched nothing.
    func warn(_ diagnostics: Diagnostics, input: String, keptEvent: [UInt8]?) throws {
        for bad in unrecognizedLines {
            let what = bad.outsideSample ? "frame line outside any sample (no sample header before it); skipped" : "unrecognized line"
            diagnostics.warn("\(input):\(bad.line): \(what): \(Diagnostics.excerpt(bad.text))")
        }
        if carriageReturns > 0 {
            diagnostics.warn("\(input): \(carriageReturns) lines end in CRLF; read as LF (stackcollapse-perf.pl's output is the contract for LF input only)")
        }
        if unrecognizedCount > unrecognizedLines.count {
            diagnostics.warn("\(input): \(unrecognizedCount - unrecognizedLines.count) more unrecognized lines")
        }
        let seen = ignoredEvents.map { "\(Diagnostics.excerpt($0.name)) (\($0.samples) samples)" }.joined(separator: ", ")
        if filterDefaulted, !ignoredEvents.isEmpty, let kept = keptEvent {
            diagnostics.warn("\(input): several event types; kept \(Diagnostics.excerpt(kept)), the first seen (choose with --event-filter); ignored: \(seen)")
        }
        if !filterDefaulted, samples == 0, !ignoredEvents.isEmpty, let kept = keptEvent {
            throw InputError(input: input, reason: "no samples of event '\(Diagnostics.excerpt(kept))'; events seen: \(seen)")
        }
        if truncatedSamples > 0 {
            diagnostics.warn("\(input): \(truncatedSamples) samples had more than \(PerfScriptCollapser.maxFrames) frames; their outermost frames were dropped")
        }
        if let line = endedInsideSample {
            diagnostics.warn("\(input):\(line): input ends inside a sample (no empty line after it); that sample is not counted, as in stackcollapse-perf.pl")
        }
    }
}
