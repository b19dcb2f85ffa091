import FlameExport
import FlameIngest
import FlameModel
import Foundation
import Testing

/// Random profiles through the pprof writer and flame's pprof reader: every
/// stack comes back with its weight and sample count, inline chains at any
/// depth included, kernel frames as kernel frames, for every unit.
@Suite struct PprofPropertyTests {
    static let names = ["main", "parse", "hash", "memcpy", "lookup", "emit", "a:b", "x y", "ünï", "<t>", "run_[j]", "q"]

    /// A stack root first: the root is never inlined (an inline chain is
    /// always inlined into some frame), kinds otherwise at random.
    static func randomStack(_ random: inout SplitMix64) -> [(String, FrameKind)] {
        let depth = 1 + Int(random.next() % 12)
        return (0 ..< depth).map { position in
            let name = names[Int(random.next() % UInt64(names.count))]
            let kinds: [FrameKind] = position == 0 ? [.user, .kernel] : [.user, .user, .inlined, .inlined, .kernel]
            return (name, kinds[Int(random.next() % UInt64(kinds.count))])
        }
    }

    @Test(arguments: [nil, "nanoseconds", "bytes", "period", "samples", "count"] as [String?])
    func randomProfilesComeBack(unit: String?) throws {
        var random = SplitMix64(seed: 0x5EED ^ UInt64(unit?.count ?? 0))
        let folder = try TemporaryFolder()
        for round in 0 ..< 20 {
            let profile = Profile(unit: unit)
            var expected: [String: (weight: UInt64, samples: UInt64)] = [:]
            for _ in 0 ..< 1 + Int(random.next() % 40) {
                let stack = Self.randomStack(&random)
                let samples = 1 + random.next() % 5
                // Folded-like profiles (no unit) weigh stacks by their counts.
                let weight = unit == nil ? samples : samples * (1 + random.next() % 1000)
                let ids = stack.map { name, kind in
                    profile.frames.intern(kind == .inlined ? name + "_[i]" : name, kind: kind)
                }
                profile.stacks.add(ids, weight: weight, samples: samples)
                let key = stack.map { $0.1 == .inlined ? $0.0 + "_[i]" : $0.0 + "@\($0.1 == .kernel ? "k" : "u")" }
                    .joined(separator: "|")
                expected[key, default: (0, 0)].weight += weight
                expected[key, default: (0, 0)].samples += samples
            }
            let path = folder.path("round\(round).pb.gz")
            try Data(try PprofWriter.encode(profile)).write(to: URL(fileURLWithPath: path))
            let back = try ProfileLoader(options: LoadOptions()).load([.file(path)])
            var got: [String: (weight: UInt64, samples: UInt64)] = [:]
            for index in 0 ..< back.stacks.count {
                let key = back.stacks.frames(of: index).map { id in
                    let kind = back.frames.kind(id)
                    return back.frames.string(id) + (kind == .inlined ? "" : kind == .kernel ? "@k" : "@u")
                }.joined(separator: "|")
                got[key, default: (0, 0)].weight += back.stacks.weight(of: index)
                got[key, default: (0, 0)].samples += back.stacks.samples(of: index)
            }
            #expect(got.mapValues { [$0.weight, $0.samples] } == expected.mapValues { [$0.weight, $0.samples] })
            #expect(back.unit == (unit ?? "samples"))
        }
    }
}
