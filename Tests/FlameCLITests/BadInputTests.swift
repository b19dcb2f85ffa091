import Foundation
import Testing

/// What `flame collapse` does with input it cannot fully use: warn with file
/// and line and go on, pass odd bytes through, fail with one line and exit 1
/// when an input cannot be read, and never leave a partial output file.
@Suite struct BadInputTests {
    static let threadings: [[String]] = [["-j", "1"], ["-j", "2", "--block-size", "1000"]]
    static let syscalls = Repository.perfFixtures + "/syscalls.perf.txt"

    /// A real capture with one garbled line inserted after the 40th sample:
    /// the warning must give its line number also when blocks are parsed in
    /// parallel, and the output must be the capture's own.
    @Test func garbledLineWarnsWithFileAndLineAndGoesOn() throws {
        let lines = try bytes(Self.syscalls).split(separator: 10, omittingEmptySubsequences: false)
        var blankSeen = 0, insertAt = 0
        for (index, line) in lines.enumerated() where line.isEmpty {
            blankSeen += 1
            if blankSeen == 40 { insertAt = index + 1; break }
        }
        #expect(insertAt > 0)
        var edited = lines.map(Array.init)
        edited.insert(Array("@@@ this is not perf script".utf8), at: insertAt)
        let scratch = Scratch()
        let input = scratch.write("garbled.txt", Array(edited.joined(separator: [10])))
        let expected = try bytes(Repository.perfFixtures + "/expected/syscalls.default.folded")
        for threading in Self.threadings {
            let result = try Flame.run(["collapse"] + threading + [input])
            #expect(result.status == 0)
            #expect(result.stdout == expected, "\(threading)")
            #expect(result.stderrLines.count == 1, "\(threading): \(result.stderr)")
            #expect(result.stderr.hasPrefix("flame: warning: \(input):\(insertAt + 1): "), "\(threading): \(result.stderr)")
        }
    }

    @Test func garbledFoldedLineWarnsAndGoesOn() throws {
        let scratch = Scratch()
        let input = scratch.write("x.folded", "a;b 1\nthis line has no count\na;b 2\nc 5\n")
        let result = try Flame.run(["collapse", input])
        #expect(result.status == 0)
        #expect(result.stdout == Array("a;b 3\nc 5\n".utf8))
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.hasPrefix("flame: warning: \(input):2: "), "\(result.stderr)")
    }

    /// Names are bytes: invalid UTF-8 in the process name, a frame and a
    /// module path comes out exactly as it went in.
    @Test func invalidUTF8PassesThroughByteForByte() throws {
        let scratch = Scratch()
        let comm: [UInt8] = Array("pr".utf8) + [0x80] + Array("g".utf8)
        let leaf: [UInt8] = Array("f".utf8) + [0xFF, 0xFE] + Array("g".utf8)
        let caller: [UInt8] = Array("ma".utf8) + [0xC0, 0x80, 0xED, 0xA0, 0x80] + Array("in".utf8)
        var perf = comm + Array(" 7 1.0: 1 cpu-clock: \n\t1 ".utf8) + leaf + Array(" (/bin/p".utf8) + [0xFE]
        perf += Array(")\n\t2 ".utf8) + caller + Array(" (/bin/p)\n\n".utf8)
        let expected = comm + [59] + caller + [59] + leaf + Array(" 1\n".utf8)
        for threading in Self.threadings {
            let result = try Flame.run(["collapse"] + threading + [scratch.write("odd.txt", perf)])
            #expect(result.stdout == expected && result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
            let again = try Flame.run(["collapse"] + threading + [scratch.write("odd.folded", expected)])
            #expect(again.stdout == expected && again.status == 0 && again.stderr.isEmpty, "\(again.stderr)")
        }
    }

    @Test func emptyInputGivesEmptyOutputAndSaysSo() throws {
        let scratch = Scratch()
        let empty = scratch.write("empty.txt", "")
        for arguments in [["collapse", empty], ["collapse"], ["collapse", "-"], ["collapse", empty, empty]] {
            let result = try Flame.run(arguments)
            #expect(result.status == 0 && result.stdout.isEmpty, "\(arguments): \(result.stderr)")
            #expect(result.stderrLines.count == 1 && result.stderr.hasSuffix(": no stacks found\n"), "\(arguments): \(result.stderr)")
        }
        let out = scratch.path("out.folded")
        let written = try Flame.run(["collapse", "-o", out, empty])
        #expect(written.status == 0 && FileManager.default.fileExists(atPath: out))
        #expect(try bytes(out).isEmpty)
    }

    @Test func missingFileIsOneErrorLineAndNoOutputFile() throws {
        let scratch = Scratch()
        let missing = scratch.path("no-such-input.txt")
        let out = scratch.path("out.folded")
        let result = try Flame.run(["collapse", "-o", out, Self.syscalls, missing])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("flame: error: ") && result.stderr.contains(missing), "\(result.stderr)")
        // Neither the output nor a leftover temporary file.
        #expect(scratch.entries().isEmpty, "left behind: \(scratch.entries())")
    }

    @Test func unreadableInputIsOneErrorLine() throws {
        let scratch = Scratch()
        let directory = scratch.path("a-directory")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let result = try Flame.run(["collapse", directory])
        #expect(result.status == 1)
        #expect(result.stderrLines.count == 1 && result.stderr.hasPrefix("flame: error: \(directory)"), "\(result.stderr)")
    }

    @Test func failedRunLeavesExistingOutputUntouched() throws {
        let scratch = Scratch()
        let out = scratch.write("out.folded", "previous contents 1\n")
        for inputs in [[scratch.path("missing")], [Self.syscalls, scratch.path("missing")], [scratch.directory]] {
            let result = try Flame.run(["collapse", "-o", out] + inputs)
            #expect(result.status == 1)
            #expect(try bytes(out) == Array("previous contents 1\n".utf8), "\(inputs)")
        }
        #expect(scratch.entries() == ["out.folded"], "\(scratch.entries())")
    }

    /// A reader that stops early (`| head -1`) ends flame quietly, even with
    /// megabytes of output still to write.
    @Test func closedStandardOutputEndsQuietly() throws {
        let scratch = Scratch()
        var big: [UInt8] = []
        for i in 0 ..< 120_000 { big += Array("root;caller\(i % 97);leaf\(i) \(i % 13 + 1)\n".utf8) }
        let input = scratch.write("big.folded", big)
        for threading in Self.threadings {
            let result = try Flame.shell("""
                "$FLAME" collapse \(threading.joined(separator: " ")) '\(input)' 2>'\(scratch.path("err"))' | head -1
                echo "status=${PIPESTATUS[0]}"
                """)
            let output = String(decoding: result.stdout, as: UTF8.self)
            #expect(output.hasPrefix("root;caller0;leaf0 1\n"), "\(output.prefix(200))")
            #expect(output.hasSuffix("status=0\n"), "\(output.suffix(100))")
            let errors = String(decoding: try bytes(scratch.path("err")), as: UTF8.self)
            #expect(errors.isEmpty, "\(errors)")
        }
    }

    /// Input cut inside a sample (a recording that was interrupted) warns
    /// and counts every complete sample. Cut after a whole frame line, that is
    /// one warning; cut inside a line, the partial line may get its own.
    @Test(arguments: [0.3, 0.5, 0.77], [false, true])
    func inputCutInsideASampleCountsTheCompleteOnes(fraction: Double, midLine: Bool) throws {
        let whole = try bytes(Self.syscalls)
        var cut = Int(Double(whole.count) * fraction)
        // Just after the tab that starts a frame line: inside a sample.
        while whole[cut] != 9 { cut += 1 }
        cut += 1
        if midLine { cut += 12 } else { while whole[cut - 1] != 10 { cut += 1 } }
        let truncated = Array(whole[..<cut])
        let lastLine = truncated.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } + (midLine ? 1 : 0)
        // The complete samples: everything up to the last empty line.
        var end = cut - 1
        while !(truncated[end] == 10 && truncated[end - 1] == 10) { end -= 1 }
        let complete = Array(truncated[...end])
        var periods: UInt64 = 0
        for line in complete.split(separator: 10) where line.first != 9 {
            // Header: "comm tid time:   PERIOD event: "; the period precedes the event.
            let fields = line.split(separator: 32)
            periods += UInt64(String(decoding: fields[fields.count - 2], as: UTF8.self))!
        }
        let scratch = Scratch()
        let input = scratch.write("cut.txt", truncated)
        let reference = try Flame.run(["collapse", "-j", "1", scratch.write("complete.txt", complete)])
        #expect(reference.stderr.isEmpty)
        for threading in Self.threadings {
            let result = try Flame.run(["collapse"] + threading + [input])
            #expect(result.status == 0)
            #expect(result.stdout == reference.stdout, "\(threading)")
            let total = parseFolded(result.stdout).reduce(0) { $0 + $1.count }
            #expect(total == periods, "\(threading)")
            let lines = result.stderrLines
            #expect(midLine ? (1 ... 2).contains(lines.count) : lines.count == 1, "\(threading): \(result.stderr)")
            #expect(lines.allSatisfy { $0.hasPrefix("flame: warning: \(input):\(lastLine): ") },
                    "\(threading), last line \(lastLine): \(result.stderr)")
        }
    }

    /// Two events and no --event-filter: the first event is kept, as
    /// stackcollapse-perf.pl does, and one warning names the ignored one.
    @Test func multiEventInputWarnsOnceNamingTheIgnoredEvent() throws {
        let input = Repository.perfFixtures + "/multi-event.perf.txt"
        let firstEvent = try bytes(Repository.perfFixtures + "/expected/multi-event.event-filter-cpu-clock.folded")
        for threading in Self.threadings {
            let result = try Flame.run(["collapse"] + threading + [input])
            #expect(result.status == 0)
            #expect(result.stdout == firstEvent, "\(threading)")
            #expect(result.stderrLines.count == 1, "\(threading): \(result.stderr)")
            #expect(result.stderr.hasPrefix("flame: warning: \(input)") && result.stderr.contains("task-clock"),
                    "\(threading): \(result.stderr)")
            for event in ["cpu-clock", "task-clock"] {
                let filtered = try Flame.run(["collapse", "--event-filter", event] + threading + [input])
                #expect(filtered.status == 0 && filtered.stderr.isEmpty, "\(event): \(filtered.stderr)")
            }
        }
    }
}
