#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a writer sends bytes.
public protocol ByteSink {
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws
}

extension ByteSink {
    public mutating func write(_ string: String) throws {
        var string = string
        try string.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    public mutating func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}

/// Collects bytes in memory (tests, small outputs).
public struct ByteArraySink: ByteSink {
    public var bytes: [UInt8] = []
    public init() {}
    public mutating func write(_ chunk: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: chunk) }
}

public enum OutputError: Error, Equatable {
    /// The reader went away (`flame ... | head`): not an error for the user.
    case brokenPipe
    case writeFailed(errno: Int32)
}

/// A buffered writer over a file descriptor, flushing in 1 MiB writes.
public final class FileSink: ByteSink {
    public let fd: Int32
    private let buffer: UnsafeMutableRawPointer
    private let capacity = 1 << 20
    private var used = 0

    public init(fd: Int32) {
        self.fd = fd
        buffer = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { buffer.deallocate() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if used + bytes.count > capacity { try flush() }
        if bytes.count >= capacity { return try writeAll(source, bytes.count) }
        (buffer + used).copyMemory(from: source, byteCount: bytes.count)
        used += bytes.count
    }

    /// Appends one byte without a buffer round trip.
    @inline(__always)
    public func write(byte: UInt8) throws {
        if used == capacity { try flush() }
        buffer.storeBytes(of: byte, toByteOffset: used, as: UInt8.self)
        used += 1
    }

    public func flush() throws {
        let pending = used
        used = 0
        try writeAll(buffer, pending)
    }

    private func writeAll(_ start: UnsafeRawPointer, _ count: Int) throws {
        var done = 0
        while done < count {
            let n = Glibc.write(fd, start + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw errno == EPIPE ? OutputError.brokenPipe : OutputError.writeFailed(errno: errno)
            }
            done += n
        }
    }
}
