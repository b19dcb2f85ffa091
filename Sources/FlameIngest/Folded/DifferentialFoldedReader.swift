#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FlameModel

/// The differential line grammar written by difffolded.pl:
/// `frame;frame;...;leaf COUNT1 COUNT2`.
enum DifferentialSyntax {
    static func split(_ line: UnsafeBufferPointer<UInt8>) -> (stack: Range<Int>, first: UInt64, second: UInt64)? {
        guard let (rest, second) = FoldedSyntax.split(line),
              let (stack, first) = FoldedSyntax.split(UnsafeBufferPointer(rebasing: line[rest])),
              !stack.isEmpty
        else { return nil }
        return (stack, first, second)
    }

    /// True when every line among the first ones of `head` (up to 64) that has
    /// a count has two. One line of two counts could be a frame named like
    /// `worker 7` with one count, so a plain line anywhere in the head wins.
    static func looksDifferential(_ head: UnsafeRawBufferPointer) -> Bool {
        let bytes = head.bindMemory(to: UInt8.self)
        var start = 0
        var seen = 0
        while start < bytes.count, seen < 64 {
            var end = start
            while end < bytes.count, bytes[end] != 10 { end += 1 }
            // A line cut by the end of the head is not judged.
            if end == bytes.count, seen > 0 { break }
            let line = UnsafeBufferPointer(rebasing: bytes[start ..< end])
            start = end + 1
            guard let first = line.first, first != UInt8(ascii: "#"), !(line.count == 1 && first == 13) else { continue }
            // Garbage (no count at all) says nothing either way; it is warned about later.
            if FoldedSyntax.split(line) == nil { continue }
            if split(line) == nil { return false }
            seen += 1
        }
        return seen > 0
    }
}

/// Reads differential folded stacks into a `DifferentialProfile`.
final class DifferentialFoldedReader {
    let profile: DifferentialProfile
    @exclusivity(unchecked) private var interner = FoldedFrameInterner()
    private(set) var badLines = BadLines()

    init(profile: DifferentialProfile) { self.profile = profile }
    deinit { interner.free() }

    /// Reads the lines of `block`; returns how many lines it held.
    @discardableResult
    func feed(_ block: UnsafeRawBufferPointer, firstLine: Int) -> Int {
        Lines.forEach(in: block, firstLine: firstLine) { line($0, number: $1) }
    }

    private func line(_ text: UnsafeBufferPointer<UInt8>, number: Int) {
        if Lines.isBlankOrComment(text) { return }
        guard let (stack, before, after) = DifferentialSyntax.split(text) else {
            return badLines.record(text, line: number)
        }
        interner.intern(text, stack, into: profile.after.frames)
        profile.add(interner.ids.base, interner.ids.count, before: before, after: after)
    }
}

/// Differential folded input (`stack COUNT1 COUNT2`), which only renderers
/// take; the loader recognises it before the plain formats.
enum DifferentialFoldedFormat {
    static func read(_ input: OpenedInput, into profile: DifferentialProfile, session: LoadSession) throws {
        let folded = DifferentialFoldedReader(profile: profile)
        var blocks = input.blocks
        try blocks.feedAll { folded.feed($0, firstLine: $1) }
        folded.badLines.report(to: session.diagnostics, input: input.name, what: "not a differential folded line (stack COUNT1 COUNT2)")
    }
}
