#if canImport(Glibc)
import Glibc
#endif

/// Memory that records point into: a mapped file, or a chunk of a stream.
/// Records hold a reference, so memory lives as long as a sample that uses it.
final class PerfStorage: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let count: Int
    private let mapped: Bool

    init(mapping base: UnsafeMutableRawPointer, count: Int) {
        self.base = base
        self.count = count
        mapped = true
    }

    init(capacity: Int) {
        base = .allocate(byteCount: max(capacity, 1), alignment: 16)
        count = capacity
        mapped = false
    }

    deinit {
        if mapped { munmap(base, count) } else { base.deallocate() }
    }
}

/// One record: its header fields and its bytes (header included).
struct PerfRecord: @unchecked Sendable {
    var type: UInt32
    var misc: UInt16
    var bytes: PerfBytes
    var storage: PerfStorage
}

/// Where records come from: the data section of a whole file in memory, or a
/// pipe read record by record.
protocol PerfRecordSource: AnyObject {
    func next() throws -> PerfRecord?
    /// Bytes consumed so far (for progress).
    var position: Int { get }
}

/// Records of a data section in memory, with every size checked.
final class PerfMemoryRecords: PerfRecordSource {
    private let storage: PerfStorage
    private let region: PerfBytes
    private let name: String
    private var offset = 0

    init(storage: PerfStorage, region: PerfBytes, name: String) {
        self.storage = storage
        self.region = region
        self.name = name
    }

    var position: Int { region.inputOffset + offset }

    func next() throws -> PerfRecord? {
        guard offset < region.count else { return nil }
        guard region.has(offset, 8) else {
            throw perfDataError(name, offset: region.inputOffset + offset, "truncated record header")
        }
        let size = Int(region.u16(offset + 6))
        guard size >= 8 else { throw perfDataError(name, offset: region.inputOffset + offset, "record of size \(size)") }
        guard region.has(offset, size) else {
            throw perfDataError(name, offset: region.inputOffset + offset, "record of \(size) bytes runs past the end of the data (truncated file?)")
        }
        let record = PerfRecord(type: region.u32(offset), misc: region.u16(offset + 4), bytes: region.slice(offset, size),
                                storage: storage)
        offset += size
        return record
    }
}

/// Records read from a stream (pipe mode) into chunks; a record never spans
/// two chunks, so each can be used in place.
final class PerfStreamRecords: PerfRecordSource {
    private let read: (UnsafeMutableRawPointer, Int) throws -> Int
    private let name: String
    private var chunk: PerfStorage
    private var used = 0
    private(set) var position: Int
    private static let chunkSize = 4 << 20

    init(startingAt position: Int, name: String, read: @escaping (UnsafeMutableRawPointer, Int) throws -> Int) {
        self.read = read
        self.name = name
        self.position = position
        chunk = PerfStorage(capacity: Self.chunkSize)
    }

    /// Reads exactly `count` bytes; false at a clean end of input before any.
    private func fill(_ into: UnsafeMutableRawPointer, _ count: Int) throws -> Int {
        var got = 0
        while got < count {
            let n = try read(into + got, count - got)
            if n == 0 { break }
            got += n
        }
        return got
    }

    func next() throws -> PerfRecord? {
        if chunk.count - used < 8 { chunk = PerfStorage(capacity: Self.chunkSize); used = 0 }
        let header = chunk.base + used
        let got = try fill(header, 8)
        if got == 0 { return nil }
        guard got == 8 else { throw perfDataError(name, offset: position, "input ends inside a record header") }
        let size = Int(header.loadUnaligned(fromByteOffset: 6, as: UInt16.self))
        guard size >= 8 else { throw perfDataError(name, offset: position, "record of size \(size)") }
        var start = header
        if chunk.count - used < size {
            let fresh = PerfStorage(capacity: max(Self.chunkSize, size))
            fresh.base.copyMemory(from: header, byteCount: 8)
            chunk = fresh
            used = 0
            start = fresh.base
        }
        guard try fill(start + 8, size - 8) == size - 8 else {
            throw perfDataError(name, offset: position, "input ends inside a record of \(size) bytes (truncated?)")
        }
        let bytes = PerfBytes(base: UnsafeRawPointer(start), count: size, inputOffset: position)
        used += (size + 7) & ~7
        position += size
        return PerfRecord(type: bytes.u32(0), misc: bytes.u16(4), bytes: bytes, storage: chunk)
    }
}
