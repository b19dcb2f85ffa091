#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FlameModel

/// Splitting a block of bytes into lines, shared by every text reader.
enum Lines {
    /// Calls `body` with each line of `block` (without its newline) and its
    /// number, counting from `firstLine`; returns how many lines there were.
    /// The last line may lack a newline.
    @inline(__always) @discardableResult
    static func forEach(in block: UnsafeRawBufferPointer, firstLine: Int,
                        _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) -> Int {
        guard var p = block.baseAddress?.assumingMemoryBound(to: UInt8.self), block.count > 0 else { return 0 }
        let end = p + block.count
        var number = firstLine
        while p < end {
            let newline = memchr(p, 10, end - p).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) } ?? end
            body(UnsafeBufferPointer(start: p, count: newline - p), number)
            number += 1
            p = newline + 1
        }
        return number - firstLine
    }

    /// Where the first line that is neither blank nor a comment starts in
    /// `block`; nil when there is none (a line cut by the block's end counts
    /// as content: its rest may be anything).
    static func firstContentLine(in block: UnsafeRawBufferPointer) -> Int? {
        let bytes = block.bindMemory(to: UInt8.self)
        var start = 0
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: 10) else { return start }
            if !isBlankOrComment(UnsafeBufferPointer(rebasing: bytes[start ..< newline])) { return start }
            start = newline + 1
        }
        return nil
    }

    /// Whether a folded-format reader skips the line: empty, a comment, or a
    /// lone carriage return.
    @inline(__always)
    static func isBlankOrComment(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.first else { return true }
        return first == UInt8(ascii: "#") || (line.count == 1 && first == 13)
    }
}

/// The lines a reader could not read: the first few with their numbers, and
/// how many in all, for one warning each plus a count.
struct BadLines {
    private(set) var kept: [(line: Int, text: [UInt8])] = []
    private(set) var count = 0

    mutating func record(_ text: UnsafeBufferPointer<UInt8>, line: Int) {
        count += 1
        if kept.count < CollapseReport.keptLines { kept.append((line, Array(text.prefix(160)))) }
    }

    /// Warns about each kept line as "`input`:LINE: `what`: text", then the rest as a count.
    func report(to diagnostics: Diagnostics, input: String, what: String) {
        for bad in kept {
            diagnostics.warn("\(input):\(bad.line): \(what): \(Diagnostics.excerpt(bad.text))")
        }
        if count > kept.count {
            diagnostics.warn("\(input): \(count - kept.count) more lines of the same kind (\(what))")
        }
    }
}
