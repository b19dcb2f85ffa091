/// The shared profile model: interned frame names and a count per unique stack.
/// Every reader produces one; every writer and renderer consumes one. Folded
/// text (`root;caller;leaf COUNT`) is this model written out.
public final class Profile {
    public let frames: ByteKeyTable
    public let stacks: StackTable

    public init() {
        frames = ByteKeyTable()
        stacks = StackTable()
    }

    public init(frames: ByteKeyTable, stacks: StackTable) {
        self.frames = frames
        self.stacks = stacks
    }

    /// Sum of all sample counts.
    public var total: UInt64 { stacks.total }

    /// Adds `count` samples to the stack made of `names`, root first.
    public func add(stack names: [String], count: UInt64) {
        stacks.add(names.map { frames.intern($0) }, count: count)
    }

    /// Adds every stack of `other` into this profile, summing counts. Merging is
    /// associative and commutative: shards merge in any order to the same profile.
    public func merge(_ other: Profile) {
        let remap = (0 ..< other.frames.count).map { frames.intern(other.frames[UInt32($0)]) }
        var scratch = [UInt32]()
        for index in 0 ..< other.stacks.count {
            scratch.removeAll(keepingCapacity: true)
            for id in other.stacks.frames(of: index) { scratch.append(remap[Int(id)]) }
            stacks.add(scratch, count: other.stacks.count(of: index))
        }
    }

    /// Every stack as (frame names root first, count), in table order. Meant for
    /// tests and small profiles; writers work on the tables directly.
    public func entries() -> [(stack: [String], count: UInt64)] {
        (0 ..< stacks.count).map { index in
            (stacks.frames(of: index).map { frames.string($0) }, stacks.count(of: index))
        }
    }
}
