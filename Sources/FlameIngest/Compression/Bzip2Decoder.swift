import CBzip2

/// bzip2 through libbz2; concatenated streams (as pbzip2 writes) are read
/// one after another.
final class Bzip2Decoder: StreamDecoder {
    let format = "bzip2"
    private let stream = UnsafeMutablePointer<bz_stream>.allocate(capacity: 1)

    init() throws(DecodeError) {
        stream.initialize(to: bz_stream())
        try start()
    }

    deinit {
        BZ2_bzDecompressEnd(stream)
        stream.deallocate()
    }

    private func start() throws(DecodeError) {
        guard BZ2_bzDecompressInit(stream, 0, 0) == BZ_OK else { throw DecodeError("cannot start bzip2 decompression") }
    }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                inputEnded: Bool) throws(DecodeError) -> (consumed: Int, produced: Int, ended: Bool) {
        let inCount = min(input.count, Int(UInt32.max)), outCount = min(output.count, Int(UInt32.max))
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: CChar.self))
        stream.pointee.avail_in = UInt32(inCount)
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: CChar.self)
        stream.pointee.avail_out = UInt32(outCount)
        let status = BZ2_bzDecompress(stream)
        let consumed = inCount - Int(stream.pointee.avail_in)
        let produced = outCount - Int(stream.pointee.avail_out)
        switch status {
        case BZ_STREAM_END: return (consumed, produced, true)
        case BZ_OK: return (consumed, produced, false)
        case BZ_MEM_ERROR: throw DecodeError("out of memory")
        default: throw DecodeError("damaged data (libbz2 error \(status))", consumed: consumed)
        }
    }

    func reset() throws(DecodeError) {
        BZ2_bzDecompressEnd(stream)
        stream.pointee = bz_stream()
        try start()
    }
}
