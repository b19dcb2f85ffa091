import Testing
@testable import FlameIngest

/// The eight-bytes-at-a-time tests the frame scan uses agree with the
/// byte-at-a-time classes, for every byte value in every position.
@Suite struct WordScanTests {
    static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    @Test func isAllWordMatchesTheByteClass() {
        for filler in Array("a0Z_".utf8) {
            #expect(Word.isAllWord(Self.word(Array(repeating: filler, count: 8))))
            for position in 0 ..< 8 {
                for value in 0 ... 255 {
                    var bytes = Array(repeating: filler, count: 8)
                    bytes[position] = UInt8(value)
                    #expect(Word.isAllWord(Self.word(bytes)) == PerfScriptSyntax.isWord(UInt8(value)), "byte \(value) at \(position)")
                }
            }
        }
    }

    @Test func hasFindsTheByteAnywhere() {
        for position in 0 ..< 8 {
            for value in 0 ... 255 {
                var bytes = Array(repeating: UInt8(ascii: "x"), count: 8)
                bytes[position] = UInt8(value)
                #expect(Word.has(Self.word(bytes), UInt8(ascii: "(")) == (value == 0x28), "byte \(value) at \(position)")
                // A byte just below or above the one sought must not be taken for it.
                bytes = Array(repeating: UInt8(value), count: 8)
                #expect(Word.has(Self.word(bytes), UInt8(ascii: "(")) == (value == 0x28))
            }
        }
    }
}
