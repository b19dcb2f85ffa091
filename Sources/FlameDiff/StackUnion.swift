import FlameModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The stacks of two profiles side by side, as difffolded.pl pairs them:
/// every stack of either, with its weight in each (0 where absent).
public enum StackUnion {
    /// A differential profile: `after` holds `second`'s weights (the widths),
    /// `before` holds `first`'s, scaled to `second`'s total when `normalize`
    /// is set (difffolded.pl's `-n`, with its integer arithmetic). Stacks are
    /// paired by their text, as difffolded.pl pairs them: frames are keyed by
    /// name alone, so a kernel and a user `memcpy` are one frame here.
    public static func differential(first: Profile, second: Profile, normalize: Bool) -> DifferentialProfile {
        let diff = DifferentialProfile()
        let frames = diff.after.frames
        var ids: [UInt32] = []
        for (side, profile) in [first, second].enumerated() {
            let remap = (0 ..< profile.frames.count).map { id in
                let name = profile.frames[UInt32(id)]
                return frames.intern(name, kind: FrameKind(foldedName: name))
            }
            for index in 0 ..< profile.stacks.count {
                ids.removeAll(keepingCapacity: true)
                for id in profile.stacks.frames(of: index) { ids.append(remap[Int(id)]) }
                let w = profile.stacks.weight(of: index)
                ids.withUnsafeBufferPointer {
                    diff.add($0.baseAddress ?? UnsafePointer(bitPattern: 4)!, $0.count,
                             before: side == 0 ? w : 0, after: side == 0 ? 0 : w)
                }
            }
        }
        let (t1, t2) = (first.total, second.total)
        if normalize, t1 != t2, t1 > 0 {
            diff.scaleBefore { scaled($0, by: t2, over: t1) }
        }
        return diff
    }

    /// Perl's `int(c1 * total2 / total1)`: an exact integer product and
    /// quotient while they fit, floating point otherwise.
    static func scaled(_ c1: UInt64, by t2: UInt64, over t1: UInt64) -> UInt64 {
        let (product, overflow) = c1.multipliedReportingOverflow(by: t2)
        if !overflow, product <= UInt64(Int64.max) {
            if product % t1 == 0 { return product / t1 }
            return UInt64(Double(product) / Double(t1))
        }
        return UInt64(min(Double(c1) * Double(t2) / Double(t1), Double(UInt64.max / 2)))
    }

    /// difffolded.pl's output, `stack COUNT1 COUNT2` per line: the stacks of
    /// the first profile in its order, then those only the second has
    /// (difffolded.pl prints the same lines in hash order).
    public static func writeFolded(_ diff: DifferentialProfile, to sink: inout some ByteSink) throws {
        try writeFolded(diff.after, first: { diff.before[$0] }, second: { diff.after.stacks.weight(of: $0) }, to: &sink)
    }

    /// `--folded` alone: adds `second`'s stacks into `first` (with weight 0,
    /// so `first`'s weights stay the first counts) and writes the lines,
    /// without building a third table. `first` is consumed.
    public static func writeFolded(absorbing second: Profile, into first: Profile, normalize: Bool,
                                   to sink: inout some ByteSink) throws {
        let (t1, t2) = (first.total, second.total)
        let remap = (0 ..< second.frames.count).map { first.frames.intern(frame: UInt32($0), of: second.frames) }
        var counts = [UInt64](repeating: 0, count: first.stacks.count)
        var ids: [UInt32] = []
        for index in 0 ..< second.stacks.count {
            ids.removeAll(keepingCapacity: true)
            for id in second.stacks.frames(of: index) { ids.append(remap[Int(id)]) }
            let target = first.stacks.add(ids, weight: 0, samples: 0)
            if target == counts.count { counts.append(0) }
            counts[target] = counts[target].addingSaturated(second.stacks.weight(of: index))
        }
        let scale = normalize && t1 != t2 && t1 > 0
        try writeFolded(first, first: { scale ? scaled(first.stacks.weight(of: $0), by: t2, over: t1) : first.stacks.weight(of: $0) },
                        second: { counts[$0] }, to: &sink)
    }

    private static func writeFolded(_ profile: Profile, first: (Int) -> UInt64, second: (Int) -> UInt64,
                                    to sink: inout some ByteSink) throws {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 17)
        for index in 0 ..< profile.stacks.count {
            var separator = false
            for id in profile.stacks.frames(of: index) {
                if separator { out.append(UInt8(ascii: ";")) }
                separator = true
                out.append(contentsOf: profile.frames[id])
            }
            out.append(UInt8(ascii: " "))
            FoldedWriter.appendDecimal(first(index), to: &out)
            out.append(UInt8(ascii: " "))
            FoldedWriter.appendDecimal(second(index), to: &out)
            out.append(UInt8(ascii: "\n"))
            if out.count >= 1 << 16 {
                try sink.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        try sink.write(out)
    }
}
