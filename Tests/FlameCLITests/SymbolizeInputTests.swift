import Foundation
import Testing

/// `flame symbolize` reading addresses from standard input: one block per
/// non-blank input line, `??` for lines that are no address (so output lines
/// up with input, as with llvm-symbolizer), a warning naming each such line,
/// and lines of any length (a 200 KB line is dropped as it comes).
@Suite struct SymbolizeInputTests {
    @Test func everyLineGetsABlock() throws {
        let nm = try Flame.shell("nm \"$FLAME\" | awk '$2 == \"T\" && $3 == \"main\" { print $1 }'")
        let mainAddress = String(decoding: nm.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(!mainAddress.isEmpty, "no `main` symbol in \(Flame.executable)")
        let scratch = Scratch()
        let long = String(repeating: "1", count: 200_000)
        let input = scratch.write("in.txt", "0x\(mainAddress)\nnot-an-address\n\(long)\n\n0x\(mainAddress)\n\(long)")
        let result = try Flame.run(["symbolize", "-e", Flame.executable], stdinPath: input)
        #expect(result.status == 0)
        let blocks = String(decoding: result.stdout, as: UTF8.self).components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(blocks.count == 5, "\(blocks)")
        if blocks.count == 5 {
            #expect(!blocks[0].hasPrefix("??"))
            #expect(blocks[1] == "??\n??:0" && blocks[2] == "??\n??:0" && blocks[4] == "??\n??:0")
            #expect(blocks[3] == blocks[0])
        }
        #expect(result.stderrLines == ["flame: warning: <stdin>:2: not a hexadecimal address",
                                       "flame: warning: <stdin>:3: not a hexadecimal address",
                                       "flame: warning: <stdin>:6: not a hexadecimal address"])
    }

    @Test func jsonMarksUnparsableLines() throws {
        let scratch = Scratch()
        let input = scratch.write("in.txt", "zz\n")
        let result = try Flame.run(["symbolize", "-e", Flame.executable, "--json"], stdinPath: input)
        #expect(String(decoding: result.stdout, as: UTF8.self)
            == "{\"address\":null,\"error\":\"not a hexadecimal address\",\"frames\":[]}\n")
    }
}
