import FlameModel

/// Parses FlameSampler files. A file cut short (the sampled process was
/// killed) yields every complete record before the cut, with one warning.
enum SamplerFileReader {
    static let magic: [UInt8] = Array("FLAMESMP".utf8)

    static func looksLikeSamplerFile(_ head: UnsafeRawBufferPointer) -> Bool {
        head.count >= magic.count && head.prefix(magic.count).elementsEqual(magic)
    }

    static func parse(_ bytes: [UInt8], name: String, diagnostics: Diagnostics) throws -> SamplerRecording {
        var cursor = LittleEndianCursor(bytes: bytes)
        guard bytes.count >= 48, bytes.starts(with: magic) else {
            throw InputError(input: name, reason: "not a FlameSampler file (too short for its header)")
        }
        cursor.offset = 8
        let version = cursor.u16()!, headerSize = Int(cursor.u16()!)
        guard version == 1 else {
            throw InputError(input: name, reason: "FlameSampler file version \(version); this flame reads version 1")
        }
        guard headerSize >= 48, headerSize <= bytes.count else {
            throw InputError(input: name, reason: "bad FlameSampler header size \(headerSize)")
        }
        let mode = cursor.u32()!, hz = cursor.u32()!, depth = cursor.u32()!, pid = cursor.u32()!
        _ = cursor.u32()
        let realtime = cursor.u64()!, monotonic = cursor.u64()!
        var recording = SamplerRecording(header: .init(version: version, mode: mode, hz: hz, maxDepth: depth, pid: pid,
                                                       startRealtimeNanos: realtime, startMonotonicNanos: monotonic))
        cursor.offset = headerSize
        while cursor.offset < bytes.count {
            let recordStart = cursor.offset
            guard let type = cursor.u32(), let size = cursor.u32(), cursor.remaining >= Int(size) else {
                warnCut(name, at: recordStart, recording, diagnostics)
                return recording
            }
            var payload = LittleEndianCursor(bytes: bytes, offset: cursor.offset, end: cursor.offset + Int(size))
            cursor.offset += Int(size)
            guard readRecord(type: type, &payload, into: &recording) else {
                throw InputError(input: name, reason: "malformed FlameSampler record (type \(type)) at byte offset \(recordStart)")
            }
        }
        if recording.summary == nil {
            diagnostics.warn("\(name): no stop record: the file was cut short (process killed?); read \(recording.samples.count) samples")
        }
        return recording
    }

    private static func warnCut(_ name: String, at offset: Int, _ recording: SamplerRecording, _ diagnostics: Diagnostics) {
        diagnostics.warn("\(name): ends inside a record at byte offset \(offset) (process killed?); read the \(recording.samples.count) complete samples before it")
    }

    /// False when the payload does not hold what its type promises. Unknown
    /// types are skipped: later versions may add records.
    private static func readRecord(type: UInt32, _ payload: inout LittleEndianCursor, into recording: inout SamplerRecording) -> Bool {
        switch type {
        case 1:
            guard let phase = payload.u32(), let count = payload.u32(), payload.u64() != nil else { return false }
            var mappings: [Mapping] = []
            for _ in 0 ..< count {
                guard let start = payload.u64(), let end = payload.u64(), let offset = payload.u64(),
                      let protection = payload.u32(), let pathLength = payload.u16(), let idLength = payload.u16(),
                      let path = payload.bytes(Int(pathLength)), let id = payload.bytes(Int(idLength)) else { return false }
                // Protection bits: 1 read, 2 write, 4 execute.
                mappings.append(Mapping(start: start, end: end, fileOffset: offset,
                                        path: String(decoding: path, as: UTF8.self),
                                        buildID: id.isEmpty ? nil : id, executable: protection & 4 != 0))
            }
            let space = AddressSpace(mappings)
            if phase == 0 { recording.mappingsAtStart = space } else { recording.mappingsAtStop = space }
        case 2:
            guard let time = payload.u64(), let tid = payload.u32(), let weight = payload.u32(),
                  let depth = payload.u16(), let flags = payload.u16(), payload.remaining == 8 * Int(depth) else { return false }
            var addresses = [UInt64]()
            addresses.reserveCapacity(Int(depth))
            for _ in 0 ..< depth { addresses.append(payload.u64()!) }
            recording.samples.append(.init(time: time, tid: tid, weight: weight, addresses: addresses,
                                           truncated: flags & 1 != 0, unbounded: flags & 2 != 0))
        case 3:
            guard let tid = payload.u32(), let length = payload.u16(), payload.u16() != nil,
                  let name = payload.bytes(Int(length)) else { return false }
            recording.threadNames[tid] = String(decoding: name, as: UTF8.self)
        case 4:
            guard let time = payload.u64(), let samples = payload.u64(), let dropped = payload.u64(),
                  let truncated = payload.u64(), let unbounded = payload.u64() else { return false }
            recording.summary = .init(time: time, samples: samples, dropped: dropped, truncated: truncated, unbounded: unbounded)
        case 5:
            guard let commLength = payload.u16(), let exeLength = payload.u16(),
                  let comm = payload.bytes(Int(commLength)), let exe = payload.bytes(Int(exeLength)) else { return false }
            recording.processName = String(decoding: comm, as: UTF8.self)
            recording.executable = String(decoding: exe, as: UTF8.self)
        default:
            break
        }
        return true
    }
}

/// Reads little-endian fields from a byte range; nil past its end.
struct LittleEndianCursor {
    let bytes: [UInt8]
    var offset: Int
    let end: Int

    init(bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
    }

    var remaining: Int { end - offset }

    private mutating func integer<T: FixedWidthInteger>(_: T.Type) -> T? {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { return nil }
        var value: T = 0
        for i in 0 ..< size { value |= T(bytes[offset + i]) << (8 * i) }
        offset += size
        return value
    }

    mutating func u16() -> UInt16? { integer(UInt16.self) }
    mutating func u32() -> UInt32? { integer(UInt32.self) }
    mutating func u64() -> UInt64? { integer(UInt64.self) }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard remaining >= count else { return nil }
        defer { offset += count }
        return Array(bytes[offset ..< offset + count])
    }
}
