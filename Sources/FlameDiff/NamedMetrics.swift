/// The names gates, JSON and text use for every number of a comparison.
extension Comparison: GateLookup {
    /// Per-profile figures, suffixed `_a` / `_b` for gates.
    static let shapeNames = ["samples", "weight", "kernel_share", "vdso_share", "unknown_share", "truncated_share",
                             "depth_mean", "depth_p50", "depth_p90", "depth_max"]
    static let comparisonNames = ["tvd", "tvd_noise", "js", "js_noise", "top10_overlap", "spearman_top20",
                                  "beyond_noise", "functions"]

    public static var metricNames: Set<String> {
        Set(comparisonNames + shapeNames.flatMap { [$0 + "_a", $0 + "_b"] })
    }

    static func shapeValue(_ s: ProfileShape, _ name: String) -> Double? {
        switch name {
        case "samples": return Double(s.samples)
        case "weight": return Double(s.weight)
        case "kernel_share": return s.kernelLeafShare
        case "vdso_share": return s.vdsoLeafShare
        case "unknown_share": return s.unknownLeafShare
        case "truncated_share": return s.truncatedShare
        case "depth_mean": return s.depthMean
        case "depth_p50": return Double(s.depthP50)
        case "depth_p90": return Double(s.depthP90)
        case "depth_max": return Double(s.depthMax)
        default: return nil
        }
    }

    static func comparisonValue(_ m: Metrics, _ name: String) -> Double? {
        switch name {
        case "tvd": return m.tvd
        case "tvd_noise": return m.tvdNoise
        case "js": return m.js
        case "js_noise": return m.jsNoise
        case "top10_overlap": return Double(m.top10Overlap)
        case "spearman_top20": return m.spearmanTop20
        case "beyond_noise": return Double(m.beyondNoise)
        case "functions": return Double(m.functions)
        default: return nil
        }
    }

    public func metric(_ name: String) -> Double? {
        if let v = Self.comparisonValue(metrics, name) { return v }
        if name.hasSuffix("_a") { return Self.shapeValue(a.shape, String(name.dropLast(2))) }
        if name.hasSuffix("_b") { return Self.shapeValue(b.shape, String(name.dropLast(2))) }
        return nil
    }

    /// A function absent from both profiles has shares 0.
    public func function(_ function: String, _ name: String) -> Double {
        let row = self.function(name) ?? FunctionRow(name: name)
        switch function {
        case "delta": return row.deltaSelfPP
        case "delta_total": return row.deltaTotalPP
        case "self_a": return row.selfA
        case "self_b": return row.selfB
        case "total_a": return row.totalA
        case "total_b": return row.totalB
        default: return row.z
        }
    }

    public func evaluate(_ gates: [Gate]) -> [GateResult] { gates.map { $0.evaluate(self) } }
}
