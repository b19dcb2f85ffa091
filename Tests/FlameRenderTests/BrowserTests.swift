import FlameModel
@testable import FlameRender
import Foundation
import XCTest

/// The page script, run for real in headless Chromium. Skipped (with a
/// printed reason) when chromium is not installed; CI installs it.
final class BrowserTests: XCTestCase {
    private func realGraph() throws -> (svg: String, profile: Profile) {
        guard case .plain(let profile) = try Support.load("perf-gzip-sort.folded") else { throw BrowserError(message: "not plain") }
        var options = RenderOptions()
        options.minWidth = .pixels(0)
        var sink = ByteArraySink()
        _ = try FlameGraph.render(profile, options: options, to: &sink)
        return (String(decoding: sink.bytes, as: UTF8.self), profile)
    }

    /// The share of samples under frames matching `pattern` (each stack once).
    private func matchedPercent(_ profile: Profile, _ contains: (String) -> Bool) -> String {
        var hit: UInt64 = 0
        for (stack, count) in profile.entries() where stack.contains(where: contains) { hit += count }
        let pct = 100 * Double(hit) / Double(profile.total)
        return pct == 100 ? "100" : String(format: "%.1f", pct)
    }

    func testSearchCaseToggleZoomResetAndURL() throws {
        let (svg, profile) = try realGraph()
        let result = try Browser.run(svg: svg, steps: """
            var r = {};
            w.prompt = function () { return "GZIP"; };
            click(doc.getElementById("search"));
            r.caseSensitive = text("matched");
            r.markedSensitive = doc.querySelectorAll("#frames g.m").length;
            key("i", true);
            r.ignoringCase = text("matched");
            r.marked = doc.querySelectorAll("#frames g.m").length;
            r.markedNames = Array.prototype.map.call(doc.querySelectorAll("#frames g.m"), function (g) { return g.firstChild.textContent; });
            r.searchUrl = w.location.search;
            r.icShown = doc.getElementById("ignorecase").classList.contains("show");
            key("F3");
            r.afterClear = hidden("matched") + " " + doc.querySelectorAll("#frames g.m").length + " " + text("search");
            var gz = frame("gzip ("), sort = frame("sort (");
            r.before = rect(gz).getAttribute("width");
            hover(gz);
            r.details = text("details");
            click(gz);
            r.zoomedWidth = rect(gz).getAttribute("width");
            r.zoomedX = rect(gz).getAttribute("x");
            r.sortShown = shown(sort);
            r.rootParent = frame("all (").classList.contains("parent");
            r.zoomUrl = w.location.search;
            r.unzoomShown = !hidden("unzoom");
            r.visibleWidthsOk = frames().filter(shown).every(function (g) { var v = parseFloat(rect(g).getAttribute("width")); return v >= 0 && v <= 1180.01; });
            r.visible = frames().filter(shown).length;
            click(doc.getElementById("unzoom"));
            r.resetWidth = rect(gz).getAttribute("width");
            r.resetSortShown = shown(sort);
            r.resetUrl = w.location.search;
            r.resetUnzoomHidden = hidden("unzoom");
            key("f", true);
            r.ctrlF = text("matched");
            return r;
            """)
        XCTAssertEqual(result["caseSensitive"] as? String, "Matched: 0.0%")
        XCTAssertEqual(result["markedSensitive"] as? Int, 0)
        let expected = matchedPercent(profile) { $0.lowercased().contains("gzip") }
        XCTAssertEqual(result["ignoringCase"] as? String, "Matched: \(expected)%")
        let names = Set(profile.entries().flatMap(\.stack))
        XCTAssertEqual(result["marked"] as? Int, Set((result["markedNames"] as? [String]) ?? []).count)
        XCTAssertGreaterThanOrEqual(result["marked"] as? Int ?? 0, names.filter { $0.lowercased().contains("gzip") }.count)
        XCTAssertEqual(result["searchUrl"] as? String, "?s=GZIP")
        XCTAssertEqual(result["icShown"] as? Bool, true)
        XCTAssertEqual(result["afterClear"] as? String, "true 0 Search")
        XCTAssertTrue((result["details"] as? String ?? "").hasPrefix("Function: gzip ("))
        XCTAssertEqual(result["zoomedWidth"] as? String, "1180")
        XCTAssertEqual(result["zoomedX"] as? String, "10")
        XCTAssertEqual(result["sortShown"] as? Bool, false)
        XCTAssertEqual(result["rootParent"] as? Bool, true)
        let zoomUrl = result["zoomUrl"] as? String ?? ""
        XCTAssertTrue(zoomUrl.contains("x=") && zoomUrl.contains("y="), zoomUrl)
        XCTAssertEqual(result["unzoomShown"] as? Bool, true)
        XCTAssertEqual(result["visibleWidthsOk"] as? Bool, true)
        XCTAssertEqual(result["resetWidth"] as? String, result["before"] as? String)
        XCTAssertEqual(result["resetSortShown"] as? Bool, true)
        XCTAssertEqual(result["resetUrl"] as? String, "")
        XCTAssertEqual(result["resetUnzoomHidden"] as? Bool, true)
        XCTAssertEqual(result["ctrlF"] as? String, "Matched: \(expected)%", "Ctrl-F prompts and searches again")
    }

    func testURLStateIsRestoredOnLoad() throws {
        let (svg, profile) = try realGraph()
        let parsed = try ParsedSVG(svg)
        let sort = try XCTUnwrap(parsed.frames.first { $0.name == "sort" })
        func fmt(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
        let result = try Browser.run(svg: svg, query: "?x=\(fmt(sort.x))&y=\(fmt(sort.y))&s=memcmp", steps: """
            return {
              width: rect(frame("sort (")).getAttribute("width"),
              gzipShown: shown(frame("gzip (")),
              matched: text("matched"),
              marked: doc.querySelectorAll("#frames g.m").length,
              unzoomShown: !hidden("unzoom")
            };
            """)
        XCTAssertEqual(result["width"] as? String, "1180")
        XCTAssertEqual(result["gzipShown"] as? Bool, false)
        XCTAssertEqual(result["unzoomShown"] as? Bool, true)
        // The share is now of the zoomed frame: sort's samples under a memcmp frame.
        var sortTotal: UInt64 = 0, hit: UInt64 = 0
        for (stack, count) in profile.entries() where stack.first == "sort" {
            sortTotal += count
            if stack.contains(where: { $0.contains("memcmp") }) { hit += count }
        }
        let pct = 100 * Double(hit) / Double(sortTotal)
        XCTAssertEqual(result["matched"] as? String, "Matched: \(pct == 100 ? "100" : String(format: "%.1f", pct))%")
        XCTAssertGreaterThan(result["marked"] as? Int ?? 0, 0)
    }

    func testHostileNamesAreInert() throws {
        let svg = try Support.render("hostile.folded", RenderOptions())
        let result = try Browser.run(svg: svg, steps: """
            var r = {};
            r.pwned = doc.documentElement.getAttribute("pwned");
            r.scripts = doc.getElementsByTagName("script").length;
            r.frames = frames().length;
            var evil = frame("</title><script>");
            hover(evil);
            r.details = text("details");
            r.onAttributes = Array.prototype.filter.call(doc.querySelectorAll("*"), function (e) {
              return Array.prototype.some.call(e.attributes, function (a) { return a.name.indexOf("on") === 0; });
            }).length;
            w.prompt = function () { return "script"; };
            click(doc.getElementById("search"));
            r.matched = text("matched");
            click(evil);
            r.zoomed = rect(evil).getAttribute("width");
            return r;
            """)
        XCTAssertTrue(result["pwned"] is NSNull, "a frame name ran as script")
        XCTAssertEqual(result["scripts"] as? Int, 1)
        XCTAssertEqual(result["frames"] as? Int, try ParsedSVG(svg).frames.count)
        XCTAssertEqual(result["details"] as? String,
                       "Function: </title><script>document.documentElement.setAttribute('pwned','1')</script> (6 samples, 17.65%)")
        XCTAssertEqual(result["onAttributes"] as? Int, 0)
        XCTAssertEqual(result["matched"] as? String, "Matched: 32.4%", "two frames of 5 and 6 samples out of 34")
        XCTAssertEqual(result["zoomed"] as? String, "1180")
    }

    func testLargeProfileStaysResponsive() throws {
        _ = try Browser.requireChromium()
        let profile = Synthetic.profile(stacks: 100_000, seed: 7)
        var sink = ByteArraySink()
        _ = try FlameGraph.render(profile, options: RenderOptions(), to: &sink)
        let svg = String(decoding: sink.bytes, as: UTF8.self)
        let result = try Browser.run(svg: svg, steps: """
            var all = frames(), target = null;
            for (var i = 0; i < all.length; i++) {
              var wdt = parseFloat(rect(all[i]).getAttribute("width"));
              if (all[i].parentNode !== all[0] && all[i] !== all[0] && wdt > 20 && wdt < 400) { target = all[i]; break; }
            }
            w.prompt = function () { return "fn_1[0-9]$"; };
            var r = {frames: all.length};
            r.zoomMs = timed(function () { click(target); });
            r.searchMs = timed(function () { click(doc.getElementById("search")); });
            r.resetMs = timed(function () { click(doc.getElementById("unzoom")); });
            r.matched = text("matched");
            return r;
            """)
        let frames = result["frames"] as? Int ?? 0
        print("flame: browser figures: \(svg.utf8.count) bytes, \(frames) frames; zoom \(result["zoomMs"] ?? "?") ms, search \(result["searchMs"] ?? "?") ms, reset \(result["resetMs"] ?? "?") ms")
        XCTAssertGreaterThan(frames, 10_000)
        XCTAssertLessThan(result["zoomMs"] as? Double ?? .infinity, 2000)
        XCTAssertLessThan(result["searchMs"] as? Double ?? .infinity, 2000)
        XCTAssertTrue((result["matched"] as? String ?? "").hasPrefix("Matched: "))
    }
}

/// A synthetic profile shaped like a real one: a few roots, deep call paths
/// that share prefixes, Zipf-like counts. The same seed gives the same profile.
enum Synthetic {
    static func profile(stacks: Int, seed: UInt64) -> Profile {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let profile = Profile()
        var ids: [UInt32] = []
        let names = (0 ..< 5000).map { profile.frames.intern("fn_\($0)") }
        while profile.stacks.count < stacks {
            ids.removeAll(keepingCapacity: true)
            let depth = 4 + Int(next() % 28)
            var node: UInt64 = next() % 4
            for level in 0 ..< depth {
                ids.append(names[Int((node &* 31 &+ UInt64(level) &* 7) % 5000)])
                node = node &* 8 &+ next() % (level < 6 ? 3 : 9)
            }
            let weight: UInt64 = 1 + 1000 / (1 + next() % 1000)
            profile.stacks.add(ids, weight: weight, samples: weight)
        }
        return profile
    }
}
