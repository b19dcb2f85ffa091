@testable import FlameIngest
import FlameModel
import Testing

/// The interner reuses the ids of the frames a line shares with the line
/// before; it must give exactly the ids, and the table exactly the frames in
/// the same order, that interning every frame of every line gives.
@Suite struct FoldedFrameInternerTests {
    /// Frames from a tiny alphabet, so that lines share prefixes, frames are
    /// prefixes of other frames (`a` and `ab`), and frames are empty.
    static func randomStack(_ random: inout SplitMix64) -> [UInt8] {
        let alphabet: [UInt8] = Array("ab;;_[k]".utf8)
        let length = Int(random.next() % 12)
        return (0 ..< length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
    }

    static func naiveIDs(_ stack: [UInt8], _ frames: FrameTable) -> [UInt32] {
        stack.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false).map { frame in
            Array(frame).withUnsafeBytes { frames.intern($0) }
        }
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func matchesInterningEveryFrame(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var lines = (0 ..< 400).map { _ in Self.randomStack(&random) }
        if seed % 2 == 0 { lines.sort { $0.lexicographicallyPrecedes($1) } }  // sorted input, as usual
        let reused = FrameTable(), naive = FrameTable()
        var interner = FoldedFrameInterner()
        defer { interner.free() }
        for (number, line) in lines.enumerated() {
            // The line sits inside a larger buffer, as in a block of input.
            let buffer: [UInt8] = Array("x;".utf8) + line + Array(" 1".utf8)
            buffer.withUnsafeBufferPointer { interner.intern($0, 2 ..< 2 + line.count, into: reused) }
            let got = Array(UnsafeBufferPointer(start: interner.ids.base, count: interner.ids.count))
            #expect(got == Self.naiveIDs(line, naive), "line \(number): \(String(decoding: line, as: UTF8.self))")
        }
        #expect(reused.count == naive.count)
        for id in 0 ..< UInt32(naive.count) {
            #expect(reused.bytes(id) == naive.bytes(id) && reused.kind(id) == naive.kind(id))
        }
    }

    @Test func sharedPrefixEndingInsideAFrameIsNotReused() {
        let frames = FrameTable()
        var interner = FoldedFrameInterner()
        defer { interner.free() }
        var seen: [[String]] = []
        for line in ["main;parse;lex", "main;parse;lexer", "main;parse", "main;pa", "main;parse;lex;next", ""] {
            let bytes = Array(line.utf8)
            bytes.withUnsafeBufferPointer { interner.intern($0, 0 ..< bytes.count, into: frames) }
            seen.append((0 ..< interner.ids.count).map { frames.string(interner.ids[$0]) })
        }
        #expect(seen == [["main", "parse", "lex"], ["main", "parse", "lexer"], ["main", "parse"], ["main", "pa"],
                         ["main", "parse", "lex", "next"], [""]])
        #expect(frames.count == 7)
    }
}

/// Sorted folded input is added without looking stacks up; whatever the
/// order of the lines, every stack must be stored once with its summed count.
@Suite struct FoldedReaderOrderTests {
    static func profile(_ text: String) -> Profile {
        let profile = Profile()
        let reader = FoldedReader(profile: profile)
        Array(text.utf8).withUnsafeBytes { _ = reader.feed($0, firstLine: 1) }
        return profile
    }

    static func weights(_ profile: Profile) -> [String: UInt64] {
        var weights: [String: UInt64] = [:]
        for index in 0 ..< profile.stacks.count {
            let text = profile.stacks.frames(of: index).map { profile.frames.string($0) }.joined(separator: ";")
            #expect(weights[text] == nil, "stack \(text) stored twice")
            weights[text] = profile.stacks.weight(of: index)
        }
        return weights
    }

    @Test func sortedThenRepeatedThenUnsortedLines() {
        let profile = Self.profile("a;b 1\na;b 2\na;b.part 3\na;b;c 4\nb 5\na;b 6\na;b.part 7\nc 8\n")
        #expect(Self.weights(profile) == ["a;b": 9, "a;b.part": 10, "a;b;c": 4, "b": 5, "c": 8])
    }

    @Test(arguments: [UInt64(11), 12, 13, 14])
    func randomLinesInAnyOrder(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var lines = (0 ..< 500).map { _ in String(decoding: FoldedFrameInternerTests.randomStack(&random), as: UTF8.self) }
            .filter { !$0.isEmpty }
        if seed % 2 == 0 { lines.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } }
        var expected: [String: UInt64] = [:]
        var text = ""
        for (number, line) in lines.enumerated() {
            expected[line, default: 0] += UInt64(number + 1)
            text += "\(line) \(number + 1)\n"
        }
        #expect(Self.weights(Self.profile(text)) == expected)
    }
}
