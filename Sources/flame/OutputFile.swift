import FlameModel
#if canImport(Glibc)
import Glibc
#endif

struct OutputFileError: Error, CustomStringConvertible {
    let description: String
}

/// Writes a command's output to standard output, or to `path` through a
/// temporary file in the same directory that is renamed into place only when
/// everything was written: an error never leaves a half-written file behind.
func withOutput(_ path: String?, _ body: (FileSink) throws -> Void) throws {
    guard let path, path != "-" else {
        let sink = FileSink(fd: 1)
        try body(sink)
        try sink.flush()
        return
    }
    // mkstemp replaces the trailing six X characters with a unique suffix.
    var template = Array((path + ".flame-" + String(repeating: "X", count: 6)).utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else {
        throw OutputFileError(description: "\(path): cannot create output: \(String(cString: strerror(errno)))")
    }
    let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    do {
        let sink = FileSink(fd: fd)
        try body(sink)
        try sink.flush()
        fchmod(fd, 0o644 & ~currentUmask())
        guard close(fd) == 0, rename(temporary, path) == 0 else {
            throw OutputFileError(description: "\(path): cannot write output: \(String(cString: strerror(errno)))")
        }
    } catch {
        close(fd)
        unlink(temporary)
        throw error
    }
}

private func currentUmask() -> mode_t {
    let mask = umask(0)
    umask(mask)
    return mask
}
