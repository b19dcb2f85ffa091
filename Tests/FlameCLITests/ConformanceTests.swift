import Foundation
import Testing

/// FlameGraph's stackcollapse-perf.pl regression corpus: 13 captures × 6
/// options, each byte-identical to the Perl script's output, single-threaded
/// and through the parallel stitching path (a small --block-size forces many
/// blocks even on these small files). The corpus lives in ../shared beside
/// the checkout; without it every case is reported as skipped, saying why.
@Suite struct ConformanceTests {
    static let options = ["pid", "tid", "kernel", "jit", "all", "addrs"]
    static let threadings: [[String]] = [["-j", "1"], ["-j", "2", "--block-size", "4096"]]

    static let available = FileManager.default.fileExists(atPath: Repository.conformance + "/results")

    static let captures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.conformance)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }()

    static let absent: Comment = """
        conformance corpus not found at \(Repository.conformance) \
        (../shared beside the checkout, or FLAME_CONFORMANCE_DIR): the 78 stackcollapse-perf.pl cases were NOT run
        """

    @Test(.enabled(if: available, absent))
    func corpusHasAllSeventyEightCases() throws {
        #expect(Self.captures.count == 13, "captures found: \(Self.captures)")
        for name in Self.captures {
            for option in Self.options {
                let result = "\(Repository.conformance)/results/\(name)-collapsed-\(option).txt"
                #expect(FileManager.default.fileExists(atPath: result), "missing \(result)")
            }
        }
    }

    @Test(.enabled(if: available, absent), arguments: captures, options)
    func matchesStackcollapsePerf(capture: String, option: String) throws {
        let input = "\(Repository.conformance)/\(capture).txt"
        let expected = try bytes("\(Repository.conformance)/results/\(capture)-collapsed-\(option).txt")
        for threading in Self.threadings {
            let result = try Flame.run(["collapse", "--\(option)"] + threading + [input])
            #expect(result.status == 0, "\(threading): \(result.stderr)")
            // A Bool, so a failure prints the first differing line, not two byte arrays.
            let identical = result.stdout == expected
            #expect(identical,
                    "\(capture) --\(option) \(threading): \(firstDifference(result.stdout, expected))")
        }
    }
}
