/// Where every drawn frame goes: the frames of the tree that are wide enough
/// (`--minwidth`), in pre-order (a frame before its children, siblings left
/// to right), with flamegraph.pl's geometry (padding, frame height, icicle
/// or flame). A frame narrower than the minimum hides its whole subtree,
/// since children are never wider than their parent.
struct Layout {
    let tree: FrameTree
    /// Tree indices of the drawn frames, in pre-order.
    let drawn: [Int32]
    let maxDepth: Int
    /// The width of the graph in counts (the total, or `--total` when larger).
    let timeMax: UInt64
    /// Pixels per count.
    let scale: Double
    var xpad: Double { Self.sidePadding }
    static let sidePadding = 10.0
    let imageHeight: Double
    let options: RenderOptions

    var ypad1: Double { options.fontSize * 3 }
    var ypad2: Double { options.fontSize * 2 + 10 }
    var ypad3: Double { options.subtitle.isEmpty ? 0 : options.fontSize * 2 }
    static let framePad = 1.0

    init(tree: FrameTree, options: RenderOptions) {
        self.tree = tree
        self.options = options
        timeMax = max(options.total ?? 0, tree.total)
        scale = timeMax == 0 ? 0 : (options.imageWidth - 2 * Self.sidePadding) / Double(timeMax)
        let minTime = Self.minTime(total: tree.total, options: options)
        var kept: [Int32] = []
        kept.reserveCapacity(tree.count)
        var deepest = 0
        for node in 0 ..< tree.count {
            let width = tree.end(node) - tree.start(node)
            guard node == 0 || (width > 0 && Double(width) >= minTime) else { continue }
            deepest = max(deepest, tree.depth(node))
            kept.append(Int32(node))
        }
        drawn = kept
        maxDepth = deepest
        imageHeight = Double(deepest + 1) * options.frameHeight + options.fontSize * 3 + options.fontSize * 2 + 10
            + (options.subtitle.isEmpty ? 0 : options.fontSize * 2)
    }

    /// The narrowest frame drawn, in counts, for a graph of `total` counts.
    static func minTime(total: UInt64, options: RenderOptions) -> Double {
        let timeMax = max(options.total ?? 0, total)
        let scale = timeMax == 0 ? 0 : (options.imageWidth - 2 * sidePadding) / Double(timeMax)
        switch options.minWidth {
        case .pixels(let px): return scale == 0 ? 0 : px / scale
        case .percent(let pct): return Double(timeMax) * pct / 100
        }
    }

    /// Start and end of a frame in counts (the root spans the whole width).
    func span(_ node: Int) -> (UInt64, UInt64) {
        node == 0 ? (0, timeMax) : (tree.start(node), tree.end(node))
    }

    /// The top edge of a frame at `depth`.
    func y(depth: Int) -> Double {
        if options.inverted {
            return ypad1 + ypad3 + Double(depth) * options.frameHeight
        }
        return imageHeight - ypad2 - Double(depth + 1) * options.frameHeight + Self.framePad
    }
}
