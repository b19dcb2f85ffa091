import Foundation
import Testing
@testable import FlameSymbolize

/// Inline chains and source lines on programs compiled here, checked against
/// the source and against eu-addr2line / llvm-symbolizer.
@Suite struct InlineChainTests {
    /// Every address of `function`, symbolized.
    static func sweep(_ binary: String, _ function: String, in fixture: Fixture,
                      symbolizer: Symbolizer = Symbolizer()) throws -> (addresses: [UInt64], frames: [[SymbolFrame]]) {
        let range = try fixture.symbolRange(binary, function)
        let addresses = Array(range)
        let module = ModuleSpec(path: fixture.path(binary))
        return (addresses, addresses.map { symbolizer.symbolize(module, address: $0) })
    }

    @Test func gccAlwaysInlineAcrossHeader() throws {
        let fixture = try Fixture("gcc")
        try InlineSource.write(to: fixture)
        try fixture.sh("gcc -O2 -g test.c -o test")
        let (addresses, frames) = try Self.sweep("test", "compute", in: fixture)
        let chains = frames.map(\.short)
        #expect(chains.contains(InlineSource.storeChain), "chains seen: \(Set(chains.map { $0.joined(separator: " < ") }))")
        // Inlined frames are flagged, the outermost is not.
        for chain in frames where !chain.isEmpty {
            #expect(chain.dropLast().allSatisfy(\.inlined) && !chain.last!.inlined)
            #expect(chain.last!.function == "compute")
        }
        // eu-addr2line is right on gcc output: same chain, files, lines and columns everywhere.
        let reference = Reference.euAddr2line(fixture.path("test"), addresses)
        #expect(reference.count == addresses.count)
        for (k, address) in addresses.enumerated() where k < reference.count {
            #expect(frames[k].locs == reference[k], "0x\(String(address, radix: 16))")
        }
    }

    @Test func clangLldWithoutAranges() throws {
        let clang = ["/opt/swift/usr/bin/clang", "clang"].first { Fixture.have($0) }
        guard let clang else { Issue.record("no clang: install clang (or the Swift toolchain's)"); return }
        let fixture = try Fixture("clang")
        try InlineSource.write(to: fixture)
        try fixture.sh("\(clang) -O2 -g -gdwarf-5 -fuse-ld=lld test.c -o test")
        #expect(!(try fixture.sh("readelf -S test")).contains(".debug_aranges"), "the point of this case")
        let (addresses, frames) = try Self.sweep("test", "compute", in: fixture)
        #expect(frames.map(\.short).contains(InlineSource.storeChain))
        #expect(frames.allSatisfy { !$0.isEmpty && $0.last!.function == "compute" && $0.last!.file != nil })
        // llvm-symbolizer reads clang output without aranges; eu-addr2line does not.
        if let tool = ["llvm-symbolizer", "/opt/swift/usr/bin/llvm-symbolizer"].first(where: Fixture.have) {
            let reference = Reference.llvmSymbolizer(tool, fixture.path("test"), addresses)
            for (k, address) in addresses.enumerated() where k < reference.count {
                #expect(frames[k].locs == reference[k], "0x\(String(address, radix: 16))")
            }
        }
    }

    @Test func cppNamesAreDemangledOrKept() throws {
        guard Fixture.have("g++") else { Issue.record("no g++: install g++"); return }
        let fixture = try Fixture("cxx")
        try fixture.write("app.cc", """
        namespace geo {
        struct Box { int w;
          __attribute__((noinline)) int area(int h) const; };
        int Box::area(int h) const { return w * h + 1; }
        }
        int main(int argc, char **) { geo::Box b{argc}; return b.area(argc); }

        """)
        try fixture.sh("g++ -O2 -g app.cc -o app")
        let range = try fixture.symbolRange("app", "_ZNK3geo3Box4areaEi")
        let frames = Symbolizer().symbolize(ModuleSpec(path: fixture.path("app")), address: range.lowerBound)
        #expect(frames.map(\.function) == ["geo::Box::area(int) const"])
        var raw = SymbolizerOptions()
        raw.demangle = false
        let mangled = Symbolizer(options: raw).symbolize(ModuleSpec(path: fixture.path("app")), address: range.lowerBound)
        #expect(mangled.map(\.function) == ["_ZNK3geo3Box4areaEi"])
    }

    @Test func codeWithoutDwarfFallsBackToSymbols() throws {
        let fixture = try Fixture("nodebug")
        try InlineSource.write(to: fixture)
        try fixture.sh("gcc -O2 -g test.c -o test && objcopy --strip-debug test test.nodebug")
        let range = try fixture.symbolRange("test.nodebug", "compute")
        let frames = Symbolizer().symbolize(ModuleSpec(path: fixture.path("test.nodebug")), address: range.lowerBound + 3)
        #expect(frames == [SymbolFrame(function: "compute", symbolOffset: 3)])
    }
}
