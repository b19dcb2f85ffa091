import FlameIngest
import FlameModel
import Foundation
import Testing

/// `--srcline`: input from `perf script -F+srcline`, where each frame line is
/// followed by its source location. The expected output is what
/// stackcollapse-perf.pl --srcline prints for the same input (checked by
/// running it): brackets removed, `[unknown]` frames of unknown modules read
/// no source line, a Java-style `a->b` chain reads one line per frame.
@Suite struct SourceLineTests {
    static let input = """
a.out 35081 252436.005167:     667783 cycles:
	          408ebb some_method_name+0x8b (/full/path/to/a.out)
  uniform_int_dist.h:300
	          4069f5 main+0x935 (/full/path/to/a.out)
  file.cpp:137
	    7f6d2148eb25 __libc_start_main+0xd5 (/lib64/libc-2.33.so)
  libc-2.33.so[27b25]

a.out 35081 252435.738165:     306459 cycles:
	    7f6d213c2750 [unknown] (/usr/lib64/libkmod.so.2.3.6)
  libkmod.so.2.3.6[6750]

a.out 35081 252435.738373:     315813 cycles:
	    7f6d215ca51b __strlen_avx2+0x4b (/lib64/libc-2.33.so)
  libc-2.33.so[16351b]
	    7ffc71ee9580 [unknown] ([unknown])

a.out 35081 252435.718940:     247984 cycles:
	ffffffff814f9302 up_write+0x32 ([kernel.kallsyms])
  [kernel.kallsyms][ffffffff814f9302]
	    7f6d215ca51b foo->bar (/lib64/x.so)
  x.c:10
  x.h:3 [inlined]

"""

    static let expected = """
a.out;[libkmod.so.2.3.6]:libkmod.so.2.3.6 306459
a.out;[unknown];__strlen_avx2:libc-2.33.so 315813
a.out;__libc_start_main:libc-2.33.so;main:file.cpp:137;some_method_name:uniform_int_dist.h:300 667783
a.out;foo:x.c:10;bar_[i]:x.h:3;up_write 247984
"""

    @Test(arguments: [1, 2])
    func sourceLinesAreAppendedAsTheReferenceDoes(threads: Int) throws {
        let path = NSTemporaryDirectory() + "flame-srcline-\(UUID().uuidString).txt"
        // A multi-line literal drops its last newline; the input ends with an empty line.
        try (Self.input + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = LoadOptions()
        options.perfScript.sourceLines = true
        options.threads = threads
        options.blockSize = 64  // blocks that would split frame/source pairs if read in parallel
        let diagnostics = Diagnostics()
        let profile = try ProfileLoader(options: options, diagnostics: diagnostics).load([.file(path)])
        #expect(FoldedWriter.string(profile) == Self.expected + "\n")
        #expect(diagnostics.warnings.isEmpty)
    }
}
