import FlameModel

/// Folded stacks, `root;caller;leaf COUNT`: what collapse writes and every
/// flame graph tool reads. Recognised when most content lines of the head
/// parse as folded and none is indented like a perf frame line.
enum FoldedFormat: InputFormatReader {
    static let honouredFlags: Set<String> = []
    static let name = "folded"

    static func recognize(_ head: HeadSample) -> Claim {
        guard !head.isBinary, head.indentedLines == 0, head.foldedLines > 0 else { return .no }
        return head.foldedLines * 2 >= head.contentLines ? .certain : .no
    }

    static func read(_ input: OpenedInput, into profile: Profile, session: LoadSession) throws {
        let folded = FoldedReader(profile: profile)
        var blocks = input.blocks
        try blocks.feedAll { folded.feed($0, firstLine: $1) }
        folded.badLines.report(to: session.diagnostics, input: input.name, what: "not a folded line (stack COUNT)")
    }
}
