/// The first bytes of an input and what their lines look like, computed once
/// and shared by every format's `recognize`. Text formats are told apart by
/// more than one line: up to 64 content lines are classified, so one bad
/// first line cannot turn a folded file into perf script (or back).
struct HeadSample {
    /// The first 64 KiB, for formats that recognise a magic or a structure.
    let bytes: UnsafeRawBufferPointer
    /// Lines that are neither empty nor comments, among the first 64.
    private(set) var contentLines = 0
    /// Content lines that start with a blank: perf script's frame lines.
    private(set) var indentedLines = 0
    /// Content lines that parse as `stack COUNT`.
    private(set) var foldedLines = 0
    /// The bytes are not text: a NUL, or many control bytes.
    private(set) var isBinary = false

    /// Classifies the lines of `block` (a whole first block, so that a first
    /// line longer than 64 KiB does not hide the lines after it).
    init(_ block: UnsafeRawBufferPointer) {
        bytes = UnsafeRawBufferPointer(rebasing: block.prefix(1 << 16))
        isBinary = Self.looksBinary(bytes)
        guard !isBinary else { return }
        let text = block.bindMemory(to: UInt8.self)
        var start = 0
        while start < text.count, contentLines < 64 {
            var end = start
            while end < text.count, text[end] != 10 { end += 1 }
            // A line cut by the end of the block is judged only if it is the first.
            if end == text.count, contentLines > 0, end - start > 0 { break }
            let line = UnsafeBufferPointer(rebasing: text[start ..< end])
            start = end + 1
            if Lines.isBlankOrComment(line) { continue }
            contentLines += 1
            if PerfScriptSyntax.isSpace(line[0]) { indentedLines += 1 }
            else if FoldedSyntax.split(line) != nil { foldedLines += 1 }
        }
    }

    /// Nothing but blank and comment lines so far: read further to decide.
    var isUndecided: Bool { !isBinary && contentLines == 0 }

    /// A NUL, or more than one control byte in ten, among the first 4 KiB.
    static func looksBinary(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var control = 0
        for b in bytes.prefix(4096) {
            if b == 0 { return true }
            if b < 0x20 && b != 9 && b != 10 && b != 13 { control += 1 }
        }
        return control * 10 > min(bytes.count, 4096)
    }
}

/// An input whose format is known: its name, the blocks read while sniffing
/// and the reader for the rest.
struct OpenedInput {
    let name: String
    /// The descriptor the input is read from (-1: unknown), for formats
    /// that map a regular file instead of reading it (perf.data).
    var fd: Int32 = -1
    let reader: BlockReader
    let leading: [Block]
    /// The number of the first line of `leading` (blank lines before it were
    /// dropped while sniffing, so that they cannot fill memory).
    let firstLine: Int

    var blocks: BlockSequence { BlockSequence(reader: reader, leading: leading, firstLine: firstLine) }

    /// The whole input in memory, for formats that decode as a whole (pprof,
    /// FlameSampler files). Their decoded form takes a few times the bytes,
    /// so they are refused past `wholeInputLimit` (or `--max-input-bytes`)
    /// with an error rather than left to exhaust memory.
    func readAll(limit: UInt64? = nil) throws -> [UInt8] {
        let limit = limit ?? Self.wholeInputLimit
        var bytes: [UInt8] = []
        var blocks = self.blocks
        while let block = try blocks.next() {
            bytes.append(contentsOf: block.bytes)
            if UInt64(bytes.count) > limit {
                throw InputError(input: name, reason: "more than \(limit) bytes (after decompression) of a format read whole; refused (raise the bound with --max-input-bytes)")
            }
        }
        return bytes
    }

    /// 1 GiB: real pprof profiles and sampler files are far smaller.
    static let wholeInputLimit: UInt64 = 1 << 30
}
