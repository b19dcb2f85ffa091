#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns byte strings: each distinct key gets a dense id (0, 1, 2, ...) in
/// insertion order. Keys live in one arena; the open-addressed slot array keeps
/// 32 bits of each key's hash next to its id, so a probe rarely touches a key
/// that does not match.
public final class ByteKeyTable {
    private var arena = GrowableBuffer<UInt8>(capacity: 1 << 16)
    private var starts = GrowableBuffer<Int>(capacity: 1 << 10)
    private var slots: UnsafeMutablePointer<UInt64>
    private var mask: Int

    public init(capacity: Int = 1 << 10) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        mask = size - 1
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
        starts.append(0)
    }

    deinit {
        arena.free()
        starts.free()
        slots.deallocate()
    }

    /// Number of distinct keys.
    public var count: Int { starts.count - 1 }

    /// Bytes held by the keys, for memory accounting.
    public var byteCount: Int { arena.count }

    /// The id of `key`, adding it if it is new.
    @inline(__always)
    public func intern(_ key: UnsafeRawBufferPointer) -> UInt32 {
        let length = key.count
        let hash = ByteHash.hash(key)
        let tag = hash >> 32
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { break }
            if slot >> 32 == tag {
                let id = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
                let start = starts[id]
                if starts[id + 1] - start == length,
                   length == 0 || memcmp(arena.base + start, key.baseAddress!, length) == 0 {
                    return UInt32(id)
                }
            }
            index = (index + 1) & mask
        }
        let id = count
        if length > 0 {
            arena.append(contentsOf: key.baseAddress!.assumingMemoryBound(to: UInt8.self), count: length)
        }
        starts.append(arena.count)
        slots[index] = tag << 32 | UInt64(id + 1)
        if count * 2 > mask { grow() }
        return UInt32(id)
    }

    /// The id of `key` if it is present.
    public func find(_ key: UnsafeRawBufferPointer) -> UInt32? {
        let length = key.count
        let hash = ByteHash.hash(key)
        let tag = hash >> 32
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { return nil }
            if slot >> 32 == tag {
                let id = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
                if key.elementsEqual(self[UInt32(id)]) { return UInt32(id) }
            }
            index = (index + 1) & mask
        }
    }

    public func intern(_ key: [UInt8]) -> UInt32 {
        key.withUnsafeBytes { intern($0) }
    }

    public func intern(_ key: String) -> UInt32 {
        var key = key
        return key.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    /// The bytes of key `id`; valid until the next insertion.
    @inline(__always)
    public subscript(id: UInt32) -> UnsafeRawBufferPointer {
        let start = starts[Int(id)]
        return UnsafeRawBufferPointer(start: arena.base + start, count: starts[Int(id) + 1] - start)
    }

    /// Key `id` as an array of bytes.
    public func bytes(_ id: UInt32) -> [UInt8] { Array(self[id]) }

    /// Key `id` decoded as UTF-8, with invalid sequences repaired.
    public func string(_ id: UInt32) -> String { String(decoding: self[id], as: UTF8.self) }

    private func grow() {
        let size = (mask + 1) * 2
        let newSlots = UnsafeMutablePointer<UInt64>.allocate(capacity: size)
        newSlots.initialize(repeating: 0, count: size)
        let newMask = size - 1
        for id in 0 ..< count {
            let key = self[UInt32(id)]
            let hash = ByteHash.hash(key)
            var index = Int(truncatingIfNeeded: hash) & newMask
            while newSlots[index] != 0 { index = (index + 1) & newMask }
            newSlots[index] = (hash >> 32) << 32 | UInt64(id + 1)
        }
        slots.deallocate()
        slots = newSlots
        mask = newMask
    }
}
