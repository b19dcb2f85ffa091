import FlameModel

/// Writes the SVG document: header and style, the controls, one `<g>` per
/// frame (`<title>`, `<rect>`, `<text>`, then its children's groups, so the
/// document is the tree and hiding a group hides a subtree), then the page
/// script with the frame data it needs to zoom and search without reading
/// the document back.
struct SVGWriter {
    let layout: Layout
    let frames: FrameTable
    let options: RenderOptions
    var colors: FrameColors
    private var out = TextOutput()
    private var names = NameTable()

    init(layout: Layout, frames: FrameTable, options: RenderOptions) {
        self.layout = layout
        self.frames = frames
        self.options = options
        colors = FrameColors(options: options, maxDelta: layout.tree.maxDelta)
    }

    mutating func write(to sink: inout some ByteSink) throws {
        writeHeader()
        out.raw("<g id=\"frames\">\n")
        let countName = Escaping.xml(options.countName)
        var open = 0
        for slot in 0 ..< layout.drawn.count {
            let node = Int(layout.drawn[slot])
            let depth = layout.tree.depth(node)
            while open > depth { out.raw("</g>\n"); open -= 1 }
            writeFrame(node, depth: depth, countName: countName)
            open += 1
            try out.flushIfFull(&sink)
        }
        while open > 0 { out.raw("</g>\n"); open -= 1 }
        out.raw("</g>\n")
        try writeScript(to: &sink)
        out.raw("</svg>\n")
        try out.flush(&sink)
    }

    private mutating func writeHeader() {
        let width = options.imageWidth, height = layout.imageHeight
        out.raw("<?xml version=\"1.0\" standalone=\"no\"?>\n<svg version=\"1.1\" width=\"")
        out.decimal(width); out.raw("\" height=\""); out.decimal(height)
        out.raw("\" viewBox=\"0 0 "); out.decimal(width); out.raw(" "); out.decimal(height)
        out.raw("\" xmlns=\"http://www.w3.org/2000/svg\">\n")
        if !options.notes.isEmpty {
            out.raw("<!-- NOTES: "); out.raw(Escaping.comment(options.notes)); out.raw(" -->\n")
        }
        let (stop1, stop2) = options.resolvedBackground.stops
        out.raw("<defs><linearGradient id=\"background\" y1=\"0\" y2=\"1\" x1=\"0\" x2=\"0\"><stop stop-color=\"\(stop1)\" offset=\"5%\"/><stop stop-color=\"\(stop2)\" offset=\"95%\"/></linearGradient></defs>\n")
        out.raw("<style type=\"text/css\"><![CDATA[\n")
        out.raw("text { font-family: \(options.fontType); font-size: ")
        out.decimal(options.fontSize); out.raw("px; fill: rgb(0,0,0); }\n#title { font-size: ")
        out.decimal(options.fontSize + 5); out.raw("px; }\n#frames .m > rect { fill: \(options.searchColor); }\n")
        out.raw(PageStyle.css)
        out.raw("]]></style>\n")
        out.raw("<rect x=\"0\" y=\"0\" width=\""); out.decimal(width); out.raw("\" height=\""); out.decimal(height)
        out.raw("\" fill=\"url(#background)\"/>\n")
        let fs = options.fontSize
        let middle = Double(Int(width / 2))
        control("title", x: middle, y: fs * 2, text: Escaping.xml(options.resolvedTitle))
        if !options.subtitle.isEmpty { control("subtitle", x: middle, y: fs * 4, text: Escaping.xml(options.subtitle)) }
        let bottom = height - layout.ypad2 / 2
        control("details", x: layout.xpad, y: bottom, text: Array("\u{A0}".utf8))
        control("unzoom", x: layout.xpad, y: fs * 2, text: Array("Reset Zoom".utf8), hidden: true)
        control("search", x: width - layout.xpad - 100, y: fs * 2, text: Array("Search".utf8))
        control("ignorecase", x: width - layout.xpad - 16, y: fs * 2, text: Array("ic".utf8))
        control("matched", x: width - layout.xpad - 100, y: bottom, text: Array("\u{A0}".utf8), hidden: true)
    }

    private mutating func control(_ id: StaticString, x: Double, y: Double, text: [UInt8], hidden: Bool = false) {
        out.raw("<text id=\""); out.raw(id); out.raw("\"")
        if hidden { out.raw(" class=\"hide\"") }
        out.raw(" x=\""); out.decimal(x); out.raw("\" y=\""); out.decimal(y); out.raw("\">")
        out.raw(text); out.raw("</text>\n")
    }

    private mutating func writeFrame(_ node: Int, depth: Int, countName: [UInt8]) {
        let tree = layout.tree
        let id = tree.name(node)
        let info = names.info(for: id, in: frames)
        let (start, end) = layout.span(node)
        let x = layout.xpad + Double(start) * layout.scale
        let width = Double(end - start) * layout.scale
        let y = layout.y(depth: depth)
        let h = options.frameHeight - Layout.framePad

        out.raw("<g><title>")
        let samples = (Double(end - start) * options.factor).rounded(.toNearestOrEven)
        // Exact counts where no factor scales them (a Double holds 53 bits).
        let shown = options.factor == 1 ? end - start : UInt64(exactly: samples) ?? (samples < 0 ? 0 : .max)
        if node == 0 {
            out.raw("all (")
            out.grouped(shown); out.byte(32); out.raw(countName); out.raw(", 100%)")
        } else {
            out.raw(info.title)
            out.raw(" ("); out.grouped(shown); out.byte(32); out.raw(countName); out.raw(", ")
            out.fixed2(100 * samples / (Double(layout.timeMax) * options.factor))
            out.byte(UInt8(ascii: "%"))
            if let delta = tree.delta(node) {
                let d = options.negate ? -delta : delta
                out.raw("; ")
                if d > 0 { out.byte(UInt8(ascii: "+")) }
                out.fixed2(100 * Double(d) / (Double(layout.timeMax) * options.factor))
                out.byte(UInt8(ascii: "%"))
            }
            out.byte(UInt8(ascii: ")"))
        }
        out.raw("</title><rect x=\""); out.decimal(x)
        out.raw("\" y=\""); out.decimal(y)
        out.raw("\" width=\""); out.decimal(width)
        out.raw("\" height=\""); out.decimal(h)
        out.raw("\" fill=\"rgb(")
        let rawName = node == 0 ? [] : info.raw
        let color = colors.color(id: id, name: rawName, delta: tree.delta(node), waker: tree.isWaker(node))
        out.integer(UInt64(color.r)); out.byte(44); out.integer(UInt64(color.g)); out.byte(44); out.integer(UInt64(color.b))
        out.raw(")\"/>")
        let chars = Int(width / (options.fontSize * options.fontWidth))
        if chars >= 3 {
            out.raw("<text x=\""); out.decimal(x + 3)
            out.raw("\" y=\""); out.decimal(3 + y + h / 2)
            out.raw("\">")
            appendLabel(node == 0 ? NameTable.rootInfo : info, chars: chars)
            out.raw("</text>")
        }
        out.byte(10)
    }

    /// The label cut to `chars` characters with "..", at the end with
    /// `--truncate-text-right`, else at the start (keeping the method name).
    private mutating func appendLabel(_ info: NameInfo, chars: Int) {
        if info.length <= chars {
            Escaping.appendXML(info.label, to: &out.bytes)
            return
        }
        let keep = chars - 2
        let scalars = info.labelScalarStarts
        if options.truncateTextRight {
            let cut = scalars.map { $0[keep] } ?? keep
            Escaping.appendXML(info.label[..<cut], to: &out.bytes)
            out.raw("..")
        } else {
            let cut = scalars.map { $0[info.length - keep] } ?? (info.length - keep)
            out.raw("..")
            Escaping.appendXML(info.label[cut...], to: &out.bytes)
        }
    }

    private mutating func writeScript(to sink: inout some ByteSink) throws {
        out.raw("<script type=\"text/ecmascript\"><![CDATA[\nvar flameData = {\"width\":")
        out.decimal(options.imageWidth)
        out.raw(",\"xpad\":"); out.decimal(layout.xpad)
        out.raw(",\"frameHeight\":"); out.decimal(options.frameHeight)
        out.raw(",\"fontSize\":"); out.decimal(options.fontSize)
        out.raw(",\"fontWidth\":"); out.raw(String(options.fontWidth))
        out.raw(",\"inverted\":"); out.raw(options.inverted ? "true" : "false")
        out.raw(",\"y0\":"); out.decimal(layout.y(depth: 0))
        out.raw(",\"total\":"); out.integer(layout.timeMax)
        out.raw(",\"factor\":"); out.raw(String(options.factor))
        out.raw(",\"truncateRight\":"); out.raw(options.truncateTextRight ? "true" : "false")
        out.raw(",\"nameType\":"); out.raw(Escaping.jsString(options.nameType))
        out.raw(",\n\"names\":[")
        for (i, name) in names.scriptNames.enumerated() {
            if i > 0 { out.byte(44) }
            Escaping.appendJSString(name, to: &out.bytes)
            try out.flushIfFull(&sink)
        }
        // Per frame in pre-order: depth, the gap in counts between the frame
        // and its previous sibling (or its parent's start; mostly 0), width
        // and name index.
        out.raw("],\n\"depths\":[")
        for slot in 0 ..< layout.drawn.count {
            if slot > 0 { out.byte(44) }
            out.integer(UInt64(layout.tree.depth(Int(layout.drawn[slot]))))
            try out.flushIfFull(&sink)
        }
        out.raw("],\n\"gaps\":[")
        var cursor = [UInt64](repeating: 0, count: layout.maxDepth + 2)
        for slot in 0 ..< layout.drawn.count {
            let node = Int(layout.drawn[slot])
            let depth = layout.tree.depth(node)
            let (start, end) = layout.span(node)
            if slot > 0 { out.byte(44) }
            out.integer(start - cursor[depth])
            cursor[depth] = end
            cursor[depth + 1] = start
            try out.flushIfFull(&sink)
        }
        out.raw("],\n\"widths\":[")
        for slot in 0 ..< layout.drawn.count {
            let (start, end) = layout.span(Int(layout.drawn[slot]))
            if slot > 0 { out.byte(44) }
            out.integer(end - start)
            try out.flushIfFull(&sink)
        }
        out.raw("],\n\"nameOf\":[")
        for slot in 0 ..< layout.drawn.count {
            if slot > 0 { out.byte(44) }
            let id = layout.tree.name(Int(layout.drawn[slot]))
            out.integer(UInt64(names.scriptIndex(id)))
            try out.flushIfFull(&sink)
        }
        out.raw("]")
        out.raw("};\n")
        out.raw(PageScript.source)
        out.raw("]]></script>\n")
    }
}
