#if canImport(Glibc)
import Glibc
#endif
import FlameIngest
import FlameModel

/// Reads fuzzer bytes as an input file through the whole loader (recognition,
/// decompression, the format's reader), on one thread and on two with tiny
/// blocks so that block stitching is exercised too. Errors are expected
/// results; a crash, a trap or a hang is a finding.
public func fuzzLoad(_ data: UnsafePointer<UInt8>?, _ size: Int, configure: (inout LoadOptions) -> Void = { _ in }) {
    let path = "/dev/shm/flame-fuzz-\(getpid())"
    let fd = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return }
    var written = 0
    while written < size, let data {
        let n = write(fd, data + written, size - written)
        if n <= 0 { break }
        written += n
    }
    close(fd)
    defer { unlink(path) }
    for threads in [1, 2] {
        var options = LoadOptions()
        options.threads = threads
        options.blockSize = threads == 1 ? 1 << 20 : 256
        options.limits.maxInputBytes = 64 << 20
        configure(&options)
        _ = try? ProfileLoader(options: options).loadPlainOrDifferential([.file(path)])
    }
}
