import Foundation
import Testing
@testable import FlameSymbolize
import FlameModel

/// Frame names: Swift names read as `Module.Type.method(label:)` and keep
/// what tells functions apart; C++ names follow perf's policy in flame graphs.
/// The mangled names below come from the Swift toolchain's own
/// libFoundationEssentials.so; the expected forms were written by hand from
/// `swift demangle`'s full output.
@Suite struct FrameNameTests {
    @Test(arguments: [
        ("$s2sw5PointV4normyS2iF", "sw.Point.norm(_:)"),
        ("$s20FoundationEssentials11FileManagerC9_fileStatySo4statVSgSSFAGSPys4Int8VGSgXEfU_",
         "closure #1 in FoundationEssentials.FileManager._fileStat(_:)"),
        ("$s20FoundationEssentials10BufferViewV13loadUnaligned14fromByteOffset2asqd__Si_qd__mtlFs5UInt8V_s6UInt32VTt1g5",
         "generic specialization <Swift.UInt8, Swift.UInt32> of FoundationEssentials.BufferView.loadUnaligned(fromByteOffset:as:)"),
        ("$sSS20FoundationEssentialsE17homeDirectoryPath7forUserSSSgSS_tFZ",
         "static (extension in FoundationEssentials):Swift.String.homeDirectoryPath(forUser:)"),
        ("$ss15EmptyCollectionV20FoundationEssentialss5UInt8VRszlE15withUnsafeBytesyqd__qd__SWKXEKlF",
         "(extension in FoundationEssentials):Swift.EmptyCollection.withUnsafeBytes(_:)"),
        ("$s20FoundationEssentials10CocoaErrorV4CodeVSHAASH4hash4intoys6HasherVz_tFTW",
         "protocol witness for Swift.Hashable.hash(into:) in conformance FoundationEssentials.CocoaError.Code : Swift.Hashable in FoundationEssentials"),
        ("$s20FoundationEssentials12_TimeZoneGMTC015fixedOffsetFromE0SiSgvg",
         "FoundationEssentials._TimeZoneGMT.fixedOffsetFromGMT.getter"),
        ("$s20FoundationEssentials10CocoaErrorV010removeFileD033_54538455693C81BE2FDBED43BE08DD07LLyACs5Int32V_SStFZTf4nnd_n",
         "specialized static FoundationEssentials.CocoaError.removeFileError(_:_:)"),
        ("$s20FoundationEssentials50numericStringRepresentationForMutableBinaryInteger33_0DEE1C96F0A5D1CD561DE4D9E2C94A4FLL5words8isSignedSSSrySuG_SbtFSSSrys5UInt8VGXEfU_SiAIXEfU0_TA",
         "partial apply forwarder for closure #2 in closure #1 in FoundationEssentials.numericStringRepresentationForMutableBinaryInteger(words:isSigned:)"),
        ("$sIeghH_IeAgH_TR",
         "reabstraction thunk helper from @escaping @callee_guaranteed @Sendable @async () -> () to @escaping @isolated(any) @callee_guaranteed @async () -> ()"),
    ])
    func swiftNamesReadAsSource(mangled: String, expected: String) {
        #expect(Demangler.demangle(mangled, style: .frame) == expected)
        #expect(Demangler.demangle(mangled, style: .signature) == expected)
        // The `_$s` spelling (as some linkers and perf print it) is the same symbol.
        #expect(Demangler.demangle("_" + mangled) == expected)
    }

    @Test func labelsKeepOverloadsApart() {
        // `main(_:)` and `main()`: one frame each, never cut to `main`.
        #expect(Demangler.demangle("$s3app4mainyS2iF") == "app.main(_:)")
        #expect(Demangler.demangle("$s3app4mainSiyF") == "app.main()")
    }

    @Test func cxxFrameStyleIsPerfs() {
        // perf script (libiberty without DMGL_PARAMS) prints no return type and no parameters.
        #expect(Demangler.demangle("_ZN10hash_tableIiE8traverseIiEEvT_", style: .frame) == "hash_table<int>::traverse<int>")
        #expect(Demangler.demangle("_ZN10hash_tableIiE8traverseIiEEvT_", style: .signature) == "void hash_table<int>::traverse<int>(int)")
        #expect(Demangler.demangle("_ZNKSt6vectorIiSaIiEE4sizeEv", style: .frame) == "std::vector<int, std::allocator<int> >::size")
        #expect(Demangler.demangle("_ZN3foo3bar17h05af221e174051e9E", style: .frame) == "foo::bar")
    }

    @Test func frameNameDemanglerForTextProfiles() {
        let demangler = FrameNameDemangler()
        #expect(demangler.demangle("$s3app4mainyS2iF") == "app.main(_:)")
        #expect(demangler.demangle("_$s3app4mainSiyF") == "app.main()")
        #expect(demangler.demangle("_ZN10hash_tableIiE8traverseIiEEvT_") == "hash_table<int>::traverse<int>")
        // Not mangled, or not demanglable: nil, the caller keeps its bytes.
        #expect(demangler.demangle("main") == nil)
        #expect(demangler.demangle("$") == nil)
        #expect(demangler.demangle("$sGARBAGE") == nil)
        #expect(demangler.demangle("[unknown]") == nil)
        #expect(demangler.demangle("$s3app\u{0}4main") == nil)
        // Through the model's seam: Swift names keep their parentheses, C++ ones are tidied as perf's.
        let seam: any NameDemangler = demangler
        let swift = Array("$s3app4mainyS2iF".utf8).withUnsafeBytes { seam.demangle($0) }
        #expect(swift?.name == "app.main(_:)" && swift?.keepsParentheses == true)
        let cxx = Array("_ZZ4mainENKUliE_clEi".utf8).withUnsafeBytes { seam.demangle($0) }
        #expect(cxx?.name == "main::{lambda(int)#1}::operator()" && cxx?.keepsParentheses == false)
    }

    @Test func pseudoFileNamesStayAsTheyAre() {
        #expect(StringCache.pseudoName("//<compiler-generated>") == "<compiler-generated>")
        #expect(StringCache.pseudoName("/<compiler-generated>") == "<compiler-generated>")
        #expect(StringCache.pseudoName("<compiler-generated>") == "<compiler-generated>")
        #expect(StringCache.pseudoName("/src/a<b>") == nil)
        #expect(StringCache.pseudoName("/src/main.swift") == nil)
    }

    /// A real Swift program: a local function (a DW_TAG_subprogram nested in
    /// its enclosing function's) keeps its inlined frames, the overloads keep
    /// their labels, and no file reads `//<compiler-generated>`.
    @Test func swiftProgram() throws {
        let swiftc = ["/opt/swift/usr/bin/swiftc", "swiftc"].first { Fixture.have($0) }
        guard let swiftc else { Issue.record("no swiftc on PATH or in /opt/swift"); return }
        let fixture = try Fixture("swift")
        try fixture.write("main.swift", """
        @inline(__always) func leaf(_ x: Int) -> Int { x &* 31 &+ 7 }

        @inline(never) func main(_ n: Int) -> Int {
            @inline(never) func local(_ k: Int) -> Int {
                var s = 0
                for i in 0 ..< k { s = s &+ leaf(i ^ s) }
                return s
            }
            return local(n)
        }

        @inline(never) func main() -> Int { main(CommandLine.arguments.count &* 1000) }

        print(main())
        """)
        try fixture.sh("\(swiftc) -O -g -module-name app main.swift -o app")
        var options = SymbolizerOptions()
        options.nameStyle = .frame
        let symbolizer = Symbolizer(options: options)
        let module = ModuleSpec(path: fixture.path("app"))
        let localRange = try fixture.symbolRange("app", "$s3app4mainyS2iF5localL_yS2iF")
        let frames = localRange.map { symbolizer.symbolize(module, address: $0) }
        #expect(frames.allSatisfy { $0.last?.function == "local #1 in app.main(_:)" && $0.last!.swiftName })
        // The loop's iterator is inlined into `local`: its frames must be there.
        #expect(frames.contains { $0.count >= 2 && $0[0].inlined && $0[0].function!.contains("IndexingIterator.next()") },
                "chains: \(Set(frames.map { $0.map { $0.function ?? "??" } }))")
        for frame in frames.joined() {
            #expect(frame.file.map { !$0.hasPrefix("//") && !$0.hasSuffix("/<compiler-generated>") } ?? true, "\(frame)")
        }
        let withLabel = symbolizer.symbolize(module, address: try fixture.symbolRange("app", "$s3app4mainyS2iF").lowerBound)
        let without = symbolizer.symbolize(module, address: try fixture.symbolRange("app", "$s3app4mainSiyF").lowerBound)
        #expect(withLabel.last?.function == "app.main(_:)")
        #expect(without.last?.function == "app.main()")
        // Through the resolver seam (collapse --inline, sampler files): the
        // names say their parentheses are labels, not argument lists to cut.
        let resolver = SymbolizingResolverFactory().makeResolver(diagnostics: Diagnostics())
        let address = try fixture.symbolRange("app", "$s3app4mainyS2iF").lowerBound
        let resolved = resolver.frames(at: CodeLocation(path: fixture.path("app"), address: .perfScript(address)))
        #expect(resolved?.first?.name == "app.main(_:)" && resolved?.first?.keepsParentheses == true)
    }

    /// One C++ function, one name: DWARF and the symbol table give perf's
    /// form in flame graphs (`--inline`, sampler files), and the full
    /// signature for `flame symbolize`.
    @Test func cxxProgramNamedAsPerfNamesIt() throws {
        guard Fixture.have("g++") else { Issue.record("no g++: install g++"); return }
        let fixture = try Fixture("cxxnames")
        try fixture.write("app.cc", """
        template <class K> struct hash_table {
            K slots[64];
            template <class F> __attribute__((noinline)) void traverse(F f) { for (auto &s : slots) s = f(s); }
        };
        int main(int argc, char **) {
            hash_table<int> t{};
            t.traverse([argc](int x) { return x * argc + 1; });
            return t.slots[3];
        }
        """)
        try fixture.sh("g++ -O2 -g app.cc -o app")
        let symbols = try fixture.sh("nm app").split(separator: "\n").compactMap { line -> (UInt64, String)? in
            let f = line.split(separator: " ")
            guard f.count == 3, f[2].contains("8traverse"), let address = UInt64(f[0], radix: 16) else { return nil }
            return (address, String(f[2]))
        }
        let (address, mangled) = try #require(symbols.first)
        let perfName = try fixture.sh("c++filt -p '\(mangled)'").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!perfName.hasPrefix("void "))
        var frameOptions = SymbolizerOptions()
        frameOptions.nameStyle = .frame
        let module = ModuleSpec(path: fixture.path("app"))
        #expect(Symbolizer(options: frameOptions).symbolize(module, address: address).last?.function == perfName)
        let full = Symbolizer().symbolize(module, address: address).last?.function ?? ""
        #expect(full.hasPrefix("void hash_table<int>::traverse<"), "\(full)")
    }
}
