#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folded text of a profile's stacks (frame names joined with ';'),
/// compared and written straight from the frame table: no stack's text is ever
/// built in full to be sorted. Sorted neighbours share long runs of frames,
/// which compare as ids; bytes are compared only from the first frame that
/// differs, so the order is the bytewise order of the text (Perl's `cmp`).
struct StackText {
    private let stacks: StackTable
    private let frames: FrameTable

    init(_ profile: Profile) {
        stacks = profile.stacks
        frames = profile.frames
    }

    /// Stack indices in the bytewise order of their text.
    func sortedOrder() -> [Int] {
        var order = Array(0 ..< stacks.count)
        order.sort { compare($0, $1) < 0 }
        return order
    }

    /// Appends the text of stack `index` to `line`.
    func append(_ index: Int, to line: inout GrowableBuffer<UInt8>) {
        let ids = stacks.frames(of: index)
        for (k, id) in ids.enumerated() {
            if k > 0 { line.append(UInt8(ascii: ";")) }
            let name = frames[id]
            if let base = name.baseAddress, name.count > 0 {
                line.append(contentsOf: base.assumingMemoryBound(to: UInt8.self), count: name.count)
            }
        }
    }

    /// The sign of the bytewise comparison of the texts of stacks `a` and `b`.
    func compare(_ a: Int, _ b: Int) -> Int {
        let fa = stacks.frames(of: a), fb = stacks.frames(of: b)
        let shared = min(fa.count, fb.count)
        var k = 0
        while k < shared, fa[k] == fb[k] { k += 1 }
        // Same frames so far: the text of the shorter stack is a prefix of the other's.
        if k == shared { return fa.count == fb.count ? 0 : (fa.count < fb.count ? -1 : 1) }
        var x = Cursor(fa, k, frames), y = Cursor(fb, k, frames)
        while true {
            let m = min(x.left, y.left)
            if m > 0 {
                let c = memcmp(x.at, y.at, m)
                if c != 0 { return c < 0 ? -1 : 1 }
                x.offset += m
                y.offset += m
                continue
            }
            // One name has ended: its next byte is ';' or the end of the text
            // (-1, below every byte), and the other's may be anything.
            let bx = x.peek, by = y.peek
            if bx != by { return bx < by ? -1 : 1 }
            if bx < 0 { return 0 }
            x.advance(frames)
            y.advance(frames)
        }
    }

    /// A position in the text of one stack, from frame `frame` on.
    private struct Cursor {
        let ids: UnsafeBufferPointer<UInt32>
        var frame: Int
        var name: UnsafeRawBufferPointer
        var offset = 0

        init(_ ids: UnsafeBufferPointer<UInt32>, _ frame: Int, _ frames: FrameTable) {
            self.ids = ids
            self.frame = frame
            name = frames[ids[frame]]
        }

        /// Bytes left in the current name.
        var left: Int { name.count - offset }
        var at: UnsafeRawPointer { name.baseAddress! + offset }

        /// The next byte of the text, or -1 at its end.
        var peek: Int {
            if offset < name.count { return Int(name[offset]) }
            return frame + 1 < ids.count ? Int(UInt8(ascii: ";")) : -1
        }

        /// Steps over the byte `peek` returned (not -1).
        mutating func advance(_ frames: FrameTable) {
            if offset < name.count {
                offset += 1
            } else {
                frame += 1
                name = frames[ids[frame]]
                offset = 0
            }
        }
    }
}
