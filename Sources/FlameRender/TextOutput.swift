import FlameModel

/// The SVG being written: bytes collected in a buffer that is handed to the
/// sink in large pieces.
struct TextOutput {
    var bytes: [UInt8] = []
    private let flushAt = 1 << 20

    init() { bytes.reserveCapacity(flushAt + 4096) }

    @inline(__always) mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func raw(_ text: [UInt8]) { bytes.append(contentsOf: text) }

    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func flushIfFull(_ sink: inout some ByteSink) throws {
        if bytes.count >= flushAt { try flush(&sink) }
    }

    mutating func flush(_ sink: inout some ByteSink) throws {
        try bytes.withUnsafeBytes { try sink.write($0) }
        bytes.removeAll(keepingCapacity: true)
    }

    /// A non-negative integer in decimal.
    @inline(__always) mutating func integer(_ value: UInt64) {
        if value < 10 { bytes.append(48 + UInt8(value)); return }
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var n = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while v > 0 {
                buffer[n] = 48 + UInt8(v % 10)
                v /= 10
                n += 1
            }
            while n > 0 { n -= 1; bytes.append(buffer[n]) }
        }
    }

    mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        integer(value.magnitude)
    }

    /// A number rounded to hundredths, without trailing zeros ("12", "12.5", "12.25").
    @inline(__always) mutating func decimal(_ value: Double) {
        var hundredths = (value * 100).rounded()
        if hundredths < 0 {
            bytes.append(UInt8(ascii: "-"))
            hundredths = -hundredths
        }
        let h = UInt64(hundredths)
        integer(h / 100)
        let fraction = h % 100
        if fraction == 0 { return }
        bytes.append(UInt8(ascii: "."))
        bytes.append(48 + UInt8(fraction / 10))
        if fraction % 10 != 0 { bytes.append(48 + UInt8(fraction % 10)) }
    }

    /// flamegraph.pl's "%.2f" for percentages: always two decimals.
    mutating func fixed2(_ value: Double) {
        var hundredths = (value * 100).rounded(.toNearestOrEven)
        if hundredths < 0 {
            hundredths = -hundredths
            if hundredths != 0 { bytes.append(UInt8(ascii: "-")) }
        }
        let h = UInt64(hundredths)
        integer(h / 100)
        bytes.append(UInt8(ascii: "."))
        bytes.append(48 + UInt8(h % 100 / 10))
        bytes.append(48 + UInt8(h % 10))
    }

    /// An integer with thousands separators ("1,234,567"), as flamegraph.pl shows counts.
    mutating func grouped(_ value: UInt64) {
        if value < 1000 { integer(value); return }
        grouped(value / 1000)
        let rest = value % 1000
        bytes.append(UInt8(ascii: ","))
        bytes.append(48 + UInt8(rest / 100))
        bytes.append(48 + UInt8(rest / 10 % 10))
        bytes.append(48 + UInt8(rest % 10))
    }
}
