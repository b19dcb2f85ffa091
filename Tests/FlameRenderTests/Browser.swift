import FlameTestSupport
import Foundation
import XCTest

/// Runs an SVG in headless Chromium inside a small harness page that drives
/// it with real DOM events and reports back as JSON (read from --dump-dom).
enum Browser {
    static var executable: String? {
        if let path = ProcessInfo.processInfo.environment["FLAME_CHROMIUM"] { return path }
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: path) { return path }
        return nil
    }

    static func requireChromium() throws -> String {
        guard let path = executable else {
            print("flame: browser tests skipped: chromium not found (apt-get install chromium, or set FLAME_CHROMIUM)")
            throw XCTSkip("chromium not found")
        }
        return path
    }

    /// Loads `svg` (with `query`, e.g. "?s=foo") in an iframe; when it has
    /// loaded, runs `steps` (a JS function body that can use the helpers
    /// below and returns an object) and returns that object.
    static func run(svg: String, query: String = "", steps: String) throws -> [String: Any] {
        let chromium = try requireChromium()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flame-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try svg.write(to: dir.appendingPathComponent("graph.svg"), atomically: true, encoding: .utf8)
        let harness = """
        <!DOCTYPE html><html><body><pre id="out">pending</pre>
        <iframe id="f" src="graph.svg\(query)" width="1300" height="900"></iframe>
        <script>
        var f = document.getElementById("f");
        f.onload = function () {
          var w = f.contentWindow, doc = f.contentDocument, result;
          function click(el) { el.dispatchEvent(new w.MouseEvent("click", {bubbles: true, cancelable: true})); }
          function hover(el) { el.dispatchEvent(new w.MouseEvent("mouseover", {bubbles: true})); }
          function key(k, ctrl) { doc.dispatchEvent(new w.KeyboardEvent("keydown", {key: k, ctrlKey: !!ctrl, bubbles: true, cancelable: true})); }
          function frames() { return Array.prototype.slice.call(doc.querySelectorAll("#frames g")); }
          function frame(prefix) { return frames().filter(function (g) { return g.firstChild.textContent.indexOf(prefix) === 0; })[0]; }
          function rect(g) { return g.children[1]; }
          function shown(g) { var r = g.children[1].getBoundingClientRect(); return r.width > 0 && r.right > 0 && r.left < w.innerWidth; }
          function text(id) { return doc.getElementById(id).textContent; }
          function hidden(id) { return doc.getElementById(id).classList.contains("hide"); }
          function settle() { doc.documentElement.getBBox(); return w.getComputedStyle(doc.getElementById("frames")).display; }
          function timed(fn) { var t0 = performance.now(); fn(); settle(); return performance.now() - t0; }
          try { result = (function () { \(steps) })(); } catch (e) { result = {error: String(e) + " " + e.stack}; }
          document.getElementById("out").textContent = JSON.stringify(result);
        };
        </script></body></html>
        """
        let page = dir.appendingPathComponent("harness.html")
        try harness.write(to: page, atomically: true, encoding: .utf8)
        let output = try TestProcess.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
            "--user-data-dir=\(dir.appendingPathComponent("profile").path)", "--dump-dom", page.absoluteString,
        ]).stdout
        let dom = String(decoding: output, as: UTF8.self)
        guard let start = dom.range(of: "<pre id=\"out\">"), let end = dom.range(of: "</pre>", range: start.upperBound ..< dom.endIndex) else {
            throw BrowserError(message: "no result in the dumped page: \(dom.prefix(300))")
        }
        let json = String(dom[start.upperBound ..< end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw BrowserError(message: "result is not an object: \(json.prefix(300))")
        }
        if let error = object["error"] { throw BrowserError(message: "page error: \(error)") }
        return object
    }
}

struct BrowserError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
