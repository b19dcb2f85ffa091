/// The fields of one SAMPLE record flame uses, as offsets into its bytes
/// (stacks are used in place, never copied).
struct PerfSample {
    var ip: UInt64 = 0
    var pid: Int32 = -1
    var tid: Int32 = -1
    var time: UInt64 = 0
    /// nil when the event does not record periods (perf script prints none).
    var period: UInt64?
    /// Callchain entries: offset of the first, and how many.
    var callchainOffset = 0
    var callchainCount = 0
    /// User registers (abi 0: none recorded) and the mask saying which.
    var regsABI: UInt64 = 0
    var regsOffset = 0
    var regsMask: UInt64 = 0
    /// User stack copy: offset of the bytes and how many are valid.
    var stackOffset = 0
    var stackSize = 0

    /// Parses `bytes` (a whole record) laid out as `attr.sampleType` says;
    /// nil when a field runs past the record.
    init?(_ bytes: PerfBytes, attr: PerfEventAttr) {
        let type = attr.sampleType
        var at = 8
        func take(_ n: Int) -> Int? {
            guard bytes.has(at, n) else { return nil }
            defer { at += n }
            return at
        }
        if type.contains(.identifier) { guard take(8) != nil else { return nil } }
        if type.contains(.ip) { guard let o = take(8) else { return nil }; ip = bytes.u64(o) }
        if type.contains(.tid) {
            guard let o = take(8) else { return nil }
            pid = Int32(bitPattern: bytes.u32(o))
            tid = Int32(bitPattern: bytes.u32(o + 4))
        }
        if type.contains(.time) { guard let o = take(8) else { return nil }; time = bytes.u64(o) }
        for field in [SampleType.addr, .id, .streamID, .cpu] where type.contains(field) {
            guard take(8) != nil else { return nil }
        }
        if type.contains(.period) { guard let o = take(8) else { return nil }; period = bytes.u64(o) }
        if type.contains(.read) { guard skipRead(bytes, &at, attr.readFormat) else { return nil } }
        if type.contains(.callchain) {
            guard let o = take(8) else { return nil }
            let n = bytes.u64(o)
            guard n < 1 << 20, take(8 * Int(n)) != nil else { return nil }
            callchainOffset = o + 8
            callchainCount = Int(n)
        }
        if type.contains(.raw) {
            guard let o = take(4) else { return nil }
            guard take(Int(bytes.u32(o))) != nil else { return nil }
        }
        if type.contains(.branchStack) {
            guard let o = take(8) else { return nil }
            let n = bytes.u64(o)
            // PERF_SAMPLE_BRANCH_HW_INDEX adds a u64 before the entries.
            if attr.branchSampleType & (1 << 17) != 0 { guard take(8) != nil else { return nil } }
            guard n < 1 << 16, take(24 * Int(n)) != nil else { return nil }
        }
        if type.contains(.regsUser) {
            guard let o = take(8) else { return nil }
            regsABI = bytes.u64(o)
            if regsABI != 0 {
                regsMask = attr.sampleRegsUser
                guard let r = take(8 * regsMask.nonzeroBitCount) else { return nil }
                regsOffset = r
            }
        }
        if type.contains(.stackUser) {
            guard let o = take(8) else { return nil }
            let size = Int(clamping: bytes.u64(o))
            if size > 0 {
                guard let data = take(size), let d = take(8) else { return nil }
                stackOffset = data
                // Bytes past dyn_size are stale ring-buffer contents.
                stackSize = min(size, Int(clamping: bytes.u64(d)))
            }
        }
    }

    private static func readValueSize(_ format: ReadFormat) -> Int {
        8 * (1 + (format.contains(.id) ? 1 : 0) + (format.contains(.lost) ? 1 : 0))
    }

    private func skipRead(_ bytes: PerfBytes, _ at: inout Int, _ format: ReadFormat) -> Bool {
        let times = 8 * ((format.contains(.totalTimeEnabled) ? 1 : 0) + (format.contains(.totalTimeRunning) ? 1 : 0))
        if format.contains(.group) {
            guard bytes.has(at, 8) else { return false }
            let n = Int(clamping: bytes.u64(at))
            guard n < 1 << 16 else { return false }
            let length = 8 + times + n * Self.readValueSize(format)
            guard bytes.has(at, length) else { return false }
            at += length
        } else {
            let length = times + Self.readValueSize(format)
            guard bytes.has(at, length) else { return false }
            at += length
        }
        return true
    }

    /// The time of a non-sample record from its `sample_id_all` trailer.
    static func trailerTime(_ bytes: PerfBytes, attr: PerfEventAttr) -> UInt64? {
        let type = attr.sampleType
        guard attr.sampleIDAll, type.contains(.time) else { return nil }
        var fromEnd = 8
        for field in [SampleType.id, .streamID, .cpu, .identifier] where type.contains(field) { fromEnd += 8 }
        guard bytes.count - fromEnd >= 8 else { return nil }
        return bytes.u64(bytes.count - fromEnd)
    }

    /// The time of a sample without parsing the rest.
    static func time(_ bytes: PerfBytes, attr: PerfEventAttr) -> UInt64? {
        let type = attr.sampleType
        guard type.contains(.time) else { return nil }
        var at = 8
        for field in [SampleType.identifier, .ip, .tid] where type.contains(field) { at += 8 }
        return bytes.has(at, 8) ? bytes.u64(at) : nil
    }
}
