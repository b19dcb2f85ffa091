import FlameModel

extension ProfileLoader {
    /// Binary formats decode as a whole: pprof protobuf messages, FlameSampler
    /// recordings (symbolized through FlameSymbolize unless disabled).
    func loadBinary(_ format: InputFormat, reader: BlockReader, leading: [Block], into profile: Profile, name: String) throws {
        var bytes: [UInt8] = []
        var blocks = BlockSequence(reader: reader, leading: leading)
        while let block = try blocks.next() { bytes.append(contentsOf: block.bytes) }
        switch format {
        case .pprof:
            try PprofReader(options: options.pprof, diagnostics: diagnostics).read(bytes, name: name, into: profile)
        case .flameSampler:
            let recording = try SamplerFileReader.parse(bytes, name: name, diagnostics: diagnostics)
            if options.sampler.symbolize {
                let diagnostics = self.diagnostics
                var builder = SamplerProfileBuilder(resolver: SymbolizingSamplerResolver(options: options.sampler) {
                    diagnostics.warn("\(name): \($0)")
                })
                builder.add(recording, into: profile)
            } else {
                var builder = SamplerProfileBuilder(resolver: OffsetFrameResolver())
                builder.add(recording, into: profile)
            }
        case .folded, .perfScript:
            preconditionFailure("text formats are read block by block")
        }
    }
}
