import CZlib

/// gzip through zlib; concatenated members (as `cat a.gz b.gz` makes) are
/// streams one after another.
final class GzipDecoder: StreamDecoder {
    let format = "gzip"
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)

    init() throws(DecodeError) {
        stream.initialize(to: z_stream())
        // 15 window bits + 16: gzip wrapper only.
        guard inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            throw DecodeError("cannot start gzip decompression")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                inputEnded: Bool) throws(DecodeError) -> (consumed: Int, produced: Int, ended: Bool) {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(min(input.count, Int(UInt32.max)))
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(min(output.count, Int(UInt32.max)))
        let status = inflate(stream, Z_NO_FLUSH)
        let consumed = min(input.count, Int(UInt32.max)) - Int(stream.pointee.avail_in)
        let produced = min(output.count, Int(UInt32.max)) - Int(stream.pointee.avail_out)
        switch status {
        case Z_STREAM_END: return (consumed, produced, true)
        case Z_OK, Z_BUF_ERROR: return (consumed, produced, false)
        default: throw DecodeError(stream.pointee.msg.map { String(cString: $0) } ?? "inflate error \(status)", consumed: consumed)
        }
    }

    func reset() throws(DecodeError) {
        guard inflateReset(stream) == Z_OK else { throw DecodeError("cannot restart gzip decompression") }
    }
}
