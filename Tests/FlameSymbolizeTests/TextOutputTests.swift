import Testing
@testable import FlameSymbolize

/// `Symbolizer.appendText` prints frames from the name table as bytes; it
/// must print exactly what `FrameFormatter.text` prints for the frames
/// `symbolize` returns, whether the address was cached or not.
@Suite struct TextOutputTests {
    static func text(_ symbolizer: Symbolizer, _ module: ModuleSpec, _ addresses: [UInt64], printAddress: Bool) -> (bytes: [UInt8], viaFrames: [UInt8]) {
        var bytes: [UInt8] = [], viaFrames: [UInt8] = []
        for address in addresses {
            symbolizer.appendText(module, address: address, printAddress: printAddress, into: &bytes)
            FrameFormatter.text(address: address, frames: symbolizer.symbolize(module, address: address),
                                printAddress: printAddress, basenames: false, into: &viaFrames)
        }
        return (bytes, viaFrames)
    }

    /// Where two outputs part, with the text around it; nil when equal.
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String? {
        guard a != b else { return nil }
        let k = (0 ..< min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let around = { (x: [UInt8]) in String(decoding: x[max(0, k - 60) ..< min(x.count, k + 20)], as: UTF8.self) }
        return "byte \(k): \(around(a).debugDescription) vs \(around(b).debugDescription)"
    }

    @Test func bytesAreWhatFormattingTheFramesGives() throws {
        let fixture = try Fixture("text")
        try InlineSource.write(to: fixture)
        try fixture.sh("gcc -O2 -g test.c -o test")
        let module = ModuleSpec(path: fixture.path("test"))
        // Inlined chains (`compute`), code without DWARF (the C runtime's
        // start-up code) and addresses nothing is known about.
        let addresses = Array(try fixture.symbolRange("test", "compute")) + Array(try fixture.symbolRange("test", "_start"))
            + [0, 0x10, UInt64.max]
        var options = SymbolizerOptions()
        for limit in [1 << 20, 3] {
            options.cacheLimit = limit  // 3: most addresses are past the cache's limit
            for printAddress in [false, true] {
                let (bytes, viaFrames) = Self.text(Symbolizer(options: options), module, addresses, printAddress: printAddress)
                #expect(Self.firstDifference(bytes, viaFrames) == nil, "cache limit \(limit), addresses \(printAddress)")
                #expect(String(decoding: bytes, as: UTF8.self).contains("compute\n"))
            }
        }
        // A file that cannot be read: its placeholder frame either way.
        let missing = ModuleSpec(path: fixture.path("missing"))
        let (bytes, viaFrames) = Self.text(Symbolizer(), missing, [0x1234], printAddress: true)
        #expect(Self.firstDifference(bytes, viaFrames) == nil)
        #expect(String(decoding: bytes, as: UTF8.self) == "0x1234\nmissing+0x1234\n??:0\n\n")
    }
}
