import FlameModel
import Testing

/// The address vocabulary: mmap's replace semantics, lookups, file offsets
/// and the one meaning of a placeholder.
@Suite struct AddressSpaceTests {
    private func mapping(_ start: UInt64, _ end: UInt64, _ offset: UInt64 = 0, _ path: String = "/bin/a") -> Mapping {
        Mapping(start: start, end: end, fileOffset: offset, path: path)
    }

    @Test func lookupFindsTheMappingHoldingAnAddress() {
        let space = AddressSpace([mapping(0x3000, 0x4000, 0x2000, "/lib/b.so"), mapping(0x1000, 0x2000)])
        #expect(space.mapping(containing: 0x0fff) == nil)
        #expect(space.mapping(containing: 0x1000)?.path == "/bin/a")
        #expect(space.mapping(containing: 0x1fff)?.path == "/bin/a")
        #expect(space.mapping(containing: 0x2000) == nil)
        #expect(space.mapping(containing: 0x3abc)?.fileOffset(of: 0x3abc) == 0x2abc)
        #expect(space.mapping(containing: .max) == nil)
    }

    @Test func aNewMappingReplacesWhatItOverlaps() {
        var space = AddressSpace([mapping(0x1000, 0x5000, 0x100)])
        space.map(mapping(0x2000, 0x3000, 0, "/lib/new.so"))
        #expect(space.mappings.map(\.start) == [0x1000, 0x2000, 0x3000])
        #expect(space.mappings.map(\.end) == [0x2000, 0x3000, 0x5000])
        // The tail keeps its place in the file: 0x3000 was at offset 0x2100.
        #expect(space.mappings[2].fileOffset == 0x2100 && space.mappings[2].path == "/bin/a")
        space.map(mapping(0x0800, 0x2800, 0, "/lib/c.so"))
        #expect(space.mappings.map(\.path) == ["/lib/c.so", "/lib/new.so", "/bin/a"])
        #expect(space.mappings[1].start == 0x2800 && space.mappings[1].fileOffset == 0x800)
        space.map(mapping(0, 0x10000, 0, "/lib/all.so"))
        #expect(space.mappings.count == 1)
    }

    @Test func placeholdersNameTheFileAndTheOffsetInIt() {
        let lib = mapping(0x7f00_0000_1000, 0x7f00_0000_9000, 0x1000, "/usr/lib/libc.so.6")
        #expect(CodeLocation(lib, address: 0x7f00_0000_1234).placeholder == "libc.so.6+0x1234")
        #expect(CodeLocation(path: "", address: .fileOffset(0x10)).placeholder == "[unknown]+0x10")
        #expect(lib.isFile && !mapping(0, 1, 0, "[vdso]").isFile && !mapping(0, 1, 0, "//anon").isFile)
        #expect(!mapping(0, 1, 0, "/tmp/perf-12.map").isFile && !mapping(0, 1, 0, "/memfd:x (deleted)").isFile)
    }
}

/// Frame identity is (name, kind); folded annotations give kinds.
@Suite struct FrameKindTests {
    private func kind(_ name: String) -> FrameKind {
        Array(name.utf8).withUnsafeBytes { FrameKind(foldedName: $0) }
    }

    @Test func foldedAnnotationsGiveKinds() {
        #expect(kind("tcp_sendmsg_[k]") == .kernel)
        #expect(kind("inlined_fn_[i]") == .inlined)
        #expect(kind("Interpreter_[j]") == .jit)
        #expect(kind("[vdso]") == .vdso)
        #expect(kind("[unknown]") == .unknown && kind("[libc.so.6]") == .unknown)
        #expect(kind("libc.so.6+0x1a2b") == .unknown)
        #expect(kind("main") == .user && kind("cafe") == .user && kind("x_[w]") == .user && kind("") == .user)
    }

    @Test func sameNameWithTwoKindsIsTwoFrames() {
        let table = FrameTable()
        let user = table.intern("memcpy", kind: .user)
        let kernel = table.intern("memcpy", kind: .kernel)
        #expect(user != kernel && table.count == 2)
        #expect(table.intern("memcpy", kind: .user) == user)
        #expect(table.string(kernel) == "memcpy" && table.kind(kernel) == .kernel)
        let module = table.internModule("/lib/libc.so.6")
        let f = table.intern("strlen", kind: .user, module: module)
        #expect(table.module(f) == "/lib/libc.so.6" && table.module(user) == nil)
    }

    @Test func weightsAndSamplesAddUpAndOverflowIsFlagged() {
        let profile = Profile()
        let ids = [profile.frames.intern("a"), profile.frames.intern("b")]
        profile.stacks.add(ids, weight: 1_000_000, samples: 1)
        profile.stacks.add(ids, weight: 2_000_000, samples: 1)
        #expect(profile.total == 3_000_000 && profile.totalSamples == 2 && !profile.stacks.overflowed)
        profile.stacks.add(ids, weight: .max, samples: 1)
        #expect(profile.stacks.overflowed && profile.stacks.weight(of: 0) == .max && profile.stacks.samples(of: 0) == 3)
    }
}

/// Names from binary profiles cannot break the folded format.
@Suite struct FoldedSafeNameTests {
    @Test func separatorsLineBreaksAndNulAreReplaced() {
        let profile = Profile()
        let id = profile.frames.intern("a;b\nc\rd\u{0}e", kind: .user)
        #expect(profile.frames.string(id) == "a:b c d?e")
        profile.stacks.add([profile.frames.intern("root", kind: .label), id], weight: 3, samples: 1)
        #expect(FoldedWriter.string(profile) == "root;a:b c d?e 3\n")
        #expect(FrameTable.foldedSafe(Array("plain\tname".utf8)) == Array("plain\tname".utf8))
    }
}
