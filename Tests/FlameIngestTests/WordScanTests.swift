import FlameModel
import Testing
@testable import FlameIngest

/// The eight-bytes-at-a-time tests the frame scan uses agree with the
/// byte-at-a-time classes: every byte value in every position, and random
/// words mixing the bytes the classes care about with non-ASCII ones.
@Suite struct WordScanTests {
    static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    /// What the word functions must answer, computed a byte at a time.
    static func check(_ bytes: [UInt8]) {
        let x = word(bytes)
        let words = bytes.firstIndex { !PerfScriptSyntax.isWord($0) } ?? 8
        let spaces = bytes.firstIndex { !PerfScriptSyntax.isSpace($0) } ?? 8
        let parens = bytes.enumerated().reduce(UInt64(0)) { $1.element == 0x28 ? $0 | 0x80 << (8 * UInt64($1.offset)) : $0 }
        #expect(Word.wordRun(x) == words, "\(bytes)")
        #expect(Word.spaceRun(x) == spaces, "\(bytes)")
        #expect(Word.matching(x, UInt8(ascii: "(")) == parens, "\(bytes)")
    }

    @Test func everyByteInEveryPosition() {
        for filler in Array("a0Z_ \t(".utf8) {
            for position in 0 ..< 8 {
                for value in 0 ... 255 {
                    var bytes = Array(repeating: filler, count: 8)
                    bytes[position] = UInt8(value)
                    Self.check(bytes)
                }
            }
        }
    }

    @Test func randomWords() {
        var random = SplitMix64(seed: 0x3A11)
        let alphabet = Array("az09AZ_ \t\u{0B}\r()/[]:+-.`{@".utf8) + [0x7F, 0x80, 0xA0, 0xC3, 0xFF, 0x00, 0x08, 0x0E, 0x1F, 0x21]
        for _ in 0 ..< 50000 {
            Self.check((0 ..< 8).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
        }
    }
}
