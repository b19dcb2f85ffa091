import FlameModel

/// pprof's profile.proto (gzip is undone before recognising).
enum PprofFormat: InputFormatReader {
    static let honouredFlags: Set<String> = ["--sample-index"]
    static let name = "pprof"

    static func recognize(_ head: HeadSample) -> Claim {
        PprofSniffer.looksLikeProfile(head.bytes) ? .certain : .no
    }

    static func read(_ input: OpenedInput, into profile: Profile, session: LoadSession) throws {
        let bytes = try input.readAll()
        try PprofReader(options: session.options.pprof, diagnostics: session.diagnostics).read(bytes, name: input.name, into: profile)
    }
}
