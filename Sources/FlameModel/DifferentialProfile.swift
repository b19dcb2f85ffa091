/// Two profiles over the same stacks, as difffolded.pl writes them
/// (`stack COUNT1 COUNT2`): `after` holds the second counts (they give the
/// widths), `before` the first count of each stack of `after`, by stack index.
/// A stack present in only one input has a zero count in the other.
public final class DifferentialProfile {
    public let after: Profile
    public private(set) var before: [UInt64] = []

    public init() { after = Profile() }

    /// Adds one differential line: the stack `ids[0..<n]` (interned in
    /// `after.frames`) with its first and second counts.
    @inline(__always)
    public func add(_ ids: UnsafePointer<UInt32>, _ n: Int, before first: UInt64, after second: UInt64) {
        let index = after.stacks.add(ids, n, weight: second, samples: second)
        if index == before.count {
            before.append(first)
        } else {
            before[index] = before[index].addingSaturated(first)
        }
    }

    public func add(stack names: [String], before first: UInt64, after second: UInt64) {
        let ids = names.map { after.frames.intern($0) }
        ids.withUnsafeBufferPointer { add($0.baseAddress ?? UnsafePointer(bitPattern: 4)!, $0.count, before: first, after: second) }
    }

    /// Sum of the first counts (saturating).
    public var beforeTotal: UInt64 { before.reduce(0) { $0.addingSaturated($1) } }

    /// Replaces every first count by `transform` of it (`-n` scaling).
    public func scaleBefore(_ transform: (UInt64) -> UInt64) {
        for i in before.indices { before[i] = transform(before[i]) }
    }
}
