@testable import FlameRender
import Foundation
import XCTest

/// Whole-document goldens for several option sets (all deterministic). Set
/// FLAME_UPDATE_GOLDENS=1 to rewrite them after an intended change, and
/// review the diff.
final class GoldenTests: XCTestCase {
    static let cases: [(name: String, input: String, options: RenderOptions)] = {
        var all: [(String, String, RenderOptions)] = []
        all.append(("default", "perf-gzip-sort.folded", RenderOptions()))
        var icicle = RenderOptions()
        icicle.inverted = true
        icicle.title = "Icicle <test> & \"quotes\""
        icicle.subtitle = "gzip and sort"
        icicle.palette = .java
        icicle.hash = true
        icicle.countName = "ns"
        icicle.nameType = "Frame:"
        all.append(("inverted-java-hash", "perf-gzip-sort.folded", icicle))
        var chart = RenderOptions()
        chart.flamechart = true
        chart.reverse = true
        chart.minWidth = .percent(1)
        chart.palette = .mem
        chart.truncateTextRight = true
        all.append(("flamechart-reverse-minwidth", "perf-gzip-sort.folded", chart))
        var sized = RenderOptions()
        sized.imageWidth = 640
        sized.frameHeight = 20
        sized.fontSize = 10
        sized.fontWidth = 0.7
        sized.fontType = "DejaVu Sans Mono, monospace"
        sized.palette = .io
        sized.background = .flat("#ffffff")
        sized.searchColor = "#00ff00"
        sized.factor = 0.001
        sized.total = 1 << 40
        sized.notes = "notes -- with <markup> & dashes-"
        sized.random = true
        sized.deterministic = true
        sized.sort = false
        all.append(("sized-random-nosort", "perf-gzip-sort.folded", sized))
        all.append(("differential", "diff.folded", RenderOptions()))
        var negated = RenderOptions()
        negated.negate = true
        all.append(("differential-negate", "diff.folded", negated))
        all.append(("hostile", "hostile.folded", RenderOptions()))
        return all
    }()

    func testGoldens() throws {
        let update = ProcessInfo.processInfo.environment["FLAME_UPDATE_GOLDENS"] == "1"
        for (name, input, options) in Self.cases {
            let svg = try Support.render(input, options)
            let path = Support.fixtures.appendingPathComponent("golden/\(name).svg")
            if update {
                try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
                try svg.write(to: path, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: path, encoding: .utf8)
            XCTAssertEqual(svg, expected, "\(name): differs from Fixtures/svg/golden/\(name).svg (FLAME_UPDATE_GOLDENS=1 rewrites it)")
            // Rendering twice gives the same bytes.
            XCTAssertEqual(try Support.render(input, options), svg, "\(name): not deterministic")
        }
    }

    func testRandomWithoutDeterministicVaries() throws {
        var options = RenderOptions()
        options.random = true
        let a = try Support.render("perf-gzip-sort.folded", options)
        let b = try Support.render("perf-gzip-sort.folded", options)
        XCTAssertNotEqual(a, b, "--random without --deterministic should draw new colours each run")
    }
}
