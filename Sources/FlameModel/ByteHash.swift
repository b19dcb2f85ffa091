/// A fast keyed hash over raw bytes, in the spirit of wyhash: 16 bytes per round,
/// each folded through a 64×64→128-bit multiply. The seed is random per process,
/// so no profile can be crafted to collide a table into quadratic time.
public enum ByteHash {
    public static let seed: UInt64 = UInt64.random(in: 1 ... .max)

    @inline(__always)
    static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    @inline(__always)
    public static func hash(_ base: UnsafeRawPointer, _ count: Int, seed: UInt64 = ByteHash.seed) -> UInt64 {
        let k0: UInt64 = 0xA076_1D64_78BD_642F
        let k1: UInt64 = 0xE703_7ED1_A0B4_28DB
        var h = seed ^ fold(seed ^ k0, UInt64(truncatingIfNeeded: count) ^ k1)
        var i = 0
        while i + 16 <= count {
            let a = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
            h = fold(a ^ k1 ^ h, b ^ k0)
            i += 16
        }
        var a: UInt64 = 0
        var b: UInt64 = 0
        let rest = count - i
        if rest >= 8 {
            a = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            b = base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else if rest >= 4 {
            a = UInt64(base.loadUnaligned(fromByteOffset: i, as: UInt32.self))
            b = UInt64(base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
        } else if rest > 0 {
            let p = base.assumingMemoryBound(to: UInt8.self)
            a = UInt64(p[i]) << 16 | UInt64(p[i + rest >> 1]) << 8 | UInt64(p[count - 1])
        }
        return fold(a ^ k1 ^ h, b ^ k0 ^ UInt64(truncatingIfNeeded: count))
    }

    @inline(__always)
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = ByteHash.seed) -> UInt64 {
        guard let base = bytes.baseAddress else { return fold(seed, 0x9E37_79B9_7F4A_7C15) }
        return hash(base, bytes.count, seed: seed)
    }
}
