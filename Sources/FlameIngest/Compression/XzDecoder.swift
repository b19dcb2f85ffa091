import CLzma

/// xz through liblzma, concatenated streams and padding included. Memory is
/// bounded: input whose dictionary needs more than `memoryLimit` (xz -9
/// needs 65 MiB) is refused rather than allocated.
final class XzDecoder: StreamDecoder {
    let format = "xz"
    static let memoryLimit: UInt64 = 256 << 20
    private let stream = UnsafeMutablePointer<lzma_stream>.allocate(capacity: 1)

    init() throws(DecodeError) {
        stream.initialize(to: lzma_stream())
        try start()
    }

    deinit {
        lzma_end(stream)
        stream.deallocate()
    }

    private func start() throws(DecodeError) {
        // 0x08: LZMA_CONCATENATED (a macro Swift does not import).
        guard lzma_stream_decoder(stream, Self.memoryLimit, 0x08) == LZMA_OK else {
            throw DecodeError("cannot start xz decompression")
        }
    }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                inputEnded: Bool) throws(DecodeError) -> (consumed: Int, produced: Int, ended: Bool) {
        stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_in = input.count
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = output.count
        let status = lzma_code(stream, inputEnded ? LZMA_FINISH : LZMA_RUN)
        let consumed = input.count - stream.pointee.avail_in
        let produced = output.count - stream.pointee.avail_out
        switch status {
        case LZMA_STREAM_END: return (consumed, produced, true)
        case LZMA_OK, LZMA_BUF_ERROR: return (consumed, produced, false)
        case LZMA_MEMLIMIT_ERROR: throw DecodeError("needs more than \(Self.memoryLimit >> 20) MiB of memory to decompress")
        case LZMA_MEM_ERROR: throw DecodeError("out of memory")
        default: throw DecodeError("damaged data (liblzma error \(status.rawValue))", consumed: consumed)
        }
    }

    func reset() throws(DecodeError) {
        lzma_end(stream)
        stream.pointee = lzma_stream()
        try start()
    }
}
