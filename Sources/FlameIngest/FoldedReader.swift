#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FlameModel

/// The folded line grammar: `frame;frame;...;leaf COUNT`.
enum FoldedSyntax {
    /// Splits a line into its stack text and count, or nil if it has no
    /// ` COUNT` suffix of decimal digits.
    static func split(_ line: UnsafeBufferPointer<UInt8>) -> (stack: Range<Int>, count: UInt64)? {
        var end = line.count
        while end > 0, line[end - 1] == 13 || line[end - 1] == 32 { end -= 1 }  // CR, trailing blanks
        var digits = end
        while digits > 0, PerfScriptSyntax.isDigit(line[digits - 1]) { digits -= 1 }
        guard digits < end, digits > 0, line[digits - 1] == 32 || line[digits - 1] == 9 else { return nil }
        var count: UInt64 = 0
        for i in digits ..< end {
            let (m, o1) = count.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(line[i] - 48))
            if o1 || o2 { return nil }
            count = s
        }
        // Only the one blank before the count separates: a leaf frame may end
        // in blanks (stackcollapse-perf.pl cuts `f<void (int)>` to `f<void `),
        // and flamegraph.pl keeps them, so merging must too.
        return (0 ..< digits - 1, count)
    }
}

/// Reads folded stacks into a profile, summing the counts of equal stacks.
final class FoldedReader {
    let profile: Profile
    private var ids = GrowableBuffer<UInt32>(capacity: 256)
    private(set) var badLines: [(line: Int, text: [UInt8])] = []
    private(set) var badLineCount = 0

    init(profile: Profile) { self.profile = profile }
    deinit { ids.free() }

    @discardableResult
    func feed(_ block: UnsafeRawBufferPointer, firstLine: Int) -> Int {
        guard var p = block.baseAddress?.assumingMemoryBound(to: UInt8.self), block.count > 0 else { return 0 }
        let end = p + block.count
        var number = firstLine
        while p < end {
            let newline = memchr(p, 10, end - p).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) } ?? end
            line(UnsafeBufferPointer(start: p, count: newline - p), number: number)
            number += 1
            p = newline + 1
        }
        return number - firstLine
    }

    private func line(_ text: UnsafeBufferPointer<UInt8>, number: Int) {
        guard let first = text.first, first != UInt8(ascii: "#"), !(text.count == 1 && first == 13) else { return }
        guard let (stack, count) = FoldedSyntax.split(text) else {
            badLineCount += 1
            if badLines.count < CollapseReport.keptLines { badLines.append((number, Array(text.prefix(160)))) }
            return
        }
        ids.removeAll()
        var frameStart = stack.lowerBound
        let raw = UnsafeRawBufferPointer(text)
        for i in stack where text[i] == UInt8(ascii: ";") {
            ids.append(profile.frames.intern(UnsafeRawBufferPointer(rebasing: raw[frameStart ..< i])))
            frameStart = i + 1
        }
        ids.append(profile.frames.intern(UnsafeRawBufferPointer(rebasing: raw[frameStart ..< stack.upperBound])))
        profile.stacks.add(ids.base, ids.count, count: count)
    }
}
