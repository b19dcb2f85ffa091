#if canImport(Glibc)
import Glibc
#endif
import FlameModel

extension PerfDataReader {
    /// Reads perf.data: a regular file is mapped and read in place; anything
    /// else (a pipe, gzip) is read as a stream, pipe mode record by record.
    func read(_ input: OpenedInput, into profile: Profile) throws {
        if let mapped = Self.map(input.fd) {
            try read(file: mapped, into: profile)
            return
        }
        var blocks = input.blocks
        var current: Block? = nil
        var used = 0
        let read: (UnsafeMutableRawPointer, Int) throws -> Int = { into, count in
            while current == nil || used == current!.count {
                guard let next = try blocks.next() else { return 0 }
                current = next
                used = 0
            }
            let n = min(count, current!.count - used)
            into.copyMemory(from: current!.base + used, byteCount: n)
            used += n
            return n
        }
        var head = [UInt8](repeating: 0, count: 16)
        var got = 0
        while got < 16 {
            let n = try head.withUnsafeMutableBytes { try read($0.baseAddress! + got, 16 - got) }
            if n == 0 { throw perfDataError(input.name, offset: got, "input ends inside the header") }
            got += n
        }
        let size = head.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
        if size == UInt64(PerfDataHeader.pipeHeaderSize) {
            try self.read(stream: read, into: profile)
            return
        }
        // A file-mode file through a pipe: its sections point anywhere, so
        // read it whole.
        var bytes = head
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read($0.baseAddress!, 1 << 20) }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0 ..< n])
        }
        let storage = PerfStorage(capacity: bytes.count)
        bytes.withUnsafeBytes { storage.base.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        try self.read(file: storage, into: profile)
    }

    /// The whole file mapped, when `fd` is a regular file holding perf.data
    /// as it is (not compressed).
    private static func map(_ fd: Int32) -> PerfStorage? {
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size >= 16 else { return nil }
        guard let base = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        guard base.loadUnaligned(as: UInt64.self) == PerfDataHeader.magic else {
            munmap(base, Int(info.st_size))
            return nil
        }
        return PerfStorage(mapping: base, count: Int(info.st_size))
    }
}
