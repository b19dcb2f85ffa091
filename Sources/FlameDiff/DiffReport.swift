/// A comparison with what it was run on and the gates it was held to: the
/// input of every writer (text, JSON, markdown, HTML).
public struct DiffReport {
    public let comparison: Comparison
    /// The files of each side, as the user named them.
    public let inputsA: [String]
    public let inputsB: [String]
    public let gates: [GateResult]

    public init(comparison: Comparison, inputsA: [String], inputsB: [String], gates: [GateResult]) {
        self.comparison = comparison
        self.inputsA = inputsA
        self.inputsB = inputsB
        self.gates = gates
    }

    /// Exit status: 0 when every gate passed, 3 when one failed.
    public var exitStatus: Int32 { gates.allSatisfy(\.passed) ? 0 : 3 }

    /// Rows of the per-profile table: label, then the figure for A and for B.
    public var shapeRows: [(label: String, a: String, b: String)] {
        let a = comparison.a.shape, b = comparison.b.shape
        func pct(_ f: (ProfileShape) -> Double) -> (String, String) { (Format.percent(f(a)), Format.percent(f(b))) }
        var rows: [(String, String, String)] = []
        rows.append(("samples", String(a.samples), String(b.samples)))
        rows.append(("weight" + (a.unit == b.unit ? a.unit.map { " (\($0))" } ?? "" : ""), String(a.weight), String(b.weight)))
        for (label, f) in [("kernel leaf", \ProfileShape.kernelLeafShare), ("vDSO leaf", \.vdsoLeafShare),
                           ("unknown leaf", \.unknownLeafShare), ("truncated", \.truncatedShare)] {
            let (x, y) = pct { $0[keyPath: f] }
            rows.append((label, x, y))
        }
        func depth(_ s: ProfileShape) -> String { "\(Format.fixed(s.depthMean, 1)) / \(s.depthP50) / \(s.depthP90) / \(s.depthMax)" }
        rows.append(("depth mean/p50/p90/max", depth(a), depth(b)))
        let removedA = comparison.a.removed.reduce(0) { $0 + $1.samples }, removedB = comparison.b.removed.reduce(0) { $0 + $1.samples }
        if removedA + removedB > 0 {
            rows.append(("samples left out", String(removedA), String(removedB)))
        }
        rows.append(("samples compared", String(comparison.a.profile.totalSamples), String(comparison.b.profile.totalSamples)))
        return rows
    }

    /// Rows of the distance table: metric, value, noise level, value/noise.
    public var distanceRows: [(label: String, value: String, noise: String, ratio: String)] {
        let m = comparison.metrics
        func ratio(_ v: Double, _ n: Double) -> String { n > 0 ? Format.fixed(v / n, 1) + "×" : "" }
        return [
            ("TVD (self)", Format.fixed(m.tvd, 4), Format.fixed(m.tvdNoise, 4), ratio(m.tvd, m.tvdNoise)),
            ("Jensen-Shannon (bits)", Format.fixed(m.js, 4), Format.fixed(m.jsNoise, 4), ratio(m.js, m.jsNoise)),
            ("top-10 overlap", "\(m.top10Overlap)/10", "", ""),
            ("Spearman top-20", m.spearmanTop20.map { Format.fixed($0, 3) } ?? "n/a", "", ""),
            ("frames beyond noise", "\(m.beyondNoise) of \(m.functions)", "", ""),
        ]
    }
}

/// Number formatting without Foundation: fixed decimals, percentages.
public enum Format {
    public static func fixed(_ v: Double, _ decimals: Int) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
        var scale = 1.0
        for _ in 0 ..< decimals { scale *= 10 }
        let scaled = (abs(v) * scale).rounded()
        guard scaled < 9e15 else { return String(v) }
        let n = UInt64(scaled)
        let whole = n / UInt64(scale), fraction = n % UInt64(scale)
        var s = (v < 0 && n > 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            s += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return s
    }

    public static func percent(_ share: Double) -> String { fixed(share * 100, 2) + "%" }

    public static func signed(_ v: Double, _ decimals: Int) -> String {
        let s = fixed(v, decimals)
        return v >= 0 && !s.hasPrefix("-") ? "+" + s : s
    }

    /// A gate's outcome line: PASS/FAIL, expression, both sides.
    public static func gate(_ g: GateResult) -> String {
        "\(g.passed ? "PASS" : "FAIL")  \(g.expression)  (\(fixed(g.value, 4)) vs \(fixed(g.threshold, 4)))"
    }
}
