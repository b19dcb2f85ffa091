/// Little-endian reads from a region of a perf.data input. Callers check
/// bounds with `has` before reading (hostile sizes are normal input); the
/// region remembers where it lies in the input so messages can name offsets.
struct PerfBytes: @unchecked Sendable {
    let base: UnsafeRawPointer
    let count: Int
    /// The input offset of `base` (for messages only).
    let inputOffset: Int

    init(base: UnsafeRawPointer, count: Int, inputOffset: Int) {
        self.base = base
        self.count = count
        self.inputOffset = inputOffset
    }

    @inline(__always) func has(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    @inline(__always) func u64(_ offset: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
    @inline(__always) func u32(_ offset: Int) -> UInt32 { base.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
    @inline(__always) func u16(_ offset: Int) -> UInt16 { base.loadUnaligned(fromByteOffset: offset, as: UInt16.self) }
    @inline(__always) func u8(_ offset: Int) -> UInt8 { base.load(fromByteOffset: offset, as: UInt8.self) }

    func slice(_ offset: Int, _ length: Int) -> PerfBytes {
        PerfBytes(base: base + offset, count: length, inputOffset: inputOffset + offset)
    }

    /// A NUL-terminated string inside [offset, limit).
    func cString(_ offset: Int, limit: Int) -> String {
        var end = offset
        let stop = Swift.min(limit, count)
        while end < stop, u8(end) != 0 { end += 1 }
        return String(decoding: UnsafeRawBufferPointer(start: base + offset, count: Swift.max(0, end - offset)), as: UTF8.self)
    }

    func bytes(_ offset: Int, _ length: Int) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: base + offset, count: length))
    }

    /// perf's `struct perf_header_string`: a u32 length, then that many bytes
    /// (NUL-padded). Returns the string and the offset after it.
    func perfString(_ offset: Int) -> (String, Int)? {
        guard has(offset, 4) else { return nil }
        let length = Int(u32(offset))
        guard has(offset + 4, length) else { return nil }
        return (cString(offset + 4, limit: offset + 4 + length), offset + 4 + length)
    }
}

/// A perf.data input that cannot be read: the message names the input and
/// the byte offset.
func perfDataError(_ input: String, offset: Int?, _ reason: String) -> InputError {
    InputError(input: input, reason: offset.map { "perf.data: \(reason) at byte offset \($0)" } ?? "perf.data: \(reason)")
}
