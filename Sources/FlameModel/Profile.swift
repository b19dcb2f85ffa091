/// The shared profile model: interned frames (name, kind, module) and, per
/// unique stack, its weight and number of samples. Every reader produces one;
/// every writer, renderer and comparison consumes one. Folded text
/// (`root;caller;leaf WEIGHT`) is this model written out.
public final class Profile {
    public let frames: FrameTable
    public let stacks: StackTable
    /// What the weights measure, as pprof names sample types: `samples`
    /// (counts), `nanoseconds`, `bytes`, `period` (perf's summed event
    /// periods)... nil when the input did not say (folded text).
    public var unit: String?

    public init(unit: String? = nil) {
        frames = FrameTable()
        stacks = StackTable()
        self.unit = unit
    }

    /// Sum of all weights.
    public var total: UInt64 { stacks.totalWeight }

    /// Sum of all sample counts.
    public var totalSamples: UInt64 { stacks.totalSamples }

    /// Adds a stack of `names` (root first, kinds from folded annotations).
    public func add(stack names: [String], weight: UInt64, samples: UInt64? = nil) {
        stacks.add(names.map { frames.intern($0) }, weight: weight, samples: samples ?? weight)
    }

    /// Adds every stack of `other` into this profile, summing weights and
    /// samples. Merging is associative and commutative: shards merge in any
    /// order to the same profile. The unit stays when both agree (or one is
    /// unknown); callers that must not mix units check `unit` first.
    public func merge(_ other: Profile) {
        let remap = (0 ..< other.frames.count).map { frames.intern(frame: UInt32($0), of: other.frames) }
        var scratch = [UInt32]()
        for index in 0 ..< other.stacks.count {
            scratch.removeAll(keepingCapacity: true)
            for id in other.stacks.frames(of: index) { scratch.append(remap[Int(id)]) }
            stacks.add(scratch, weight: other.stacks.weight(of: index), samples: other.stacks.samples(of: index))
        }
        if unit == nil { unit = other.unit }
    }

    /// Every stack as (frame names root first, weight), in table order. Meant
    /// for tests and small profiles; writers work on the tables directly.
    public func entries() -> [(stack: [String], count: UInt64)] {
        (0 ..< stacks.count).map { index in
            (stacks.frames(of: index).map { frames.string($0) }, stacks.weight(of: index))
        }
    }
}
