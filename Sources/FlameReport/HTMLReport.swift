import FlameDiff
import FlameModel
import FlameRender

/// `flame report`: one self-contained HTML page with the comparison's tables
/// and three interactive flame graphs (differential, A, B).
///
/// Each graph is flame's ordinary SVG page in an `<iframe srcdoc>`: the
/// frame gives every graph its own document, so the page script's element
/// ids, globals, key bindings and URL state stay per graph, unchanged. The
/// page's content security policy allows no network access at all.
public enum HTMLReport {
    public static func write(_ report: DiffReport, options: RenderOptions = RenderOptions(), to sink: inout some ByteSink) throws {
        let c = report.comparison
        var graphs: [(id: String, title: String, svg: [UInt8])] = []
        var diffOptions = options
        diffOptions.title = "Differential: widths from B, red grew, blue shrank"
        graphs.append(("diff", "Differential (B against A scaled to B's total)",
                       try render(StackUnion.differential(first: c.a.profile, second: c.b.profile, normalize: true), diffOptions)))
        var aOptions = options
        aOptions.title = "A"
        graphs.append(("a", "A: " + report.inputsA.joined(separator: ", "), try render(c.a.profile, aOptions)))
        var bOptions = options
        bOptions.title = "B"
        graphs.append(("b", "B: " + report.inputsB.joined(separator: ", "), try render(c.b.profile, bOptions)))

        var page = head
        page += "<h1>flame report</h1>\n<p>A: " + e(report.inputsA.joined(separator: ", ")) + "<br>B: "
            + e(report.inputsB.joined(separator: ", ")) + "</p>\n"
        if !report.gates.isEmpty {
            let failed = report.gates.filter { !$0.passed }.count
            page += "<h2>Gates</h2>\n<p class=\"\(failed == 0 ? "pass" : "fail")\">"
                + (failed == 0 ? "All \(report.gates.count) gates passed." : "\(failed) of \(report.gates.count) gates failed.") + "</p>\n"
            page += table(["gate", "value", "threshold", "result"], report.gates.map {
                [e($0.expression), Format.fixed($0.value, 4), Format.fixed($0.threshold, 4),
                 $0.passed ? "pass" : "<b class=\"fail\">FAIL</b>"]
            }, id: "gates")
        }
        page += "<h2>Profiles</h2>\n" + table(["", "A", "B"], report.shapeRows.map { [e($0.label), e($0.a), e($0.b)] }, id: "profiles")
        page += "<h2>Distances</h2>\n" + table(["metric", "value", "noise level", "value / noise"],
                                               report.distanceRows.map { [e($0.label), e($0.value), e($0.noise), e($0.ratio)] }, id: "distances")
        let beyond = c.frames.filter(\.beyondNoise)
        page += "<h2>Frames beyond noise</h2>\n<p>|z| ≥ \(Format.fixed(c.options.zThreshold, 1)) and |Δself| ≥ "
            + "\(Format.fixed(c.options.minDeltaPP, 2)) percentage points: \(beyond.count) of \(c.metrics.functions) functions.</p>\n"
        let header = ["self A", "self B", "Δself pp", "total A", "total B", "Δtotal pp", "z", "function"]
        if !beyond.isEmpty {
            page += table(header, beyond.map(cells), id: "beyond")
        }
        let others = c.frames.filter { !$0.beyondNoise }
        if !others.isEmpty {
            page += "<details><summary>Largest other changes (\(others.count))</summary>\n" + table(header, others.map(cells), id: "others") + "</details>\n"
        }
        page += "<h2>Normalization</h2>\n" + table(["rule", "setting"], c.normalization.summary.map { [e($0.name), e($0.value)] }, id: "normalization")
        var removed: [[String]] = []
        for (side, p) in [("A", c.a), ("B", c.b)] {
            for r in p.removed { removed.append([side, e(r.reason), String(r.samples), String(r.weight)]) }
        }
        if !removed.isEmpty { page += "<p>Left out:</p>\n" + table(["profile", "reason", "samples", "weight"], removed, id: "removed") }
        page += "<p class=\"note\">Click a frame to zoom, Ctrl-F or the Search button to search, Ctrl-I for case; each graph keeps its own state.</p>\n"
        try sink.write(page)
        for graph in graphs {
            try sink.write("<h2>\(e(graph.title))</h2>\n<iframe id=\"graph-\(graph.id)\" title=\"\(e(graph.title))\" height=\"\(height(of: graph.svg) + 8)\" srcdoc=\"")
            try sink.write(HTMLText.attribute(document: Array("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>html,body{margin:0}</style></head><body>".utf8)))
            try sink.write(HTMLText.attribute(document: svgElement(graph.svg)))
            try sink.write("&lt;/body&gt;&lt;/html&gt;\"></iframe>\n")
        }
        try sink.write("</body>\n</html>\n")
    }

    private static func render(_ profile: Profile, _ options: RenderOptions) throws -> [UInt8] {
        var sink = ByteArraySink()
        _ = try FlameGraph.render(profile, options: options, to: &sink)
        return sink.bytes
    }

    private static func render(_ profile: DifferentialProfile, _ options: RenderOptions) throws -> [UInt8] {
        var sink = ByteArraySink()
        _ = try FlameGraph.render(profile, options: options, to: &sink)
        return sink.bytes
    }

    /// The document from its `<svg` element on: the XML prolog means nothing
    /// inside an HTML document.
    static func svgElement(_ svg: [UInt8]) -> [UInt8] {
        let marker = Array("<svg".utf8)
        var i = 0
        while i + marker.count <= svg.count {
            if svg[i] == marker[0], Array(svg[i ..< i + marker.count]) == marker { return Array(svg[i...]) }
            i += 1
        }
        return svg
    }

    /// The `height` attribute of the SVG element.
    static func height(of svg: [UInt8]) -> Int {
        let element = svgElement(svg)
        let text = String(decoding: element.prefix(400), as: UTF8.self)
        guard let range = text.firstRange(of: " height=\"") else { return 600 }
        let digits = text[range.upperBound...].prefix { $0.isNumber || $0 == "." }
        return Int(Double(digits) ?? 600)
    }

    private static func cells(_ r: FunctionRow) -> [String] {
        [Format.percent(r.selfA), Format.percent(r.selfB), Format.signed(r.deltaSelfPP, 2), Format.percent(r.totalA),
         Format.percent(r.totalB), Format.signed(r.deltaTotalPP, 2), Format.fixed(r.z, 1), "<code>" + e(r.name) + "</code>"]
    }

    private static func e(_ s: String) -> String { HTMLText.escape(s) }

    /// Cells are already escaped HTML.
    private static func table(_ header: [String], _ rows: [[String]], id: String) -> String {
        var out = "<table id=\"\(id)\"><thead><tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows { out += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n" }
        return out + "</tbody></table>\n"
    }

    static let head = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
    <title>flame report</title>
    <style>
    body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
    table { border-collapse: collapse; margin: 0.5em 0 1em; }
    th, td { border: 1px solid #ccc; padding: 2px 8px; text-align: right; font-variant-numeric: tabular-nums; }
    td:first-child, th:first-child, td:last-child { text-align: left; }
    code { font-size: 90%; word-break: break-all; }
    .fail { color: #b00; font-weight: bold; } .pass { color: #070; }
    iframe { width: 1220px; max-width: 100%; border: 1px solid #ddd; }
    .note { color: #666; }
    </style>
    </head>
    <body>

    """
}
