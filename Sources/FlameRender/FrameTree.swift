import FlameModel

/// The stacks of a profile merged into frames, flamegraph.pl's way: stacks
/// are visited in order (sorted by name unless in flame chart mode or
/// `--no-sort`), and each stack shares the frames it has in common with the
/// previous one. Frames are stored in pre-order, so along one depth they come
/// left to right, and each frame spans `[start, end)` in counts.
///
/// Only frames at least `minWidth` counts wide (and wider than 0) are kept:
/// when a frame closes too narrow, it and its subtree (the frames after it,
/// in pre-order) are dropped, so memory follows the frames drawn, not the
/// frames of the profile. A child is never wider than its parent, so this
/// keeps exactly the frames a filter over the whole tree would.
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
    /// The counts summed past 2^64-1: the graph cannot be drawn exactly.
    private(set) var overflowed = false
    /// Largest |delta| of one stack (at least 1), for the colour scale.
    var maxDelta: Int64 = 1

    static let rootName = UInt32.max

    var count: Int { name.count }

    /// Builds the tree of `stacks`. `before` holds differential first counts,
    /// `order` the visiting order of the stacks.
    init(stacks: StackTable, before: [UInt64]?, order: [Int], separator: UInt32?, minWidth: Double = 0) {
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
            while stackOfOpen.count > same + 1 { close(stackOfOpen.removeLast(), at: time, minWidth: minWidth) }
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
            let (next, overflow) = time.addingReportingOverflow(width)
            if overflow { overflowed = true }
            time = overflow ? .max : next
            previous = ids
        }
        for node in stackOfOpen.reversed() { close(node, at: time, minWidth: minWidth) }
        total = time
    }

    /// Ends frame `node` at `time`, dropping it and its subtree if too narrow.
    private mutating func close(_ node: Int, at time: UInt64, minWidth: Double) {
        end[node] = time
        let width = time - start[node]
        guard node != 0, width == 0 || Double(width) < minWidth else { return }
        let dropped = name.count - node
        name.removeLast(dropped); depth.removeLast(dropped)
        start.removeLast(dropped); end.removeLast(dropped)
        if !delta.isEmpty { delta.removeLast(dropped) }
        waker.removeLast(dropped)
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
