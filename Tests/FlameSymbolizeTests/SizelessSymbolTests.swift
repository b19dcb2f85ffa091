import Foundation
import Testing
@testable import FlameSymbolize

/// Symbols of size 0 (`_init` and `_fini` come from crti.o's hand-written
/// assembly) cover their code up to the next symbol or their section's end,
/// as eu-addr2line and llvm-symbolizer have it: every address of `.init`
/// and `.fini` is named, never `??`.
@Suite struct SizelessSymbolTests {
    /// [start, end) of a section, from `readelf -S -W`.
    static func section(_ name: String, of binary: String, in fixture: Fixture) throws -> Range<UInt64> {
        for line in try fixture.sh("readelf -S -W \(binary)").split(separator: "\n") {
            let f = line.replacingOccurrences(of: "[ ", with: "[").split(separator: " ")
            if f.count > 5, f[1] == name, let start = UInt64(f[3], radix: 16), let size = UInt64(f[5], radix: 16) {
                return start ..< start + size
            }
        }
        throw FixtureError("no section \(name) in \(binary)")
    }

    @Test(arguments: [("test", "-O2 -g"), ("test", "-O2 -g -no-pie"), ("test.nodebug", "-O2 -g")])
    func everyAddressOfInitAndFiniIsNamed(binary: String, flags: String) throws {
        let fixture = try Fixture("sizeless")
        try InlineSource.write(to: fixture)
        try fixture.sh("gcc \(flags) test.c -o test && objcopy --strip-debug test test.nodebug")
        #expect(try fixture.sh("nm -S \(binary)").split(separator: "\n").contains { $0.hasSuffix(" T _fini") },
                "the point of this case: _fini has no size")
        let symbolizer = Symbolizer()
        let module = ModuleSpec(path: fixture.path(binary))
        for (section, symbol) in [(".init", "_init"), (".fini", "_fini")] {
            let addresses = Array(try Self.section(section, of: binary, in: fixture))
            #expect(!addresses.isEmpty)
            let names = addresses.map { symbolizer.symbolize(module, address: $0).last?.function }
            for (address, name) in zip(addresses, names) {
                #expect(name == symbol, "\(binary) (\(flags)) 0x\(String(address, radix: 16)) in \(section)")
            }
            // eu-addr2line agrees on each of them.
            if Fixture.have("eu-addr2line") {
                let reference = Reference.euAddr2line(fixture.path(binary), addresses)
                #expect(reference.map { $0.last?.function } == names)
            }
        }
    }
}
