/// How wide a frame must be to be drawn.
public enum MinWidth: Sendable, Equatable {
    /// Pixels at the full (unzoomed) scale.
    case pixels(Double)
    /// Percent of the total.
    case percent(Double)

    /// Parses flamegraph.pl's syntax: a number, or a number followed by `%`.
    public init?(_ text: String) {
        let isPercent = text.hasSuffix("%")
        let number = isPercent ? String(text.dropLast()) : text
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(number), value.isFinite, value >= 0 else { return nil }
        self = isPercent ? .percent(value) : .pixels(value)
    }
}

/// Everything that shapes the SVG, with flamegraph.pl's defaults. The CLI
/// fills this from its options; the library never reads files itself.
public struct RenderOptions: Sendable {
    /// Nil: "Flame Graph", "Icicle Graph" or "Flame Chart" by mode.
    public var title: String? = nil
    public var subtitle: String = ""
    public var imageWidth: Double = 1200
    public var frameHeight: Double = 16
    public var minWidth: MinWidth = .pixels(0.1)
    public var fontType = "Verdana"
    public var fontSize: Double = 12
    public var fontWidth: Double = 0.59
    public var countName = "samples"
    public var nameType = "Function:"
    public var palette: Palette = .hot
    /// Nil: chosen by palette as flamegraph.pl does.
    public var background: Background? = nil
    /// Colour by flamegraph.pl's name hash (similar names, similar colours).
    public var hash = false
    /// Colour each frame at random.
    public var random = false
    /// Colours kept per name across graphs (`--cp`); updated with new names.
    public var paletteMap: PaletteMap? = nil
    /// Root at the top of each stack instead of the leaf (merge from the leaves).
    public var reverse = false
    /// Icicle graph: root at the top, growing down.
    public var inverted = false
    /// Keep the input order of stacks and merge only neighbours (time order).
    public var flamechart = false
    /// Differential input: swap the hues (and the sign of the delta).
    public var negate = false
    public var notes = ""
    /// Width of the graph in counts, when larger than the sum of the counts.
    public var total: UInt64? = nil
    /// Multiplies the counts shown in tooltips.
    public var factor: Double = 1
    /// Output depends only on the input and options (a fixed seed for --random).
    public var deterministic = false
    /// Siblings sorted by name (flamegraph.pl); false keeps first-seen order.
    public var sort = true
    public var searchColor = "rgb(230,0,230)"
    /// Truncate long labels at the end ("head..") rather than at the start ("..tail").
    public var truncateTextRight = false

    public init() {}

    var resolvedTitle: String {
        if let title, !title.isEmpty { return title }
        if flamechart { return "Flame Chart" }
        return inverted ? "Icicle Graph" : "Flame Graph"
    }

    var resolvedBackground: Background { background ?? palette.defaultBackground }
}

/// The page background: a vertical gradient between two colours, or flat.
public enum Background: Sendable, Equatable {
    case yellow, blue, green, grey
    /// `#rrggbb`, as six hexadecimal digits.
    case flat(String)

    public init?(_ text: String) {
        switch text {
        case "yellow": self = .yellow
        case "blue": self = .blue
        case "green": self = .green
        case "grey", "gray": self = .grey
        default:
            let hex = text.utf8.dropFirst()
            guard text.hasPrefix("#"), hex.count == 6, hex.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) })
            else { return nil }
            self = .flat(text)
        }
    }

    var stops: (String, String) {
        switch self {
        case .yellow: return ("#eeeeee", "#eeeeb0")
        case .blue: return ("#eeeeee", "#e0e0ff")
        case .green: return ("#eef2ee", "#e0ffe0")
        case .grey: return ("#f8f8f8", "#e8e8e8")
        case .flat(let color): return (color, color)
        }
    }
}
