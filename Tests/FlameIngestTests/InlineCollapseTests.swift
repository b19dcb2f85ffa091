import FlameTestSupport
import Foundation
import Testing
import FlameModel
@testable import FlameIngest
import FlameSymbolize

/// `flame collapse --inline`: perf script frames re-resolved from DSO and
/// address, on programs built here. perf prints callchain addresses as file
/// offsets in the DSO (map-relative), which differ from virtual addresses in
/// a non-PIE executable; both layouts are covered.
@Suite struct InlineCollapseTests {
    static let source = """
    static volatile int sink;
    static inline __attribute__((always_inline)) int leaf(int x) { sink = x; return x * x + sink; }
    static inline __attribute__((always_inline)) int mid(int x) { return leaf(x + 1) - 1; }
    __attribute__((noinline)) int spin(int n) { int s = 0; for (int i = 0; i < n; i++) s += mid(i); return s; }
    int main(void) { return spin(1000000) & 1; }

    """

    static func sh(_ command: String, in dir: String) throws -> String {
        let result = try TestProcess.shell(command, in: dir)
        guard result.status == 0 else { throw CocoaError(.executableLoad) }
        return result.stdoutText
    }

    static func collapse(_ text: String, inline: Bool, context: Bool = false) throws -> String {
        let path = NSTemporaryDirectory() + "flame-inline-\(getpid())-\(UInt32.random(in: 0 ... .max)).txt"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = LoadOptions()
        if inline {
            options.perfScript.inline = InlineOptions(resolvers: SymbolizingResolverFactory(), context: context)
        }
        let profile = try ProfileLoader(options: options, diagnostics: Diagnostics())
            .load([.file(path)])
        var sink = ByteArraySink()
        try FoldedWriter.write(profile, to: &sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    /// The file offset of virtual address `address`, from the LOAD headers.
    static func fileOffset(_ address: UInt64, binary: String, in dir: String) throws -> UInt64 {
        for line in try sh("readelf -lW \(binary)", in: dir).split(separator: "\n") where line.contains("LOAD") {
            let f = line.split(separator: " ").filter { $0.hasPrefix("0x") }.compactMap { UInt64($0.dropFirst(2), radix: 16) }
            guard f.count >= 4 else { continue }
            let (offset, vaddr, fileSize) = (f[0], f[1], f[3])
            if vaddr <= address, address < vaddr + fileSize { return address - vaddr + offset }
        }
        throw CocoaError(.fileReadUnknown)
    }

    @Test(arguments: ["-fPIE -pie", "-no-pie"])
    func everyAddressOfAFunctionAgainstEuAddr2line(layout: String) throws {
        let dir = NSTemporaryDirectory() + "flame-inline-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.source.write(toFile: dir + "/main.c", atomically: true, encoding: .utf8)
        _ = try Self.sh("gcc -O2 -g \(layout) main.c -o app", in: dir)
        let nm = try Self.sh("nm -S app", in: dir).split(separator: "\n").map { $0.split(separator: " ") }
        let spin = try #require(nm.first { $0.count == 4 && $0[3] == "spin" })
        let start = UInt64(spin[0], radix: 16)!, size = UInt64(spin[1], radix: 16)!
        let addresses = Array(start ..< start + size)

        // One sample per address of spin, under main, over a kernel frame.
        var text = ""
        for address in addresses {
            let offset = try Self.fileOffset(address, binary: "app", in: dir)
            text += "app 42 1.000000: 1 cpu-clock:\n"
            text += "\tffffffff81000010 do_syscall_64+0x10 ([kernel.kallsyms])\n"
            text += "\t\(String(offset, radix: 16)) spin+0x\(String(address - start, radix: 16)) (\(dir)/app)\n"
            text += "\t7ffd12345678 [unknown] ([vdso])\n\n"
        }
        let folded = try Self.collapse(text, inline: true)

        // Expected: eu-addr2line's chain per address, outermost first, inlined ones marked.
        let input = addresses.map { "0x" + String($0, radix: 16) }.joined(separator: "\n") + "\n"
        try input.write(toFile: dir + "/addrs", atomically: true, encoding: .utf8)
        let eu = try Self.sh("eu-addr2line -a -f -i -e app < addrs", in: dir).split(separator: "\n")
        var expected: [String: Int] = [:]
        var chain: [String] = []
        func flush() {
            guard !chain.isEmpty else { return }
            let names = chain.reversed().enumerated().map { $0.offset == 0 ? $0.element : $0.element + "_[i]" }
            expected["app;[[vdso]];" + names.joined(separator: ";") + ";do_syscall_64", default: 0] += 1
            chain = []
        }
        var k = 0
        while k < eu.count {
            if eu[k].hasPrefix("0x") { flush(); k += 1; continue }
            chain.append(String(eu[k].split(separator: " ").first!))
            k += 2
        }
        flush()
        let want = expected.map { "\($0.key) \($0.value)" }.sorted().joined(separator: "\n") + "\n"
        #expect(folded == want)
        #expect(folded.contains("app;[[vdso]];spin;mid_[i];leaf_[i];do_syscall_64 "), "the full chain is seen")

        // Without --inline the same text keeps perf's names.
        #expect(try Self.collapse(text, inline: false) == "app;[[vdso]];spin;do_syscall_64 \(addresses.count)\n")
        // --context appends file:line.
        #expect(try Self.collapse(text, inline: true, context: true).contains(";spin:main.c:4;mid_[i]:main.c:3;leaf_[i]:main.c:2;"))
    }

    /// perf's own inline output (`perf script`, addr2line behind it) and
    /// `perf script --no-inline | flame collapse --inline` agree on a real
    /// DWARF capture, up to the `_[i]` marks.
    @Test(.enabled(if: perfWorks(), "perf record is not available here (install linux-perf, allow perf_event_open)"))
    func realCaptureMatchesPerfInline() throws {
        let dir = NSTemporaryDirectory() + "flame-perf-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.source.replacingOccurrences(of: "spin(1000000)", with: "spin(300000000)")
            .write(toFile: dir + "/main.c", atomically: true, encoding: .utf8)
        _ = try Self.sh("""
            gcc -O2 -g main.c -o app && \
            perf record -q -e cpu-clock -F 499 --call-graph dwarf -o perf.data ./app >/dev/null 2>&1; \
            perf script -i perf.data --no-inline > noinline.txt 2>/dev/null && \
            perf script -i perf.data > inline.txt 2>/dev/null
            """, in: dir)
        let ours = try Self.collapse(String(contentsOfFile: dir + "/noinline.txt", encoding: .utf8), inline: true)
        let perfs = try Self.collapse(String(contentsOfFile: dir + "/inline.txt", encoding: .utf8), inline: false)
        #expect(ours.contains(";spin;mid_[i];leaf_[i] ") || ours.contains(";spin;mid_[i] "))
        #expect(ours.replacingOccurrences(of: "_[i]", with: "") == perfs)
    }
}

func perfWorks() -> Bool {
    (try? TestProcess.shell("perf record -q -e cpu-clock -o /dev/null true >/dev/null 2>&1"))?.status == 0
}
