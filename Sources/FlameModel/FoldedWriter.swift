#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a profile as folded stacks, one `frame;frame;...;leaf COUNT` line per
/// unique stack, sorted bytewise by the stack text as stackcollapse-perf.pl
/// sorts them (Perl's `cmp`), so the output is the same whatever the thread
/// count or the order in which inputs were merged.
public enum FoldedWriter {
    public static func write(_ profile: Profile, to sink: inout some ByteSink) throws {
        let text = StackText(profile)
        let order = text.sortedOrder()
        var line = GrowableBuffer<UInt8>(capacity: 1 << 12)
        defer { line.free() }
        var i = 0
        while i < order.count {
            var count = profile.stacks.weight(of: order[i])
            // Stacks with the same text (a name holding ';' read back from
            // folded input) are one line, as they would be in a hash keyed by text.
            var j = i + 1
            while j < order.count, text.compare(order[j], order[i]) == 0 {
                count = count.addingSaturated(profile.stacks.weight(of: order[j]))
                j += 1
            }
            line.removeAll()
            text.append(order[i], to: &line)
            line.append(UInt8(ascii: " "))
            appendDecimal(count, to: &line)
            line.append(UInt8(ascii: "\n"))
            try sink.write(UnsafeRawBufferPointer(start: line.base, count: line.count))
            i = j
        }
    }

    public static func string(_ profile: Profile) -> String {
        var sink = ByteArraySink()
        try! write(profile, to: &sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    static func appendDecimal(_ value: UInt64, to line: inout GrowableBuffer<UInt8>) {
        forEachDigit(of: value) { line.append($0) }
    }

    public static func appendDecimal(_ value: UInt64, to line: inout [UInt8]) {
        forEachDigit(of: value) { line.append($0) }
    }

    /// The decimal digits of `value`, most significant first.
    @inline(__always)
    private static func forEachDigit(of value: UInt64, _ body: (UInt8) -> Void) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes hold any UInt64
        var v = value
        var n = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                scratch[n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                n += 1
            } while v > 0
            while n > 0 { n -= 1; body(scratch[n]) }
        }
    }
}
