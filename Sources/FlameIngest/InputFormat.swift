/// The formats flame reads, told apart by content, never by file name.
public enum InputFormat: Sendable, Equatable {
    case perfScript
    case folded
    /// pprof's profile.proto (binary protobuf; gzip is undone before sniffing).
    case pprof
    /// FlameSampler's recording (docs/sampler-format.md), by its magic.
    case flameSampler
    /// perf record's binary perf.data (file or pipe mode), by its magic.
    case perfData

    /// Looks at the first lines: `perf script` output has indented frame lines
    /// under each sample header; folded input is `frames COUNT` lines with no
    /// indentation. Nil when `head` holds no content line (only comments or
    /// empty lines): the caller looks further.
    static func sniff(_ head: UnsafeRawBufferPointer) -> InputFormat? {
        if SamplerFileReader.looksLikeSamplerFile(head) { return .flameSampler }
        if PerfDataReader.looksLikePerfData(head) { return .perfData }
        if PprofSniffer.looksLikeProfile(head) { return .pprof }
        var sawFoldedLine = false
        var contentLines = 0
        var start = 0
        let bytes = head.bindMemory(to: UInt8.self)
        while start < bytes.count, contentLines < 64 {
            var end = start
            while end < bytes.count, bytes[end] != 10 { end += 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[start ..< end])
            start = end + 1
            guard let first = line.first, first != UInt8(ascii: "#") else { continue }
            contentLines += 1
            if PerfScriptSyntax.isSpace(first) { return .perfScript }
            if contentLines == 1 { sawFoldedLine = FoldedSyntax.split(line) != nil }
        }
        if contentLines == 0 { return nil }
        return sawFoldedLine ? .folded : .perfScript
    }
}
