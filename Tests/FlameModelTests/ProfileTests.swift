import Testing
@testable import FlameModel

@Suite struct ProfileTests {
    @Test func internGivesDenseStableIds() {
        let table = ByteKeyTable(capacity: 4)
        var ids: [UInt32] = []
        for i in 0 ..< 5000 { ids.append(table.intern("frame\(i % 2500)")) }
        #expect(table.count == 2500)
        #expect(ids[0] == 0 && ids[2499] == 2499 && ids[2500] == 0)
        #expect(table.string(1234) == "frame1234")
        #expect(table.intern("") == 2500)
        #expect(Array("frame7".utf8).withUnsafeBytes { table.find($0) } == 7)
        #expect(Array("missing".utf8).withUnsafeBytes { table.find($0) } == nil)
    }

    @Test func stacksSumAndKeepRootFirstOrder() {
        let profile = Profile()
        profile.add(stack: ["main", "a", "b"], weight: 2)
        profile.add(stack: ["main", "a"], weight: 1)
        profile.add(stack: ["main", "a", "b"], weight: 5)
        #expect(profile.stacks.count == 2)
        #expect(profile.total == 8)
        #expect(FoldedWriter.string(profile) == "main;a 1\nmain;a;b 7\n")
    }

    @Test func sortIsBytewiseOnTheJoinedText() {
        // Perl's cmp on "ab;x" vs "ab:c": ':' (0x3A) sorts before ';' (0x3B), so
        // ordering by frames would differ from ordering by text here.
        let profile = Profile()
        profile.add(stack: ["ab", "x"], weight: 1)
        profile.add(stack: ["ab:c"], weight: 1)
        profile.add(stack: ["B"], weight: 1)
        profile.add(stack: ["\u{E9}t\u{E9}"], weight: 1)
        #expect(FoldedWriter.string(profile) == "B 1\nab:c 1\nab;x 1\n\u{E9}t\u{E9} 1\n")
    }

    @Test func equalTextFromDifferentFramesIsOneLine() {
        // The same name with two kinds is two frames, but one folded line.
        let profile = Profile()
        let user = profile.frames.intern("memcpy", kind: .user)
        let kernel = profile.frames.intern("memcpy", kind: .kernel)
        let root = profile.frames.intern("a", kind: .label)
        profile.stacks.add([root, user], weight: 1, samples: 1)
        profile.stacks.add([root, kernel], weight: 2, samples: 2)
        #expect(FoldedWriter.string(profile) == "a;memcpy 3\n")
    }

    @Test func aSeparatorInANameCannotSplitTheFrame() {
        let profile = Profile()
        profile.add(stack: ["a;b", "c"], weight: 1)
        profile.add(stack: ["a", "b", "c"], weight: 2)
        #expect(FoldedWriter.string(profile) == "a:b;c 1\na;b;c 2\n")
    }

    @Test func mergeIsAssociativeAndCommutative() {
        func shard(_ seed: Int) -> Profile {
            let p = Profile()
            for i in 0 ..< 200 { p.add(stack: ["root", "f\((i * seed) % 17)", "g\(i % 5)"], weight: UInt64(i % 7 + 1)) }
            return p
        }
        let (a, b, c) = (shard(3), shard(5), shard(11))
        let left = Profile(); left.merge(a); left.merge(b); left.merge(c)
        let bc = Profile(); bc.merge(c); bc.merge(b)
        let right = Profile(); right.merge(bc); right.merge(a)
        #expect(FoldedWriter.string(left) == FoldedWriter.string(right))
        #expect(left.total == a.total + b.total + c.total)
    }

    @Test func countsSaturateInsteadOfWrapping() {
        let profile = Profile()
        profile.add(stack: ["x"], weight: .max - 1)
        profile.add(stack: ["x"], weight: 5)
        #expect(profile.stacks.weight(of: 0) == .max)
    }

    @Test func manyStacksSurviveTableGrowth() {
        let profile = Profile()
        for i in 0 ..< 100_000 { profile.add(stack: ["r", "f\(i % 1000)", "g\(i)"], weight: 1) }
        profile.add(stack: ["r", "f5", "g5"], weight: 1)
        #expect(profile.stacks.count == 100_000)
        #expect(profile.total == 100_001)
        #expect(profile.frames.count == 1 + 1000 + 100_000)
    }
}
