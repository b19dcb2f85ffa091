import FlameModel

/// `--json`: the versioned contract CI reads (see docs/diff.md). Shares are
/// fractions, deltas percentage points (B minus A); numbers that are not
/// defined are `null`.
public enum JSONWriter {
    public static let version = 1

    public static func write(_ report: DiffReport, to sink: inout some ByteSink) throws {
        let c = report.comparison
        var o = JSONObject()
        o.add("version", .number(Double(version)))
        o.add("a", side(c.a, inputs: report.inputsA))
        o.add("b", side(c.b, inputs: report.inputsB))
        let n = c.normalization
        o.add("normalization", .object([
            ("kernel", .string(n.kernel.rawValue)), ("physical", .bool(n.physical)), ("exact_names", .bool(n.exactNames)),
            ("maps", .array(n.maps.map { .string($0.source) })), ("focus", n.focus.map { .string($0.source) } ?? .null),
            ("ignore", n.ignore.map { .string($0.source) } ?? .null), ("strip_hex", .bool(n.stripHex)), ("strip_root", .bool(n.stripRoot)),
            ("key", .string(n.key.rawValue)), ("entry_points", .array(n.entryPoints.map { .string($0) })),
        ]))
        o.add("thresholds", .object([("z", .number(c.options.zThreshold)), ("min_delta_pp", .number(c.options.minDeltaPP))]))
        let m = c.metrics
        o.add("metrics", .object([
            ("tvd", .number(m.tvd)), ("tvd_noise", .number(m.tvdNoise)), ("js", .number(m.js)), ("js_noise", .number(m.jsNoise)),
            ("top10_overlap", .number(Double(m.top10Overlap))), ("spearman_top20", m.spearmanTop20.map { .number($0) } ?? .null),
            ("beyond_noise", .number(Double(m.beyondNoise))), ("functions", .number(Double(m.functions))),
        ]))
        o.add("frames", .array(c.frames.map { r in
            .object([
                ("name", .string(r.name)), ("self_a", .number(r.selfA)), ("self_b", .number(r.selfB)),
                ("total_a", .number(r.totalA)), ("total_b", .number(r.totalB)), ("delta_self_pp", .number(r.deltaSelfPP)),
                ("delta_total_pp", .number(r.deltaTotalPP)), ("z", .number(r.z)), ("beyond_noise", .bool(r.beyondNoise)),
            ])
        }))
        o.add("gates", .array(report.gates.map { g in
            .object([("expr", .string(g.expression)), ("value", .number(g.value)), ("threshold", .number(g.threshold)),
                     ("passed", .bool(g.passed))])
        }))
        var out = ""
        JSONValue.object(o.fields).append(to: &out, indent: 0)
        try sink.write(out + "\n")
    }

    static func side(_ p: NormalizedProfile, inputs: [String]) -> JSONValue {
        let s = p.shape
        return .object([
            ("inputs", .array(inputs.map { .string($0) })), ("unit", s.unit.map { .string($0) } ?? .null),
            ("samples", .number(Double(s.samples))), ("weight", .number(Double(s.weight))),
            ("kernel_share", .number(s.kernelLeafShare)), ("vdso_share", .number(s.vdsoLeafShare)),
            ("unknown_share", .number(s.unknownLeafShare)), ("truncated_share", .number(s.truncatedShare)),
            ("depth", .object([("mean", .number(s.depthMean)), ("p50", .number(Double(s.depthP50))),
                               ("p90", .number(Double(s.depthP90))), ("max", .number(Double(s.depthMax)))])),
            ("removed", .array(p.removed.map { .object([("reason", .string($0.reason)), ("samples", .number(Double($0.samples))),
                                                         ("weight", .number(Double($0.weight)))]) })),
            ("compared_samples", .number(Double(p.profile.totalSamples))), ("compared_weight", .number(Double(p.profile.total))),
        ])
    }
}

struct JSONObject {
    var fields: [(String, JSONValue)] = []
    mutating func add(_ key: String, _ value: JSONValue) { fields.append((key, value)) }
}

indirect enum JSONValue {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    func append(to out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let v):
            if !v.isFinite { out += "null" }
            else if v == v.rounded(), abs(v) < 1e15 { out += String(Int64(v)) }
            else { out += String(v) }
        case .string(let s): Self.appendString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            let simple = items.allSatisfy { if case .object = $0 { return false } else { return true } }
            out += "["
            for (i, item) in items.enumerated() {
                out += i == 0 ? "" : ","
                if !simple { out += "\n" + String(repeating: "  ", count: indent + 1) } else if i > 0 { out += " " }
                item.append(to: &out, indent: indent + 1)
            }
            out += simple ? "]" : "\n" + String(repeating: "  ", count: indent) + "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                out += (i == 0 ? "" : ",") + "\n" + String(repeating: "  ", count: indent + 1)
                Self.appendString(key, to: &out)
                out += ": "
                value.append(to: &out, indent: indent + 1)
            }
            out += "\n" + String(repeating: "  ", count: indent) + "}"
        }
    }

    static func appendString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
