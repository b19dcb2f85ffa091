#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FlameModel

/// Visiting orders of the stacks of a profile.
///
/// The tables are read once into plain arrays of views before sorting: a
/// sort makes millions of comparisons, and each access to a table (a class)
/// costs more than the comparison itself.
enum StackOrder {
    /// flamegraph.pl sorts the folded lines as text, so siblings come in the
    /// bytewise order of `name;`. Ranking the distinct names once turns each
    /// comparison into integer comparisons along the two stacks.
    ///
    /// Folded input usually arrives sorted (stackcollapse-perf.pl sorts its
    /// output, nearly in this order), so an insertion sort comparing names
    /// directly runs first: on sorted input it is one comparison per stack,
    /// and the few stacks out of place move a short way. Once the moves pass
    /// one per stack the input is not nearly sorted: the names are ranked
    /// instead, so that the many comparisons of a full sort are on integers.
    static func sorted(_ frames: FrameTable, _ stacks: StackTable) -> [Int] {
        let views = (0 ..< stacks.count).map { stacks.frames(of: $0) }
        var order = Array(0 ..< stacks.count)
        var moves = 0
        let sorted: Bool = views.withUnsafeBufferPointer { views in
            order.withUnsafeMutableBufferPointer { order in
                for i in order.indices.dropFirst() {
                    let item = order[i]
                    var j = i
                    while j > 0, stackLess(views[item], views[order[j - 1]], frames) {
                        order[j] = order[j - 1]
                        j -= 1
                    }
                    order[j] = item
                    moves += i - j
                    if moves > order.count { return false }
                }
                return true
            }
        }
        return sorted ? order : byRank(nameRanks(frames), views)
    }

    /// Whether stack `x` comes before stack `y` (bytewise order of `name;`
    /// frame by frame; a stack before the stacks it is a prefix of).
    @inline(__always)
    static func stackLess(_ x: UnsafeBufferPointer<UInt32>, _ y: UnsafeBufferPointer<UInt32>, _ frames: FrameTable) -> Bool {
        let n = min(x.count, y.count)
        var i = 0
        while i < n, x[i] == y[i] { i += 1 }
        guard i < n else { return x.count < y.count }
        // Equal names of two kinds are ordered by id, as their ranks are.
        let order = textOrder(frames[x[i]], frames[y[i]])
        return order != 0 ? order < 0 : x[i] < y[i]
    }

    /// `--no-sort`: siblings in the order their names were first seen (name ids
    /// are given in that order); equal prefixes still group, so frames merge.
    static func firstSeen(_ frames: FrameTable, _ stacks: StackTable) -> [Int] {
        byRank(Array(0 ..< UInt32(frames.count)), (0 ..< stacks.count).map { stacks.frames(of: $0) })
    }

    static func byRank(_ rank: [UInt32], _ views: [UnsafeBufferPointer<UInt32>]) -> [Int] {
        var order = Array(0 ..< views.count)
        rank.withUnsafeBufferPointer { rank in
            views.withUnsafeBufferPointer { views in
                order.sort { a, b in
                    let x = views[a], y = views[b]
                    let n = min(x.count, y.count)
                    var i = 0
                    // Neighbouring stacks share long prefixes: skip equal ids
                    // without looking up their ranks.
                    while i < n, x[i] == y[i] { i += 1 }
                    if i < n { return rank[Int(x[i])] < rank[Int(y[i])] }
                    return x.count < y.count
                }
            }
        }
        return order
    }

    /// A name and the first 16 bytes of `name;` (zero-padded), big-endian, so
    /// that comparing the two integers orders most pairs without a `memcmp`.
    private struct SortKey {
        var high: UInt64
        var low: UInt64
        var id: UInt32

        init(_ name: UnsafeRawBufferPointer, id: UInt32) {
            var bytes: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &bytes) { out in
                let n = min(name.count, 16)
                if n > 0 { out.copyMemory(from: UnsafeRawBufferPointer(rebasing: name[0 ..< n])) }
                if n < 16 { out[n] = UInt8(ascii: ";") }
            }
            high = UInt64(bigEndian: bytes.0)
            low = UInt64(bigEndian: bytes.1)
            self.id = id
        }
    }

    /// The rank of each frame name in the bytewise order of `name;`.
    static func nameRanks(_ frames: FrameTable) -> [UInt32] {
        let names = (0 ..< UInt32(frames.count)).map { frames[$0] }
        var keys = names.indices.map { SortKey(names[$0], id: UInt32($0)) }
        names.withUnsafeBufferPointer { names in
            keys.sort { a, b in
                if a.high != b.high { return a.high < b.high }
                if a.low != b.low { return a.low < b.low }
                return textLess(names[Int(a.id)], names[Int(b.id)])
            }
        }
        var rank = [UInt32](repeating: 0, count: frames.count)
        for (position, key) in keys.enumerated() { rank[Int(key.id)] = UInt32(position) }
        return rank
    }

    /// Whether `x;` sorts before `y;` bytewise. The zero padding of the keys
    /// never contradicts this order: where one padded key has a 0 past its
    /// text, that text is a prefix of the other (which sorts first), or the
    /// keys tie and this comparison decides.
    static func textLess(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Bool {
        textOrder(x, y) < 0
    }

    /// `textLess` as a three-way comparison: negative, 0 (equal names) or positive.
    static func textOrder(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Int32 {
        let common = min(x.count, y.count)
        if common > 0 {
            let c = memcmp(x.baseAddress!, y.baseAddress!, common)
            if c != 0 { return c }
        }
        // One name is a prefix of the other: the shorter one is followed
        // by ';' in the text order, the longer by its next byte.
        if x.count == y.count { return 0 }
        if x.count < y.count { return UInt8(ascii: ";") <= y[common] ? -1 : 1 }
        return x[common] < UInt8(ascii: ";") ? -1 : 1
    }
}
