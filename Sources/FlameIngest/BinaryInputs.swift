import FlameModel

extension ProfileLoader {
    /// Binary formats decode as a whole: pprof protobuf messages, FlameSampler
    /// recordings (named through the sampler options' resolver, if any).
    func loadBinary(_ format: InputFormat, reader: BlockReader, leading: [Block], into profile: Profile, name: String) throws {
        var bytes: [UInt8] = []
        var blocks = BlockSequence(reader: reader, leading: leading)
        while let block = try blocks.next() { bytes.append(contentsOf: block.bytes) }
        switch format {
        case .pprof:
            try PprofReader(options: options.pprof, diagnostics: diagnostics).read(bytes, name: name, into: profile)
        case .flameSampler:
            let recording = try SamplerFileReader.parse(bytes, name: name, diagnostics: diagnostics)
            let resolver = options.sampler.resolvers?.makeResolver(diagnostics: diagnostics)
            SamplerProfileBuilder(resolver: resolver).add(recording, into: profile)
        case .folded, .perfScript, .perfData:
            preconditionFailure("text formats are read block by block")
        }
    }
}
