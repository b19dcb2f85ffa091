/// The structure of one profile as recorded, before kernel, inline and
/// focus rules apply: how much of it lands where no comparison can look.
/// Shares are fractions of the weight.
public struct ProfileShape: Sendable, Equatable {
    public var samples: UInt64 = 0
    public var weight: UInt64 = 0
    public var unit: String? = nil
    /// Samples whose leaf is a kernel frame.
    public var kernelLeafShare = 0.0
    /// Samples whose leaf is vDSO code.
    public var vdsoLeafShare = 0.0
    /// Samples whose leaf could not be named (`[unknown]`, unsymbolized
    /// placeholders, Go's `runtime._ExternalCode`/`_System`/`_VDSO` buckets).
    public var unknownLeafShare = 0.0
    /// Samples whose outermost user frame is not a known entry point.
    public var truncatedShare = 0.0
    /// Frames per stack (labels not counted), weighted by weight.
    public var depthMean = 0.0
    public var depthP50 = 0
    public var depthP90 = 0
    public var depthMax = 0

    public init() {}
}

/// Accumulates a `ProfileShape` one stack at a time.
struct ShapeAccumulator {
    private var kernel = 0.0, vdso = 0.0, unknown = 0.0, truncated = 0.0, depthSum = 0.0
    private var depthWeights: [Double] = []
    private(set) var shape = ProfileShape()

    mutating func add(weight: UInt64, depth: Int, leaf: LeafClass, truncated isTruncated: Bool) {
        let w = Double(weight)
        switch leaf {
        case .kernel: kernel += w
        case .vdso: vdso += w
        case .unknown: unknown += w
        case .other: break
        }
        if isTruncated { truncated += w }
        depthSum += w * Double(depth)
        if depth >= depthWeights.count { depthWeights += Array(repeating: 0, count: depth + 1 - depthWeights.count) }
        depthWeights[depth] += w
        if weight > 0 { shape.depthMax = max(shape.depthMax, depth) }
    }

    enum LeafClass { case kernel, vdso, unknown, other }

    func finish(samples: UInt64, weight: UInt64, unit: String?) -> ProfileShape {
        var s = shape
        s.samples = samples
        s.weight = weight
        s.unit = unit
        let total = depthWeights.reduce(0, +)
        guard total > 0 else { return s }
        s.kernelLeafShare = kernel / total
        s.vdsoLeafShare = vdso / total
        s.unknownLeafShare = unknown / total
        s.truncatedShare = truncated / total
        s.depthMean = depthSum / total
        s.depthP50 = Self.quantile(depthWeights, total, 0.5)
        s.depthP90 = Self.quantile(depthWeights, total, 0.9)
        return s
    }

    /// The smallest depth whose cumulative weight reaches `q` of the total.
    static func quantile(_ weights: [Double], _ total: Double, _ q: Double) -> Int {
        var cumulative = 0.0
        for (depth, w) in weights.enumerated() {
            cumulative += w
            if cumulative >= q * total * (1 - 1e-12) { return depth }
        }
        return weights.count - 1
    }
}
