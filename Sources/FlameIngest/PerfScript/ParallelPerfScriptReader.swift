#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FlameModel

/// Runs the perf script collapser over one input, on one thread or many.
///
/// With several threads, blocks of lines go to workers. A worker can only read
/// from a point where the Perl state machine is known to be at rest: right
/// after an empty line, which ends every sample. So each worker collapses its
/// block from the first empty line to the last, and hands back the head before
/// and the tail after; one sequencer feeds heads and tails, in input order, to
/// a collapser that carries state across blocks. The result is exactly that of
/// one pass over the whole input, for any thread count and block size.
struct ParallelPerfScriptReader {
    let options: PerfScriptOptions
    let threads: Int
    let blockSize: Int
    let diagnostics: Diagnostics

    /// Collapses `leading` blocks and the rest of `reader` into
    /// `profile`. `eventFilter` is the event kept so far (nil: not yet known)
    /// and is updated to the event this input settled on.
    func run(_ input: OpenedInput, into profile: Profile,
             eventFilter: inout [UInt8]?, defaultedFilter: Bool) throws -> CollapseReport {
        let main = PerfScriptCollapser(options: options, eventFilter: eventFilter, diagnostics: diagnostics, profile: profile)
        // One block is the whole input: threads would only add overhead.
        var blocks = input.blocks
        if threads <= 1 || blocks.isLast {
            var line = input.firstLine
            while let block = try blocks.next() {
                line += main.feed(block.bytes, firstLine: line)
            }
            main.report.endedInsideSample = main.insideSample ? line - 1 : nil
            main.report.resolveLines(blockStarts: [])
        } else {
            try runParallel(blocks: &blocks, main: main, firstLine: input.firstLine)
        }
        eventFilter = main.eventFilter
        main.report.filterDefaulted = defaultedFilter
        return main.report
    }

    private func runParallel(blocks: inout BlockSequence, main: PerfScriptCollapser, firstLine: Int) throws {
        let queue = BlockingQueue<(index: Int, block: Block, filter: [UInt8]?)>(capacity: threads * 2)
        let sequencer = Sequencer(main: main, firstLine: firstLine)
        let workers = (0 ..< threads).map { _ in
            PerfScriptCollapser(options: options, eventFilter: main.eventFilter, diagnostics: diagnostics)
        }
        let threadHandles = workers.map { worker in
            let box = UncheckedBox(worker)
            return WorkerThread {
                while let job = queue.pop() {
                    box.value.eventFilter = job.filter
                    let result = Self.collapseBlock(job.block, index: job.index, with: box.value)
                    sequencer.deliver(result)
                }
            }
        }
        var filter = main.eventFilter
        var index = 0
        var failure: Error?
        while true {
            let block: Block
            do {
                guard let next = try blocks.next() else { break }
                block = next
            } catch {
                failure = error
                break
            }
            if filter == nil { filter = Self.firstEvent(in: block.bytes) }
            queue.push((index, block, filter))
            index += 1
        }
        queue.close()
        for handle in threadHandles { handle.join() }
        if let failure { throw failure }
        let lines = sequencer.finish()
        main.report.endedInsideSample = main.insideSample ? lines : nil
        for worker in workers {
            main.profile.merge(worker.profile)
            main.report.absorb(worker.report)
        }
        main.report.resolveLines(blockStarts: sequencer.blockStarts)
    }

    /// The event name of the first sample header in `bytes`, as the collapser
    /// would see it, so that every worker filters on the same event.
    static func firstEvent(in bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        let all = bytes.bindMemory(to: UInt8.self)
        var start = 0
        while start < all.count {
            var end = start
            while end < all.count, all[end] != 10 { end += 1 }
            let line = UnsafeBufferPointer(rebasing: all[start ..< end])
            start = end + 1
            guard let first = line.first, first != UInt8(ascii: "#"), !PerfScriptSyntax.isSpace(first),
                  PerfScriptSyntax.header(line) != nil,
                  let (_, event) = PerfScriptSyntax.event(line) else { continue }
            return Array(line[event])
        }
        return nil
    }

    /// What a worker hands back for one block.
    struct BlockResult {
        var index: Int
        var head: [UInt8]
        var tail: [UInt8]
        var headLines: Int
        var middleLines: Int
        var filter: [UInt8]?
    }

    static func collapseBlock(_ block: Block, index: Int, with collapser: PerfScriptCollapser) -> BlockResult {
        let bytes = block.bytes.bindMemory(to: UInt8.self)
        let n = bytes.count
        // An empty line is a newline at the start of a line.
        var firstEnd: Int? = nil
        if n > 0, bytes[0] == 10 {
            firstEnd = 1
        } else {
            var from = 0
            while from < n, let hit = memchr(block.bytes.baseAddress! + from, 10, n - from) {
                let at = UnsafeRawPointer(hit) - block.bytes.baseAddress!
                if at + 1 < n, bytes[at + 1] == 10 { firstEnd = at + 2; break }
                from = at + 1
            }
        }
        guard let headEnd = firstEnd else {
            return BlockResult(index: index, head: Array(bytes), tail: [], headLines: 0, middleLines: 0, filter: collapser.eventFilter)
        }
        var lastEnd = headEnd
        var k = n - 1
        while k >= headEnd {
            if bytes[k] == 10, bytes[k - 1] == 10 { lastEnd = k + 1; break }
            k -= 1
        }
        let headLines = countNewlines(UnsafeRawBufferPointer(rebasing: block.bytes[0 ..< headEnd]))
        collapser.report.block = index
        let middleLines = collapser.feed(UnsafeRawBufferPointer(rebasing: block.bytes[headEnd ..< lastEnd]), firstLine: headLines + 1)
        return BlockResult(index: index, head: Array(bytes[0 ..< headEnd]), tail: Array(bytes[lastEnd ..< n]),
                           headLines: headLines, middleLines: middleLines, filter: collapser.eventFilter)
    }

    static func countNewlines(_ bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        for b in bytes where b == 10 { count += 1 }
        return count
    }
}

/// Feeds block heads and tails to the main collapser in input order, as
/// workers finish them in any order.
private final class Sequencer: @unchecked Sendable {
    private let monitor = Monitor()
    private let main: PerfScriptCollapser
    private var pending: [Int: ParallelPerfScriptReader.BlockResult] = [:]
    private var next = 0
    private var line: Int
    private let firstLine: Int
    private(set) var blockStarts: [Int] = []

    init(main: PerfScriptCollapser, firstLine: Int) {
        self.main = main
        self.firstLine = firstLine
        line = firstLine
    }

    func deliver(_ result: ParallelPerfScriptReader.BlockResult) {
        monitor.locked {
            pending[result.index] = result
            while let ready = pending.removeValue(forKey: next) {
                blockStarts.append(line)
                main.report.block = nil
                if main.eventFilter == nil { main.eventFilter = ready.filter }
                let headLines = ready.head.withUnsafeBytes { main.feed($0, firstLine: line) }
                let tailLines = ready.tail.withUnsafeBytes {
                    main.feed($0, firstLine: line + headLines + ready.middleLines)
                }
                line += headLines + ready.middleLines + tailLines
                next += 1
            }
        }
    }

    /// The number of the last line read, once every block is in.
    func finish() -> Int { monitor.locked { line - 1 } }
}

final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
