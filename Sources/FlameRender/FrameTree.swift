#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FlameModel

/// The stacks of a profile merged into frames, flamegraph.pl's way: stacks
/// are visited in order (sorted by name unless in flame chart mode or
/// `--no-sort`), and each stack shares the frames it has in common with the
/// previous one. Frames are stored in pre-order, so along one depth they come
/// left to right, and each frame spans `[start, end)` in counts.
struct FrameTree {
    /// Frame name ids (into the profile's frame table); `rootName` for the root.
    var name: [UInt32] = []
    var depth: [Int32] = []
    var start: [UInt64] = []
    var end: [UInt64] = []
    /// Differential input: second minus first count of the stacks ending at the frame.
    var delta: [Int64] = []
    /// Chain palette: the frame sits above a `--` separator (a waker stack).
    var waker: [Bool] = []
    /// Sum of the counts (the second counts for differential input).
    var total: UInt64 = 0
    /// Largest |delta| of one stack (at least 1), for the colour scale.
    var maxDelta: Int64 = 1

    static let rootName = UInt32.max

    var count: Int { name.count }

    /// Builds the tree of `stacks`. `before` holds differential first counts,
    /// `order` the visiting order of the stacks.
    init(stacks: StackTable, before: [UInt64]?, order: [Int], separator: UInt32?) {
        let capacity = order.count * 2 + 1
        name.reserveCapacity(capacity); depth.reserveCapacity(capacity)
        start.reserveCapacity(capacity); end.reserveCapacity(capacity)
        let differential = before != nil
        _ = open(UInt32.max, depth: 0, at: 0, waker: false, differential: differential)
        var stackOfOpen: [Int] = [0]
        var previous = UnsafeBufferPointer<UInt32>(start: nil, count: 0)
        var time: UInt64 = 0
        for index in order {
            let ids = stacks.frames(of: index)
            var same = 0
            let limit = min(previous.count, ids.count)
            while same < limit, previous[same] == ids[same] { same += 1 }
            while stackOfOpen.count > same + 1 { end[stackOfOpen.removeLast()] = time }
            var i = same
            while i < ids.count {
                let parent = stackOfOpen[stackOfOpen.count - 1]
                let isWaker = separator != nil && (waker[parent] || name[parent] == separator!)
                stackOfOpen.append(open(ids[i], depth: Int32(i + 1), at: time, waker: isWaker, differential: differential))
                i += 1
            }
            let width = stacks.weight(of: index)
            if let before {
                let change = Self.difference(width, before[index])
                delta[stackOfOpen[stackOfOpen.count - 1]] = delta[stackOfOpen[stackOfOpen.count - 1]] &+ change
                maxDelta = max(maxDelta, change == .min ? .max : abs(change))
            }
            time = time.addingSaturated(width)
            previous = ids
        }
        for node in stackOfOpen { end[node] = time }
        total = time
    }

    private mutating func open(_ id: UInt32, depth d: Int32, at time: UInt64, waker isWaker: Bool, differential: Bool) -> Int {
        name.append(id)
        depth.append(d)
        start.append(time)
        end.append(time)
        if differential { delta.append(0) }
        waker.append(isWaker)
        return name.count - 1
    }

    static func difference(_ after: UInt64, _ before: UInt64) -> Int64 {
        after >= before ? Int64(clamping: after - before) : -Int64(clamping: before - after)
    }
}

/// Visiting orders of the stacks of a profile.
enum StackOrder {
    /// flamegraph.pl sorts the folded lines as text, so siblings come in the
    /// bytewise order of `name;`. Ranking the distinct names once turns each
    /// comparison into integer comparisons along the two stacks.
    static func sorted(_ frames: FrameTable, _ stacks: StackTable) -> [Int] {
        byRank(nameRanks(frames), stacks)
    }

    /// `--no-sort`: siblings in the order their names were first seen (name ids
    /// are given in that order); equal prefixes still group, so frames merge.
    static func firstSeen(_ frames: FrameTable, _ stacks: StackTable) -> [Int] {
        byRank(Array(0 ..< UInt32(frames.count)), stacks)
    }

    static func byRank(_ rank: [UInt32], _ stacks: StackTable) -> [Int] {
        var order = Array(0 ..< stacks.count)
        rank.withUnsafeBufferPointer { rank in
            order.sort { a, b in
                let x = stacks.frames(of: a), y = stacks.frames(of: b)
                let n = min(x.count, y.count)
                var i = 0
                while i < n {
                    let rx = rank[Int(x[i])], ry = rank[Int(y[i])]
                    if rx != ry { return rx < ry }
                    i += 1
                }
                return x.count < y.count
            }
        }
        return order
    }

    /// The rank of each frame name in the bytewise order of `name;`.
    static func nameRanks(_ frames: FrameTable) -> [UInt32] {
        var ids = Array(0 ..< UInt32(frames.count))
        ids.sort { a, b in
            let x = frames[a], y = frames[b]
            let common = min(x.count, y.count)
            if common > 0 {
                let c = memcmp(x.baseAddress!, y.baseAddress!, common)
                if c != 0 { return c < 0 }
            }
            // One name is a prefix of the other: the shorter one is followed
            // by ';' in the text order, the longer by its next byte.
            if x.count == y.count { return false }
            return x.count < y.count ? UInt8(ascii: ";") <= y[common] : x[common] < UInt8(ascii: ";")
        }
        var rank = [UInt32](repeating: 0, count: frames.count)
        for (position, id) in ids.enumerated() { rank[Int(id)] = UInt32(position) }
        return rank
    }
}
