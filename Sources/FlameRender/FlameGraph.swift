import FlameModel

/// What a render produced besides the SVG.
public struct RenderReport: Sendable {
    /// One-line warnings (without the "flame: warning: " prefix).
    public var warnings: [String] = []
    /// The consistent palette with the colours of new names (`--cp`).
    public var paletteMap: PaletteMap? = nil
    /// Frames drawn, and the greatest depth.
    public var frames = 0
    public var maxDepth = 0

    public init() {}
}

public enum RenderError: FlameError, Equatable {
    case noSamples
    case countOverflow
    case invalidOption(String)

    public var exitStatus: Int32 { 1 }

    public var description: String {
        switch self {
        case .noSamples: return "no stack counts found: nothing to draw"
        case .countOverflow: return "the stack counts sum to more than 2^64-1, which cannot be drawn exactly; scale them down (e.g. divide every count)"
        case .invalidOption(let message): return message
        }
    }
}

/// Renders profiles as interactive SVG flame graphs.
public enum FlameGraph {
    public static func render(_ profile: Profile, options: RenderOptions, to sink: inout some ByteSink) throws -> RenderReport {
        try render(frames: profile.frames, stacks: profile.stacks, before: nil, options: options, to: &sink)
    }

    /// Differential input: widths follow the second counts, colours the change.
    public static func render(_ profile: DifferentialProfile, options: RenderOptions, to sink: inout some ByteSink) throws -> RenderReport {
        try render(frames: profile.after.frames, stacks: profile.after.stacks, before: profile.before, options: options, to: &sink)
    }

    /// Convenience for tests and small graphs.
    public static func svg(_ profile: Profile, options: RenderOptions = RenderOptions()) throws -> String {
        var sink = ByteArraySink()
        _ = try render(profile, options: options, to: &sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    static func render(frames: FrameTable, stacks: StackTable, before: [UInt64]?, options: RenderOptions,
                       to sink: inout some ByteSink) throws -> RenderReport {
        try validate(options)
        var frames = frames, stacks = stacks, before = before
        if options.reverse { (frames, stacks, before) = reversed(frames, stacks, before) }
        let order: [Int]
        if options.flamechart {
            order = Array(0 ..< stacks.count)
        } else if options.sort {
            order = StackOrder.sorted(frames, stacks)
        } else {
            order = StackOrder.firstSeen(frames, stacks)
        }
        let separator = options.palette == .chain ? Array("--".utf8).withUnsafeBytes { frames.find($0, kind: .user) } : nil
        // Frames too narrow to draw are dropped while the tree is built, so
        // its memory follows the graph, not the profile.
        let minTime = Layout.minTime(total: stacks.totalWeight, options: options)
        let tree = FrameTree(stacks: stacks, before: before, order: order, separator: separator, minWidth: minTime)
        guard tree.total > 0 else { throw RenderError.noSamples }
        guard !tree.overflowed else { throw RenderError.countOverflow }
        var report = RenderReport()
        var options = options
        if let total = options.total, total < tree.total {
            report.warnings.append("--total \(total) is less than the sum of the counts (\(tree.total)); ignored")
            options.total = nil
        }
        let layout = Layout(tree: tree, options: options)
        var writer = SVGWriter(layout: layout, frames: frames, options: options)
        try writer.write(to: &sink)
        report.paletteMap = writer.colors.paletteMap
        report.frames = layout.drawn.count
        report.maxDepth = layout.maxDepth
        return report
    }

    static func validate(_ options: RenderOptions) throws {
        func bad(_ message: String) -> RenderError { .invalidOption(message) }
        guard options.imageWidth > 20, options.imageWidth.isFinite else { throw bad("--width must be a number greater than 20") }
        guard options.frameHeight >= 1, options.frameHeight.isFinite else { throw bad("--height must be at least 1") }
        guard options.fontSize > 0, options.fontSize.isFinite else { throw bad("--fontsize must be positive") }
        guard options.fontWidth > 0, options.fontWidth.isFinite else { throw bad("--fontwidth must be positive") }
        guard options.factor > 0, options.factor.isFinite else { throw bad("--factor must be positive") }
        // These go into the style sheet: keep them to characters that cannot
        // end a declaration or a CDATA section.
        let fontChars = Set(" -_,.'\"".utf8)
        guard !options.fontType.isEmpty, options.fontType.utf8.allSatisfy({ isAlnum($0) || fontChars.contains($0) }) else {
            throw bad("--fonttype may hold only letters, digits, spaces and - _ , . ' \" (e.g. 'DejaVu Sans, Verdana')")
        }
        let colorChars = Set("#(),.% ".utf8)
        guard !options.searchColor.isEmpty, options.searchColor.utf8.allSatisfy({ isAlnum($0) || colorChars.contains($0) }) else {
            throw bad("--search-color must be a CSS colour such as '#e600e6' or 'rgb(230,0,230)'")
        }
        if options.random && options.hash { throw bad("--random and --hash cannot be combined") }
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b | 0x20 >= 97 && b | 0x20 <= 122)
    }

    /// `--reverse`: every stack leaf first, so the graph merges from the leaves.
    static func reversed(_ frames: FrameTable, _ stacks: StackTable, _ before: [UInt64]?) -> (FrameTable, StackTable, [UInt64]?) {
        let out = StackTable()
        var outBefore: [UInt64] = []
        var scratch: [UInt32] = []
        for index in 0 ..< stacks.count {
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: stacks.frames(of: index).reversed())
            let target = scratch.withUnsafeBufferPointer {
                out.add($0.baseAddress ?? UnsafePointer(bitPattern: 4)!, $0.count, weight: stacks.weight(of: index), samples: stacks.samples(of: index))
            }
            if let before {
                if target == outBefore.count { outBefore.append(before[index]) }
                else { outBefore[target] = outBefore[target].addingSaturated(before[index]) }
            }
        }
        return (frames, out, before == nil ? nil : outBefore)
    }
}
