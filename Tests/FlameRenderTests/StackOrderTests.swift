@testable import FlameRender
import FlameModel
import Testing

/// `StackOrder.sorted` keeps sorted input as it is and sorts nearly sorted
/// input by comparing names directly; both shortcuts must give exactly the
/// order of the full sort over name ranks.
@Suite struct StackOrderTests {
    /// Names that are prefixes of each other with bytes on both sides of `;`
    /// (`f.part`, `f:x`, `f<x>`), and one name in two kinds.
    static let names: [(String, FrameKind)] = [
        ("f", .user), ("f.part", .user), ("f:x", .user), ("f<x>", .user), ("g", .user), ("memcpy", .user),
        ("memcpy", .kernel), ("", .user), ("f;", .user),
    ]

    static func randomProfile(_ random: inout SplitMix64, stacks: Int) -> (FrameTable, StackTable) {
        let frames = FrameTable()
        let ids = names.map { frames.intern($0.0, kind: $0.1) }
        let table = StackTable()
        for _ in 0 ..< stacks {
            let stack = (0 ..< 1 + Int(random.next() % 5)).map { _ in ids[Int(random.next() % UInt64(ids.count))] }
            table.add(stack, weight: 1, samples: 1)
        }
        return (frames, table)
    }

    /// A table with the stacks of `table` added in `order`.
    static func reordered(_ table: StackTable, _ order: [Int]) -> StackTable {
        let out = StackTable()
        for index in order { out.add(Array(table.frames(of: index)), weight: 1, samples: 1) }
        return out
    }

    static func fullSort(_ frames: FrameTable, _ stacks: StackTable) -> [Int] {
        StackOrder.byRank(StackOrder.nameRanks(frames), (0 ..< stacks.count).map { stacks.frames(of: $0) })
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func shortcutsGiveTheFullSortsOrder(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let (frames, shuffled) = Self.randomProfile(&random, stacks: 600)
        #expect(StackOrder.sorted(frames, shuffled) == Self.fullSort(frames, shuffled))

        let sorted = Self.reordered(shuffled, Self.fullSort(frames, shuffled))
        #expect(StackOrder.sorted(frames, sorted) == Array(0 ..< sorted.count))

        // A few neighbours swapped: the direct comparison path.
        var nearly = Array(0 ..< sorted.count)
        for _ in 0 ..< 3 {
            let i = Int(random.next() % UInt64(nearly.count - 1))
            nearly.swapAt(i, i + 1)
        }
        let nearlySorted = Self.reordered(sorted, nearly)
        #expect(StackOrder.sorted(frames, nearlySorted) == Self.fullSort(frames, nearlySorted))
    }

    /// Equal names of two kinds: the direct comparison must order them by
    /// id as the ranks do, even where the input has them the other way round.
    @Test func equalNamesOfTwoKindsInNearlySortedInput() {
        let frames = FrameTable()
        let table = StackTable()
        for i in 0 ..< 200 { table.add([frames.intern("s\(i)")], weight: 1, samples: 1) }
        let user = frames.intern("memcpy", kind: .user), kernel = frames.intern("memcpy", kind: .kernel)
        table.add([user], weight: 1, samples: 1)
        table.add([kernel], weight: 1, samples: 1)
        var order = Self.fullSort(frames, table)
        let u = order.firstIndex(of: 200)!, k = order.firstIndex(of: 201)!
        #expect(k == u + 1, "ranks put the user-space memcpy (lower id) first")
        order.swapAt(u, k)
        let nearlySorted = Self.reordered(table, order)
        #expect(StackOrder.sorted(frames, nearlySorted) == Self.fullSort(frames, nearlySorted))
    }
}
