#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A manually managed, growable array of trivial values. The tables on the hot
/// path use it instead of `Array` to avoid uniqueness checks and bounds checks
/// on every access; ownership is always a single final class.
///
/// Its members are inlinable so that readers in other modules get code
/// specialized to the element type rather than generic calls. Growth goes
/// through `realloc`, which extends large blocks in place or remaps their
/// pages instead of copying them.
@frozen
public struct GrowableBuffer<Element> {
    @usableFromInline var storage: UnsafeMutablePointer<Element>
    @usableFromInline var used = 0
    @usableFromInline var allocated: Int

    @inlinable public var base: UnsafeMutablePointer<Element> { storage }
    @inlinable public var count: Int { used }
    @inlinable public var capacity: Int { allocated }

    @inlinable
    public init(capacity: Int = 16) {
        precondition(_isPOD(Element.self), "GrowableBuffer holds trivial values only")
        allocated = Swift.max(capacity, 1)
        storage = Self.reallocate(nil, allocated)
    }

    @inlinable
    public func free() { releaseBuffer(storage) }

    @inlinable @inline(__always)
    public subscript(index: Int) -> Element {
        get { storage[index] }
        nonmutating set { storage[index] = newValue }
    }

    @inlinable
    public mutating func reserve(_ extra: Int) {
        let needed = used + extra
        guard needed > allocated else { return }
        var newCapacity = allocated * 2
        while newCapacity < needed { newCapacity *= 2 }
        storage = Self.reallocate(storage, newCapacity)
        allocated = newCapacity
    }

    @inlinable @inline(__always)
    public mutating func append(_ value: Element) {
        if used == allocated { reserve(1) }
        (storage + used).initialize(to: value)
        used += 1
    }

    @inlinable
    public mutating func append(contentsOf source: UnsafePointer<Element>, count n: Int) {
        reserve(n)
        (storage + used).initialize(from: source, count: n)
        used += n
    }

    @inlinable
    public mutating func removeAll() { used = 0 }

    @inlinable
    public mutating func removeLast(_ n: Int) {
        precondition(n >= 0 && n <= used)
        used -= n
    }

    @usableFromInline
    static func reallocate(_ old: UnsafeMutablePointer<Element>?, _ capacity: Int) -> UnsafeMutablePointer<Element> {
        let (bytes, overflow) = capacity.multipliedReportingOverflow(by: MemoryLayout<Element>.stride)
        precondition(!overflow, "buffer of \(capacity) elements is too large")
        guard let raw = realloc(old, Swift.max(bytes, 1)) else { fatalError("out of memory growing a buffer to \(bytes) bytes") }
        return raw.bindMemory(to: Element.self, capacity: capacity)
    }
}

/// libc's `free`, which `GrowableBuffer.free()` would otherwise shadow.
@usableFromInline
func releaseBuffer(_ pointer: UnsafeMutableRawPointer?) { free(pointer) }
