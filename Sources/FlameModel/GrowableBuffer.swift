/// A manually managed, growable array of trivial values. The tables on the hot
/// path use it instead of `Array` to avoid uniqueness checks and bounds checks
/// on every access; ownership is always a single final class.
public struct GrowableBuffer<Element> {
    public private(set) var base: UnsafeMutablePointer<Element>
    public private(set) var count = 0
    public private(set) var capacity: Int

    public init(capacity: Int = 16) {
        self.capacity = Swift.max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    public func free() { base.deallocate() }

    @inline(__always)
    public subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    public mutating func reserve(_ extra: Int) {
        let needed = count + extra
        guard needed > capacity else { return }
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    public mutating func append(_ value: Element) {
        if count == capacity { reserve(1) }
        (base + count).initialize(to: value)
        count += 1
    }

    public mutating func append(contentsOf source: UnsafePointer<Element>, count n: Int) {
        reserve(n)
        (base + count).initialize(from: source, count: n)
        count += n
    }

    public mutating func removeAll() { count = 0 }

    public mutating func removeLast(_ n: Int) { count -= n }
}
