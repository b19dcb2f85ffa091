import FlameModel
#if canImport(Glibc)
import Glibc
#endif

/// Folded stacks keyed by their whole text, each line hashed once and no
/// frame interned: what pairing two profiles stack by stack needs
/// (`flame diff --folded` with exact names, as difffolded.pl pairs them).
public struct StackTexts {
    /// One key per distinct stack text, over all columns.
    public let keys = ByteKeyTable(capacity: 1 << 14)
    /// Per column (one per group of inputs), the summed count of each key;
    /// 0 where the column has no such stack.
    public internal(set) var counts: [[UInt64]]

    public init(columns: Int) { counts = Array(repeating: [], count: columns) }

    mutating func add(_ id: Int, _ count: UInt64, column: Int) {
        while counts[column].count <= id { counts[column].append(0) }
        counts[column][id] = counts[column][id].addingSaturated(count)
    }

    /// Pads every column to the number of keys.
    mutating func finish() {
        for column in counts.indices where counts[column].count < keys.count {
            counts[column] += Array(repeating: 0, count: keys.count - counts[column].count)
        }
    }
}

extension ProfileLoader {
    /// Reads each group of folded inputs into its column of one table of
    /// stack texts, so stacks common to several groups are stored once; nil
    /// when an input is anything else (perf script, pprof, differential
    /// folded), for which the caller loads a profile instead.
    public func loadStackTexts(_ groups: [[InputSource]]) throws -> StackTexts? {
        var texts = StackTexts(columns: groups.count)
        for (column, inputs) in groups.enumerated() {
            guard try load(inputs, into: &texts, column: column) else { return nil }
        }
        texts.finish()
        return texts
    }

    private func load(_ inputs: [InputSource], into texts: inout StackTexts, column: Int) throws -> Bool {
        for source in inputs.isEmpty ? [.standardInput] : inputs {
            let fd = try source.open()
            defer { if fd > 2 { close(fd) } }
            let reader = try BlockReader(fd: fd, name: source.displayName, blockSize: options.blockSize)
            guard let (input, head) = try sniff(reader, name: source.displayName, fd: fd) else { continue }
            guard !DifferentialSyntax.looksDifferential(head.bytes), InputFormats.recognize(head) == FoldedFormat.self else { return false }
            var badLines = BadLines()
            var blocks = input.blocks
            try blocks.feedAll { block, firstLine in
                Lines.forEach(in: block, firstLine: firstLine) { text, number in
                    if Lines.isBlankOrComment(text) { return }
                    guard let (stack, count) = FoldedSyntax.split(text) else { return badLines.record(text, line: number) }
                    texts.add(Int(texts.keys.intern(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(text)[stack]))), count, column: column)
                }
            }
            badLines.report(to: diagnostics, input: source.displayName, what: "not a folded line (stack COUNT)")
        }
        return true
    }
}
