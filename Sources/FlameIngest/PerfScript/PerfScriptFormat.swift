import FlameModel

/// `perf script` text: sample headers, indented frame lines, empty lines
/// between samples. It also takes text no other format recognises, so that
/// unreadable lines get stackcollapse-perf.pl's per-line warnings.
enum PerfScriptFormat: InputFormatReader {
    static let honouredFlags: Set<String> = ["--pid", "--tid", "--kernel", "--jit", "--addrs", "--event-filter", "--skip-after", "--inline", "--srcline"]
    static let name = "perf script"

    static func recognize(_ head: HeadSample) -> Claim {
        if head.isBinary { return .no }
        return head.indentedLines > 0 ? .likely : .fallback
    }

    static func read(_ input: OpenedInput, into profile: Profile, session: LoadSession) throws {
        let options = session.options
        // Source lines belong to the frame line before them, so a block
        // boundary could split a pair: --srcline reads on one thread.
        let threads = options.perfScript.sourceLines ? 1 : options.threads
        let reader = ParallelPerfScriptReader(options: options.perfScript, threads: threads, blockSize: options.blockSize,
                                              diagnostics: session.diagnostics)
        let report = try reader.run(input, into: profile, eventFilter: &session.eventFilter,
                                    defaultedFilter: options.perfScript.eventFilter == nil)
        if profile.unit == nil { profile.unit = "period" }
        try report.warn(session.diagnostics, input: input.name, keptEvent: session.eventFilter)
    }
}
