import FlameModel
import Testing

/// Merging shards must give the same folded text whatever the split and order:
/// that is what lets profiles from many hosts combine.
@Suite struct ProfileMergeTests {
    @Test func mergeSumsEqualStacks() {
        let a = Profile()
        a.add(stack: ["main", "f"], weight: 2)
        a.add(stack: ["main", "g"], weight: 1)
        let b = Profile()
        b.add(stack: ["main", "f"], weight: 5)
        b.add(stack: ["other"], weight: 3)
        a.merge(b)
        #expect(FoldedWriter.string(a) == "main;f 7\nmain;g 1\nother 3\n")
        #expect(a.total == 11)
    }

    @Test(arguments: [1, 7, 42, 1234])
    func shardsMergeInAnyOrder(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let names = ["main", "a", "b", "c", "ü", "x;y", "[k]"]
        var samples: [([String], UInt64)] = []
        for _ in 0 ..< 200 {
            let depth = Int(rng.next() % 5) + 1
            samples.append(((0 ..< depth).map { _ in names[Int(rng.next() % UInt64(names.count))] }, rng.next() % 9 + 1))
        }
        let whole = Profile()
        for (stack, count) in samples { whole.add(stack: stack, weight: count) }

        let shardCount = Int(rng.next() % 6) + 2
        var shards = (0 ..< shardCount).map { _ in Profile() }
        for (stack, count) in samples { shards[Int(rng.next() % UInt64(shardCount))].add(stack: stack, weight: count) }
        shards.shuffle(using: &rng)
        // Left fold into an empty profile versus a right-nested fold: associativity.
        let left = Profile()
        for shard in shards { left.merge(shard) }
        var nested = Profile()
        for shard in shards.reversed() {
            let combined = Profile()
            combined.merge(shard)
            combined.merge(nested)
            nested = combined
        }
        #expect(FoldedWriter.string(left) == FoldedWriter.string(whole))
        #expect(FoldedWriter.string(nested) == FoldedWriter.string(whole))
        #expect(left.total == whole.total)
    }
}

/// A small deterministic generator so failures reproduce from the seed.
