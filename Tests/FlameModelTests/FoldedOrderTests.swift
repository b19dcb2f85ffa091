import Testing
@testable import FlameModel

/// Folded output is sorted and merged by comparing frames as ids and then as
/// bytes from the first frame that differs; this checks it against the plain
/// definition (join each stack's names with ';', merge equal texts, sort bytewise)
/// on random profiles whose names are prefixes of one another, empty, hold ';'
/// or share their text with a frame of another kind.
@Suite struct FoldedOrderTests {
    static let names = ["a", "ab", "a;b", "", ";", "b", "a(", "a:", "ab;", "\u{E9}", "a\u{7F}"]

    @Test(arguments: 0 ..< 40)
    func orderAndMergingFollowTheJoinedText(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let profile = Profile()
        var expected: [[UInt8]: UInt64] = [:]
        for _ in 0 ..< 60 {
            let depth = Int(random.next() % 5) + 1
            let stack = (0 ..< depth).map { _ in Self.names[Int(random.next() % UInt64(Self.names.count))] }
            let weight = random.next() % 9 + 1
            // Raw names, as no reader would intern them, and the same name
            // under two kinds: two frames with one text.
            let ids = stack.map { name in
                Array(name.utf8).withUnsafeBytes {
                    profile.frames.intern($0, kind: random.next() % 2 == 0 ? .user : .kernel)
                }
            }
            profile.stacks.add(ids, weight: weight, samples: 1)
            expected[Array(stack.joined(separator: ";").utf8), default: 0] += weight
        }
        var reference: [UInt8] = []
        for text in expected.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            reference += text + Array(" \(expected[text]!)\n".utf8)
        }
        #expect(FoldedWriter.string(profile) == String(decoding: reference, as: UTF8.self))
    }
}
