import Foundation
import Testing
@testable import FlameSymbolize

/// ELF files whose headers say impossible things (found by Fuzz/fuzz-symbolize)
/// give no frames and no crash.
@Suite struct HostileElfTests {
    /// A real gcc binary whose first loadable segment claims a virtual
    /// address at the top of the address space: translating a file offset in
    /// it overflowed (a trap, in any build with overflow checks).
    @Test func segmentAtTheTopOfTheAddressSpace() throws {
        guard Fixture.have("gcc") else { Issue.record("no gcc: install gcc"); return }
        let fixture = try Fixture("hostile-phdr")
        try InlineSource.write(to: fixture)
        try fixture.sh("gcc -O2 -g test.c -o test")
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: fixture.path("test"))))
        func read(_ at: Int, _ size: Int) -> UInt64 {
            (0 ..< size).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
        }
        let phoff = Int(read(0x20, 8)), phentsize = Int(read(0x36, 2)), phnum = Int(read(0x38, 2))
        var patched: (offset: UInt64, size: UInt64)?
        for k in 0 ..< phnum where patched == nil {
            let ph = phoff + k * phentsize
            guard read(ph, 4) == 1, read(ph + 0x20, 8) > 0x200 else { continue }  // PT_LOAD, p_filesz
            for b in 0 ..< 8 { bytes[ph + 0x10 + b] = b == 0 ? 0x00 : 0xFF }  // p_vaddr = 0xFFFFFFFFFFFFFF00
            patched = (read(ph + 0x08, 8), read(ph + 0x20, 8))
        }
        let (offset, size) = try #require(patched)
        try Data(bytes).write(to: URL(fileURLWithPath: fixture.path("hostile")))
        let symbolizer = Symbolizer()
        for perfAddress in [offset, offset + size / 2, offset + size - 1] {
            // No crash; whatever comes back has no impossible address behind it.
            _ = symbolizer.symbolize(path: fixture.path("hostile"), perfAddress: perfAddress)
            #expect(symbolizer.symbolize(path: fixture.path("hostile"), expectedBuildID: nil, fileOffset: offset + size - 1).isEmpty)
        }
    }
}
