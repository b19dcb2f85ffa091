import FlameModel
import FlameTestSupport
import Foundation
import Testing
@testable import FlameIngest

/// PerfScriptSyntax claims to give exactly the captures of stackcollapse-perf.pl's
/// three regular expressions. This checks the claim against Perl itself on
/// thousands of random and mutated lines.
@Suite struct PerlRegexEquivalenceTests {
    static let perlProgram = #"""
    binmode STDIN; binmode STDOUT;
    while (<STDIN>) { chomp; my @o;
      if (/^(\S.+?)\s+(\d+)\/*(\d+)*\s+/) { push @o, "H", $-[1], $+[1], $-[2], $+[2], defined $3 ? ($-[3], $+[3]) : ("-", "-"); } else { push @o, "H-"; }
      if (/:\s*(\d+)*\s+(\S+):\s*$/) { push @o, "E", defined $1 ? ($-[1], $+[1]) : ("-", "-"), $-[2], $+[2]; } else { push @o, "E-"; }
      if (/^\s*(\w+)\s*(.+) \((.*)\)/) { push @o, "F", $-[1], $+[1], $-[2], $+[2], $-[3], $+[3]; } else { push @o, "F-"; }
      print join(" ", @o), "\n"; }
    """#

    static func swiftCaptures(_ line: [UInt8]) -> String {
        line.withUnsafeBufferPointer { text in
            var out: [String] = []
            if let h = PerfScriptSyntax.header(text) {
                out += ["H", "\(h.comm.lowerBound)", "\(h.comm.upperBound)", "\(h.pid.lowerBound)", "\(h.pid.upperBound)"]
                out += h.tid.map { ["\($0.lowerBound)", "\($0.upperBound)"] } ?? ["-", "-"]
            } else { out.append("H-") }
            if let (period, event) = PerfScriptSyntax.event(text) {
                out.append("E")
                out += period.map { ["\($0.lowerBound)", "\($0.upperBound)"] } ?? ["-", "-"]
                out += ["\(event.lowerBound)", "\(event.upperBound)"]
            } else { out.append("E-") }
            if let f = PerfScriptSyntax.frame(text) {
                out += ["F", "\(f.pc.lowerBound)", "\(f.pc.upperBound)", "\(f.symbol.lowerBound)", "\(f.symbol.upperBound)",
                        "\(f.module.lowerBound)", "\(f.module.upperBound)"]
            } else { out.append("F-") }
            return out.joined(separator: " ")
        }
    }

    /// Lines from an alphabet of the bytes the grammar cares about, plus
    /// real lines with random edits.
    static func sampleLines(count: Int) -> [[UInt8]] {
        var rng = SplitMix64(seed: 0x5EED)
        let alphabet = Array(" \t\u{0B}\r:0129af/x+->()[];._LwJ".utf8) + [0xC3, 0xA9, 0xFF, 0x00]
        let real: [[UInt8]] = [
            "java 25607 4794564.109216: 1 cycles:", "V8 WorkerThread 24636/25607 [000] 94564.109216: 100 cycles:u: ",
            "swapper     0 [000] 6544038.708352: 235 cpu-clock: ", "perf 12 [3] 1.5: cpu-clock:",
            "\t    7f1234 main+0x1d (/usr/bin/prog)", "  ffffffff8103ce3b native_safe_halt ([kernel.kallsyms])",
            "\t0 [unknown] ([unknown])", "    7f0 Lorg/Foo;::bar(I)V (/tmp/perf-19982.map)",
            "\t 4c2 std::vector<int>::push_back(int const&) (/a b/c (deleted))", "\t 12 net/http.(*Client).Do (/go/bin/x)",
            // Full-width lines, whose long runs the frame scan skips eight bytes at a time.
            "\tffffffff8162f841 __slab_free+0xb1 ([kernel.kallsyms])",
            "\t           d4ad7 __GI___execve+0x7 (/usr/lib/x86_64-linux-gnu/libc.so.6)",
            "\t    7f0a1b2c3d4e5f6a7b8c9d_0AZ_x std::map<K, V>::at(K const&) (/opt/a (b)/lib (x86_64)/libfoo.so.1.2.3)",
        ].map { Array($0.utf8) }
        var lines: [[UInt8]] = []
        for i in 0 ..< count {
            if i % 2 == 0 {
                // Every other random line is long enough for the scans that
                // take eight bytes at a time.
                let n = Int(rng.next() % (i % 4 == 0 ? 72 : 24))
                lines.append((0 ..< n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            } else {
                var line = real[Int(rng.next() % UInt64(real.count))]
                for _ in 0 ..< Int(rng.next() % 4) {
                    let at = line.isEmpty ? 0 : Int(rng.next() % UInt64(line.count))
                    switch rng.next() % 3 {
                    case 0 where !line.isEmpty: line.remove(at: at)
                    case 1: line.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                    default: if !line.isEmpty { line[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                    }
                }
                lines.append(line)
            }
        }
        return lines.map { $0.filter { $0 != 10 } }
    }

    @Test func capturesMatchPerl() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/perl") else {
            print("SKIPPED: /usr/bin/perl is absent; the regex equivalence check did not run")
            return
        }
        let lines = Self.sampleLines(count: 20000)
        let input = lines.reduce(into: [UInt8]()) { $0 += $1; $0.append(10) }
        let perl = try TestProcess.run("/usr/bin/perl", ["-e", Self.perlProgram], input: .bytes(input))
        let expected = perl.stdoutText.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(expected.count == lines.count + 1)
        var mismatches = 0
        for (i, line) in lines.enumerated() where i < expected.count {
            let mine = Self.swiftCaptures(line)
            if mine != expected[i] {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("line \(Array(line)) (\(String(decoding: line, as: UTF8.self))): perl \(expected[i]) flame \(mine)")
                }
            }
        }
        let matched = expected.filter { !$0.hasPrefix("H- E- F-") }.count
        print("regex equivalence: \(lines.count) lines, \(matched) matched at least one expression, \(mismatches) mismatches")
        #expect(matched > lines.count / 4)
        #expect(mismatches == 0)
    }
}
