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
        let hash = ByteHash.hash(UnsafeRawBufferPointer(start: ids, count: n * 4))
        let tag = hash >> 32
        var index = ByteKeyTable.Slot.index(tag, mask)
        let lengthMask: UInt64 = (1 << ByteKeyTable.Slot.lengthBits) - 1
        while true {
            let slot = slots[index]
            if slot.tagAndID == 0 { break }
            if slot.tagAndID >> 32 == tag, Int(truncatingIfNeeded: slot.location & lengthMask) == n,
               ByteKeyTable.equal(UnsafeRawPointer(frames.base + Int(truncatingIfNeeded: slot.location >> ByteKeyTable.Slot.lengthBits))
                                    .assumingMemoryBound(to: UInt8.self), ids, n * 4) {
                let stack = Int(truncatingIfNeeded: (slot.tagAndID &- 1) & 0xFFFF_FFFF)
                let (w, o1) = weights[stack].addingReportingOverflow(weight)
                let (s, o2) = sampleCounts[stack].addingReportingOverflow(samples)
                if o1 || o2 {
                    overflowed = true
                    weights[stack] = o1 ? .max : w
                    sampleCounts[stack] = o2 ? .max : s
                } else {
                    weights[stack] = w
                    sampleCounts[stack] = s
                }
                return stack
            }
            index = (index + 1) & mask
        }
        let stack = weights.count
        let start = frames.count
        frames.append(contentsOf: ids, count: n)
        starts.append(frames.count)
        weights.append(weight)
        sampleCounts.append(samples)
        slots[index] = ByteKeyTable.Slot(tagAndID: tag << 32 | UInt64(stack + 1),
                                         location: UInt64(start) << ByteKeyTable.Slot.lengthBits | UInt64(n))
        if ByteKeyTable.Slot.isCrowded(weights.count, mask) { grow() }
        return stack
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
