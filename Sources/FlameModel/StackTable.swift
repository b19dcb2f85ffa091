#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts per unique stack, a stack being a sequence of frame ids, root first.
/// Stacks live in one arena of ids; memory grows with the number of distinct
/// stacks, never with the number of samples.
public final class StackTable {
    private var frames = GrowableBuffer<UInt32>(capacity: 1 << 14)
    private var starts = GrowableBuffer<Int>(capacity: 1 << 10)
    private var counts = GrowableBuffer<UInt64>(capacity: 1 << 10)
    private var slots: UnsafeMutablePointer<ByteKeyTable.Slot>
    private var mask: Int

    public init() {
        mask = 1023
        slots = .allocate(capacity: mask + 1)
        slots.initialize(repeating: .empty, count: mask + 1)
        starts.append(0)
    }

    deinit {
        frames.free()
        starts.free()
        counts.free()
        slots.deallocate()
    }

    /// Number of distinct stacks.
    public var count: Int { counts.count }

    /// Sum of all counts (saturating).
    public var total: UInt64 {
        var sum: UInt64 = 0
        for i in 0 ..< counts.count { sum = sum.addingSaturated(counts[i]) }
        return sum
    }

    /// Adds `count` to the stack `ids[0..<n]` (root first); returns its index.
    @discardableResult @inline(__always)
    public func add(_ ids: UnsafePointer<UInt32>, _ n: Int, count: UInt64) -> Int {
        let hash = ByteHash.hash(UnsafeRawBufferPointer(start: ids, count: n * 4))
        let tag = hash >> 32
        var index = Int(truncatingIfNeeded: hash) & mask
        let lengthMask: UInt64 = (1 << ByteKeyTable.Slot.lengthBits) - 1
        while true {
            let slot = slots[index]
            if slot.tagAndID == 0 { break }
            if slot.tagAndID >> 32 == tag, Int(truncatingIfNeeded: slot.location & lengthMask) == n,
               ByteKeyTable.equal(UnsafeRawPointer(frames.base + Int(truncatingIfNeeded: slot.location >> ByteKeyTable.Slot.lengthBits))
                                    .assumingMemoryBound(to: UInt8.self), ids, n * 4) {
                let stack = Int(truncatingIfNeeded: (slot.tagAndID &- 1) & 0xFFFF_FFFF)
                counts[stack] = counts[stack].addingSaturated(count)
                return stack
            }
            index = (index + 1) & mask
        }
        let stack = counts.count
        let start = frames.count
        frames.append(contentsOf: ids, count: n)
        starts.append(frames.count)
        counts.append(count)
        slots[index] = ByteKeyTable.Slot(tagAndID: tag << 32 | UInt64(stack + 1),
                                         location: UInt64(start) << ByteKeyTable.Slot.lengthBits | UInt64(n))
        if counts.count * 2 > mask { grow() }
        return stack
    }

    public func add(_ ids: [UInt32], count: UInt64) {
        ids.withUnsafeBufferPointer { add($0.baseAddress ?? UnsafePointer(bitPattern: 4)!, $0.count, count: count) }
    }

    /// The frame ids of stack `index`, root first; valid until the next insertion.
    @inline(__always)
    public func frames(of index: Int) -> UnsafeBufferPointer<UInt32> {
        let start = starts[index]
        return UnsafeBufferPointer(start: frames.base + start, count: starts[index + 1] - start)
    }

    public func count(of index: Int) -> UInt64 { counts[index] }

    private func grow() {
        let size = (mask + 1) * 2
        let newMask = size - 1
        let newSlots = UnsafeMutablePointer<ByteKeyTable.Slot>.allocate(capacity: size)
        newSlots.initialize(repeating: .empty, count: size)
        for index in 0 ... mask where slots[index].tagAndID != 0 {
            let stack = Int(truncatingIfNeeded: (slots[index].tagAndID &- 1) & 0xFFFF_FFFF)
            let hash = ByteHash.hash(UnsafeRawBufferPointer(frames(of: stack)))
            var target = Int(truncatingIfNeeded: hash) & newMask
            while newSlots[target].tagAndID != 0 { target = (target + 1) & newMask }
            newSlots[target] = slots[index]
        }
        slots.deallocate()
        slots = newSlots
        mask = newMask
    }
}

extension UInt64 {
    @inline(__always)
    public func addingSaturated(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
