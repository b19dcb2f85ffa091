import FlameModel

/// difffolded.pl's pairing on whole stack texts, for folded inputs compared
/// with exact names: each line was hashed once when read, no frame split.
public enum StackTextUnion {
    /// Writes `stack COUNT1 COUNT2` for every key, in key order (`first`
    /// then `second` are the counts per key). `stripHex` is difffolded.pl's
    /// `-s`, `normalize` its `-n`.
    public static func writeFolded(_ texts: ByteKeyTable, first: [UInt64], second: [UInt64],
                                   normalize: Bool, stripHex: Bool, to sink: inout some ByteSink) throws {
        let (keys, counts1, c2) = stripHex ? stripped(texts, first, second) : (texts, first, second)
        var c1 = counts1
        let t1 = c1.reduce(UInt64(0)) { $0.addingSaturated($1) }, t2 = c2.reduce(UInt64(0)) { $0.addingSaturated($1) }
        if normalize, t1 != t2, t1 > 0 { c1 = c1.map { StackUnion.scaled($0, by: t2, over: t1) } }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 17)
        for id in 0 ..< keys.count {
            out.append(contentsOf: keys[UInt32(id)])
            out.append(UInt8(ascii: " "))
            FoldedWriter.appendDecimal(c1[id], to: &out)
            out.append(UInt8(ascii: " "))
            FoldedWriter.appendDecimal(c2[id], to: &out)
            out.append(UInt8(ascii: "\n"))
            if out.count >= 1 << 16 {
                try sink.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        try sink.write(out)
    }

    private static func stripped(_ keys: ByteKeyTable, _ first: [UInt64], _ second: [UInt64]) -> (ByteKeyTable, [UInt64], [UInt64]) {
        let out = ByteKeyTable(capacity: keys.count)
        var c1: [UInt64] = [], c2: [UInt64] = []
        for id in 0 ..< keys.count {
            let target = Int(out.intern(NameRewriter.stripHex(Array(keys[UInt32(id)]))))
            if target == c1.count { c1.append(0); c2.append(0) }
            c1[target] = c1[target].addingSaturated(first[id])
            c2[target] = c2[target].addingSaturated(second[id])
        }
        return (out, c1, c2)
    }
}
