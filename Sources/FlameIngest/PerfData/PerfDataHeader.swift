/// What perf.data says about itself before and beside its records: the
/// events (attrs, with names and ids) and the build-ids of the files with
/// samples. File mode keeps these in header sections; pipe mode sends them
/// as records in the stream.
final class PerfDataHeader {
    let name: String
    private(set) var attrs: [PerfEventAttr] = []
    private var attrOfID: [UInt64: Int] = [:]
    /// Build-ids by recorded path (`[kernel.kallsyms]`, `[vdso]`, files).
    private(set) var buildIDs: [String: [UInt8]] = [:]
    private(set) var commandLine: [String] = []
    /// The data section is zstd-compressed records (`perf record -z`).
    private(set) var compressed = false

    static let magic: UInt64 = 0x3245_4C49_4652_4550  // "PERFILE2"
    static let fileHeaderSize = 104
    static let pipeHeaderSize = 16

    init(name: String) { self.name = name }

    /// Reads a file-mode header from a whole file in memory; returns the
    /// data section.
    func readFile(_ file: PerfBytes) throws -> PerfBytes {
        guard file.has(0, Self.fileHeaderSize) else { throw perfDataError(name, offset: 0, "file header truncated") }
        let headerSize = Int(file.u64(8))
        guard headerSize == Self.fileHeaderSize else {
            throw perfDataError(name, offset: 8, "unsupported header size \(headerSize) (expected 104)")
        }
        let attrSize = Int(clamping: file.u64(16))
        let attrSection = try section(file, at: 24, what: "attrs")
        let dataSection = try section(file, at: 40, what: "data")
        guard attrSize > 16, attrSize < 1 << 16 else { throw perfDataError(name, offset: 16, "attr size \(attrSize)") }
        var at = attrSection.offset
        while at + attrSize <= attrSection.offset + attrSection.size {
            var attr = PerfEventAttr(file, at: at, size: min(attrSize - 16, Int(file.u32(at + 4))))
            let ids = try section(file, at: at + attrSize - 16, what: "attr ids")
            attr.ids = (0 ..< ids.size / 8).map { file.u64(ids.offset + 8 * $0) }
            add(attr)
            at += attrSize
        }
        guard !attrs.isEmpty else { throw perfDataError(name, offset: attrSection.offset, "no event attributes") }
        // Feature sections: one (offset, size) pair per set bit, after the data.
        var index = dataSection.offset + dataSection.size
        for word in 0 ..< 4 {
            let bits = file.u64(72 + 8 * word)
            for bit in 0 ..< 64 where bits & (1 << UInt64(bit)) != 0 {
                guard file.has(index, 16) else { return file.slice(dataSection.offset, dataSection.size) }
                let offset = Int(clamping: file.u64(index)), size = Int(clamping: file.u64(index + 8))
                if file.has(offset, size) { feature(word * 64 + bit, file.slice(offset, size)) }
                index += 16
            }
        }
        return file.slice(dataSection.offset, dataSection.size)
    }

    private func section(_ file: PerfBytes, at: Int, what: String) throws -> (offset: Int, size: Int) {
        let offset = Int(clamping: file.u64(at)), size = Int(clamping: file.u64(at + 8))
        guard file.has(offset, size) else {
            throw perfDataError(name, offset: at, "\(what) section [\(offset), +\(size)) lies outside the file (\(file.count) bytes; truncated?)")
        }
        return (offset, size)
    }

    private func add(_ attr: PerfEventAttr) {
        for id in attr.ids { attrOfID[id] = attrs.count }
        attrs.append(attr)
    }

    /// Handles a header record of a pipe-mode stream (or one a file repeats);
    /// false when `record` is not one.
    func headerRecord(_ record: PerfRecord) -> Bool {
        let bytes = record.bytes
        switch record.type {
        case PerfRecordType.headerAttr:
            guard bytes.has(8, 8) else { return true }
            let size = min(Int(bytes.u32(12)), bytes.count - 8)
            guard size >= 64 else { return true }
            var attr = PerfEventAttr(bytes, at: 8, size: size)
            attr.ids = stride(from: 8 + size, to: bytes.count - 7, by: 8).map { bytes.u64($0) }
            add(attr)
        case PerfRecordType.headerFeature:
            guard bytes.has(8, 8) else { return true }
            feature(Int(clamping: bytes.u64(8)), bytes.slice(16, bytes.count - 16))
        case PerfRecordType.headerBuildID:
            buildIDEvent(bytes)
        case PerfRecordType.eventUpdate:
            // type 1: the event's name.
            if bytes.has(8, 16), bytes.u64(8) == 1, let index = attrOfID[bytes.u64(16)] {
                attrs[index].name = bytes.cString(24, limit: bytes.count)
            }
        default:
            return false
        }
        return true
    }

    private func feature(_ id: Int, _ data: PerfBytes) {
        switch id {
        case PerfFeature.buildID:
            var at = 0
            while data.has(at, 8) {
                let size = Int(data.u16(at + 6))
                guard size >= 8, data.has(at, size) else { break }
                buildIDEvent(data.slice(at, size))
                at += size
            }
        case PerfFeature.cmdline:
            guard data.has(0, 4) else { return }
            var at = 4
            for _ in 0 ..< min(Int(data.u32(0)), 4096) {
                guard let (text, next) = data.perfString(at) else { break }
                commandLine.append(text)
                at = next
            }
        case PerfFeature.eventDesc:
            guard data.has(0, 8) else { return }
            let count = Int(data.u32(0)), attrSize = Int(data.u32(4))
            var at = 8
            for _ in 0 ..< min(count, 4096) {
                guard data.has(at, attrSize + 4) else { return }
                at += attrSize
                let idCount = Int(data.u32(at))
                guard let (eventName, next) = data.perfString(at + 4), data.has(next, 8 * idCount) else { return }
                for k in 0 ..< idCount {
                    if let index = attrOfID[data.u64(next + 8 * k)] { attrs[index].name = eventName }
                }
                at = next + 8 * idCount
            }
        case PerfFeature.compressed:
            compressed = true
        default:
            break
        }
    }

    /// `struct perf_record_header_build_id`: pid, a 24-byte build-id field,
    /// then the file name.
    private func buildIDEvent(_ event: PerfBytes) {
        guard event.has(12, 24) else { return }
        let misc = event.u16(4)
        var length = 20
        if misc & PerfMisc.buildIDSize != 0 { length = min(20, Int(event.u8(12 + 20))) }
        var id = event.bytes(12, length)
        if misc & PerfMisc.buildIDSize == 0 { while id.count > 0, id.last == 0 { id.removeLast() } }
        let path = event.cString(36, limit: event.count)
        guard !id.isEmpty, !path.isEmpty else { return }
        buildIDs[path] = id
    }

    /// The event a sample belongs to and its layout; nil when the record does
    /// not say and the events' layouts differ.
    func attrIndex(ofSample bytes: PerfBytes) -> Int? {
        if attrs.count == 1 { return 0 }
        let first = attrs[0].sampleType
        if first.contains(.identifier) {
            guard bytes.has(8, 8) else { return nil }
            return attrOfID[bytes.u64(8)]
        }
        guard sharedSampleType else { return nil }
        // Same layout for every event: the ID field says which.
        guard first.contains(.id) else { return 0 }
        var at = 8
        for field in [SampleType.ip, .tid, .time, .addr] where first.contains(field) { at += 8 }
        guard bytes.has(at, 8) else { return nil }
        return attrOfID[bytes.u64(at)] ?? 0
    }

    /// The attr whose `sample_id_all` trailer layout a non-sample record uses.
    func attrIndex(ofTrailer bytes: PerfBytes) -> Int {
        guard attrs.count > 1, attrs[0].sampleType.contains(.identifier), bytes.count >= 16 else { return 0 }
        return attrOfID[bytes.u64(bytes.count - 8)] ?? 0
    }

    lazy var sharedSampleType: Bool = attrs.allSatisfy { $0.sampleType == attrs[0].sampleType }
}
