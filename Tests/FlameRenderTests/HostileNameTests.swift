@testable import FlameRender
import Foundation
import XCTest

/// Names that try to break out of their XML or script context must come out
/// as inert text in a document that still parses.
final class HostileNameTests: XCTestCase {
    func testHostileNamesParseAndStayText() throws {
        let svg = try Support.render("hostile.folded", RenderOptions())
        let parsed = try ParsedSVG(svg)
        let names = Set(parsed.frames.map(\.name))
        for expected in ["<script>alert(1)</script>", "]]>", "\"onload=\"alert(2)",
                         "</title><script>document.documentElement.setAttribute('pwned','1')</script>",
                         "' onmouseover='alert(3)", "<![CDATA[ x ]]>", "emoji 🔥 fire"] {
            XCTAssertTrue(names.contains(expected), "missing frame \(expected)")
        }
        // Control characters and invalid UTF-8 became U+FFFD.
        XCTAssertTrue(names.contains("ctl\u{FFFD}\u{FFFD}\u{FFFD}[31mred\u{FFFD}"))
        XCTAssertTrue(names.contains("bad\u{FFFD}\u{FFFD}utf8\u{FFFD}"))
        XCTAssertTrue(names.contains("nonchar\u{FFFD}"))
        // Exactly one script element, and no event-handler attribute anywhere.
        XCTAssertEqual(try parsed.document.nodes(forXPath: "//*[local-name()='script']").count, 1)
        XCTAssertEqual(try parsed.document.nodes(forXPath: "//@*[starts-with(local-name(), 'on')]").count, 0)
        // The page script holds the names only as escaped string literals.
        let script = try XCTUnwrap(try parsed.document.nodes(forXPath: "//*[local-name()='script']").first?.stringValue)
        XCTAssertFalse(script.contains("</script"))
        XCTAssertFalse(script.contains("]]>"))
        XCTAssertFalse(script.contains("\u{2028}"))
        XCTAssertEqual(svg.components(separatedBy: "]]>").count - 1, 2, "only the style and script CDATA sections end")
    }

    func testEscapingHelpers() {
        XCTAssertEqual(String(decoding: Escaping.xml("a<b>&\"'"), as: UTF8.self), "a&lt;b&gt;&amp;&quot;&#39;")
        XCTAssertEqual(String(decoding: Escaping.jsString("]]></script>\"\\"), as: UTF8.self),
                       "\"\\u005d\\u005d\\u003e\\u003c/script\\u003e\\u0022\\u005c\"")
        XCTAssertEqual(String(decoding: Escaping.comment("a--b-"), as: UTF8.self), "a- -b- ")
        let raw: [UInt8] = [0x41, 0x00, 0xC3]
        let clean = raw.withUnsafeBytes { Escaping.sanitize($0) }
        XCTAssertEqual(clean, [0x41] + Escaping.replacement + Escaping.replacement)
    }

    func testUnsafeStyleOptionsAreRejected() {
        var options = RenderOptions()
        options.fontType = "x; } text { fill: red"
        XCTAssertThrowsError(try FlameGraph.svg(Support.profile([("a", 1)]), options: options))
        options = RenderOptions()
        options.searchColor = "red]]><script>"
        XCTAssertThrowsError(try FlameGraph.svg(Support.profile([("a", 1)]), options: options))
    }
}
