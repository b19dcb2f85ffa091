@testable import FlameDiff
import FlameModel
import Foundation
import XCTest

final class GateTests: XCTestCase {
    private func comparison() throws -> Comparison {
        try compare(["main;f 500", "main;g 300", "main;h 200"], ["main;f 400", "main;g 400", "main;h 200"])
    }

    private func result(_ expression: String) throws -> GateResult {
        try Gate(expression, metrics: Comparison.metricNames).evaluate(comparison())
    }

    func testComparisonsArithmeticAndFunctions() throws {
        XCTAssertFalse(try result("tvd>0.05").passed)
        XCTAssertEqual(try result("tvd>0.05").value, 0.1, accuracy: 1e-12)
        XCTAssertTrue(try result("tvd>=0.2").passed)
        XCTAssertFalse(try result("tvd > 3*tvd_noise").passed || (try comparison().metrics.tvd <= 3 * comparison().metrics.tvdNoise))
        XCTAssertEqual(try result("tvd > 3*tvd_noise").threshold, try 3 * comparison().metrics.tvdNoise, accuracy: 1e-15)
        XCTAssertEqual(try result("delta(g) > 2").value, 10, accuracy: 1e-9)
        XCTAssertFalse(try result("delta(g) > 2").passed)
        XCTAssertTrue(try result("delta( 'f' ) > 0").passed)
        XCTAssertEqual(try result("-delta(f) > 9.99").passed, false)  // holds, so the gate fails
        XCTAssertEqual(try result("(1 + 2) * 3 - 4 / 2 == 7").passed, false)
        XCTAssertEqual(try result("top10_overlap < 3").value, 3)
        XCTAssertTrue(try result("top10_overlap < 3").passed)
        XCTAssertEqual(try result("kernel_share_b > 0.3").value, 0)
        XCTAssertEqual(try result("self_a(f) != 0.5").passed, true)
        XCTAssertEqual(try result("total_b(main) <= 1e0").passed, false)
        XCTAssertEqual(try result("delta(absent()) > 0").value, 0)
        XCTAssertEqual(try result("samples_a == 1000").passed, false)
        XCTAssertEqual(try result("beyond_noise >= 2").passed, false)
    }

    func testUndefinedMetricFailsTheGate() throws {
        // A single function: no rank correlation.
        let c = try compare(["main 10"], ["main 10"])
        let gate = try Gate("spearman_top20 < 0.5", metrics: Comparison.metricNames)
        XCTAssertEqual(c.metrics.spearmanTop20, nil)
        XCTAssertFalse(gate.evaluate(c).passed)
    }

    func testErrorsNameThePosition() {
        func message(_ expression: String) -> String {
            do { _ = try Gate(expression, metrics: Comparison.metricNames); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message("tvd>>3"), "--fail-if 'tvd>>3': column 4: '>>' is not a comparison (< <= > >= == !=)")
        XCTAssertEqual(message("tvd"), "--fail-if 'tvd': column 4: expected a comparison (< <= > >= == !=) at the end")
        XCTAssertTrue(message("tvdd > 1").hasPrefix("--fail-if 'tvdd > 1': column 1: unknown metric 'tvdd'"))
        XCTAssertTrue(message("tvd > 1 +").hasPrefix("--fail-if 'tvd > 1 +': column 10: expected a number"))
        XCTAssertEqual(message("delta(foo > 1"), "--fail-if 'delta(foo > 1': column 6: '(' is never closed")
        XCTAssertTrue(message("max(tvd) > 1").hasPrefix("--fail-if 'max(tvd) > 1': column 1: unknown function 'max'"))
        XCTAssertEqual(message("tvd > 1 2"), "--fail-if 'tvd > 1 2': column 9: unexpected '2' after the expression")
        XCTAssertEqual(message("tvd > 1.2.3"), "--fail-if 'tvd > 1.2.3': column 7: '1.2.3' is not a number")
        XCTAssertEqual(message("delta(foo(int)) > 1"), "no error")
    }
}

/// The command line: exit statuses, outputs, and difffolded.pl's lines.
final class DiffCommandTests: XCTestCase {
    private func pair() throws -> (URL, URL) {
        (try writeTemporary("a.folded", "main;f 500\nmain;g 300\nmain;h 200\n"),
         try writeTemporary("b.folded", "main;f 400\nmain;g 400\nmain;h 200\n"))
    }

    func testExitStatusFollowsTheGates() throws {
        let (a, b) = try pair()
        let pass = try runFlame(["diff", a.path, b.path, "--fail-if", "tvd > 0.2"])
        XCTAssertEqual(pass.status, 0, pass.stderr)
        XCTAssertTrue(pass.stdout.contains("PASS  tvd > 0.2"), pass.stdout)
        let fail = try runFlame(["diff", a.path, b.path, "--fail-if", "tvd > 0.2", "--fail-if", "delta(g)>2"])
        XCTAssertEqual(fail.status, 3)
        XCTAssertTrue(fail.stdout.contains("FAIL  delta(g)>2  (10.0000 vs 2.0000)"), fail.stdout)
        let bad = try runFlame(["diff", a.path, b.path, "--fail-if", "tvd >> 1"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.stderr, "flame: error: --fail-if 'tvd >> 1': column 5: '>>' is not a comparison (< <= > >= == !=)\n")
        let missing = try runFlame(["diff", a.path, "/nonexistent/b.folded"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.hasPrefix("flame: error: /nonexistent/b.folded"), missing.stderr)
        let report = try runFlame(["report", a.path, b.path, "--fail-if", "beyond_noise > 0", "-o", a.deletingLastPathComponent().appendingPathComponent("r.html").path])
        XCTAssertEqual(report.status, 3)
    }

    func testDifferentialGraphs() throws {
        let (a, b) = try pair()
        let dir = a.deletingLastPathComponent()
        let grew = dir.appendingPathComponent("grew.svg"), shrank = dir.appendingPathComponent("shrank.svg")
        let run = try runFlame(["diff", a.path, b.path, "--svg", grew.path, "--svg-negated", shrank.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        let svg = try String(contentsOf: grew, encoding: .utf8), negated = try String(contentsOf: shrank, encoding: .utf8)
        // g grew from 300 to 400 of 1000: +10%; widths from B (g 400), and from A in the negated graph (g 300).
        XCTAssertTrue(svg.contains("g (400 samples, 40.00%; +10.00%)"), svg)
        XCTAssertTrue(negated.contains("g (300 samples, 30.00%; +10.00%)"), negated)
    }

    func testJSONContract() throws {
        let (a, b) = try pair()
        let run = try runFlame(["diff", "--json", a.path, b.path, "--fail-if", "tvd>0.05"])
        XCTAssertEqual(run.status, 3)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["version"] as? Int, 1)
        let metrics = try XCTUnwrap(json["metrics"] as? [String: Any])
        for key in ["tvd", "tvd_noise", "js", "js_noise", "top10_overlap", "spearman_top20", "beyond_noise", "functions"] {
            XCTAssertNotNil(metrics[key], key)
        }
        XCTAssertEqual(metrics["tvd"] as? Double ?? 0, 0.1, accuracy: 1e-12)
        let frames = try XCTUnwrap(json["frames"] as? [[String: Any]])
        XCTAssertEqual(frames.first?["name"] as? String, "f")
        XCTAssertEqual(Set(frames[0].keys), ["name", "self_a", "self_b", "total_a", "total_b", "delta_self_pp", "delta_total_pp", "z", "beyond_noise"])
        XCTAssertEqual(frames[0]["beyond_noise"] as? Bool, true)
        let gates = try XCTUnwrap(json["gates"] as? [[String: Any]])
        XCTAssertEqual(gates.first?["expr"] as? String, "tvd>0.05")
        XCTAssertEqual(gates.first?["passed"] as? Bool, false)
        let side = try XCTUnwrap(json["a"] as? [String: Any])
        XCTAssertEqual(side["samples"] as? Int, 1000)
        XCTAssertNotNil(side["depth"] as? [String: Any])
    }

    func testHostileNamesInTextAndMarkdown() throws {
        let a = try writeTemporary("a.folded", "main;x|`y`\u{1B}[31m 10\n")
        let b = try writeTemporary("b.folded", "main;z 10\n")
        let md = try runFlame(["diff", "--markdown", a.path, b.path])
        XCTAssertTrue(md.stdout.contains("``x\\|`y`\u{FFFD}[31m``"), md.stdout)
        let text = try runFlame(["diff", a.path, b.path])
        XCTAssertFalse(text.stdout.contains("\u{1B}"))
    }

    /// `flame diff --folded` prints exactly difffolded.pl's lines (as sets:
    /// difffolded.pl prints in hash order), with -n and -s, from folded text
    /// and from the perf script captures themselves.
    func testFoldedOutputMatchesDifffoldedPl() throws {
        let anchors = try sharedAnchors()
        let perf = repositoryRoot.appendingPathComponent("Fixtures/perf")
        let pairs = [("inline-dwarf.perf.txt", "syscalls.perf.txt"), ("threads-pidtid.perf.txt", "system-wide.perf.txt")]
        for (x, y) in pairs {
            let a = try writeTemporary("a.folded", try runFlame(["collapse", perf.appendingPathComponent(x).path]).stdout)
            let b = try writeTemporary("b.folded", try runFlame(["collapse", perf.appendingPathComponent(y).path]).stdout)
            for flags in [[], ["-n"], ["-s"], ["-n", "-s"]] {
                let perl = Process()
                perl.executableURL = URL(fileURLWithPath: "/usr/bin/perl")
                perl.arguments = [anchors.appendingPathComponent("FlameGraph/difffolded.pl").path] + flags + [a.path, b.path]
                let pipe = Pipe()
                perl.standardOutput = pipe
                try perl.run()
                let expected = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                perl.waitUntilExit()
                let lines = Set(expected.split(separator: "\n"))
                XCTAssertGreaterThan(lines.count, 10)
                // From folded text (pairing by whole stack text) and from perf script (through the profile model).
                for inputs in [[a.path, b.path], [perf.appendingPathComponent(x).path, perf.appendingPathComponent(y).path]] {
                    let run = try runFlame(["diff", "--folded", "--exact-names"] + flags + inputs)
                    XCTAssertEqual(run.status, 0, run.stderr)
                    XCTAssertEqual(Set(run.stdout.split(separator: "\n")), lines, "\(x) \(y) \(flags) \(inputs[0])")
                    XCTAssertEqual(run.stdout.split(separator: "\n").count, lines.count)
                }
            }
        }
    }
}
