import Foundation
import Testing

/// The bad-input matrix (docs/robustness.md): each case is an input flame
/// must survive, and what it must do with it: warn with the file and line or
/// offset and go on, or fail with one `flame: error:` line naming the file and
/// exit 1. Never a crash, a hang, or exit 0 with nothing said.
@Suite struct BadInputMatrixTests {
    enum Outcome {
        /// Exit 0, output containing `output` (if given), a warning containing `warning`.
        case warns(String, output: String? = nil)
        /// Exit `status`, one error line containing the text.
        case fails(String, status: Int32 = 1)
    }

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var input: @Sendable () -> [UInt8]
        var arguments: [String] = ["collapse"]
        var outcome: Outcome
        var description: String { name }
    }

    static func text(_ s: String) -> @Sendable () -> [UInt8] { { Array(s.utf8) } }
    static func fixture(_ path: String, _ transform: @escaping @Sendable ([UInt8]) -> [UInt8] = { $0 }) -> @Sendable () -> [UInt8] {
        { transform((try? bytes(Repository.root + "/" + path)) ?? []) }
    }
    static let perfSample = "prog 1 1.0: 1 cpu-clock: \n\t1 leaf (/bin/prog)\n\t2 main (/bin/prog)\n\n"

    static let cases: [Case] = [
        // Folded text whose first line is malformed stays folded; the line is named.
        Case(name: "folded, negative count first", input: text("a;b -1\nmain;x 5\n"), outcome: .warns("IN:1: not a folded line", output: "main;x 5")),
        Case(name: "folded, fraction first", input: text("1.5\nmain;x 5\n"), outcome: .warns("IN:1: not a folded line", output: "main;x 5")),
        Case(name: "folded, exponent count", input: text("a 1e30\nmain;x 5\n"), outcome: .warns("IN:1: not a folded line", output: "main;x 5")),
        Case(name: "folded, hex count", input: text("a 0x10\nmain;x 5\n"), outcome: .warns("IN:1: not a folded line", output: "main;x 5")),
        Case(name: "folded, plus sign", input: text("a +5\nmain;x 5\n"), outcome: .warns("IN:1: not a folded line", output: "main;x 5")),
        Case(name: "folded, count of 2^64", input: text("a 18446744073709551616\nmain;x 5\n"), outcome: .warns("IN:1: not a folded line", output: "main;x 5")),
        Case(name: "folded, first line over 64 KiB", input: text(String(repeating: "x", count: 70_000) + " 3\nmain;x 5\n"), outcome: .warns("", output: "main;x 5")),
        Case(name: "folded, sums past 2^64-1", input: text("a 18446744073709551615\na 1\n"), outcome: .warns("capped", output: "a 18446744073709551615")),
        Case(name: "folded, sums past 2^64-1 drawn", input: text("a 18446744073709551615\nb 1\n"), arguments: ["svg"], outcome: .fails("more than 2^64-1")),
        Case(name: "folded, byte order mark", input: { [0xEF, 0xBB, 0xBF] + Array("main;a 2\n".utf8) }, outcome: .warns("byte order mark", output: "main;a 2")),
        Case(name: "folded, only blank lines", input: text(String(repeating: "\n", count: 10_000)), outcome: .warns("no stacks found")),
        Case(name: "empty input", input: text(""), outcome: .warns("no stacks found")),
        Case(name: "empty input drawn", input: text(""), arguments: ["svg"], outcome: .fails("nothing to draw")),
        // perf script.
        Case(name: "perf script, garbled line", input: text(perfSample + "@@@ garbage\n" + perfSample), outcome: .warns("IN:5: unrecognized line", output: "prog;main;leaf 2")),
        Case(name: "perf script, ends inside a sample", input: text(perfSample + "prog 1 2.0: 1 cpu-clock: \n\t1 x (/bin/prog)"), outcome: .warns("input ends inside a sample", output: "prog;main;leaf 1")),
        Case(name: "perf script, frames before any header", input: text("\t1 stray (/x)\n\n" + perfSample), outcome: .warns("IN:1: frame line outside any sample", output: "prog;main;leaf 1")),
        Case(name: "perf script, CRLF", input: text(perfSample.replacingOccurrences(of: "\n", with: "\r\n")), outcome: .warns("CRLF", output: "prog;main;leaf 1")),
        Case(name: "perf script, mistyped event filter", input: text(perfSample), arguments: ["collapse", "--event-filter", "cycles"], outcome: .fails("events seen: cpu-clock (1 samples)")),
        Case(name: "perf script, mistyped event filter drawn", input: text(perfSample), arguments: ["svg", "--event-filter", "cycles"], outcome: .fails("events seen: cpu-clock")),
        Case(name: "perf script option on folded input", input: text("main;a 2\n"), arguments: ["collapse", "--pid"], outcome: .warns("--pid does not apply to folded input", output: "main;a 2")),
        Case(name: "pprof option on perf script input", input: text(perfSample), arguments: ["svg", "--sample-index", "1"], outcome: .warns("--sample-index does not apply to perf script input")),
        // Differential folded.
        Case(name: "differential, bad line", input: text("a;b 1 2\nnot differential\na;c 3 4\n"), arguments: ["svg"], outcome: .warns("IN:2: not a differential folded line")),
        Case(name: "differential into collapse", input: text("a;b 1 2\na;c 3 4\n"), outcome: .fails("differential input")),
        // Binary inputs.
        Case(name: "random bytes", input: { (0 ..< 4096).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 13) } }, outcome: .fails("binary data in no format flame reads")),
        Case(name: "NUL bytes in text", input: text("main;a 1\n\u{0}\u{0}\u{0}\n"), outcome: .fails("binary data")),
        Case(name: "pprof, truncated", input: fixture("Fixtures/pprof/heap.pb") { Array($0.prefix($0.count / 2)) }, outcome: .fails("pprof")),
        Case(name: "pprof, wrong wire type", input: fixture("Fixtures/pprof/heap.pb") { var b = $0; b[0] = (b[0] & 0xF8) | 5; return b }, outcome: .fails("IN")),
        Case(name: "pprof, unknown sample type", input: fixture("Fixtures/pprof/heap.pb"), arguments: ["collapse", "--sample-index", "nonesuch"], outcome: .fails("no sample type 'nonesuch'; available: 0 alloc_objects")),
        Case(name: "gzip, truncated", input: fixture("Fixtures/pprof/cpu.pb.gz") { Array($0.prefix($0.count - 40)) }, outcome: .fails("IN")),
        Case(name: "sampler, cut short", input: fixture("Fixtures/sampler/spin.fsmp") { Array($0.prefix($0.count * 2 / 3)) }, arguments: ["collapse", "--no-symbolize"], outcome: .warns("ends inside a record at byte offset")),
        Case(name: "sampler, wrong magic", input: fixture("Fixtures/sampler/spin.fsmp") { var b = $0; b[0] = 0x00; return b }, outcome: .fails("binary data")),
        Case(name: "units differ", input: fixture("Fixtures/pprof/cpu.pb.gz"), arguments: ["collapse", "IN", Repository.root + "/Fixtures/sampler/spin.fsmp"], outcome: .fails("flame sums only like units")),
        // Options and paths.
        Case(name: "thread count far beyond the cores", input: text("main;a 2\n"), arguments: ["collapse", "-j", "100000"], outcome: .warns("-j 100000: using", output: "main;a 2")),
        Case(name: "output into a missing directory", input: text("main;a 2\n"), arguments: ["collapse", "-o", "/nonexistent-flame-dir/out.folded"], outcome: .fails("/nonexistent-flame-dir/out.folded")),
        Case(name: "missing input file", input: text(""), arguments: ["collapse", "/nonexistent-flame-input"], outcome: .fails("/nonexistent-flame-input: No such file")),
        Case(name: "directory as input", input: text(""), arguments: ["collapse", "/"], outcome: .fails("/: ")),
    ]

    @Test(arguments: cases)
    func matrix(_ testCase: Case) throws {
        let scratch = Scratch()
        let input = scratch.write("input", testCase.input())
        var arguments = testCase.arguments.map { $0 == "IN" ? input : $0 }
        if !testCase.arguments.contains("IN"), !testCase.arguments.contains(where: { $0.hasPrefix("/nonexistent-flame-input") || $0 == "/" }) {
            arguments.append(input)
        }
        let result = try Flame.run(arguments)
        let stderr = result.stderr.replacingOccurrences(of: input, with: "IN")
        #expect(!stderr.contains("Fatal error") && !stderr.contains("crashed"), "\(testCase.name): \(stderr)")
        switch testCase.outcome {
        case .warns(let warning, let output):
            #expect(result.status == 0, "\(testCase.name): \(stderr)")
            #expect(stderr.contains("flame: warning: ") || warning.isEmpty, "\(testCase.name): \(stderr)")
            #expect(warning.isEmpty || stderr.contains(warning), "\(testCase.name): \(stderr)")
            #expect(!stderr.contains("flame: error:"), "\(testCase.name): \(stderr)")
            if let output { #expect(result.stdoutText.contains(output), "\(testCase.name): \(result.stdoutText.prefix(200))") }
        case .fails(let message, let status):
            #expect(result.status == status, "\(testCase.name): \(stderr)")
            let errors = stderr.split(separator: "\n").filter { $0.hasPrefix("flame: error: ") }
            #expect(errors.count == 1, "\(testCase.name): \(stderr)")
            #expect(errors.first?.contains(message) == true, "\(testCase.name): \(stderr)")
        }
    }
}
