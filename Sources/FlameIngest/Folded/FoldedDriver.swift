import FlameModel

/// Reads folded input on one thread or many.
///
/// Folded lines are independent of each other, so any block of whole lines
/// can be read alone: each worker reads a block into a profile of its own,
/// and the blocks' profiles are merged into the target in input order. Names
/// and stacks therefore get their ids in the order they first appear in the
/// input, exactly as one pass would give them (`--no-sort` and flame charts
/// depend on it), whatever the thread count. Merging a block costs one
/// interning per distinct name and one insertion per distinct stack of the
/// block; the per-frame work of splitting and interning runs on all cores.
struct FoldedDriver {
    let threads: Int

    /// Reads every remaining block into `profile`; returns the lines that
    /// were not folded lines, numbered from the start of the input.
    func run(blocks: inout BlockSequence, into profile: Profile) throws -> BadLines {
        if threads <= 1 || blocks.isLast {
            let folded = FoldedReader(profile: profile)
            try blocks.feedAll { folded.feed($0, firstLine: $1) }
            return folded.badLines
        }
        let queue = BlockingQueue<(index: Int, block: Block)>(capacity: threads * 2)
        let merger = FoldedMerger(into: profile, firstLine: blocks.firstLine)
        let handles = (0 ..< threads).map { _ in
            WorkerThread {
                while let job = queue.pop() {
                    let part = FoldedReader(profile: Profile())
                    let lines = part.feed(job.block.bytes, firstLine: 1)
                    merger.deliver(index: job.index, part: part, lines: lines)
                }
            }
        }
        var index = 0
        var failure: Error?
        while true {
            do {
                guard let block = try blocks.next() else { break }
                queue.push((index, block))
                index += 1
            } catch {
                failure = error
                break
            }
        }
        queue.close()
        for handle in handles { handle.join() }
        if let failure { throw failure }
        return merger.finish()
    }
}

/// Merges the blocks' profiles into the target in input order, as workers
/// finish them in any order. Merging happens under the lock on the thread
/// that delivers, while the other workers go on reading.
private final class FoldedMerger: @unchecked Sendable {
    private let monitor = Monitor()
    private let profile: Profile
    private var pending: [Int: (part: FoldedReader, lines: Int)] = [:]
    private var next = 0
    private var linesBefore = 0
    private var badLines = BadLines()

    init(into profile: Profile, firstLine: Int) {
        self.profile = profile
        linesBefore = firstLine - 1
    }

    func deliver(index: Int, part: FoldedReader, lines: Int) {
        monitor.locked {
            pending[index] = (part, lines)
            while let ready = pending.removeValue(forKey: next) {
                profile.merge(ready.part.profile)
                badLines.absorb(ready.part.badLines, lineOffset: linesBefore)
                linesBefore += ready.lines
                next += 1
            }
        }
    }

    func finish() -> BadLines { monitor.locked { badLines } }
}
