import FlameModel

/// perf record's binary perf.data, file or pipe mode, by its magic.
enum PerfDataFormat: InputFormatReader {
    static let name = "perf.data"
    static let honouredFlags: Set<String> = ["--pid", "--tid", "--kernel", "--jit", "--addrs", "--event-filter", "--skip-after", "--inline"]

    static func recognize(_ head: HeadSample) -> Claim {
        PerfDataReader.looksLikePerfData(head.bytes) ? .certain : .no
    }

    static func read(_ input: OpenedInput, into profile: Profile, session: LoadSession) throws {
        let options = session.options
        let reader = PerfDataReader(name: input.name, options: options.perfScript, dataOptions: options.perfData,
                                    threads: options.threads, eventFilter: session.eventFilter, diagnostics: session.diagnostics)
        try reader.read(input, into: profile)
        session.eventFilter = reader.keptEvent
        if profile.unit == nil { profile.unit = "period" }
    }
}
