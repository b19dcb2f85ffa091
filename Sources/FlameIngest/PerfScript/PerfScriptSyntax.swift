/// The line grammar of `perf script` text, as stackcollapse-perf.pl reads it.
///
/// The Perl script classifies lines with three regular expressions. Each
/// function here gives exactly the captures Perl's backtracking matcher would
/// give for that expression, computed in one or two linear passes over bytes
/// (the reasoning for each is next to it). Perl reads the input as bytes, so
/// `\s`, `\d` and `\w` are their ASCII classes.
public enum PerfScriptSyntax {
    /// A half-open byte range inside a line.
    public typealias Span = Range<Int>

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }
    @inline(__always) static func isWord(_ b: UInt8) -> Bool {
        isDigit(b) || (b | 0x20) &- 97 < 26 || b == 95
    }

    /// The captures of `^(\S.+?)\s+(\d+)\/*(\d+)*\s+`: the sample header.
    public struct Header {
        public var comm: Span
        public var pid: Span
        public var tid: Span?
    }

    /// Matches a sample header line. The comm is lazy: the shortest prefix of
    /// at least two bytes after which whitespace, digits, optional slashes and
    /// optional digits are followed by whitespace. For a given end of comm the
    /// greedy tail either matches with maximal runs or not at all (shorter runs
    /// end on a digit or slash, which `\s+` cannot follow).
    public static func header(_ line: UnsafeBufferPointer<UInt8>) -> Header? {
        let n = line.count
        guard n >= 3, !isSpace(line[0]) else { return nil }
        var end = 2
        while end < n {
            if isSpace(line[end]) {
                var b = end
                while b < n, isSpace(line[b]) { b += 1 }
                var c = b
                while c < n, isDigit(line[c]) { c += 1 }
                if c > b {
                    var d = c
                    while d < n, line[d] == UInt8(ascii: "/") { d += 1 }
                    var f = d
                    if d > c { while f < n, isDigit(line[f]) { f += 1 } }
                    if f < n, isSpace(line[f]) {
                        return Header(comm: 0 ..< end, pid: b ..< c, tid: f > d ? d ..< f : nil)
                    }
                }
            }
            end += 1
        }
        return nil
    }

    /// The captures of `:\s*(\d+)*\s+(\S+):\s*$`: the period and event name.
    ///
    /// After its last `:` the line may hold only whitespace, so that colon is the
    /// literal one and the event is the whitespace-free token before it. The
    /// text between the preceding colon and that token must be `\s*\d*\s+`;
    /// any earlier colon would leave that colon inside the text, so the
    /// leftmost match can only start at the last colon before the token.
    public static func event(_ line: UnsafeBufferPointer<UInt8>) -> (period: Span?, event: Span)? {
        var z = line.count
        while z > 0, isSpace(line[z - 1]) { z -= 1 }
        guard z > 0, line[z - 1] == UInt8(ascii: ":") else { return nil }
        let colon = z - 1
        var t = colon
        while t > 0, !isSpace(line[t - 1]) { t -= 1 }
        guard t < colon, t > 0 else { return nil }
        var i = t - 1
        while i >= 0, line[i] != UInt8(ascii: ":") { i -= 1 }
        guard i >= 0 else { return nil }
        // Between the colon at i and the token at t: \s* (\d+)* \s+
        var k = i + 1
        while k < t, isSpace(line[k]) { k += 1 }
        let digitsStart = k
        while k < t, isDigit(line[k]) { k += 1 }
        let digitsEnd = k
        guard k < t else {
            // Only whitespace: \s* gives back its last byte to \s+.
            return digitsStart == digitsEnd && t > i + 1 ? (nil, t ..< colon) : nil
        }
        while k < t, isSpace(line[k]) { k += 1 }
        guard k == t, k > digitsEnd else { return nil }
        return (digitsEnd > digitsStart ? digitsStart ..< digitsEnd : nil, t ..< colon)
    }

    /// The captures of `^\s*(\w+)\s*(.+) \((.*)\)`: one frame of a stack.
    public struct Frame {
        public var pc: Span
        public var symbol: Span
        public var module: Span
    }

    /// Matches a frame line. `(.+)` is greedy, so the module starts after the
    /// last " (" that still has a ")" somewhere after it, and `(.*)` runs to the
    /// last ")". The symbol then starts where the greedy `\w+\s*` ended, backing
    /// off (into the word if need be) so that it is not empty.
    public static func frame(_ line: UnsafeBufferPointer<UInt8>) -> Frame? {
        let n = line.count
        var close = n - 1
        while close >= 0, line[close] != UInt8(ascii: ")") { close -= 1 }
        guard close >= 3 else { return nil }
        // These scans cover most bytes of every frame line, so each first
        // skips eight bytes at a time where it safely can (see `Word`).
        let raw = UnsafeRawPointer(line.baseAddress!)
        var open = close - 2
        var found = false
        // Each '(' among bytes open-6 ... open+1, last first, with a space before it.
        search: while open >= 6 {
            var matches = Word.matching(raw.loadUnaligned(fromByteOffset: open - 6, as: UInt64.self), UInt8(ascii: "("))
            while matches != 0 {
                let byte = (63 - matches.leadingZeroBitCount) >> 3
                let candidate = open - 7 + byte
                if candidate >= 0, line[candidate] == 32 {
                    open = candidate
                    found = true
                    break search
                }
                matches &= ~(0x80 << UInt64(byte << 3))
            }
            open -= 8
        }
        if !found {
            while open >= 0, !(line[open] == 32 && line[open + 1] == UInt8(ascii: "(")) { open -= 1 }
            guard open >= 0 else { return nil }
        }
        var p0 = 0
        while p0 + 8 <= n {
            let k = Word.spaceRun(raw.loadUnaligned(fromByteOffset: p0, as: UInt64.self))
            p0 += k
            if k < 8 { break }
        }
        while p0 < n, isSpace(line[p0]) { p0 += 1 }
        var wordEnd = p0
        while wordEnd + 8 <= n {
            let k = Word.wordRun(raw.loadUnaligned(fromByteOffset: wordEnd, as: UInt64.self))
            wordEnd += k
            if k < 8 { break }
        }
        while wordEnd < n, isWord(line[wordEnd]) { wordEnd += 1 }
        var spaceEnd = wordEnd
        while spaceEnd < n, isSpace(line[spaceEnd]) { spaceEnd += 1 }
        let symbolStart = min(spaceEnd, open - 1)
        guard symbolStart >= p0 + 1 else { return nil }
        return Frame(pc: p0 ..< min(symbolStart, wordEnd), symbol: symbolStart ..< open, module: open + 2 ..< close)
    }

    /// Where `symbol` ends once a trailing `+0x` followed by lower-case hex
    /// digits (Perl's `s/\+0x[\da-f]+$//`) is removed.
    @inline(__always)
    static func endStrippingOffset(_ line: UnsafeBufferPointer<UInt8>, _ symbol: Span) -> Int {
        var k = symbol.upperBound
        while k > symbol.lowerBound, isDigit(line[k - 1]) || line[k - 1] &- 97 < 6 { k -= 1 }
        guard k < symbol.upperBound, k - symbol.lowerBound >= 3, line[k - 1] == UInt8(ascii: "x"),
              line[k - 2] == UInt8(ascii: "0"), line[k - 3] == UInt8(ascii: "+") else { return symbol.upperBound }
        return k - 3
    }
}

/// Tests on eight bytes at once (one unaligned 64-bit load, little-endian:
/// the line's first byte is the word's lowest), for the scans that cross whole
/// runs of a line. Each answer is exact byte by byte.
enum Word {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each byte of `x` that is `byte`. Without the high bits,
    /// adding 0x7F to a byte cannot carry into the next one.
    @inline(__always)
    static func matching(_ x: UInt64, _ byte: UInt8) -> UInt64 {
        let v = x ^ (ones &* UInt64(byte))
        let lows = ~highs
        return ~(((v & lows) &+ lows) | v) & highs
    }

    /// How many bytes of `x`, from the first, are in `\s` (8: all).
    @inline(__always)
    static func spaceRun(_ x: UInt64) -> Int {
        firstUnset(inRange(x, 0x09, 0x0D) | inRange(x, 0x20, 0x20), x)
    }

    /// How many bytes of `x`, from the first, are in `\w` (`[0-9A-Za-z_]`; 8: all).
    @inline(__always)
    static func wordRun(_ x: UInt64) -> Int {
        let folded = x | (ones &* 0x20)
        return firstUnset(inRange(x, 0x30, 0x39) | inRange(folded, 0x61, 0x7A) | inRange(x, 0x5F, 0x5F), x)
    }

    /// The index of the first byte whose high bit `inClass` leaves clear, or
    /// which is not ASCII. A non-ASCII byte can carry into the ones after it
    /// in `inRange`, never into the ones before, so up to the first of them
    /// the class bits are exact.
    @inline(__always)
    private static func firstUnset(_ inClass: UInt64, _ x: UInt64) -> Int {
        ((~inClass & highs) | (x & highs)).trailingZeroBitCount >> 3
    }

    /// The high bit of each byte set where `lo <= byte <= hi`, exact for an
    /// ASCII byte when no byte before it is above 0x7F: each byte's sum with a
    /// constant below 0x80 stays below 0x100, and its high bit tells the bound.
    @inline(__always)
    private static func inRange(_ x: UInt64, _ lo: UInt64, _ hi: UInt64) -> UInt64 {
        (x &+ ones &* (0x80 - lo)) & ~(x &+ ones &* (0x7F - hi)) & highs
    }
}
