import Testing
@testable import FlameSymbolize

/// Routing of mangled names to the system demanglers.
@Suite struct DemanglerTests {
    @Test func cplusplus() {
        #expect(Demangler.demangle("_ZNSt6vectorIPKcSaIS1_EE17_M_default_appendEm")
                == "std::vector<char const*, std::allocator<char const*> >::_M_default_append(unsigned long)")
    }

    @Test func rustLegacyDropsTheHash() {
        // A legacy Rust name is also a valid Itanium name; C++ rules would keep "::h05af…".
        #expect(Demangler.demangle("_ZN3foo3bar17h05af221e174051e9E") == "foo::bar")
    }

    @Test func rustV0() {
        #expect(Demangler.demangle("_RNvNtCs1234_7mycrate3foo3bar") == "mycrate::foo::bar")
    }

    @Test func swift() {
        #expect(Demangler.demangle("$s2sw5PointV4normyS2iF") == "sw.Point.norm(_:)")
    }

    @Test func plainAndBrokenNamesAreKept() {
        #expect(Demangler.demangle("main") == "main")
        #expect(Demangler.demangle("_Znot_mangled") == "_Znot_mangled")
        #expect(Demangler.demangle("$") == "$")
        #expect(Demangler.demangle("_") == "_")
    }
}

@Suite struct FrameFormatterTests {
    let frames = [
        SymbolFrame(function: "leaf", file: "/src/inl.h", line: 3, column: 5, inlined: true),
        SymbolFrame(function: "root", file: "/src/a.c", line: 11, column: 0),
    ]

    @Test func textBlocks() {
        var out: [UInt8] = []
        FrameFormatter.text(address: 0x11e2, frames: frames, printAddress: true, basenames: false, into: &out)
        FrameFormatter.text(address: 0x10, frames: [], printAddress: false, basenames: true, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "0x11e2\nleaf\n/src/inl.h:3:5\nroot\n/src/a.c:11\n\n??\n??:0\n\n")
    }

    @Test func json() {
        var out: [UInt8] = []
        FrameFormatter.json(address: 0x11e2, frames: [frames[0], SymbolFrame(function: "a\"b", symbolOffset: 2)], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"""
        {"address":"0x11e2","frames":[{"function":"leaf","file":"/src/inl.h","line":3,"column":5,"inlined":true},{"function":"a\"b","symbolOffset":2,"file":null,"line":0,"column":0,"inlined":false}]}

        """#)
    }

    @Test func addresses() {
        #expect(FrameFormatter.parseAddress("0x11E2".utf8) == 0x11e2)
        #expect(FrameFormatter.parseAddress(" 7f00aa \r".utf8) == 0x7f00aa)
        #expect(FrameFormatter.parseAddress("0x".utf8) == nil)
        #expect(FrameFormatter.parseAddress("12g".utf8) == nil)
        #expect(FrameFormatter.parseAddress("11112222333344445".utf8) == nil)
    }
}
