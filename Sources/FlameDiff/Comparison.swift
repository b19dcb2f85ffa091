import FlameModel

/// Thresholds of the comparison.
public struct CompareOptions: Sendable {
    /// A frame is beyond noise when |z| ≥ this...
    public var zThreshold = 3.0
    /// ...and its self share moved by at least this many percentage points.
    public var minDeltaPP = 0.5
    /// Frames listed besides those beyond noise (largest changes first).
    public var top = 30

    public init() {}
}

/// One function in both profiles. Shares are fractions of the weight; deltas
/// are percentage points, B minus A.
public struct FunctionRow: Sendable, Equatable {
    public var name: String
    public var selfA = 0.0, selfB = 0.0, totalA = 0.0, totalB = 0.0
    public var deltaSelfPP: Double { (selfB - selfA) * 100 }
    public var deltaTotalPP: Double { (totalB - totalA) * 100 }
    /// Two-proportion z-score of the self shares (pooled binomial standard
    /// error from the sample counts); 0 when the error is 0.
    public var z = 0.0
    public var beyondNoise = false
}

/// The distances and agreement between the two self-share distributions.
public struct Metrics: Sendable, Equatable {
    public var tvd = 0.0, tvdNoise = 0.0
    public var js = 0.0, jsNoise = 0.0
    public var top10Overlap = 0
    /// Nil when fewer than two functions are ranked or a ranking is constant.
    public var spearmanTop20: Double? = nil
    public var beyondNoise = 0
    public var functions = 0
}

/// Everything `flame diff` reports about two profiles.
public struct Comparison {
    public let a: NormalizedProfile
    public let b: NormalizedProfile
    public let normalization: NormalizeOptions
    public let options: CompareOptions
    public let metrics: Metrics
    /// Beyond-noise frames, then the largest other changes, by |Δself|.
    public let frames: [FunctionRow]
    private let shares: FunctionShares
    private let samples: (a: Double, b: Double)
    private let weights: (a: Double, b: Double)

    public init(a rawA: Profile, b rawB: Profile, normalization: NormalizeOptions = NormalizeOptions(),
                options: CompareOptions = CompareOptions()) throws {
        let normalizer = Normalizer(options: normalization)
        a = normalizer.normalize(rawA)
        b = normalizer.normalize(rawB)
        self.normalization = normalization
        self.options = options
        for (side, p) in [("A", a.profile), ("B", b.profile)] where p.total == 0 {
            throw NormalizeError("profile \(side) has no samples left after normalization")
        }
        shares = FunctionShares(a.profile, b.profile, key: normalization.key)
        samples = (Double(a.profile.totalSamples), Double(b.profile.totalSamples))
        weights = (Double(a.profile.total), Double(b.profile.total))
        let shares = self.shares, samples = self.samples, weights = self.weights
        var rows = (0 ..< shares.count).filter { shares.isPresent($0) }
            .map { Self.row(shares, $0, samples: samples, weights: weights, options: options) }
        metrics = Self.metrics(rows, samples: (a.profile.totalSamples, b.profile.totalSamples))
        rows.sort(by: Self.byChange)
        let beyond = rows.filter(\.beyondNoise)
        frames = beyond + rows.lazy.filter { !$0.beyondNoise }.prefix(max(0, options.top))
    }

    /// The row of a function by its key, if either profile has it.
    public func function(_ name: String) -> FunctionRow? {
        shares.index(of: name).flatMap {
            shares.isPresent($0) ? Self.row(shares, $0, samples: samples, weights: weights, options: options) : nil
        }
    }

    private static func row(_ shares: FunctionShares, _ index: Int, samples: (a: Double, b: Double),
                            weights: (a: Double, b: Double), options: CompareOptions) -> FunctionRow {
        var r = FunctionRow(name: shares.name(index))
        r.selfA = shares.selfWeight[0][index] / weights.a
        r.selfB = shares.selfWeight[1][index] / weights.b
        r.totalA = shares.totalWeight[0][index] / weights.a
        r.totalB = shares.totalWeight[1][index] / weights.b
        let pooled = (r.selfA * samples.a + r.selfB * samples.b) / (samples.a + samples.b)
        let se = (pooled * (1 - pooled) * (1 / samples.a + 1 / samples.b)).squareRoot()
        r.z = se > 0 && se.isFinite ? (r.selfB - r.selfA) / se : 0
        r.beyondNoise = abs(r.z) >= options.zThreshold && abs(r.deltaSelfPP) >= options.minDeltaPP * (1 - 1e-9)
        return r
    }

    static func byChange(_ x: FunctionRow, _ y: FunctionRow) -> Bool {
        // Changes equal to 1e-9 pp are ties (0.5 - 0.4 and 0.4 - 0.3 differ in the last bit).
        let dx = abs(x.deltaSelfPP), dy = abs(y.deltaSelfPP)
        if abs(dx - dy) > 1e-9 { return dx > dy }
        let tx = abs(x.deltaTotalPP), ty = abs(y.deltaTotalPP)
        if abs(tx - ty) > 1e-9 { return tx > ty }
        return Array(x.name.utf8).lexicographicallyPrecedes(Array(y.name.utf8))
    }

    static func metrics(_ rows: [FunctionRow], samples: (UInt64, UInt64)) -> Metrics {
        var m = Metrics()
        m.functions = rows.count
        m.beyondNoise = rows.filter(\.beyondNoise).count
        var pooled: [Double] = []
        let (nA, nB) = (Double(samples.0), Double(samples.1))
        for r in rows where r.selfA > 0 || r.selfB > 0 {
            m.tvd += abs(r.selfA - r.selfB) / 2
            m.js += Noise.jsTerm(r.selfA, r.selfB)
            pooled.append((r.selfA * nA + r.selfB * nB) / (nA + nB))
        }
        (m.tvdNoise, m.jsNoise) = Noise.expected(pooled, samples.0, samples.1)
        let topA = Agreement.top(rows, 10, \.selfA), topB = Agreement.top(rows, 10, \.selfB)
        m.top10Overlap = Set(topA).intersection(topB).count
        let union = Array(Set(Agreement.top(rows, 20, \.selfA)).union(Agreement.top(rows, 20, \.selfB))).sorted()
        m.spearmanTop20 = Agreement.spearman(union.map { rows[$0].selfA }, union.map { rows[$0].selfB })
        return m
    }
}
