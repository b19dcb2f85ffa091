import FlameModel
import Foundation
import Testing

/// Folded files as input: several inputs are one profile with summed counts,
/// and shards of a profile merge back to it whatever the split, the order and
/// the grouping.
@Suite struct FoldedMergeTests {
    static let expected = Repository.perfFixtures + "/expected"

    @Test func twoFoldedFilesMergeBySumming() throws {
        let a = "\(Self.expected)/system-wide.default.folded", b = "\(Self.expected)/syscalls.default.folded"
        let sum = foldedText(parseFolded(try bytes(a)) + parseFolded(try bytes(b)))
        for threading in [["-j", "1"], ["-j", "2", "--block-size", "4096"]] {
            let result = try Flame.run(["collapse"] + threading + [a, b])
            #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
            let same = result.stdout == sum
            #expect(same, "\(threading): \(firstDifference(result.stdout, sum))")
        }
        // The same file twice doubles every count.
        let twice = try Flame.run(["collapse", b, b])
        let doubled = parseFolded(try bytes(b)).map { ($0.stack, $0.count * 2) }
        #expect(twice.stdout == foldedText(doubled))
    }

    @Test func foldedAndPerfScriptInputsMerge() throws {
        let perf = "\(Repository.perfFixtures)/syscalls.perf.txt"
        let folded = "\(Self.expected)/inline-fp.default.folded"
        let sum = foldedText(parseFolded(try bytes("\(Self.expected)/syscalls.default.folded"))
                             + parseFolded(try bytes(folded)))
        let result = try Flame.run(["collapse", "-j", "2", "--block-size", "4096", folded, perf])
        let same = result.stdout == sum
        #expect(same, "\(firstDifference(result.stdout, sum))")
    }

    /// Splits each stack's count into up to three parts spread over 2-6 shards
    /// (a stack may be in several shards), then merges the shards with flame
    /// all at once in a random order, and pairwise in a random tree; both must
    /// give back the original file byte for byte.
    @Test(arguments: [1, 2, 3, 20260, 99991] as [UInt64])
    func shardsMergeBackToTheOriginal(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        // Names with spaces (V8's "JS:*fib /path:6:13") and annotations.
        let original = try bytes("\(Self.expected)/node-jit.all.folded")
        let shardCount = Int.random(in: 2 ... 6, using: &rng)
        var shards = [[(stack: [UInt8], count: UInt64)]](repeating: [], count: shardCount)
        for entry in parseFolded(original) {
            var left = entry.count
            while left > 0 {
                let part = left == 1 ? 1 : UInt64.random(in: 1 ... left, using: &rng)
                shards[Int.random(in: 0 ..< shardCount, using: &rng)].append((entry.stack, part))
                left -= part
            }
        }
        let scratch = Scratch()
        var files = shards.enumerated().map { index, entries in
            // Each shard in its own line order: the reader must not assume sorted input.
            var lines = entries.map { $0.stack + Array(" \($0.count)\n".utf8) }
            lines.shuffle(using: &rng)
            return scratch.write("shard\(index).folded", lines.flatMap { $0 })
        }
        files.shuffle(using: &rng)

        let all = try Flame.run(["collapse", "-j", "2"] + files)
        let sameAll = all.stdout == original
        #expect(sameAll, "seed \(seed), all at once: \(firstDifference(all.stdout, original))")

        var pool = files, step = 0
        while pool.count > 1 {
            let first = pool.remove(at: Int.random(in: 0 ..< pool.count, using: &rng))
            let second = pool.remove(at: Int.random(in: 0 ..< pool.count, using: &rng))
            let merged = scratch.path("merge\(step).folded")
            step += 1
            let result = try Flame.run(["collapse", "-o", merged, first, second])
            #expect(result.status == 0)
            pool.append(merged)
        }
        let tree = try bytes(pool[0])
        let sameTree = tree == original
        #expect(sameTree, "seed \(seed), pairwise: \(firstDifference(tree, original))")
    }
}

