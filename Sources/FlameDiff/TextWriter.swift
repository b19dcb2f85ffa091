import FlameModel

/// The readable summary `flame diff` prints by default: aligned tables.
public enum TextWriter {
    public static func write(_ report: DiffReport, color: Bool, to sink: inout some ByteSink) throws {
        let c = report.comparison
        var out = ""
        out += "A: \(report.inputsA.joined(separator: ", "))\nB: \(report.inputsB.joined(separator: ", "))\n"
        out += "normalization: " + c.normalization.summary.filter { $0.name != "entry points" }
            .map { "\($0.name)=\($0.value)" }.joined(separator: "; ") + "\n\n"
        out += table([["", "A", "B"]] + report.shapeRows.map { [$0.label, $0.a, $0.b] }, rightAligned: [1, 2])
        out += "\n"
        out += table([["distance", "value", "noise", "ratio"]] + report.distanceRows.map { [$0.label, $0.value, $0.noise, $0.ratio] },
                     rightAligned: [1, 2, 3])
        let beyond = c.frames.filter(\.beyondNoise)
        out += "\nframes beyond noise (|z| >= \(Format.fixed(c.options.zThreshold, 1)) and |Δself| >= \(Format.fixed(c.options.minDeltaPP, 2)) pp): \(beyond.count)\n"
        if !beyond.isEmpty {
            out += table([["self A", "self B", "Δself pp", "total A", "total B", "Δtotal pp", "z", "function"]]
                         + beyond.map(frameCells), rightAligned: [0, 1, 2, 3, 4, 5, 6])
        }
        if !report.gates.isEmpty {
            out += "\ngates:\n"
            for g in report.gates {
                let line = Format.gate(g)
                out += "  " + (color ? (g.passed ? "\u{1B}[32m" : "\u{1B}[31m") + line + "\u{1B}[0m" : line) + "\n"
            }
        }
        try sink.write(out)
    }

    static func frameCells(_ r: FunctionRow) -> [String] {
        [Format.percent(r.selfA), Format.percent(r.selfB), Format.signed(r.deltaSelfPP, 2),
         Format.percent(r.totalA), Format.percent(r.totalB), Format.signed(r.deltaTotalPP, 2), Format.fixed(r.z, 1),
         printable(r.name)]
    }

    /// Control characters in names would move the terminal's cursor.
    static func printable(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\u{FFFD}" : $0 }))
    }

    static func table(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        var widths: [Int] = []
        for row in rows {
            for (i, cell) in row.enumerated() {
                if i >= widths.count { widths.append(0) }
                widths[i] = max(widths[i], cell.count)
            }
        }
        var out = ""
        for row in rows {
            var line = ""
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if i > 0 { line += "  " }
                line += rightAligned.contains(i) ? pad + cell : (i == row.count - 1 ? cell : cell + pad)
            }
            out += line + "\n"
        }
        return out
    }
}

/// `--markdown`: the same content as tables for a CI comment.
public enum MarkdownWriter {
    public static func write(_ report: DiffReport, to sink: inout some ByteSink) throws {
        let c = report.comparison
        var out = "### flame diff\n\n"
        out += "A: \(report.inputsA.map(code).joined(separator: ", ")) · B: \(report.inputsB.map(code).joined(separator: ", "))\n\n"
        if !report.gates.isEmpty {
            let failed = report.gates.filter { !$0.passed }.count
            out += failed == 0 ? "**All \(report.gates.count) gates passed.**\n\n" : "**\(failed) of \(report.gates.count) gates failed.**\n\n"
            out += "| gate | value | threshold | result |\n|---|---:|---:|---|\n"
            for g in report.gates {
                out += "| \(code(g.expression)) | \(Format.fixed(g.value, 4)) | \(Format.fixed(g.threshold, 4)) | \(g.passed ? "pass" : "**FAIL**") |\n"
            }
            out += "\n"
        }
        out += "| | A | B |\n|---|---:|---:|\n"
        for r in report.shapeRows { out += "| \(r.label) | \(r.a) | \(r.b) |\n" }
        out += "\n| distance | value | noise | ratio |\n|---|---:|---:|---:|\n"
        for r in report.distanceRows { out += "| \(r.label) | \(r.value) | \(r.noise) | \(r.ratio) |\n" }
        let beyond = c.frames.filter(\.beyondNoise)
        out += "\n**Frames beyond noise** (|z| ≥ \(Format.fixed(c.options.zThreshold, 1)), |Δself| ≥ \(Format.fixed(c.options.minDeltaPP, 2)) pp): \(beyond.count)\n\n"
        if !beyond.isEmpty {
            out += "| self A | self B | Δself pp | total A | total B | Δtotal pp | z | function |\n|---:|---:|---:|---:|---:|---:|---:|---|\n"
            for r in beyond {
                let cells = TextWriter.frameCells(r)
                out += "| " + cells.dropLast().joined(separator: " | ") + " | \(code(r.name)) |\n"
            }
        }
        out += "\nNormalization: " + c.normalization.summary.filter { $0.name != "entry points" }
            .map { "\($0.name) \(code($0.value))" }.joined(separator: ", ") + "\n"
        try sink.write(out)
    }

    /// An inline code span that no name can break out of: backticks become
    /// a longer fence, `|` is escaped for tables, control characters replaced.
    static func code(_ text: String) -> String {
        var longest = 0, run = 0
        for ch in text { if ch == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let fence = String(repeating: "`", count: longest + 1)
        let body = TextWriter.printable(text).replacingAll("|", with: "\\|").replacingAll("<", with: "&lt;")
        let pad = body.hasPrefix("`") || body.hasSuffix("`") ? " " : ""
        return fence + pad + body + pad + fence
    }
}
