import Foundation
import Testing
@testable import FlameSymbolize

/// Runtime addresses from a PIE and its shared library, symbolized later
/// from the process's recorded memory map (the in-process sampler's path).
@Suite struct RuntimeAddressTests {
    @Test func pieAndSharedLibraryFromRecordedMaps() throws {
        let fixture = try Fixture("pie")
        // Each program returns __builtin_return_address from inside a function
        // inlined into its caller, so the return address lies in inlined code.
        try fixture.write("foo.c", """
        static volatile int hits;
        static inline __attribute__((always_inline)) void *lib_inner(void) {
            hits++;
            return __builtin_return_address(0);
        }
        __attribute__((noinline)) void *lib_entry(void) { return lib_inner(); }

        """)
        try fixture.write("main.c", """
        #include <stdio.h>
        void *lib_entry(void);
        __attribute__((noinline)) void *app_leaf(void) { return __builtin_return_address(0); }
        static inline __attribute__((always_inline)) void *app_inner(void) {
            void *r = app_leaf(); __asm__ volatile("" ::: "memory"); return r;
        }
        __attribute__((noinline)) void *app_func(void) { return app_inner(); }
        __attribute__((noinline)) void *lib_caller(void) { void *r = lib_entry(); __asm__ volatile(""); return r; }
        int main(void) {
            printf("%p %p\\n", app_func(), lib_caller());
            FILE *maps = fopen("/proc/self/maps", "r");
            char line[4096];
            while (fgets(line, sizeof line, maps)) fputs(line, stdout);
            return 0;
        }

        """)
        try fixture.sh("""
            gcc -O2 -g -fPIC -shared -fno-optimize-sibling-calls foo.c -o libfoo.so && \
            gcc -O2 -g -fPIE -pie -fno-optimize-sibling-calls main.c -o app -L. -lfoo -Wl,-rpath,'$ORIGIN'
            """)
        let output = try fixture.sh("./app")
        let first = output.prefix { $0 != "\n" }.split(separator: " ")
        let appReturn = UInt64(first[0].dropFirst(2), radix: 16)!
        let libReturn = UInt64(first[1].dropFirst(2), radix: 16)!
        let maps = ProcessMaps(text: String(output.drop { $0 != "\n" }))
        let symbolizer = Symbolizer()

        // A return address points after the call: symbolize the call itself.
        let appModule = try #require(maps.module(containing: appReturn))
        #expect(appModule.path.hasSuffix("/app"))
        #expect(appModule.loadBase != 0)
        #expect(symbolizer.symbolize(appModule, address: appReturn - 1).short
                == ["app_inner main.c:5", "app_func main.c:7"])

        // lib_entry's return address is in lib_caller (app); lib_inner's is in
        // lib_entry... but lib_inner returns its own caller: in the library.
        let libModule = try #require(maps.module(containing: libReturn))
        #expect(libModule.path.hasSuffix("/app"), "lib_entry returns into lib_caller")
        #expect(symbolizer.symbolize(libModule, address: libReturn - 1).short == ["lib_caller main.c:8"])

        // The library's own code at its runtime address, against eu-addr2line
        // on the file address.
        let libEntry = try fixture.symbolRange("libfoo.so", "lib_entry")
        let mapping = try #require(maps.mappings.first { $0.path.hasSuffix("/libfoo.so") && $0.offset == 0 })
        let libSpec = try #require(maps.module(containing: mapping.start + libEntry.lowerBound))
        #expect(libSpec.path.hasSuffix("/libfoo.so"))
        let reference = Reference.euAddr2line(fixture.path("libfoo.so"), Array(libEntry))
        var chains: [[String]] = []
        for (k, fileAddress) in libEntry.enumerated() {
            let frames = symbolizer.symbolize(libSpec, address: mapping.start + fileAddress)
            chains.append(frames.short)
            #expect(frames.last?.function == "lib_entry")
            #expect(frames.locs == reference[k])
        }
        #expect(chains.contains(["lib_inner foo.c:3", "lib_entry foo.c:6"]), "\(chains)")
        // Addresses outside any file mapping belong to no module.
        #expect(maps.module(containing: 0x10) == nil)
    }

    @Test func mapsParsing() {
        let maps = ProcessMaps(text: """
        55d0c8a00000-55d0c8a01000 r--p 00000000 08:01 123 /usr/bin/app
        55d0c8a01000-55d0c8a02000 r-xp 00001000 08:01 123 /usr/bin/app
        7f0000000000-7f0000001000 r-xp 00000000 08:01 124 /lib/libx.so
        7f0000001000-7f0000002000 rw-p 00000000 00:00 0
        7ffd00000000-7ffd00001000 r-xp 00000000 00:00 0                          [vdso]
        """)
        #expect(maps.mappings.count == 5)
        #expect(maps.module(containing: 0x55d0c8a01800) == ModuleSpec(path: "/usr/bin/app", loadBase: 0x55d0c8a00000))
        #expect(maps.module(containing: 0x7f0000000010, buildIDs: ["/lib/libx.so": [1, 2]])
                == ModuleSpec(path: "/lib/libx.so", expectedBuildID: [1, 2], loadBase: 0x7f0000000000))
        #expect(maps.module(containing: 0x7f0000001010) == nil)
        #expect(maps.module(containing: 0x7ffd00000010) == nil)
    }
}
