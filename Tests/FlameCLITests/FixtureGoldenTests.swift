import Foundation
import Testing

/// The real captures in Fixtures/perf against their expected outputs
/// (stackcollapse-perf.pl's, and hand-derived ones for --skip-after; see
/// Fixtures/perf/README.md), with one thread and with two threads over
/// blocks small enough that samples straddle block edges.
@Suite struct FixtureGoldenTests {
    static let standardOptions = ["default", "pid", "tid", "kernel", "jit", "all", "addrs"]
    static let threadings: [[String]] = [
        ["-j", "1"], ["-j", "2", "--block-size", "4096"], ["-j", "2", "--block-size", "1000"],
    ]

    static let expectedDirectory = Repository.perfFixtures + "/expected"

    static let captures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.perfFixtures)) ?? []
        return names.filter { $0.hasSuffix(".perf.txt") }.map { String($0.dropLast(9)) }.sorted()
    }()

    /// Every expected file, named CAPTURE.OPTION.folded.
    static let goldens: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: expectedDirectory)) ?? []
        return names.filter { $0.hasSuffix(".folded") }.sorted()
    }()

    /// The command-line arguments an expected file's OPTION part stands for.
    static func arguments(for option: String) -> [String] {
        if option == "default" { return [] }
        if option.hasPrefix("skip-after-") { return ["--skip-after", String(option.dropFirst(11))] }
        if option.hasPrefix("event-filter-") { return ["--event-filter", String(option.dropFirst(13))] }
        return ["--\(option)"]
    }

    @Test func everyCaptureHasEveryStandardOption() {
        #expect(Self.captures.count >= 6, "captures: \(Self.captures)")
        for capture in Self.captures {
            for option in Self.standardOptions {
                #expect(Self.goldens.contains("\(capture).\(option).folded"), "no expected/\(capture).\(option).folded")
            }
        }
        #expect(Self.goldens.contains { $0.contains(".skip-after-") })
        #expect(Self.goldens.contains { $0.contains(".event-filter-") })
    }

    @Test(arguments: goldens)
    func matchesExpected(golden: String) throws {
        let parts = golden.dropLast(7).split(separator: ".", maxSplits: 1)
        let capture = String(parts[0]), option = String(parts[1])
        let expected = try bytes("\(Self.expectedDirectory)/\(golden)")
        #expect(!expected.isEmpty)
        for threading in Self.threadings {
            let result = try Flame.run(["collapse"] + Self.arguments(for: option) + threading
                                       + ["\(Repository.perfFixtures)/\(capture).perf.txt"])
            #expect(result.status == 0)
            // A Bool, so a failure prints the first differing line, not two byte arrays.
            let identical = result.stdout == expected
            #expect(identical, "\(golden) \(threading): \(firstDifference(result.stdout, expected))")
        }
    }
}
