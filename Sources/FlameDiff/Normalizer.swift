import FlameModel

/// One profile after normalization, with what it looked like before.
public struct NormalizedProfile {
    /// The comparable profile: renamed frames, label roots gone, kernel and
    /// inline rules and focus/ignore applied.
    public let profile: Profile
    /// The structure of the input (names rewritten, labels dropped, nothing
    /// else removed).
    public let shape: ProfileShape
    /// Weight and samples left out, by reason (`focus`, `ignore`,
    /// `kernel leaf`, `no user frame`, `no frames`).
    public let removed: [Removal]

    public struct Removal: Sendable, Equatable {
        public let reason: String
        public var weight: UInt64
        public var samples: UInt64
    }
}

/// Applies `NormalizeOptions` to a profile. Names are rewritten once per
/// distinct frame; the stack pass is linear in the unique stacks.
public struct Normalizer {
    public let options: NormalizeOptions

    public init(options: NormalizeOptions) { self.options = options }

    static let opaqueBuckets: Set<[UInt8]> = Set([
        "[unknown]", "runtime._ExternalCode", "runtime._System", "runtime._VDSO", "runtime._LostExternalCode",
        "runtime._LostSIGPROFDuringAtomic64", "runtime._LostContendedRuntimeLock",
    ].map { Array($0.utf8) })

    /// Whether the options change nothing (exact names, kernel and inline
    /// frames kept, no rewrites or filters).
    public var isIdentity: Bool {
        let o = options
        return o.exactNames && !o.stripRoot && o.kernel == .keep && !o.physical && o.maps.isEmpty && o.focus == nil && o.ignore == nil && !o.stripHex
    }

    /// Only the comparable profile: `input` itself when nothing changes, by
    /// the options or, for these names, by the name rules.
    public func stacks(_ input: Profile) -> Profile {
        isIdentity || (keepsStacks && keepsNames(input)) ? input : normalize(input).profile
    }

    /// Whether the options leave every stack's frames in place (names aside).
    private var keepsStacks: Bool {
        let o = options
        return !o.stripRoot && o.kernel == .keep && !o.physical && o.focus == nil && o.ignore == nil
    }

    /// Whether normalizing `input` would give the same frames and stacks:
    /// no name is rewritten, no label dropped, no stack empty.
    private func keepsNames(_ input: Profile) -> Bool {
        let rewriter = NameRewriter(options: options)
        for id in 0 ..< UInt32(input.frames.count) {
            if input.frames.kind(id) == .label && !options.exactNames { return false }
            if !rewriter.rewrite(input.frames[id]).elementsEqual(input.frames[id]) { return false }
        }
        return (0 ..< input.stacks.count).allSatisfy { input.stacks.frames(of: $0).count > 0 }
    }

    public func normalize(_ input: Profile) -> NormalizedProfile {
        let out = Profile(unit: input.unit)
        let rewriter = NameRewriter(options: options)
        let entries = Set(options.entryPoints.map { Array($0.utf8) })
        let dropped = UInt32.max
        // Per input frame: its id in `out` (or `dropped` for labels), and flags.
        var remap = [UInt32](repeating: dropped, count: input.frames.count)
        var isEntry = [Bool](repeating: false, count: input.frames.count)
        var isOpaque = [Bool](repeating: false, count: input.frames.count)
        for id in 0 ..< input.frames.count {
            let frame = UInt32(id)
            let kind = input.frames.kind(frame)
            if kind == .label && !options.exactNames { continue }
            let name = rewriter.rewrite(input.frames[frame])
            isEntry[id] = entries.contains(name)
            isOpaque[id] = kind == .unknown || Self.opaqueBuckets.contains(name)
            let module = input.frames.module(frame).map { out.frames.internModule($0) }
            remap[id] = out.frames.intern(name, kind: kind, module: module)
        }
        let focus = options.focus.map { matchTable(out.frames, $0) }
        let ignore = options.ignore.map { matchTable(out.frames, $0) }

        var shape = ShapeAccumulator()
        var removed: [String: NormalizedProfile.Removal] = [:]
        func remove(_ reason: String, _ index: Int) {
            var r = removed[reason] ?? .init(reason: reason, weight: 0, samples: 0)
            r.weight = r.weight.addingSaturated(input.stacks.weight(of: index))
            r.samples = r.samples.addingSaturated(input.stacks.samples(of: index))
            removed[reason] = r
        }
        // While no two input frames became one and every stack so far kept
        // all its frames, each stack is as distinct from the others as it was
        // in the input, so it is appended without a look-up.
        var distinct = out.frames.count == remap.lazy.filter { $0 != dropped }.count
        var ids: [UInt32] = []
        for index in 0 ..< input.stacks.count {
            ids.removeAll(keepingCapacity: true)
            var outermostUser: Int? = nil
            var leaf = ShapeAccumulator.LeafClass.unknown
            let stack = input.stacks.frames(of: index)
            let skipFirst = options.stripRoot && !stack.isEmpty && input.frames.kind(stack[0]) != .label
            for id in skipFirst ? stack.dropFirst() : stack[...] where remap[Int(id)] != dropped {
                let kind = input.frames.kind(id)
                if outermostUser == nil, kind != .kernel { outermostUser = Int(id) }
                leaf = kind == .kernel ? .kernel : kind == .vdso ? .vdso : isOpaque[Int(id)] ? .unknown : .other
                ids.append(remap[Int(id)])
            }
            let weight = input.stacks.weight(of: index)
            shape.add(weight: weight, depth: ids.count, leaf: leaf,
                      truncated: outermostUser.map { !isEntry[$0] } ?? false)
            if ids.isEmpty { remove("no frames", index); continue }
            if let focus, !ids.contains(where: { focus[Int($0)] }) { remove("focus", index); continue }
            if let ignore, ids.contains(where: { ignore[Int($0)] }) { remove("ignore", index); continue }
            switch options.kernel {
            case .keep: break
            case .drop:
                if out.frames.kind(ids[ids.count - 1]) == .kernel { remove("kernel leaf", index); continue }
            case .charge:
                ids.removeAll { out.frames.kind($0) == .kernel }
                if ids.isEmpty { remove("no user frame", index); continue }
            }
            if options.physical {
                ids.removeAll { out.frames.kind($0) == .inlined }
                if ids.isEmpty { remove("no frames", index); continue }
            }
            distinct = distinct && ids.count == stack.count
            if distinct {
                ids.withUnsafeBufferPointer {
                    out.stacks.addDistinct($0.baseAddress ?? UnsafePointer(bitPattern: 4)!, $0.count, weight: weight,
                                           samples: input.stacks.samples(of: index))
                }
            } else {
                out.stacks.add(ids, weight: weight, samples: input.stacks.samples(of: index))
            }
        }
        return NormalizedProfile(
            profile: out,
            shape: shape.finish(samples: input.totalSamples, weight: input.total, unit: input.unit),
            removed: removed.values.sorted { $0.reason < $1.reason })
    }

    private func matchTable(_ frames: FrameTable, _ pattern: NamePattern) -> [Bool] {
        (0 ..< frames.count).map { pattern.matches(frames.string(UInt32($0))) }
    }
}
