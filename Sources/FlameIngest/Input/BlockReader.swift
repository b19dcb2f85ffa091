#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FlameModel

/// A block of complete lines read from an input. It owns its buffer and hands
/// it back to the reader's pool when released, so a long input reuses a few
/// buffers instead of faulting in fresh pages for every block.
final class Block: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let count: Int
    private let capacity: Int
    private let pool: BufferPool

    init(base: UnsafeMutableRawPointer, count: Int, capacity: Int, pool: BufferPool) {
        self.base = base
        self.count = count
        self.capacity = capacity
        self.pool = pool
    }

    deinit { pool.release(base, capacity: capacity) }

    /// Bytes at the front that readers skip (a UTF-8 byte order mark).
    var skipped = 0

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base + skipped, count: count - skipped) }
}

/// Reads an input in large blocks that end at a line boundary, carrying a
/// partial last line into the next block. Memory stays at a few blocks whatever
/// the input size; a single line may not exceed `maxLineLength`.
final class BlockReader {
    private let source: ByteSource
    private let name: String
    private let blockSize: Int
    static let maxLineLength = 64 << 20
    private var carry: [UInt8] = []
    /// The input is read to its end (what remains is the carried last line).
    private(set) var atEnd = false
    private(set) var bytesRead = 0
    private let pool: BufferPool

    init(fd: Int32, name: String, blockSize: Int = 1 << 20) throws {
        source = try openByteSource(fd: fd, name: name)
        self.name = name
        self.blockSize = blockSize
        pool = BufferPool(size: blockSize)
    }

    /// The next block of whole lines (the very last line may lack a newline),
    /// or nil at the end of the input.
    func next() throws -> Block? {
        if atEnd && carry.isEmpty { return nil }
        var capacity = max(blockSize, carry.count * 2)
        var buffer = pool.take(capacity: capacity)
        var used = carry.count
        carry.withUnsafeBytes { if let source = $0.baseAddress { buffer.copyMemory(from: source, byteCount: used) } }
        carry.removeAll(keepingCapacity: true)
        var searchedUpTo = 0
        while true {
            while used < capacity, !atEnd {
                let n: Int
                do {
                    n = try source.read(into: buffer + used, count: capacity - used)
                } catch {
                    pool.release(buffer, capacity: capacity)
                    throw error
                }
                if n == 0 { atEnd = true }
                used += n
                bytesRead += n
            }
            if atEnd { break }
            if let newline = lastNewline(buffer, from: searchedUpTo, to: used) {
                carry.append(contentsOf: UnsafeRawBufferPointer(start: buffer + newline + 1, count: used - newline - 1))
                used = newline + 1
                break
            }
            // No line ends in this buffer: one very long line. Grow, within limits.
            searchedUpTo = used
            if capacity >= Self.maxLineLength {
                pool.release(buffer, capacity: capacity)
                throw InputError(input: name, reason: "a line starting near byte offset \(bytesRead - used) is longer than \(Self.maxLineLength >> 20) MiB")
            }
            let grown = pool.take(capacity: capacity * 2)
            grown.copyMemory(from: buffer, byteCount: used)
            pool.release(buffer, capacity: capacity)
            buffer = grown
            capacity *= 2
        }
        if used == 0 {
            pool.release(buffer, capacity: capacity)
            return nil
        }
        return Block(base: buffer, count: used, capacity: capacity, pool: pool)
    }

    private func lastNewline(_ buffer: UnsafeMutableRawPointer, from: Int, to: Int) -> Int? {
        let bytes = buffer.assumingMemoryBound(to: UInt8.self)
        var i = to - 1
        while i >= from {
            if bytes[i] == 10 { return i }
            i -= 1
        }
        return nil
    }

}

/// Blocks already read (while sniffing the format) followed by the rest.
struct BlockSequence {
    let reader: BlockReader
    var leading: [Block]
    var firstLine = 1

    mutating func next() throws -> Block? {
        if !leading.isEmpty { return leading.removeFirst() }
        return try reader.next()
    }

    /// Feeds every remaining block to `feed` (which returns how many lines
    /// it read), numbering lines from `firstLine`.
    mutating func feedAll(_ feed: (UnsafeRawBufferPointer, Int) -> Int) throws {
        var line = firstLine
        while let block = try next() { line += feed(block.bytes, line) }
    }

    /// No block is left after the ones already read.
    var isLast: Bool { leading.count <= 1 && reader.atEnd }
}

/// Buffers of the standard block size, kept for reuse (at most a handful).
final class BufferPool: @unchecked Sendable {
    private let size: Int
    private let monitor = Monitor()
    private var free: [UnsafeMutableRawPointer] = []

    init(size: Int) { self.size = size }

    deinit { for buffer in free { buffer.deallocate() } }

    func take(capacity: Int) -> UnsafeMutableRawPointer {
        if capacity == size, let buffer = monitor.locked({ free.popLast() }) { return buffer }
        return .allocate(byteCount: capacity, alignment: 16)
    }

    func release(_ buffer: UnsafeMutableRawPointer, capacity: Int) {
        let kept = capacity == size && monitor.locked {
            guard free.count < 8 else { return false }
            free.append(buffer)
            return true
        }
        if !kept { buffer.deallocate() }
    }
}
