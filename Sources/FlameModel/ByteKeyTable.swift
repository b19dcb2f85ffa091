#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns byte strings: each distinct key gets a dense id (0, 1, 2, ...) in
/// insertion order. Keys live in one arena. Each slot of the open-addressed
/// table holds 32 bits of the key's hash with its id, and the key's place in
/// the arena, so a lookup touches one slot and, when the hash bits agree, the
/// key's bytes: two memory accesses on the hot path.
public final class ByteKeyTable {
    // The tables are owned by one thread and never re-entered, so the run-time
    // exclusivity checks on their storage (a thread-local look-up per access,
    // a fifth of the time of reading folded text) buy nothing here.
    @exclusivity(unchecked) private var arena = GrowableBuffer<UInt8>(capacity: 1 << 16)
    @exclusivity(unchecked) private var starts = GrowableBuffer<Int>(capacity: 1 << 10)
    /// A small tag per key that is part of its identity: the same bytes with
    /// two tags are two keys (a frame's kind, for `FrameTable`).
    @exclusivity(unchecked) private var tags = GrowableBuffer<UInt8>(capacity: 1 << 10)
    @exclusivity(unchecked) private var slots: UnsafeMutablePointer<Slot>
    @exclusivity(unchecked) private var mask: Int
    /// `ByteHash.seed`, held here: reading a lazily set global costs a
    /// once-check call on every look-up.
    private let seed = ByteHash.seed

    struct Slot {
        /// Hash tag in the high 32 bits, id + 1 in the low 32 (0: empty).
        var tagAndID: UInt64
        /// Arena offset in the high 37 bits, key length in the low 27.
        var location: UInt64

        static let empty = Slot(tagAndID: 0, location: 0)
        static let lengthBits: UInt64 = 27

        /// The home slot of a key: taken from the tag bits the slot keeps,
        /// so growing the table moves slots without hashing any key again.
        @inline(__always)
        static func index(_ tag: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: tag) & mask }

        /// Whether a table of `mask + 1` slots holding `count` keys should
        /// grow: past three quarters full. The 32-bit tags settle nearly every
        /// probe without touching a key, so the longer runs of a fuller table
        /// cost less than the memory a half-empty one takes (16 bytes a slot).
        @inline(__always)
        static func isCrowded(_ count: Int, _ mask: Int) -> Bool { count * 4 > mask * 3 }

        /// Rehomes every used slot of `old` into a table twice as large.
        static func grown(_ old: UnsafeMutablePointer<Slot>, mask: Int) -> (UnsafeMutablePointer<Slot>, Int) {
            let size = (mask + 1) * 2
            let newSlots = UnsafeMutablePointer<Slot>.allocate(capacity: size)
            newSlots.initialize(repeating: .empty, count: size)
            let newMask = size - 1
            for index in 0 ... mask where old[index].tagAndID != 0 {
                var target = Self.index(old[index].tagAndID >> 32, newMask)
                while newSlots[target].tagAndID != 0 { target = (target + 1) & newMask }
                newSlots[target] = old[index]
            }
            old.deallocate()
            return (newSlots, newMask)
        }
    }

    public init(capacity: Int = 1 << 10) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        mask = size - 1
        slots = .allocate(capacity: size)
        slots.initialize(repeating: .empty, count: size)
        starts.append(0)
    }

    deinit {
        arena.free()
        starts.free()
        tags.free()
        slots.deallocate()
    }

    /// Number of distinct keys.
    public var count: Int { starts.count - 1 }

    /// Bytes held by the keys, for memory accounting.
    public var byteCount: Int { arena.count }

    /// The id of `key` (with `tag`), adding it if it is new.
    @inline(__always)
    public func intern(_ key: UnsafeRawBufferPointer, tag: UInt8 = 0) -> UInt32 {
        let length = key.count
        let hash = hash(key, tag: tag)
        let tag32 = hash >> 32
        var index = Slot.index(tag32, mask)
        while true {
            let slot = slots[index]
            if slot.tagAndID == 0 { break }
            if slot.tagAndID >> 32 == tag32,
               Int(truncatingIfNeeded: slot.location & ((1 << Slot.lengthBits) - 1)) == length,
               Self.equal(arena.base + Int(truncatingIfNeeded: slot.location >> Slot.lengthBits), key.baseAddress, length),
               tags[Int(truncatingIfNeeded: (slot.tagAndID &- 1) & 0xFFFF_FFFF)] == tag {
                return UInt32(truncatingIfNeeded: slot.tagAndID &- 1)
            }
            index = (index + 1) & mask
        }
        precondition(length < 1 << Slot.lengthBits, "key longer than 128 MiB")
        let id = count
        let start = arena.count
        if length > 0 {
            arena.append(contentsOf: key.baseAddress!.assumingMemoryBound(to: UInt8.self), count: length)
        }
        starts.append(arena.count)
        tags.append(tag)
        slots[index] = Slot(tagAndID: tag32 << 32 | UInt64(id + 1), location: UInt64(start) << Slot.lengthBits | UInt64(length))
        if Slot.isCrowded(count, mask) { grow() }
        return UInt32(id)
    }

    /// The id of `key` (with `tag`) if it is present.
    public func find(_ key: UnsafeRawBufferPointer, tag: UInt8 = 0) -> UInt32? {
        let hash = hash(key, tag: tag)
        let tag32 = hash >> 32
        var index = Slot.index(tag32, mask)
        while true {
            let slot = slots[index]
            if slot.tagAndID == 0 { return nil }
            if slot.tagAndID >> 32 == tag32 {
                let id = UInt32(truncatingIfNeeded: slot.tagAndID &- 1)
                if tags[Int(id)] == tag, key.elementsEqual(self[id]) { return id }
            }
            index = (index + 1) & mask
        }
    }

    /// The tag key `id` was interned with.
    @inline(__always)
    public func tag(_ id: UInt32) -> UInt8 { tags[Int(id)] }

    /// The key's hash with the tag mixed in (tag 0 leaves it unchanged).
    @inline(__always)
    func hash(_ key: UnsafeRawBufferPointer, tag: UInt8) -> UInt64 {
        ByteHash.hash(key, seed: seed) ^ (UInt64(tag) &* 0x9E37_79B9_7F4A_7C15)
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

    /// Compares `n` bytes, 8 at a time: keys are short, and a call into
    /// libc's memcmp costs more than the comparison itself.
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafeRawPointer?, _ n: Int) -> Bool {
        guard n > 0, let b else { return true }
        let a = UnsafeRawPointer(a)
        var i = 0
        while i + 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        if n >= 8 {
            return a.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        while i < n {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }

    private func grow() {
        (slots, mask) = Slot.grown(slots, mask: mask)
    }
}
