/// A colour as written into the SVG.
public struct RGB: Sendable, Equatable, Hashable {
    public var r: UInt8, g: UInt8, b: UInt8
    public init(_ r: Int, _ g: Int, _ b: Int) {
        self.r = UInt8(clamping: r); self.g = UInt8(clamping: g); self.b = UInt8(clamping: b)
    }

    public var css: String { "rgb(\(r),\(g),\(b))" }

    /// Parses `rgb(R,G,B)` (the palette file format).
    public init?(css text: Substring) {
        guard text.hasPrefix("rgb("), text.hasSuffix(")") else { return nil }
        let parts = text.dropFirst(4).dropLast().split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let values = parts.compactMap { Int($0.trimmingSpaces) }
        guard values.count == 3, values.allSatisfy({ (0 ... 255).contains($0) }) else { return nil }
        self.init(values[0], values[1], values[2])
    }

    static let separatorGrey = RGB(160, 160, 160)  // frames named "--"
    static let dashGrey = RGB(200, 200, 200)  // frames named "-"
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}

/// flamegraph.pl's palettes plus inferno's `python` and `rust`. The "multi"
/// palettes (java, js, perl, python, rust, wakeup, chain) pick one of the
/// basic hues from the frame name and its `_[k]`/`_[j]`/`_[i]`/`_[w]` annotation.
public enum Palette: String, Sendable, CaseIterable {
    case hot, mem, io, wakeup, chain, java, js, perl, red, green, blue, aqua, yellow, purple, orange, python, rust

    var defaultBackground: Background {
        switch self {
        case .mem: return .green
        case .io, .wakeup, .chain: return .blue
        case .red, .green, .blue, .aqua, .yellow, .purple, .orange: return .grey
        default: return .yellow
        }
    }

    /// The colour of a frame named `name` (annotation included), from three
    /// numbers in [0, 1) that come from the name (or at random).
    /// `waker` marks frames above a `--` separator in the chain palette.
    func color(_ name: [UInt8], _ v1: Double, _ v2: Double, _ v3: Double, waker: Bool = false) -> RGB {
        switch self {
        case .hot: return RGB(205 + Int(50 * v3), Int(230 * v1), Int(55 * v2))
        case .mem: return RGB(0, 190 + Int(50 * v2), Int(210 * v1))
        case .io:
            let r = 80 + Int(60 * v1)
            return RGB(r, r, 190 + Int(55 * v2))
        case .red: return RGB(200 + Int(55 * v1), 50 + Int(80 * v1), 50 + Int(80 * v1))
        case .green: return RGB(50 + Int(60 * v1), 200 + Int(55 * v1), 50 + Int(60 * v1))
        case .blue: return RGB(80 + Int(60 * v1), 80 + Int(60 * v1), 205 + Int(50 * v1))
        case .yellow: return RGB(175 + Int(55 * v1), 175 + Int(55 * v1), 50 + Int(20 * v1))
        case .purple: return RGB(190 + Int(65 * v1), 80 + Int(60 * v1), 190 + Int(65 * v1))
        case .aqua: return RGB(50 + Int(60 * v1), 165 + Int(55 * v1), 165 + Int(55 * v1))
        case .orange: return RGB(190 + Int(65 * v1), 90 + Int(65 * v1), 0)
        case .wakeup: return Palette.aqua.color(name, v1, v2, v3)
        case .chain: return (waker || name.hasSuffixBytes("_[w]") ? Palette.aqua : .blue).color(name, v1, v2, v3)
        case .java, .js, .perl, .python, .rust:
            return NameClassifier.hue(for: name, in: self).color(name, v1, v2, v3)
        }
    }
}

extension Array where Element == UInt8 {
    func hasSuffixBytes(_ suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        guard count >= n else { return false }
        let s = UnsafeBufferPointer(start: suffix.utf8Start, count: n)
        return self[(count - n)...].elementsEqual(s)
    }

    func hasPrefixBytes(_ prefix: String) -> Bool { starts(with: prefix.utf8) }

    func containsBytes(_ needle: String) -> Bool { firstRange(of: Array(needle.utf8), from: 0) != nil }

    func firstRange(of needle: [UInt8], from start: Int) -> Int? {
        guard needle.count <= count - start else { return nil }
        var i = start
        while i + needle.count <= count {
            if self[i] == needle[0], self[i ..< i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
