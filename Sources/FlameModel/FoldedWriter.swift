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
        let lines = SortedStackText(profile)
        var digits = [UInt8](repeating: 0, count: 24)
        var line = [UInt8]()
        var i = 0
        while i < lines.order.count {
            let text = lines.text(lines.order[i])
            var count = profile.stacks.weight(of: lines.order[i])
            // Stacks with the same text (a name holding ';' read back from
            // folded input) are one line, as they would be in a hash keyed by text.
            var j = i + 1
            while j < lines.order.count, lines.text(lines.order[j]).elementsEqual(text) {
                count = count.addingSaturated(profile.stacks.weight(of: lines.order[j]))
                j += 1
            }
            line.removeAll(keepingCapacity: true)
            line.append(contentsOf: text)
            line.append(UInt8(ascii: " "))
            appendDecimal(count, to: &line, scratch: &digits)
            line.append(UInt8(ascii: "\n"))
            try sink.write(line)
            i = j
        }
    }

    public static func string(_ profile: Profile) -> String {
        var sink = ByteArraySink()
        try! write(profile, to: &sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    public static func appendDecimal(_ value: UInt64, to line: inout [UInt8], scratch: inout [UInt8]) {
        var v = value
        var n = 0
        repeat {
            scratch[n] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            n += 1
        } while v > 0
        while n > 0 { n -= 1; line.append(scratch[n]) }
    }
}

/// Every stack of a profile joined with ';' into one arena, with an order that
/// sorts them bytewise.
public struct SortedStackText {
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]
    public private(set) var order: [Int]

    public init(_ profile: Profile) {
        let stacks = profile.stacks
        for index in 0 ..< stacks.count {
            var first = true
            for id in stacks.frames(of: index) {
                if !first { arena.append(UInt8(ascii: ";")) }
                first = false
                arena.append(contentsOf: profile.frames[id])
            }
            starts.append(arena.count)
        }
        order = Array(0 ..< stacks.count)
        let starts = self.starts
        arena.withUnsafeBufferPointer { base in
            order.sort { a, b in
                let la = starts[a + 1] - starts[a], lb = starts[b + 1] - starts[b]
                let common = min(la, lb)
                if common > 0 {
                    let c = memcmp(base.baseAddress! + starts[a], base.baseAddress! + starts[b], common)
                    if c != 0 { return c < 0 }
                }
                return la < lb
            }
        }
    }

    /// The text of stack `index` (frames joined with ';').
    public func text(_ index: Int) -> ArraySlice<UInt8> { arena[starts[index] ..< starts[index + 1]] }
}
