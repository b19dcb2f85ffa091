import FlameModel
#if canImport(Glibc)
import Glibc
#endif

struct OutputFileError: FlameError {
    let description: String
    var exitStatus: Int32 { 1 }
}

/// Writes a command's output to standard output, or to `path` in the way that
/// cannot harm what is there (docs/output.md):
/// - a regular file, or a new path, is written through a temporary file in
///   the same directory, renamed into place only when everything was written,
///   and given the old file's mode and (where permitted) owner;
/// - a symbolic link is followed and its target replaced that way, the link kept;
/// - a regular file with several hard links is filled in place, once the
///   output is complete in a temporary file, so every name sees the new output;
/// - anything else (a device, a FIFO, `/dev/stdout`) is opened and written
///   directly, never replaced.
func withOutput(_ path: String?, _ body: (FileSink) throws -> Void) throws {
    guard let path, path != "-" else { return try write(toDescriptor: 1, path: "<stdout>", body) }
    do {
        switch try OutputTarget(path) {
        case .descriptor(let fd): try write(toDescriptor: fd, path: path, body)
        case .device: try writeDirectly(path, body)
        case .replace(let target, let existing): try replace(target, existing: existing, body)
        case .fillInPlace(let target): try fillInPlace(target, body)
        }
    } catch OutputError.writeFailed(let code) {
        throw OutputFileError(description: "\(path): write failed: \(errorText(code))")
    }
}

/// What `-o PATH` names, decided before anything is written.
enum OutputTarget: Equatable {
    /// `/dev/stdout`, `/dev/stderr` or another name of them: the open descriptor.
    case descriptor(Int32)
    /// An existing file that is not regular: opened and written as it is.
    case device
    /// A regular file (or a new one) at this resolved path, and what it was.
    case replace(String, existing: FileStatus?)
    /// A regular file with more than one hard link, at this resolved path.
    case fillInPlace(String)

    init(_ path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else {
            guard errno == ENOENT else { throw OutputFileError(description: "\(path): \(errorText(errno))") }
            // A new file, or a symbolic link to one that does not exist yet:
            // created where the link points, as the shell's `>` does.
            self = .replace(try danglingTarget(path), existing: nil)
            return
        }
        for fd: Int32 in [1, 2] {
            var open = stat()
            if fstat(fd, &open) == 0, open.st_dev == status.st_dev, open.st_ino == status.st_ino {
                self = .descriptor(fd)
                return
            }
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            self = .device
            return
        }
        guard let resolved = realpath(path, nil) else {
            throw OutputFileError(description: "\(path): \(errorText(errno))")
        }
        defer { free(resolved) }
        let target = String(cString: resolved)
        self = status.st_nlink > 1 ? .fillInPlace(target) : .replace(target, existing: FileStatus(status))
    }
}

/// The parts of an existing file's status that its replacement keeps.
struct FileStatus: Equatable {
    var mode: mode_t
    var owner: uid_t
    var group: gid_t

    init(_ status: stat) {
        mode = status.st_mode & 0o7777
        owner = status.st_uid
        group = status.st_gid
    }
}

/// Follows a chain of symbolic links that ends at a name that does not exist
/// and returns that name (or `path` itself when it is no link).
private func danglingTarget(_ path: String) throws -> String {
    var current = path
    for _ in 0 ..< 40 {
        var status = stat()
        guard lstat(current, &status) == 0 else {
            guard errno == ENOENT else { throw OutputFileError(description: "\(path): \(errorText(errno))") }
            return current
        }
        guard status.st_mode & S_IFMT == S_IFLNK else { return current }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(current, &buffer, buffer.count - 1)
        guard count >= 0 else { throw OutputFileError(description: "\(path): \(errorText(errno))") }
        let link = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        current = link.hasPrefix("/") ? link : directory(of: current) + "/" + link
    }
    throw OutputFileError(description: "\(path): \(errorText(ELOOP))")
}

private func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}

private func write(toDescriptor fd: Int32, path: String, _ body: (FileSink) throws -> Void) throws {
    let sink = FileSink(fd: fd)
    try body(sink)
    try sink.flush()
}

private func writeDirectly(_ path: String, _ body: (FileSink) throws -> Void) throws {
    let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
    guard fd >= 0 else { throw OutputFileError(description: "\(path): cannot open output: \(errorText(errno))") }
    defer { close(fd) }
    try write(toDescriptor: fd, path: path, body)
}

/// Writes everything into a temporary file beside `target` (mode 600 until
/// it is complete), then gives it the old file's mode and owner, or a new
/// file's (0666 less the umask), and renames it over `target`.
private func replace(_ target: String, existing: FileStatus?, _ body: (FileSink) throws -> Void) throws {
    let temporary = try TemporaryFile(beside: target)
    do {
        try write(toDescriptor: temporary.fd, path: target, body)
        if let existing {
            // Owner first: changing it clears set-id bits that fchmod restores.
            // Only root may give a file away; an owner may change its group.
            _ = fchown(temporary.fd, existing.owner, existing.group) == 0
                || fchown(temporary.fd, uid_t.max, existing.group) == 0
            fchmod(temporary.fd, existing.mode)
        } else {
            fchmod(temporary.fd, 0o666 & ~currentUmask())
        }
        try temporary.close()
        guard rename(temporary.path, target) == 0 else {
            throw OutputFileError(description: "\(target): cannot write output: \(errorText(errno))")
        }
    } catch {
        temporary.discard()
        throw error
    }
}

/// Completes the output in a temporary file first, so that a failure leaves
/// `target` as it was, then copies it into `target`'s own inode: every hard
/// link to it sees the new output, and its mode and owner stay.
private func fillInPlace(_ target: String, _ body: (FileSink) throws -> Void) throws {
    let temporary = try TemporaryFile(beside: target)
    defer { temporary.discard() }
    try write(toDescriptor: temporary.fd, path: target, body)
    let fd = open(target, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC)
    guard fd >= 0 else { throw OutputFileError(description: "\(target): cannot open output: \(errorText(errno))") }
    defer { close(fd) }
    guard lseek(temporary.fd, 0, SEEK_SET) == 0 else {
        throw OutputFileError(description: "\(target): cannot read back output: \(errorText(errno))")
    }
    let sink = FileSink(fd: fd)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(temporary.fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        guard n >= 0 else { throw OutputFileError(description: "\(target): cannot read back output: \(errorText(errno))") }
        if n == 0 { break }
        try chunk.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
    }
    try sink.flush()
}

/// A file from mkstemp next to a target, removed unless renamed.
private final class TemporaryFile {
    let path: String
    private(set) var fd: Int32

    init(beside target: String) throws {
        // mkstemp replaces the trailing six X characters with a unique suffix.
        var template = Array((target + ".flame-" + String(repeating: "X", count: 6)).utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw OutputFileError(description: "\(target): cannot create output: \(errorText(errno))")
        }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func close() throws {
        let result = Glibc.close(fd)
        fd = -1
        guard result == 0 else { throw OutputFileError(description: "\(path): cannot write output: \(errorText(errno))") }
    }

    func discard() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
        unlink(path)
    }
}

private func currentUmask() -> mode_t {
    let mask = umask(0)
    umask(mask)
    return mask
}

func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }
