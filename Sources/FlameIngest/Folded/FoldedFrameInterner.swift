#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FlameModel

/// Interns the frames of folded stacks line after line, reusing the ids of
/// the frames a line shares with the line before it.
///
/// Folded input is nearly always sorted, so neighbouring lines share most of
/// their frames (`a;b;c 5` then `a;b;d 3`). One comparison of the two lines'
/// bytes finds that shared prefix; only the frames after it are hashed and
/// looked up. Ids are the ones full interning would give: a frame is the same
/// bytes between the same separators, and new frames still get their ids in
/// first-seen order.
struct FoldedFrameInterner {
    /// The frame ids of the current line, root first.
    private(set) var ids = GrowableBuffer<UInt32>(capacity: 256)
    /// The current line's stack text followed by one `;`, so that every frame,
    /// the last too, ends at a separator.
    private var text = GrowableBuffer<UInt8>(capacity: 1 << 12)
    /// For each frame of the current line, the offset of the `;` after it.
    private var ends = GrowableBuffer<Int>(capacity: 256)

    func free() {
        ids.free()
        text.free()
        ends.free()
    }

    /// How a line's stack text compares with the previous line's, bytewise.
    enum Order {
        /// Greater (or the first line): in sorted input, a stack not seen yet.
        case ascending
        /// The same stack.
        case repeated
        /// Smaller: the input is not sorted.
        case descending
    }

    /// Interns the `;`-separated frames of `line[stack]` into `frames`; the
    /// ids are then in `ids`. Returns how the line compares with the previous one.
    @discardableResult
    mutating func intern(_ line: UnsafeBufferPointer<UInt8>, _ stack: Range<Int>, into frames: FrameTable) -> Order {
        let new = line.baseAddress! + stack.lowerBound
        let count = stack.count
        let common = Self.commonPrefix(new, text.base, min(count, text.count))
        let order = Self.order(new, count, previous: text, common: common)
        // Frames of the previous line whose `;` lies inside the common prefix
        // are frames of this line too; so is one that ends exactly where this
        // line ends.
        var kept = 0
        while kept < ends.count, ends[kept] < common { kept += 1 }
        if common == count, kept < ends.count, ends[kept] == count { kept += 1 }
        ids.removeLast(ids.count - kept)
        ends.removeLast(ends.count - kept)
        var frameStart = kept == 0 ? 0 : ends[kept - 1] + 1
        text.removeLast(text.count - min(frameStart, text.count))
        guard frameStart <= count else { return order }
        text.append(contentsOf: new + frameStart, count: count - frameStart)
        text.append(UInt8(ascii: ";"))
        let bytes = UnsafeRawPointer(text.base)
        // memchr finds each separator many bytes at a time; the `;` appended
        // above ends the search at the last frame.
        while frameStart <= count {
            let i = bytes.distance(to: memchr(bytes + frameStart, Int32(UInt8(ascii: ";")), count + 1 - frameStart)!)
            ids.append(frames.intern(UnsafeRawBufferPointer(start: bytes + frameStart, count: i - frameStart)))
            ends.append(i)
            frameStart = i + 1
        }
        return order
    }

    /// The order of `new[0..<count]` against the previous text (which ends in
    /// the `;` this type appends, absent before the first line), given the
    /// length of their common prefix.
    @inline(__always)
    static func order(_ new: UnsafePointer<UInt8>, _ count: Int, previous: GrowableBuffer<UInt8>, common: Int) -> Order {
        guard previous.count > 0 else { return .ascending }
        let previousCount = previous.count - 1
        if common < min(count, previousCount) { return new[common] > previous[common] ? .ascending : .descending }
        if count == previousCount { return .repeated }
        return count > previousCount ? .ascending : .descending
    }

    /// The length of the longest common prefix of `a[0..<n]` and `b[0..<n]`.
    @inline(__always)
    static func commonPrefix(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Int {
        let a = UnsafeRawPointer(a), b = UnsafeRawPointer(b)
        var i = 0
        while i + 8 <= n {
            let x = a.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if x != 0 { return i + UInt64(littleEndian: x).trailingZeroBitCount / 8 }
            i += 8
        }
        while i < n, a.load(fromByteOffset: i, as: UInt8.self) == b.load(fromByteOffset: i, as: UInt8.self) { i += 1 }
        return i
    }
}
