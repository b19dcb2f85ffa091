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
    @exclusivity(unchecked) private var interner = FoldedFrameInterner()
    private(set) var badLines = BadLines()
    /// The profile started empty and every line so far was greater than the
    /// one before, so each was a new stack: stacks are added without looking
    /// them up.
    private var sorted: Bool
    private var lastStack = -1

    init(profile: Profile) {
        self.profile = profile
        sorted = profile.stacks.count == 0
    }
    deinit { interner.free() }

    @discardableResult
    func feed(_ block: UnsafeRawBufferPointer, firstLine: Int) -> Int {
        Lines.forEach(in: block, firstLine: firstLine) { line($0, number: $1) }
    }

    private func line(_ text: UnsafeBufferPointer<UInt8>, number: Int) {
        if Lines.isBlankOrComment(text) { return }
        guard let (stack, count) = FoldedSyntax.split(text) else {
            return badLines.record(text, line: number)
        }
        let stacks = profile.stacks
        switch interner.intern(text, stack, into: profile.frames) {
        case .repeated where lastStack >= 0:
            stacks.add(weight: count, samples: count, to: lastStack)
        case .ascending where sorted:
            lastStack = stacks.addDistinct(interner.ids.base, interner.ids.count, weight: count, samples: count)
        case let order:
            if order == .descending { sorted = false }
            lastStack = stacks.add(interner.ids.base, interner.ids.count, weight: count, samples: count)
        }
    }
}
