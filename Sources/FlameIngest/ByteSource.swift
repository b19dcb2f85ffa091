#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// A stream of input bytes: a file descriptor as it is, or gzip-compressed
/// content decompressed on the fly (recognised by its magic bytes, so
/// `flame collapse perf.txt.gz` and `zcat`-free pipelines just work).
protocol ByteSource: AnyObject {
    /// Reads up to `count` bytes; 0 means the end of the input.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int
}

/// Opens the right source for `fd`, looking at its first bytes.
func openByteSource(fd: Int32, name: String) throws -> ByteSource {
    let plain = FileSource(fd: fd, name: name)
    var magic = [UInt8](repeating: 0, count: 2)
    var got = 0
    while got < 2 {
        let n = try magic.withUnsafeMutableBytes { try plain.read(into: $0.baseAddress! + got, count: 2 - got) }
        if n == 0 { break }
        got += n
    }
    let prefix = Array(magic[0 ..< got])
    if prefix == [0x1F, 0x8B] { return try GzipSource(input: plain, prefix: prefix, name: name) }
    return PrefixedSource(prefix: prefix, rest: plain)
}

final class FileSource: ByteSource {
    let fd: Int32
    let name: String
    private(set) var offset = 0

    init(fd: Int32, name: String) {
        self.fd = fd
        self.name = name
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer, count)
            if n >= 0 {
                offset += n
                return n
            }
            if errno == EINTR { continue }
            throw InputError(input: name, reason: "read failed at byte offset \(offset): \(String(cString: strerror(errno)))")
        }
    }
}

/// Gives back bytes already read (while sniffing), then the rest.
final class PrefixedSource: ByteSource {
    private var prefix: [UInt8]
    private let rest: ByteSource

    init(prefix: [UInt8], rest: ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        guard prefix.isEmpty else {
            let n = min(count, prefix.count)
            prefix.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: n) }
            prefix.removeFirst(n)
            return n
        }
        return try rest.read(into: buffer, count: count)
    }
}

/// Streaming gzip decompression with zlib; concatenated members (as `cat a.gz
/// b.gz` makes) are read one after another.
final class GzipSource: ByteSource {
    private let input: ByteSource
    private let name: String
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let inputBuffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 18, alignment: 16)
    private var inputEnded = false
    private var memberEnded = false
    private var compressedOffset = 0

    init(input: FileSource, prefix: [UInt8], name: String) throws {
        self.input = PrefixedSource(prefix: prefix, rest: input)
        self.name = name
        stream.initialize(to: z_stream())
        // 15 window bits + 16: gzip wrapper only.
        guard inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw InputError(input: name, reason: "cannot start gzip decompression")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        inputBuffer.deallocate()
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        stream.pointee.next_out = buffer.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(min(count, Int(UInt32.max)))
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0, !inputEnded {
                let n = try input.read(into: inputBuffer, count: 1 << 18)
                if n == 0 { inputEnded = true }
                stream.pointee.next_in = inputBuffer.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_in = uInt(n)
                compressedOffset += n
            }
            if memberEnded {
                // Another member follows, or the input is over.
                if stream.pointee.avail_in == 0 { break }
                inflateReset(stream)
                memberEnded = false
            }
            let produced = stream.pointee.avail_out
            let status = inflate(stream, Z_NO_FLUSH)
            switch status {
            case Z_STREAM_END:
                memberEnded = true
            case Z_OK:
                break
            case Z_BUF_ERROR where inputEnded && stream.pointee.avail_out == produced:
                throw InputError(input: name, reason: "gzip data ends early (truncated file?) after \(compressedOffset) compressed bytes")
            case Z_BUF_ERROR:
                break
            default:
                let at = compressedOffset - Int(stream.pointee.avail_in)
                throw InputError(input: name, reason: "corrupt gzip data near compressed byte offset \(at)")
            }
        }
        return count - Int(stream.pointee.avail_out)
    }
}
