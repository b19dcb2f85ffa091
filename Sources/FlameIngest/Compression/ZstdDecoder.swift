import CZstd

/// zstd through libzstd; frames (and skippable frames) follow one another.
/// libzstd refuses windows over 128 MiB by default, which bounds memory.
final class ZstdDecoder: StreamDecoder {
    let format = "zstd"
    private let stream: OpaquePointer

    init() throws(DecodeError) {
        guard let stream = ZSTD_createDStream() else { throw DecodeError("cannot start zstd decompression") }
        self.stream = stream
    }

    deinit { ZSTD_freeDStream(stream) }

    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                inputEnded: Bool) throws(DecodeError) -> (consumed: Int, produced: Int, ended: Bool) {
        // Small steps of input, so that an error's offset is near the damage
        // (libzstd reports no position of its own).
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: min(input.count, 1 << 12), pos: 0)
        var outBuffer = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        let status = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
        if ZSTD_isError(status) != 0 { throw DecodeError(String(cString: ZSTD_getErrorName(status)), consumed: inBuffer.pos) }
        // 0: a frame is complete and flushed.
        return (inBuffer.pos, outBuffer.pos, status == 0)
    }

    func reset() throws(DecodeError) {
        // The next frame starts by itself.
    }
}
