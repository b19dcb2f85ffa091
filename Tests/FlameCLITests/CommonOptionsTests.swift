import FlameTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `-o` and `-j` mean the same in every subcommand; `-j` beyond the online
/// cores is capped there with one warning (a huge N must not cost memory per
/// requested thread); errors end with the status their type carries.
@Suite struct CommonOptionsTests {
    static let folded = "main;parse;lex 3\nmain;render 5\n"

    /// Each subcommand with a small valid input, in `scratch`.
    static func commands(_ scratch: Scratch) -> [[String]] {
        let input = scratch.write("in.folded", folded)
        return [
            ["collapse", input],
            ["svg", input],
            // flame's own executable is an ELF file with symbols to look up.
            ["symbolize", "-e", Flame.executable, "0x0"],
        ]
    }

    /// What flame counts: the online cores.
    static var cores: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    @Test func hugeThreadCountIsCappedAtTheCoresWithOneWarning() throws {
        let scratch = Scratch()
        for command in Self.commands(scratch) {
            let reference = try Flame.run(command + ["-j", "1"])
            #expect(reference.status == 0 && reference.stderr.isEmpty, "\(command): \(reference.stderr)")
            let capped = try Flame.run(command + ["-j", "100000"])
            #expect(capped.status == 0, "\(command): \(capped.stderr)")
            #expect(capped.stdout == reference.stdout, "\(command)")
            #expect(capped.stderrLines == ["flame: warning: -j 100000: using \(Self.cores) thread\(Self.cores == 1 ? "" : "s"), the number of online cores"],
                    "\(command): \(capped.stderr)")
        }
    }

    @Test func threadCountWithinTheCoresIsTakenSilently() throws {
        let scratch = Scratch()
        for command in Self.commands(scratch) {
            let result = try Flame.run(command + ["--threads", "\(Self.cores)"])
            #expect(result.status == 0 && result.stderr.isEmpty, "\(command): \(result.stderr)")
        }
    }

    @Test func zeroThreadsIsAUsageError() throws {
        let scratch = Scratch()
        for command in Self.commands(scratch) {
            let result = try Flame.run(command + ["-j0"])
            #expect(result.status == 64 && result.stderr.contains("--threads must be at least 1"), "\(command): \(result.stderr)")
        }
    }

    @Test func outputOptionWritesTheSameAsStandardOutput() throws {
        let scratch = Scratch()
        for (k, command) in Self.commands(scratch).enumerated() {
            let streamed = try Flame.run(command)
            let out = scratch.path("out-\(k)")
            let written = try Flame.run(command + ["--output", out])
            #expect(written.status == 0 && written.stdout.isEmpty, "\(command): \(written.stderr)")
            #expect(try bytes(out) == streamed.stdout, "\(command)")
        }
    }

    /// A FlameError's status is the exit status, and its description the one line.
    @Test func errorsEndWithOneLineAndTheirStatus() throws {
        let scratch = Scratch()
        let missing = scratch.path("missing.folded")
        let input = try Flame.run(["collapse", missing])
        #expect(input.status == 1 && input.stderrLines.count == 1 && input.stderr.hasPrefix("flame: error: \(missing): "),
                "\(input.stderr)")
        let render = try Flame.run(["svg", scratch.write("empty.folded", "")])
        #expect(render.status == 1 && render.stderr == "flame: error: no stack counts found: nothing to draw\n", "\(render.stderr)")
    }
}
