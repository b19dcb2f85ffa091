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
    private(set) var unrecognizedLines: [(block: Int?, line: Int, text: [UInt8])] = []
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

    func unrecognized(_ text: UnsafeBufferPointer<UInt8>, line: Int) {
        unrecognizedCount += 1
        if unrecognizedLines.count < Self.keptLines {
            unrecognizedLines.append((block, line, Array(text.prefix(160))))
        }
    }

    /// Adds the findings of `other`.
    func absorb(_ other: CollapseReport) {
        samples += other.samples
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
            (nil, entry.block.map { blockStarts[$0] + entry.line - 1 } ?? entry.line, entry.text)
        }
        unrecognizedLines.sort { $0.line < $1.line }
        unrecognizedLines = Array(unrecognizedLines.prefix(Self.keptLines))
    }
}
