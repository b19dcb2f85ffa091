/// One compressed format's streaming decoder, driven by `DecompressingSource`.
/// Each codec (one file each) wraps its system library behind this.
protocol StreamDecoder: AnyObject {
    /// The format's name in messages: "gzip", "xz", …
    var format: String { get }

    /// Decodes from `input` into `output`; `inputEnded` says no input follows
    /// what is given. `ended` says a stream (gzip member, zstd frame, bzip2
    /// stream, the whole xz input) is complete; the input may go on with
    /// another one, read after `reset()`.
    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                inputEnded: Bool) throws(DecodeError) -> (consumed: Int, produced: Int, ended: Bool)

    /// Prepares for another stream after an ended one.
    func reset() throws(DecodeError)
}

/// Why a compressed stream cannot be read; `DecompressingSource` adds the
/// input's name and the byte offset.
struct DecodeError: Error {
    var reason: String
    /// Input bytes the failing call consumed before it failed.
    var consumed: Int
    init(_ reason: String, consumed: Int = 0) {
        self.reason = reason
        self.consumed = consumed
    }
}

/// Compressed formats by their magic bytes.
enum CompressionFormat {
    case gzip, xz, zstd, bzip2

    /// The longest prefix `detect` looks at.
    static let magicLength = 10

    static func detect(_ p: [UInt8]) -> CompressionFormat? {
        if p.starts(with: [0x1F, 0x8B]) { return .gzip }
        if p.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
        if p.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
        // "BZh" and a block size digit, then a block's or the end's magic
        // (so that a text starting with "BZh1" is still text).
        if p.count == 10, p.starts(with: Array("BZh".utf8)), (0x31 ... 0x39).contains(p[3]),
           Array(p[4...]) == [0x31, 0x41, 0x59, 0x26, 0x53, 0x59] || Array(p[4...]) == [0x17, 0x72, 0x45, 0x38, 0x50, 0x90] {
            return .bzip2
        }
        return nil
    }

    /// Formats recognised but not read, by name, for a one-line error.
    static func unsupported(_ p: [UInt8]) -> String? {
        if p.starts(with: [0x04, 0x22, 0x4D, 0x18]) { return "lz4" }
        if p.starts(with: [0x1F, 0x9D]) { return "compress (.Z)" }
        if p.starts(with: [0x89, 0x4C, 0x5A, 0x4F]) { return "lzop" }
        return nil
    }

    func decoder() throws(DecodeError) -> StreamDecoder {
        switch self {
        case .gzip: return try GzipDecoder()
        case .xz: return try XzDecoder()
        case .zstd: return try ZstdDecoder()
        case .bzip2: return try Bzip2Decoder()
        }
    }
}
