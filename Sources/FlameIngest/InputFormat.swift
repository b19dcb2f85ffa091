import FlameModel

/// One input format flame reads. Each lives in its own folder (`PerfScript/`,
/// `Folded/`, `Pprof/`, `Sampler/`, ...) with a type conforming to this, and
/// takes one line in `InputFormats.all`: a new format is one folder plus one
/// line.
protocol InputFormatReader {
    /// How messages name the format.
    static var name: String { get }
    /// How strongly the first bytes of an input (decompressed, up to 64 KiB)
    /// say they are this format; the highest claim reads the input.
    static func recognize(_ head: HeadSample) -> Claim
    /// Reads all of `input` into `profile`.
    static func read(_ input: OpenedInput, into profile: Profile, session: LoadSession) throws
    /// The command-line flags (as `LoadOptions.flagsSet` names them) this
    /// format acts on; the loader warns about the others a user gave.
    static var honouredFlags: Set<String> { get }
}

/// How strongly a format claims an input.
enum Claim: Int, Comparable {
    case no = 0
    /// Text that no format recognises: perf script's reader takes it and
    /// warns line by line, as stackcollapse-perf.pl would.
    case fallback
    case likely
    /// A magic number or a structure no other format has.
    case certain

    static func < (a: Claim, b: Claim) -> Bool { a.rawValue < b.rawValue }
}

/// The registry, in order of preference when claims tie.
enum InputFormats {
    static let all: [any InputFormatReader.Type] = [
        SamplerFormat.self,
        PprofFormat.self,
        FoldedFormat.self,
        PerfScriptFormat.self,
    ]

    /// The format that claims `head` most strongly; nil when none does.
    static func recognize(_ head: HeadSample) -> (any InputFormatReader.Type)? {
        var best: (any InputFormatReader.Type)? = nil
        var bestClaim = Claim.no
        for format in all {
            let claim = format.recognize(head)
            if claim > bestClaim { best = format; bestClaim = claim }
        }
        return best
    }
}
