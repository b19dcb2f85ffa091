import ArgumentParser
import FlameModel
import FlameSymbolize
#if canImport(Glibc)
import Glibc
#endif

struct Symbolize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "symbolize",
        abstract: "Turn addresses in an ELF file into functions and source lines, inline frames included.",
        discussion: """
        Reads DWARF through elfutils' libdw: from the file itself, from its .gnu_debuglink \
        file (beside it, in .debug/, under each debug root), from ROOT/.build-id/xx/rest.debug \
        (default root /usr/lib/debug), and from dwz alt files. Addresses are hexadecimal, \
        file virtual addresses (as in 'objdump -d'), or runtime addresses with --base. \
        Each address prints a block like 'eu-addr2line -f -i': per frame, innermost first, \
        the function and file:line:column, then an empty line.

        Examples:
          flame symbolize -e ./app 0x1160 0x11a4
          cut -d' ' -f1 pcs.txt | flame symbolize -e /usr/lib/libfoo.so --json
          flame symbolize -e ./app --base 0x55d0c8a00000 --build-id 1dae57be… 0x55d0c8a01160
        """
    )

    @Option(name: [.customShort("e"), .customLong("exe")], help: ArgumentHelp(
        "The ELF file (executable or shared library) the addresses belong to.", valueName: "BINARY"))
    var binary: String

    @Flag(help: "One JSON object per address and line: {\"address\":…,\"frames\":[…]}.")
    var json = false

    @Flag(name: .customLong("no-demangle"), help: "Keep mangled C++/Rust/Swift names.")
    var noDemangle = false

    @Option(name: .customLong("debug-dir"), help: ArgumentHelp(
        "Also look for debug files under DIR (by build-id and debuglink; repeatable).", valueName: "DIR"))
    var debugDirs: [String] = []

    @Option(name: .customLong("base"), help: ArgumentHelp(
        "Runtime start of the file's first mapping with offset 0; addresses are then runtime addresses.",
        valueName: "ADDR"))
    var base: String?

    @Option(name: .customLong("build-id"), help: ArgumentHelp(
        "Refuse the file unless its build-id is HEX (frames become file+0xOFFSET).", valueName: "HEX"))
    var buildID: String?

    @Flag(name: [.customShort("a"), .customLong("addresses")], help: "Print each address before its block.")
    var printAddresses = false

    @Flag(name: [.customShort("s"), .customLong("basenames")], help: "Print file names without directories.")
    var basenames = false

    @Flag(name: .customLong("debuginfod"), help: "Allow network lookups through DEBUGINFOD_URLS (off by default).")
    var debuginfod = false

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("Hexadecimal addresses; none: one per line on standard input.", valueName: "ADDR"))
    var addresses: [String] = []

    func validate() throws {
        if let base, FrameFormatter.parseAddress(base.utf8) == nil { throw ValidationError("--base: not a hexadecimal address: \(base)") }
        if let buildID, bytesFromHex(buildID) == nil { throw ValidationError("--build-id: not hexadecimal bytes: \(buildID)") }
    }

    func run() throws {
        try runCommand {
            var options = SymbolizerOptions()
            options.debugDirectories = debugDirs
            options.demangle = !noDemangle
            options.networkLookups = debuginfod
            let pool = ParallelSymbolizer(threads: common.threadCount(), options: options, warningHandler: warn)
            let buffers = (0 ..< pool.threads).map { _ in OutputBuffer() }
            let module = ModuleSpec(path: binary, expectedBuildID: buildID.flatMap(bytesFromHex),
                                    loadBase: base.flatMap { FrameFormatter.parseAddress($0.utf8) } ?? 0)
            try withOutput(common.output) { sink in
                if !addresses.isEmpty {
                    var batch: [UInt64?] = []
                    for (i, text) in addresses.enumerated() {
                        let address = FrameFormatter.parseAddress(text.utf8)
                        if address == nil { warn("argument \(i + 1): not a hexadecimal address: \(text)") }
                        batch.append(address)
                    }
                    try emit(batch, module: module, pool: pool, buffers: buffers, to: sink)
                    return
                }
                // Each read is symbolized and written at once, so that a caller
                // feeding addresses through a pipe gets answers as it goes.
                // An unparsable line still gets its (`??`) block, so output lines up with input.
                var batch: [UInt64?] = []
                try forEachLine(fd: 0) { line, number in
                    if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { return }
                    let address = FrameFormatter.parseAddress(line)
                    if address == nil { warn("<stdin>:\(number): not a hexadecimal address") }
                    batch.append(address)
                } afterChunk: {
                    try emit(batch, module: module, pool: pool, buffers: buffers, to: sink)
                    batch.removeAll(keepingCapacity: true)
                    try sink.flush()
                }
                try emit(batch, module: module, pool: pool, buffers: buffers, to: sink)
            }
            // The caches die with the process; tearing them down only costs time.
            _ = Unmanaged.passRetained(pool)
        }
    }

    /// Symbolizes a batch on the workers, each formatting its own slice into
    /// its own buffer, kept for the next batch.
    private func emit(_ batch: [UInt64?], module: ModuleSpec, pool: ParallelSymbolizer, buffers: [OutputBuffer],
                      to sink: FileSink) throws {
        guard !batch.isEmpty else { return }
        // Options read once: each read of a parsed option is a generic call.
        let json = json, basenames = basenames, printAddresses = printAddresses
        let parts = pool.mapByWorker(count: batch.count, minimumSlice: 2048) { symbolizer, worker, slice in
            var out: [UInt8] = []
            swap(&out, &buffers[worker].bytes)
            out.removeAll(keepingCapacity: true)
            out.reserveCapacity(slice.count * 96)
            for k in slice {
                guard let address = batch[k] else {
                    FrameFormatter.unparsable(json: json, into: &out)
                    continue
                }
                if json {
                    FrameFormatter.json(address: address, frames: symbolizer.symbolize(module, address: address), into: &out)
                } else if basenames {
                    FrameFormatter.text(address: address, frames: symbolizer.symbolize(module, address: address),
                                        printAddress: printAddresses, basenames: true, into: &out)
                } else {
                    symbolizer.appendText(module, address: address, printAddress: printAddresses, into: &out)
                }
            }
            return out
        }
        for (worker, part) in parts.enumerated() {
            try part.withUnsafeBytes { try sink.write($0) }
            buffers[worker].bytes = part
        }
    }
}

/// One worker's output bytes, kept from batch to batch so that their memory
/// is allocated once; only that worker touches it during a batch.
final class OutputBuffer: @unchecked Sendable {
    var bytes: [UInt8] = []
}

/// Calls `body` with each line read from `fd` (without its newline), and
/// `afterChunk` after each read so that output keeps pace with a pipe.
func forEachLine(fd: Int32, _ body: (ArraySlice<UInt8>, Int) throws -> Void, afterChunk: () throws -> Void) throws {
    var pending: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var number = 0
    var scanned = 0  // bytes of `pending` known to hold no newline: one long line stays linear
    // No address is 64 KiB long: the rest of such a line is dropped as it
    // comes (bounded memory) and the line reaches `body` as one that does not parse.
    var overlong = false
    let overlongLine: ArraySlice<UInt8> = [0, 0]
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            fail("<stdin>: \(errorText(errno))")
        }
        if n == 0 { break }
        pending += chunk[0 ..< n]
        var start = 0
        while let newline = pending[max(start, scanned)...].firstIndex(of: 10) {
            number += 1
            try body(overlong ? overlongLine : pending[start ..< newline], number)
            overlong = false
            start = newline + 1
        }
        pending.removeFirst(start)
        if pending.count > 1 << 16 {
            overlong = true
            pending.removeAll(keepingCapacity: true)
        }
        scanned = pending.count
        try afterChunk()
    }
    if overlong { try body(overlongLine, number + 1) } else if !pending.isEmpty { try body(pending[...], number + 1) }
}
