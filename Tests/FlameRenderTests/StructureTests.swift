import FlameModel
@testable import FlameRender
import Foundation
import XCTest

/// Reads rendered SVGs back and checks the geometry against the profile.
final class StructureTests: XCTestCase {
    private func check(_ svg: String, total: Double, width: Double = 1200, factor: Double = 1, file: StaticString = #filePath, line: UInt = #line) throws -> ParsedSVG {
        let parsed = try ParsedSVG(svg)
        let scale = (width - 20) / total
        XCTAssertFalse(parsed.frames.isEmpty, file: file, line: line)
        for frame in parsed.frames {
            XCTAssertEqual(frame.width, frame.samples / factor * scale, accuracy: 0.01, "\(frame.title)", file: file, line: line)
        }
        // Every frame above the root lies within a frame one depth below.
        XCTAssertEqual(parsed.frames.filter { $0.depthGroup == 0 }.count, 1, "one root", file: file, line: line)
        let byDepth = Dictionary(grouping: parsed.frames, by: \.depthGroup)
        for frame in parsed.frames where frame.depthGroup > 0 {
            let parents = byDepth[frame.depthGroup - 1] ?? []
            XCTAssertTrue(parents.contains { $0.x - 0.01 <= frame.x && frame.x + frame.width <= $0.x + $0.width + 0.02 },
                          "\(frame.title) has no parent", file: file, line: line)
            XCTAssertTrue(parents.allSatisfy { $0.y != frame.y }, file: file, line: line)
        }
        return parsed
    }

    func testWidthsParentsAndSiblingOrderOnRealCapture() throws {
        guard case .plain(let profile) = try Support.load("perf-gzip-sort.folded") else { return XCTFail("not plain") }
        let parsed = try check(try Support.render("perf-gzip-sort.folded", RenderOptions()), total: Double(profile.total))
        // Siblings (same parent, same depth) come in the bytewise order of "name;".
        let byDepth = Dictionary(grouping: parsed.frames, by: \.depthGroup)
        for (depth, frames) in byDepth where depth > 0 {
            for parent in byDepth[depth - 1] ?? [] {
                let children = frames.filter { $0.x >= parent.x - 0.01 && $0.x + $0.width <= parent.x + parent.width + 0.02 }
                let keys = children.map { Array(($0.name + ";").utf8) }
                XCTAssertEqual(keys, keys.sorted { $0.lexicographicallyPrecedes($1) }, "children of \(parent.title)")
            }
        }
    }

    func testSiblingOrderMatchesFlamegraphPlSortOfLines() throws {
        // "a b" sorts before "a" because ' ' < ';' in the sorted folded text.
        let profile = Support.profile([("r;a", 1), ("r;a b", 1), ("r;B", 1), ("r;a;x", 1), ("r;_z", 1)])
        let parsed = try check(try FlameGraph.svg(profile), total: 5)
        XCTAssertEqual(parsed.frames.filter { $0.depthGroup == 2 }.map(\.name), ["B", "_z", "a b", "a"])
    }

    func testNoSortKeepsFirstSeenOrderAndStillMerges() throws {
        let profile = Support.profile([("r;zeta;x", 1), ("r;alpha", 2), ("r;zeta;y", 3)])
        var options = RenderOptions()
        options.sort = false
        let parsed = try check(try FlameGraph.svg(profile, options: options), total: 6)
        XCTAssertEqual(parsed.frames.filter { $0.depthGroup == 2 }.map(\.name), ["zeta", "alpha"])
        XCTAssertEqual(parsed.frames.filter { $0.depthGroup == 3 }.map(\.name), ["x", "y"])
    }

    func testFlameChartKeepsInputOrderAndMergesOnlyNeighbours() throws {
        let profile = Support.profile([("m;b", 1), ("m;a", 1), ("m;b;c", 1)])
        var options = RenderOptions()
        options.flamechart = true
        let svg = try FlameGraph.svg(profile, options: options)
        let parsed = try check(svg, total: 3)
        XCTAssertEqual(parsed.frames.filter { $0.depthGroup == 2 }.map(\.name), ["b", "a", "b"])
        XCTAssertTrue(svg.contains(">Flame Chart<"))
    }

    func testReverseMergesFromTheLeaves() throws {
        let profile = Support.profile([("a;leaf", 2), ("b;leaf", 3)])
        var options = RenderOptions()
        options.reverse = true
        let parsed = try check(try FlameGraph.svg(profile, options: options), total: 5)
        XCTAssertEqual(parsed.frames.filter { $0.depthGroup == 1 }.map(\.name), ["leaf"])
        XCTAssertEqual(parsed.frames.filter { $0.depthGroup == 2 }.map(\.name), ["a", "b"])
    }

    func testInvertedPutsRootOnTopAndTitles() throws {
        let profile = Support.profile([("a;b", 2)])
        var options = RenderOptions()
        options.inverted = true
        let parsed = try check(try FlameGraph.svg(profile, options: options), total: 2)
        let ys = parsed.frames.map(\.y)
        XCTAssertEqual(ys, ys.sorted(), "root first, deeper frames lower")
        XCTAssertTrue(try FlameGraph.svg(profile, options: options).contains(">Icicle Graph<"))
    }

    func testMinWidthPixelsAndPercent() throws {
        let profile = Support.profile([("a", 990), ("b", 9), ("c", 1)])
        var options = RenderOptions()
        options.minWidth = .pixels(5)  // 1180 px / 1000: b is 10.6 px, c 1.18 px
        XCTAssertEqual(try ParsedSVG(FlameGraph.svg(profile, options: options)).frames.map(\.name), ["all", "a", "b"])
        options.minWidth = .percent(1)  // b is 0.9 %
        XCTAssertEqual(try ParsedSVG(FlameGraph.svg(profile, options: options)).frames.map(\.name), ["all", "a"])
        XCTAssertEqual(MinWidth("0.5%"), .percent(0.5))
        XCTAssertEqual(MinWidth("2"), .pixels(2))
        XCTAssertNil(MinWidth("-1"))
        XCTAssertNil(MinWidth("1e3"))
    }

    func testTotalFactorCountNameAndWidth() throws {
        let profile = Support.profile([("a", 1500), ("b", 500)])
        var options = RenderOptions()
        options.total = 4000
        options.factor = 2
        options.countName = "bytes"
        options.imageWidth = 600
        options.frameHeight = 20
        let svg = try FlameGraph.svg(profile, options: options)
        let parsed = try check(svg, total: 4000, width: 600, factor: 2)
        XCTAssertEqual(parsed.frames.first { $0.name == "a" }?.title, "a (3,000 bytes, 37.50%)")
        XCTAssertEqual(parsed.frames[0].width, 580, accuracy: 0.01, "the root spans the whole width")
        XCTAssertTrue(svg.contains("height=\"19\""))
        options.total = 10
        var sink = ByteArraySink()
        let report = try FlameGraph.render(profile, options: options, to: &sink)
        XCTAssertEqual(report.warnings.count, 1, "a --total below the sum is ignored with a warning")
    }

    func testAnnotationsAreStrippedFromLabelsAndTitles() throws {
        let profile = Support.profile([("main;tcp_sendmsg_[k];inlined_[i]", 100)])
        let parsed = try ParsedSVG(FlameGraph.svg(profile))
        XCTAssertEqual(parsed.frames.map(\.name), ["all", "main", "tcp_sendmsg", "inlined"])
        XCTAssertEqual(parsed.frames[2].label, "tcp_sendmsg")
    }

    func testLabelsAreCutWithTwoDots() throws {
        let name = "namespace::Class::very_long_method_name"
        let profile = Support.profile([("main;" + name, 10), ("other", 90)])
        var options = RenderOptions()
        options.fontWidth = 1  // 12 px a character: the 118-px frame fits 9
        let parsed = try ParsedSVG(FlameGraph.svg(profile, options: options))
        XCTAssertEqual(parsed.frames.first { $0.name == name }?.label, "..od_name")
        options.truncateTextRight = true
        let right = try ParsedSVG(FlameGraph.svg(profile, options: options))
        XCTAssertEqual(right.frames.first { $0.name == name }?.label, "namespa..")
    }

    func testEmptyProfileIsAnError() {
        XCTAssertThrowsError(try FlameGraph.svg(Profile())) { XCTAssertEqual($0 as? RenderError, .noSamples) }
    }
}
