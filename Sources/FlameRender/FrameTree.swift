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
    /// One frame: its name id (into the profile's frame table; `rootName` for
    /// the root), depth, and span in counts.
    struct Node {
        var name: UInt32
        var depth: Int32
        var start: UInt64
        var end: UInt64
    }

    /// The frames, in pre-order; one array of records, so opening a frame is
    /// one append.
    private(set) var nodes: [Node] = []
    /// Differential input: second minus first count of the stacks ending at
    /// each frame; empty otherwise.
    private(set) var delta: [Int64] = []
    /// Chain palette: whether each frame sits above a `--` separator (a waker
    /// stack); empty otherwise.
    private var wakers: [Bool] = []
    /// Sum of the counts (the second counts for differential input).
    private(set) var total: UInt64 = 0
    /// The counts summed past 2^64-1: the graph cannot be drawn exactly.
    private(set) var overflowed = false
    /// Largest |delta| of one stack (at least 1), for the colour scale.
    private(set) var maxDelta: Int64 = 1

    static let rootName = UInt32.max

    var count: Int { nodes.count }

    @inline(__always) func name(_ node: Int) -> UInt32 { nodes[node].name }
    @inline(__always) func depth(_ node: Int) -> Int { Int(nodes[node].depth) }
    @inline(__always) func start(_ node: Int) -> UInt64 { nodes[node].start }
    @inline(__always) func end(_ node: Int) -> UInt64 { nodes[node].end }
    /// Differential input: the frame's delta; nil otherwise.
    @inline(__always) func delta(_ node: Int) -> Int64? { delta.isEmpty ? nil : delta[node] }
    @inline(__always) func isWaker(_ node: Int) -> Bool { !wakers.isEmpty && wakers[node] }

    /// Builds the tree of `stacks`. `before` holds differential first counts,
    /// `order` the visiting order of the stacks.
    init(stacks: StackTable, before: [UInt64]?, order: [Int], separator: UInt32?, minWidth: Double = 0) {
        let differential = before != nil
        open(Self.rootName, depth: 0, at: 0, parent: nil, separator: separator, differential: differential)
        var stackOfOpen: [Int] = [0]
        var previous = UnsafeBufferPointer<UInt32>(start: nil, count: 0)
        var time: UInt64 = 0
        for index in order {
            let ids = stacks.frames(of: index)
            var same = 0
            let limit = min(previous.count, ids.count)
            while same < limit, previous[same] == ids[same] { same += 1 }
            while stackOfOpen.count > same + 1 { close(stackOfOpen.removeLast(), at: time, minWidth: minWidth) }
            for i in same ..< ids.count {
                stackOfOpen.append(open(ids[i], depth: Int32(i + 1), at: time, parent: stackOfOpen[stackOfOpen.count - 1],
                                        separator: separator, differential: differential))
            }
            let width = stacks.weight(of: index)
            if let before {
                let change = Self.difference(width, before[index])
                let leaf = stackOfOpen[stackOfOpen.count - 1]
                delta[leaf] = delta[leaf] &+ change
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
        nodes[node].end = time
        let width = time - nodes[node].start
        guard node != 0, width == 0 || Double(width) < minWidth else { return }
        let dropped = nodes.count - node
        nodes.removeLast(dropped)
        if !delta.isEmpty { delta.removeLast(dropped) }
        if !wakers.isEmpty { wakers.removeLast(dropped) }
    }

    @discardableResult
    private mutating func open(_ id: UInt32, depth: Int32, at time: UInt64, parent: Int?, separator: UInt32?,
                               differential: Bool) -> Int {
        nodes.append(Node(name: id, depth: depth, start: time, end: time))
        if differential { delta.append(0) }
        if let separator {
            wakers.append(parent.map { wakers[$0] || nodes[$0].name == separator } ?? false)
        }
        return nodes.count - 1
    }

    static func difference(_ after: UInt64, _ before: UInt64) -> Int64 {
        after >= before ? Int64(clamping: after - before) : -Int64(clamping: before - after)
    }
}
