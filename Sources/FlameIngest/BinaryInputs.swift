import FlameModel

extension ProfileLoader {
    /// Binary formats decode as a whole: pprof protobuf messages, FlameSampler
    /// recordings (whose frames are named `module+0xOFFSET`).
    func loadBinary(_ format: InputFormat, reader: BlockReader, leading: [Block], into profile: Profile, name: String) throws {
        var bytes: [UInt8] = []
        var blocks = BlockSequence(reader: reader, leading: leading)
        while let block = try blocks.next() { bytes.append(contentsOf: block.bytes) }
        switch format {
        case .pprof:
            try PprofReader(options: options.pprof, diagnostics: diagnostics).read(bytes, name: name, into: profile)
        case .flameSampler:
            let recording = try SamplerFileReader.parse(bytes, name: name, diagnostics: diagnostics)
            var builder = SamplerProfileBuilder(resolver: OffsetFrameResolver())
            builder.add(recording, into: profile)
        case .folded, .perfScript:
            preconditionFailure("text formats are read block by block")
        }
    }
}
