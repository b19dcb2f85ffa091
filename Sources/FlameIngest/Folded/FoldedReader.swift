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

extension FoldedSyntax {
    /// Interns the `;`-separated frames of `text[stack]` into `ids`, root first.
    static func internFrames(_ text: UnsafeBufferPointer<UInt8>, _ stack: Range<Int>, into frames: FrameTable,
                             ids: inout GrowableBuffer<UInt32>) {
        ids.removeAll()
        let raw = UnsafeRawBufferPointer(text)
        var frameStart = stack.lowerBound
        for i in stack where text[i] == UInt8(ascii: ";") {
            ids.append(frames.intern(UnsafeRawBufferPointer(rebasing: raw[frameStart ..< i])))
            frameStart = i + 1
        }
        ids.append(frames.intern(UnsafeRawBufferPointer(rebasing: raw[frameStart ..< stack.upperBound])))
    }
}

/// Reads folded stacks into a profile, summing the counts of equal stacks.
final class FoldedReader {
    let profile: Profile
    @exclusivity(unchecked) private var ids = GrowableBuffer<UInt32>(capacity: 256)
    private(set) var badLines = BadLines()

    init(profile: Profile) { self.profile = profile }
    deinit { ids.free() }

    @discardableResult
    func feed(_ block: UnsafeRawBufferPointer, firstLine: Int) -> Int {
        Lines.forEach(in: block, firstLine: firstLine) { line($0, number: $1) }
    }

    private func line(_ text: UnsafeBufferPointer<UInt8>, number: Int) {
        if Lines.isBlankOrComment(text) { return }
        guard let (stack, count) = FoldedSyntax.split(text) else {
            return badLines.record(text, line: number)
        }
        FoldedSyntax.internFrames(text, stack, into: profile.frames, ids: &ids)
        profile.stacks.add(ids.base, ids.count, weight: count, samples: count)
    }
}
