import Testing
@testable import FlameSymbolize

@Suite struct ParallelSymbolizerTests {
    /// Workers with their own sessions give exactly the single-threaded answers, in order.
    @Test func sameAsOneThread() throws {
        let fixture = try Fixture("parallel")
        try InlineSource.write(to: fixture)
        try fixture.sh("gcc -O2 -g test.c -o test")
        let text = try fixture.symbolRange("test", "compute")
        let addresses = Array(text.lowerBound - 64 ..< text.upperBound + 64)
        let module = ModuleSpec(path: fixture.path("test"))
        let single = Symbolizer()
        let expected = addresses.map { single.symbolize(module, address: $0) }
        let pool = ParallelSymbolizer(threads: 3, options: SymbolizerOptions()) { _ in }
        let parts = pool.map(count: addresses.count) { symbolizer, slice in
            slice.map { symbolizer.symbolize(module, address: addresses[$0]) }
        }
        #expect(parts.count == 3)
        #expect(Array(parts.joined()) == expected)
        // A batch smaller than the minimum slice stays on one worker.
        #expect(pool.map(count: 10, minimumSlice: 2048) { _, slice in slice }.count == 1)
    }
}
