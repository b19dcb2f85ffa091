#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of input bytes: a file descriptor as it is, or gzip, xz, zstd or
/// bzip2-compressed content decompressed on the fly (recognised by magic
/// bytes, so `flame collapse perf.txt.xz` and `zcat`-free pipelines just
/// work). Memory stays bounded whatever the input: fixed buffers here, the
/// codecs' own windows capped (Compression/).
protocol ByteSource: AnyObject {
    /// Reads up to `count` bytes; 0 means the end of the input.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int
}

/// How many bytes an input may yield.
public struct InputLimits: Sendable {
    /// Bytes an input may yield (after decompression); more is an error
    /// naming the input. nil: no limit for plain inputs and
    /// `defaultDecompressedLimit` for compressed ones, where a small file can
    /// expand without end (a decompression bomb).
    public var maxInputBytes: UInt64?
    /// 64 GiB: far beyond any real profile text, reached in minutes by a bomb.
    public static let defaultDecompressedLimit: UInt64 = 64 << 30

    public init(maxInputBytes: UInt64? = nil) { self.maxInputBytes = maxInputBytes }
}

/// Opens the right source for `fd`, looking at its first bytes.
func openByteSource(fd: Int32, name: String, limits: InputLimits = InputLimits()) throws -> ByteSource {
    let plain = FileSource(fd: fd, name: name)
    var magic = [UInt8](repeating: 0, count: CompressionFormat.magicLength)
    var got = 0
    while got < magic.count {
        let n = try magic.withUnsafeMutableBytes { try plain.read(into: $0.baseAddress! + got, count: $0.count - got) }
        if n == 0 { break }
        got += n
    }
    let prefix = Array(magic[0 ..< got])
    let raw = PrefixedSource(prefix: prefix, rest: plain)
    if let unsupported = CompressionFormat.unsupported(prefix) {
        throw InputError(input: name, reason: "\(unsupported)-compressed input is not supported: decompress it first")
    }
    guard let format = CompressionFormat.detect(prefix) else {
        guard let limit = limits.maxInputBytes else { return raw }
        return LimitedSource(raw, limit: limit, name: name, compressed: false)
    }
    let decoder: StreamDecoder
    do { decoder = try format.decoder() } catch { throw InputError(input: name, reason: error.reason) }
    let decompressed = DecompressingSource(input: raw, decoder: decoder, name: name)
    return LimitedSource(decompressed, limit: limits.maxInputBytes ?? InputLimits.defaultDecompressedLimit,
                         name: name, compressed: true)
}

/// Ends an input that yields more than `limit` bytes with an error.
final class LimitedSource: ByteSource {
    private let source: ByteSource
    private let limit: UInt64
    private let name: String
    private let compressed: Bool
    private var total: UInt64 = 0

    init(_ source: ByteSource, limit: UInt64, name: String, compressed: Bool) {
        self.source = source
        self.limit = limit
        self.name = name
        self.compressed = compressed
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        let n = try source.read(into: buffer, count: count)
        total += UInt64(n)
        if total > limit {
            let what = compressed ? "decompresses to more than" : "is larger than"
            throw InputError(input: name, reason: "\(what) \(limit) bytes, the input size limit (--max-input-bytes)")
        }
        return n
    }
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

/// Decompresses what `input` yields with one codec's decoder, through a
/// fixed input buffer; concatenated streams are read one after another.
/// Damaged or cut input is an error naming the input and the compressed byte
/// offset.
final class DecompressingSource: ByteSource {
    private let input: ByteSource
    private let decoder: StreamDecoder
    private let name: String
    private let capacity = 1 << 18
    private let buffer: UnsafeMutableRawPointer
    private var start = 0, end = 0
    private var inputEnded = false
    private var streamEnded = false
    /// Compressed bytes handed to the decoder so far.
    private var consumedTotal = 0

    init(input: ByteSource, decoder: StreamDecoder, name: String) {
        self.input = input
        self.decoder = decoder
        self.name = name
        buffer = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { buffer.deallocate() }

    func read(into output: UnsafeMutableRawPointer, count: Int) throws -> Int {
        var produced = 0
        while produced < count {
            if start == end, !inputEnded { try refill() }
            if streamEnded {
                // Another stream follows, or the input is over.
                if start == end, inputEnded { break }
                do { try decoder.reset() } catch { throw failure(error) }
                streamEnded = false
            }
            let step: (consumed: Int, produced: Int, ended: Bool)
            do {
                step = try decoder.decode(UnsafeRawBufferPointer(start: buffer + start, count: end - start),
                                          into: UnsafeMutableRawBufferPointer(start: output + produced, count: count - produced),
                                          inputEnded: inputEnded)
            } catch {
                throw failure(error)
            }
            start += step.consumed
            consumedTotal += step.consumed
            produced += step.produced
            if step.ended {
                streamEnded = true
            } else if step.consumed == 0, step.produced == 0 {
                // The decoder wants more input than is buffered.
                if inputEnded {
                    throw InputError(input: name, reason: "\(decoder.format) data ends early (truncated file?) after \(consumedTotal) compressed bytes")
                }
                try refill()
            }
        }
        return produced
    }

    /// Moves unread input to the front and reads more behind it.
    private func refill() throws {
        if start > 0 {
            buffer.copyMemory(from: buffer + start, byteCount: end - start)
            end -= start
            start = 0
        }
        guard end < capacity else { return }
        let n = try input.read(into: buffer + end, count: capacity - end)
        if n == 0 { inputEnded = true }
        end += n
    }

    private func failure(_ error: DecodeError) -> InputError {
        InputError(input: name, reason: "corrupt \(decoder.format) data near compressed byte offset \(consumedTotal + error.consumed): \(error.reason)")
    }
}
