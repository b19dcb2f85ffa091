import FlameModel

/// FlameSampler recordings (docs/sampler-format.md), by their magic; named
/// through the sampler options' resolver when one is given.
enum SamplerFormat: InputFormatReader {
    static let honouredFlags: Set<String> = []
    static let name = "FlameSampler"

    static func recognize(_ head: HeadSample) -> Claim {
        SamplerFileReader.looksLikeSamplerFile(head.bytes) ? .certain : .no
    }

    static func read(_ input: OpenedInput, into profile: Profile, session: LoadSession) throws {
        let recording = try SamplerFileReader.parse(try input.readAll(), name: input.name, diagnostics: session.diagnostics)
        let resolver = session.options.sampler.resolvers?.makeResolver(diagnostics: session.diagnostics)
        SamplerProfileBuilder(resolver: resolver).add(recording, into: profile)
        if profile.unit == nil { profile.unit = "samples" }
    }
}
