/// Where the three numbers behind a frame's colour come from.
enum ColorSource {
    /// flamegraph.pl's default: a pseudo-random number seeded by the sum of the
    /// name's characters, so a name keeps its colour across graphs. This is
    /// Perl's `srand(sum); rand(1)`, i.e. drand48 seeded the way Perl seeds it,
    /// which makes the colours the same as flamegraph.pl's.
    static func nameSeeded(_ name: String) -> Double {
        var sum: UInt32 = 0
        for scalar in name.unicodeScalars { sum &+= scalar.value }
        let state = (UInt64(sum) << 16 | 0x330E) &* 0x5_DEEC_E66D &+ 0xB
        return Double(state & 0xFFFF_FFFF_FFFF) / Double(UInt64(1) << 48)
    }

    /// flamegraph.pl's `--hash`: weights the first three characters (after a
    /// `module\`` prefix), so names that start alike get alike colours.
    static func nameHash(_ scalars: [UnicodeScalar]) -> Double {
        var chars = scalars[...]
        if let tick = scalars.dropFirst().firstIndex(of: "`") { chars = scalars[(tick + 1)...] }
        var vector = 0.0, weight = 1.0, maximum = 1.0, mod: UInt32 = 10
        for c in chars {
            let i = c.value % mod
            vector += Double(i) / Double(mod - 1) * weight
            mod += 1
            maximum += weight
            weight *= 0.70
            if mod > 12 { break }
        }
        return 1 - vector / maximum
    }

    static func hashValues(_ name: String) -> (Double, Double, Double) {
        let scalars = Array(name.unicodeScalars)
        let reversed = nameHash(scalars.reversed())
        return (nameHash(scalars), reversed, reversed)
    }
}


/// The consistent palette of `--cp`: `name->rgb(R,G,B)` lines, read before
/// rendering and written back (sorted by name) with the colours of new names,
/// so the same function keeps its colour across graphs.
public struct PaletteMap: Sendable {
    public private(set) var colors: [[UInt8]: RGB] = [:]

    public init() {}

    /// Reads a palette file; lines that do not parse are skipped (and counted).
    public init(parsing bytes: [UInt8]) {
        for line in bytes.split(separator: 10, omittingEmptySubsequences: true) {
            var line = Array(line)
            if line.last == 13 { line.removeLast() }
            guard let arrow = line.firstRange(of: Array("->".utf8), from: 0) else { continue }
            let value = String(decoding: line[(arrow + 2)...], as: UTF8.self)
            guard let color = RGB(css: value[...]) else { continue }
            colors[Array(line[..<arrow])] = color
        }
    }

    public subscript(name: [UInt8]) -> RGB? {
        get { colors[name] }
        set { colors[name] = newValue }
    }

    /// The file text: one `name->rgb(R,G,B)` line per name, sorted bytewise.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        for key in colors.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            // A name holding a newline could not be read back.
            guard !key.contains(10) else { continue }
            out += key
            out += Array("->".utf8)
            out += Array(colors[key]!.css.utf8)
            out.append(10)
        }
        return out
    }
}
