import Foundation
import Testing
@testable import FlameSymbolize

/// Where debug information is found for a stripped binary, and refusing a
/// binary whose build-id is not the one recorded.
@Suite struct DebugFileTests {
    /// A stripped `app` with a `.gnu_debuglink` to `app.debug`, kept aside in
    /// `store/`; returns the address of the inlined store and its chain.
    static func strippedApp(_ fixture: Fixture) throws -> UInt64 {
        try InlineSource.write(to: fixture)
        try fixture.sh("""
            mkdir -p bin store && gcc -O2 -g test.c -o full && \
            objcopy --only-keep-debug full store/app.debug && \
            objcopy --strip-all --add-gnu-debuglink=store/app.debug full bin/app
            """)
        let (addresses, frames) = try InlineChainTests.sweep("full", "compute", in: fixture)
        guard let k = frames.firstIndex(where: { $0.short == InlineSource.storeChain }) else {
            throw FixtureError("no address with the full chain in the unstripped build")
        }
        return addresses[k]
    }

    static func chain(_ fixture: Fixture, _ address: UInt64, debugDirs: [String] = []) -> [String] {
        var options = SymbolizerOptions()
        options.debugDirectories = debugDirs
        return Symbolizer(options: options).symbolize(ModuleSpec(path: fixture.path("bin/app")), address: address).short
    }

    @Test func debuglinkBesideInDotDebugAndByBuildID() throws {
        let fixture = try Fixture("debuglink")
        let address = try Self.strippedApp(fixture)
        // Nowhere: no DWARF, and --strip-all left no symbols either.
        #expect(Self.chain(fixture, address).allSatisfy { !$0.contains(".c:") && !$0.contains(".h:") })

        try fixture.sh("cp store/app.debug bin/app.debug")
        #expect(Self.chain(fixture, address) == InlineSource.storeChain)
        try fixture.sh("rm bin/app.debug && mkdir -p bin/.debug && cp store/app.debug bin/.debug/app.debug")
        #expect(Self.chain(fixture, address) == InlineSource.storeChain)
        try fixture.sh("rm -r bin/.debug")

        // --debug-dir ROOT: by build-id, ROOT/.build-id/xx/rest.debug ...
        let id = hexString(try fixture.buildID("bin/app"))
        let buildIDPath = "root/.build-id/\(id.prefix(2))/\(id.dropFirst(2)).debug"
        try fixture.sh("mkdir -p $(dirname \(buildIDPath)) && cp store/app.debug \(buildIDPath)")
        #expect(Self.chain(fixture, address, debugDirs: [fixture.path("root")]) == InlineSource.storeChain)
        #expect(Self.chain(fixture, address).allSatisfy { !$0.contains(".h:") }, "only with --debug-dir")
        try fixture.sh("rm -r root")

        // ... and by debuglink under the binary's absolute directory.
        try fixture.sh("mkdir -p root\(fixture.path("bin")) && cp store/app.debug root\(fixture.path("bin"))/app.debug")
        #expect(Self.chain(fixture, address, debugDirs: [fixture.path("root")]) == InlineSource.storeChain)
    }

    @Test func debugFileOfAnotherBuildIsRejected() throws {
        let fixture = try Fixture("otherdebug")
        let address = try Self.strippedApp(fixture)
        // Same name, other build: libdwfl checks the build-id and ignores it.
        try fixture.sh("""
            sed 's/\\* 7/* 9/' test.c > other.c && gcc -O2 -g other.c -o other && \
            objcopy --only-keep-debug other bin/app.debug
            """)
        #expect(Self.chain(fixture, address).allSatisfy { !$0.contains(".h:") })
    }

    @Test func mismatchedBuildIDIsNotUsedAndWarnedOnce() throws {
        let fixture = try Fixture("buildid")
        try InlineSource.write(to: fixture)
        try fixture.sh("gcc -O2 -g test.c -o app && cp app recorded")
        let recorded = try fixture.buildID("recorded")
        // The binary is rebuilt after the profile was taken.
        try fixture.sh("sed 's/\\* 7/* 9/' test.c > t2.c && mv t2.c test.c && gcc -O2 -g test.c -o app")
        #expect(try fixture.buildID("app") != recorded)
        var warnings: [String] = []
        let symbolizer = Symbolizer { warnings.append($0) }
        let module = ModuleSpec(path: fixture.path("app"), expectedBuildID: recorded)
        let range = try fixture.symbolRange("app", "compute")
        #expect(symbolizer.symbolize(module, address: range.lowerBound).map(\.function)
                == ["app+0x\(String(range.lowerBound, radix: 16))"])
        #expect(symbolizer.symbolize(module, address: range.lowerBound + 1).map(\.function)
                == ["app+0x\(String(range.lowerBound + 1, radix: 16))"])
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("build-id mismatch") == true)
        #expect(warnings.first?.contains(hexString(recorded)) == true)
        // The right build-id, or none expected, is used.
        let matching = ModuleSpec(path: fixture.path("app"), expectedBuildID: try fixture.buildID("app"))
        #expect(symbolizer.symbolize(matching, address: range.lowerBound).last?.function == "compute")
    }

    @Test func missingFileIsWarnedOnce() throws {
        var warnings: [String] = []
        let symbolizer = Symbolizer { warnings.append($0) }
        let module = ModuleSpec(path: "/nonexistent/flame/libgone.so", loadBase: 0x7f0000000000)
        #expect(symbolizer.symbolize(module, address: 0x7f0000001234).map(\.function) == ["libgone.so+0x1234"])
        _ = symbolizer.symbolize(module, address: 0x7f0000001235)
        #expect(warnings.count == 1)
    }
}
