import Foundation
import XCTest

/// `flame report` opened in headless Chromium: the page loads with no script
/// error, and each of its three graphs zooms and searches in its own frame.
/// Skipped (with a printed reason) when chromium is not installed.
final class ReportBrowserTests: XCTestCase {
    static var chromium: String? {
        if let path = ProcessInfo.processInfo.environment["FLAME_CHROMIUM"] { return path }
        return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func testAllThreeGraphsZoomAndSearch() throws {
        guard let chromium = Self.chromium else {
            print("flame: report browser test skipped: chromium not found (apt-get install chromium, or set FLAME_CHROMIUM)")
            throw XCTSkip("chromium not found")
        }
        let a = try writeTemporary("a.folded", "main;parse;lex 40\nmain;eval;loop 50\nmain;<script>alert(1)</script> 10\n")
        let dir = a.deletingLastPathComponent()
        let b = dir.appendingPathComponent("b.folded")
        try "main;parse;lex 20\nmain;eval;loop 75\nmain;\"onload=\"x 5\n".write(to: b, atomically: true, encoding: .utf8)
        let report = dir.appendingPathComponent("report.html")
        let run = try runFlame(["report", a.path, b.path, "--fail-if", "tvd > 0.5", "-o", report.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        let html = try String(contentsOf: report, encoding: .utf8)
        XCTAssertFalse(html.contains("<script>alert"), "a frame name became markup")
        XCTAssertFalse(html.contains("http://") && html.contains("src=\"http"), "the report loads from the network")
        let harness = """
        <!DOCTYPE html><html><body><pre id="out">pending</pre>
        <iframe id="r" src="report.html" width="1400" height="900"></iframe>
        <script>
        var r = document.getElementById("r");
        r.onload = function () { setTimeout(run, 300); };
        function run() {
          var result = {}, rdoc = r.contentDocument;
          try {
            result.gates = rdoc.getElementById("gates").textContent;
            result.rows = rdoc.querySelectorAll("#distances tbody tr").length;
            result.scriptsInReport = rdoc.querySelectorAll("body > script").length;
            ["diff", "a", "b"].forEach(function (id) {
              var f = rdoc.getElementById("graph-" + id), w = f.contentWindow, doc = f.contentDocument, g = {};
              var frames = Array.prototype.slice.call(doc.querySelectorAll("#frames g"));
              g.frames = frames.length;
              var loop = frames.filter(function (e) { return e.firstChild.textContent.indexOf("loop (") === 0; })[0];
              var eval_ = frames.filter(function (e) { return e.firstChild.textContent.indexOf("eval (") === 0; })[0];
              g.before = eval_.children[1].getAttribute("width");
              eval_.dispatchEvent(new w.MouseEvent("click", {bubbles: true, cancelable: true}));
              g.zoomed = eval_.children[1].getAttribute("width");
              g.unzoomShown = !doc.getElementById("unzoom").classList.contains("hide");
              w.prompt = function () { return "^lo"; };
              doc.getElementById("search").dispatchEvent(new w.MouseEvent("click", {bubbles: true, cancelable: true}));
              g.matched = doc.getElementById("matched").textContent;
              g.marked = doc.querySelectorAll("#frames g.m").length;
              g.hostile = frames.map(function (e) { return e.firstChild.textContent; }).filter(function (t) { return t.indexOf("script") >= 0 || t.indexOf("onload") >= 0; });
              g.injected = doc.querySelectorAll("script").length;
              result[id] = g;
            });
          } catch (e) { result.error = String(e) + " " + e.stack; }
          document.getElementById("out").textContent = JSON.stringify(result);
        }
        </script></body></html>
        """
        try harness.write(to: dir.appendingPathComponent("harness.html"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
                             "--user-data-dir=\(dir.appendingPathComponent("profile").path)", "--enable-logging=stderr", "--v=0",
                             "--virtual-time-budget=5000", "--dump-dom", dir.appendingPathComponent("harness.html").absoluteString]
        let out = Pipe(), err = dir.appendingPathComponent("chromium.log")
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let log = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        let consoleErrors = log.split(separator: "\n").filter { $0.contains("Uncaught") || $0.contains("Refused to") }
        XCTAssertEqual(consoleErrors, [], "script errors in the report")
        guard let start = dom.range(of: "<pre id=\"out\">"), let end = dom.range(of: "</pre>", range: start.upperBound ..< dom.endIndex) else {
            return XCTFail("no result in the page: \(dom.prefix(300))")
        }
        let json = String(dom[start.upperBound ..< end.lowerBound]).replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], json)
        XCTAssertNil(result["error"], "\(result["error"] ?? "")")
        XCTAssertTrue((result["gates"] as? String ?? "").contains("tvd > 0.5"))
        XCTAssertEqual(result["rows"] as? Int, 5)
        XCTAssertEqual(result["scriptsInReport"] as? Int, 0)
        for id in ["diff", "a", "b"] {
            let g = try XCTUnwrap(result[id] as? [String: Any], id)
            XCTAssertGreaterThan(g["frames"] as? Int ?? 0, 4, id)
            XCTAssertNotEqual(g["before"] as? String, g["zoomed"] as? String, "\(id) did not zoom")
            XCTAssertEqual(g["zoomed"] as? String, "1180", id)
            XCTAssertEqual(g["unzoomShown"] as? Bool, true, id)
            XCTAssertTrue((g["matched"] as? String ?? "").hasPrefix("Matched: "), "\(id): \(g)")
            XCTAssertEqual(g["marked"] as? Int, 1, id)  // loop
            XCTAssertEqual(g["injected"] as? Int, 1, "\(id): only the page script")
        }
        XCTAssertEqual((result["a"] as? [String: Any])?["hostile"] as? [String], ["<script>alert(1)</script> (10 samples, 10.00%)"])
    }
}
