import FlameModel
import FlameRender
import XCTest

/// Counts beyond what a Double holds exactly, and sums beyond 2^64-1.
final class CountLimitTests: XCTestCase {
    func testTitlesShowExactCountsAbove2To53() throws {
        let svg = try FlameGraph.svg(Support.profile([("a;b", 9_007_199_254_740_993), ("a;c", 1)]))
        XCTAssertTrue(svg.contains("<title>b (9,007,199,254,740,993 samples"), "exact count lost")
        XCTAssertTrue(svg.contains("<title>all (9,007,199,254,740,994 samples, 100%)"))
    }

    func testSumsPast2To64AreAnErrorNotAWrongGraph() {
        let profile = Support.profile([("a;b", UInt64.max), ("a;c", UInt64.max)])
        XCTAssertThrowsError(try FlameGraph.svg(profile)) { error in
            XCTAssertTrue("\(error)".contains("more than 2^64-1"), "\(error)")
        }
    }
}
