import Testing

/// `--demangle`: perf 6.1 prints Swift symbols mangled; flame demangles them
/// only when asked, so the default stays stackcollapse-perf.pl's output.
@Suite struct DemangleTests {
    static let capture = "app 1 1.0: 1 cpu-clock: \n\t1 $s3app4mainyyF+0x10 (/bin/app)\n\t2 $s3app4mainyS2iF+0x8 (/bin/app)\n\t3 _Z3fooi (/bin/app)\n\n"

    @Test func offByDefaultSwiftOnRequestEverythingWithAll() throws {
        let scratch = Scratch()
        let input = scratch.write("swift.perf.txt", Self.capture)
        let plain = try Flame.run(["collapse", input])
        #expect(plain.stdoutText == "app;_Z3fooi;$s3app4mainyS2iF;$s3app4mainyyF 1\n")
        // Argument labels are kept: main(_:) and main() are two functions.
        let swift = try Flame.run(["collapse", "--demangle", "swift", input])
        #expect(swift.stdoutText == "app;_Z3fooi;app.main(_:);app.main() 1\n")
        let all = try Flame.run(["collapse", "--demangle", "all", input])
        #expect(all.stdoutText == "app;foo;app.main(_:);app.main() 1\n")
    }
}
