/// Where every drawn frame goes: the frames of the tree that are wide enough
/// (`--minwidth`), grouped by depth and left to right within a depth, with
/// flamegraph.pl's geometry (padding, frame height, icicle or flame).
struct Layout {
    let tree: FrameTree
    /// Tree indices of the drawn frames, depth by depth.
    let drawn: [Int32]
    /// `drawn[depthStart[d] ..< depthStart[d + 1]]` are the frames at depth d.
    let depthStart: [Int]
    /// The width of the graph in counts (the total, or `--total` when larger).
    let timeMax: UInt64
    /// Pixels per count.
    let scale: Double
    let xpad = 10.0
    let imageHeight: Double
    let options: RenderOptions

    var maxDepth: Int { depthStart.count - 2 }
    var ypad1: Double { options.fontSize * 3 }
    var ypad2: Double { options.fontSize * 2 + 10 }
    var ypad3: Double { options.subtitle.isEmpty ? 0 : options.fontSize * 2 }
    static let framePad = 1.0

    init(tree: FrameTree, options: RenderOptions) {
        self.tree = tree
        self.options = options
        timeMax = max(options.total ?? 0, tree.total)
        scale = timeMax == 0 ? 0 : (options.imageWidth - 2 * xpad) / Double(timeMax)
        let minTime: Double
        switch options.minWidth {
        case .pixels(let px): minTime = scale == 0 ? 0 : px / scale
        case .percent(let pct): minTime = Double(timeMax) * pct / 100
        }
        // Pre-order puts the frames of one depth left to right, so a stable
        // counting sort by depth keeps that order.
        var perDepth: [Int] = []
        var kept: [Int32] = []
        kept.reserveCapacity(tree.count)
        for node in 0 ..< tree.count {
            let width = tree.end[node] - tree.start[node]
            guard node == 0 || (width > 0 && Double(width) >= minTime) else { continue }
            let d = Int(tree.depth[node])
            while perDepth.count <= d { perDepth.append(0) }
            perDepth[d] += 1
            kept.append(Int32(node))
        }
        var starts = [0]
        for n in perDepth { starts.append(starts[starts.count - 1] + n) }
        var fill = starts
        var ordered = [Int32](repeating: 0, count: kept.count)
        for node in kept {
            let d = Int(tree.depth[Int(node)])
            ordered[fill[d]] = node
            fill[d] += 1
        }
        drawn = ordered
        depthStart = starts
        let depths = Double(starts.count - 1)
        imageHeight = depths * options.frameHeight + options.fontSize * 3 + options.fontSize * 2 + 10
            + (options.subtitle.isEmpty ? 0 : options.fontSize * 2)
    }

    /// Start and end of a frame in counts (the root spans the whole width).
    func span(_ node: Int) -> (UInt64, UInt64) {
        node == 0 ? (0, timeMax) : (tree.start[node], tree.end[node])
    }

    /// The top edge of a frame at `depth`.
    func y(depth: Int) -> Double {
        if options.inverted {
            return ypad1 + ypad3 + Double(depth) * options.frameHeight
        }
        return imageHeight - ypad2 - Double(depth + 1) * options.frameHeight + Self.framePad
    }
}
