#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per unique stack (a sequence of frame ids, root first) its weight and its
/// number of samples. The weight is what folded output prints and widths
/// follow: summed perf periods, pprof values (nanoseconds, bytes), sampler
/// timer periods, folded counts. The samples are how many observations stand
/// behind it, which every noise estimate needs (see docs/architecture.md for
/// what each reader counts). Stacks live in one arena of ids; memory grows
/// with the number of distinct stacks, never with the number of samples.
public final class StackTable {
    // One owner thread, never re-entered: no run-time exclusivity checks (see ByteKeyTable).
    @exclusivity(unchecked) private var frames = GrowableBuffer<UInt32>(capacity: 1 << 14)
    @exclusivity(unchecked) private var starts = GrowableBuffer<Int>(capacity: 1 << 10)
    @exclusivity(unchecked) private var weights = GrowableBuffer<UInt64>(capacity: 1 << 10)
    @exclusivity(unchecked) private var sampleCounts = GrowableBuffer<UInt64>(capacity: 1 << 10)
    /// A sum passed 2^64 - 1 and stopped there: readers turn this into a
    /// warning, never a silently wrong figure.
    public private(set) var overflowed = false
    @exclusivity(unchecked) private var slots: UnsafeMutablePointer<ByteKeyTable.Slot>
    @exclusivity(unchecked) private var mask: Int
    /// Stacks `0 ..< indexed` are in `slots`; the rest were appended by
    /// `addDistinct` and are indexed when a look-up first needs them.
    private var indexed = 0
    /// `ByteHash.seed`, held here (see `ByteKeyTable`).
    private let seed = ByteHash.seed

    public init() {
        mask = 1023
        slots = .allocate(capacity: mask + 1)
        slots.initialize(repeating: .empty, count: mask + 1)
        starts.append(0)
    }

    deinit {
        frames.free()
        starts.free()
        weights.free()
        sampleCounts.free()
        slots.deallocate()
    }

    /// Number of distinct stacks.
    public var count: Int { weights.count }

    /// Sum of all weights (saturating).
    public var totalWeight: UInt64 { Self.sum(weights) }

    /// Sum of all sample counts (saturating).
    public var totalSamples: UInt64 { Self.sum(sampleCounts) }

    private static func sum(_ values: GrowableBuffer<UInt64>) -> UInt64 {
        var sum: UInt64 = 0
        for i in 0 ..< values.count { sum = sum.addingSaturated(values[i]) }
        return sum
    }

    /// Adds `weight` and `samples` to the stack `ids[0..<n]` (root first);
    /// returns its index.
    @discardableResult @inline(__always)
    public func add(_ ids: UnsafePointer<UInt32>, _ n: Int, weight: UInt64, samples: UInt64) -> Int {
        if indexed < count { indexPending() }
        let hash = hash(ids, n)
        let tag = hash >> 32
        var index = ByteKeyTable.Slot.index(tag, mask)
        while true {
            let slot = slots[index]
            if slot.tagAndID == 0 { break }
            if slot.tagAndID >> 32 == tag, Int(truncatingIfNeeded: slot.location & Self.lengthMask) == n,
               ByteKeyTable.equal(UnsafeRawPointer(frames.base + Int(truncatingIfNeeded: slot.location >> ByteKeyTable.Slot.lengthBits))
                                    .assumingMemoryBound(to: UInt8.self), ids, n * 4) {
                let stack = Int(truncatingIfNeeded: (slot.tagAndID &- 1) & 0xFFFF_FFFF)
                add(weight: weight, samples: samples, to: stack)
                return stack
            }
            index = (index + 1) & mask
        }
        let stack = append(ids, n, weight: weight, samples: samples)
        slots[index] = Self.slot(stack, tag: tag, start: starts[stack], length: n)
        indexed = count
        if ByteKeyTable.Slot.isCrowded(count, mask) { grow() }
        return stack
    }

    /// Adds the stack `ids[0..<n]`, which the caller knows is not in the
    /// table yet (a reader of sorted input, whose lines only grow; a
    /// transformation of stacks that were all distinct), without looking it
    /// up; returns its index. Later look-ups index it first.
    @discardableResult @inline(__always)
    public func addDistinct(_ ids: UnsafePointer<UInt32>, _ n: Int, weight: UInt64, samples: UInt64) -> Int {
        append(ids, n, weight: weight, samples: samples)
    }

    /// Adds `weight` and `samples` to stack `stack`, which exists.
    @inline(__always)
    public func add(weight: UInt64, samples: UInt64, to stack: Int) {
        let (w, o1) = weights[stack].addingReportingOverflow(weight)
        let (s, o2) = sampleCounts[stack].addingReportingOverflow(samples)
        if o1 || o2 { overflowed = true }
        weights[stack] = o1 ? .max : w
        sampleCounts[stack] = o2 ? .max : s
    }

    @inline(__always)
    private func append(_ ids: UnsafePointer<UInt32>, _ n: Int, weight: UInt64, samples: UInt64) -> Int {
        precondition(n < 1 << ByteKeyTable.Slot.lengthBits, "stack deeper than 2^27 frames")
        let stack = weights.count
        frames.append(contentsOf: ids, count: n)
        starts.append(frames.count)
        weights.append(weight)
        sampleCounts.append(samples)
        return stack
    }

    private static let lengthMask: UInt64 = (1 << ByteKeyTable.Slot.lengthBits) - 1

    @inline(__always)
    private func hash(_ ids: UnsafePointer<UInt32>, _ n: Int) -> UInt64 {
        ByteHash.hash(UnsafeRawBufferPointer(start: ids, count: n * 4), seed: seed)
    }

    @inline(__always)
    private static func slot(_ stack: Int, tag: UInt64, start: Int, length: Int) -> ByteKeyTable.Slot {
        ByteKeyTable.Slot(tagAndID: tag << 32 | UInt64(stack + 1),
                          location: UInt64(start) << ByteKeyTable.Slot.lengthBits | UInt64(length))
    }

    /// Puts the stacks `addDistinct` appended into the index.
    private func indexPending() {
        while ByteKeyTable.Slot.isCrowded(count, mask) { grow() }
        for stack in indexed ..< count {
            let ids = self.frames(of: stack)
            let tag = hash(ids.baseAddress ?? UnsafePointer(bitPattern: 4)!, ids.count) >> 32
            var index = ByteKeyTable.Slot.index(tag, mask)
            while slots[index].tagAndID != 0 { index = (index + 1) & mask }
            slots[index] = Self.slot(stack, tag: tag, start: starts[stack], length: ids.count)
        }
        indexed = count
    }

    @discardableResult
    public func add(_ ids: [UInt32], weight: UInt64, samples: UInt64) -> Int {
        ids.withUnsafeBufferPointer {
            add($0.baseAddress ?? UnsafePointer(bitPattern: 4)!, $0.count, weight: weight, samples: samples)
        }
    }

    /// The frame ids of stack `index`, root first; valid until the next insertion.
    @inline(__always)
    public func frames(of index: Int) -> UnsafeBufferPointer<UInt32> {
        let start = starts[index]
        return UnsafeBufferPointer(start: frames.base + start, count: starts[index + 1] - start)
    }

    @inline(__always)
    public func weight(of index: Int) -> UInt64 { weights[index] }

    @inline(__always)
    public func samples(of index: Int) -> UInt64 { sampleCounts[index] }

    private func grow() {
        (slots, mask) = ByteKeyTable.Slot.grown(slots, mask: mask)
    }
}

extension UInt64 {
    @inline(__always)
    public func addingSaturated(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
