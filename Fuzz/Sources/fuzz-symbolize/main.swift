import FlameSymbolize
#if canImport(Glibc)
import Glibc
#endif
import FuzzDriver

@_silgen_name("memfd_create")
private func memfd_create(_ name: UnsafePointer<CChar>, _ flags: UInt32) -> Int32

/// Arbitrary bytes as an ELF file (in a memfd, seen through /proc/self/fd):
/// open it with libdw, read its symbols and DWARF, symbolize a few addresses
/// (fixed ones and some taken from the input). Any trap is a finding;
/// warnings and empty answers are the expected outcome for most inputs.
runFuzzer { data, size in
    guard let data else { return 0 }
    let fd = memfd_create("fuzz-elf", 1)  // MFD_CLOEXEC
    guard fd >= 0 else { return 0 }
    defer { close(fd) }
    var written = 0
    while written < size {
        let n = write(fd, data + written, size - written)
        if n <= 0 { return 0 }
        written += n
    }
    var addresses: [UInt64] = [0, 0x1000, 0x401000, 0x1139, UInt64.max]
    var k = 0
    while k + 8 <= min(size, 64) {
        var value: UInt64 = 0
        for b in 0 ..< 8 { value |= UInt64(data[k + b]) << (8 * UInt64(b)) }
        addresses.append(value % 0x100000)
        k += 8
    }
    var options = SymbolizerOptions()
    options.debugDirectories = []
    let symbolizer = Symbolizer(options: options)
    let path = "/proc/self/fd/\(fd)"
    for address in addresses {
        _ = symbolizer.symbolize(ModuleSpec(path: path), address: address)
        _ = symbolizer.symbolize(path: path, perfAddress: address)
    }
    return 0
}
