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
    /// is set (difffolded.pl's `-n`, with its integer arithmetic).
    public static func differential(first: Profile, second: Profile, normalize: Bool) -> DifferentialProfile {
        let diff = DifferentialProfile()
        let frames = diff.after.frames
        var ids: [UInt32] = []
        for (side, profile) in [first, second].enumerated() {
            let remap = (0 ..< profile.frames.count).map { frames.intern(frame: UInt32($0), of: profile.frames) }
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

    /// difffolded.pl's output, `stack COUNT1 COUNT2` per line, sorted by stack
    /// (difffolded.pl prints them in hash order).
    public static func writeFolded(_ diff: DifferentialProfile, to sink: inout some ByteSink) throws {
        let profile = diff.after
        let lines = SortedStackText(profile)
        var out: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: 24)
        out.reserveCapacity(1 << 16)
        var i = 0
        while i < lines.order.count {
            let text = lines.text(lines.order[i])
            var c1 = diff.before[lines.order[i]], c2 = profile.stacks.weight(of: lines.order[i])
            var j = i + 1
            while j < lines.order.count, lines.text(lines.order[j]).elementsEqual(text) {
                c1 = c1.addingSaturated(diff.before[lines.order[j]])
                c2 = c2.addingSaturated(profile.stacks.weight(of: lines.order[j]))
                j += 1
            }
            out.append(contentsOf: text)
            out.append(UInt8(ascii: " "))
            FoldedWriter.appendDecimal(c1, to: &out, scratch: &scratch)
            out.append(UInt8(ascii: " "))
            FoldedWriter.appendDecimal(c2, to: &out, scratch: &scratch)
            out.append(UInt8(ascii: "\n"))
            if out.count >= 1 << 16 {
                try sink.write(out)
                out.removeAll(keepingCapacity: true)
            }
            i = j
        }
        try sink.write(out)
    }
}
