import FlameModel

/// Names the code at an address of a sampler recording. The default names
/// `module+0xOFFSET`; a symbolizer (FlameSymbolize) plugs in here.
public protocol SamplerFrameResolver {
    /// Frames for the code at `address` (a PC, or a return address minus one,
    /// so that it falls inside the call), outermost first when inlined calls
    /// expand to several. `mapping` is the file mapping holding it, if any,
    /// with the file's path, build-id and load base: what a symbolizer needs
    /// (FlameSymbolize: `ModuleSpec(path:expectedBuildID:loadBase:)`).
    mutating func frames(at address: UInt64, in mapping: SamplerRecording.Mapping?) -> [String]
}

/// `libfoo.so+0x1a2b`: the file's base name and the offset in the file, what a
/// symbolizer needs later; `0x7ffc1234` for addresses outside any file.
public struct OffsetFrameResolver: SamplerFrameResolver {
    public init() {}

    public func frames(at address: UInt64, in mapping: SamplerRecording.Mapping?) -> [String] {
        guard let mapping else { return ["0x" + String(address, radix: 16)] }
        let base = mapping.path.split(separator: "/").last.map(String.init) ?? mapping.path
        return [base + "+0x" + String(mapping.fileOffset(of: address), radix: 16)]
    }
}

/// Turns a recording into folded stacks: the thread's name as the root (as
/// perf names its samples), then the frames outermost first; a sample counts
/// its weight (timer periods). Stacks cut at the depth limit get a
/// `[truncated]` frame above them, PC-only samples a `[no stack]` frame.
public struct SamplerProfileBuilder<Resolver: SamplerFrameResolver> {
    public var resolver: Resolver

    public init(resolver: Resolver) { self.resolver = resolver }

    public mutating func add(_ recording: SamplerRecording, into profile: Profile) {
        var cache: [UInt64: [UInt32]] = [:]
        var threadFrames: [UInt32: UInt32] = [:]
        let truncatedFrame = profile.frames.intern("[truncated]")
        let noStackFrame = profile.frames.intern("[no stack]")
        var stack: [UInt32] = []
        for sample in recording.samples where !sample.addresses.isEmpty {
            stack.removeAll(keepingCapacity: true)
            if let root = threadFrames[sample.tid] {
                stack.append(root)
            } else {
                var name = recording.threadNames[sample.tid] ?? ""
                if name.isEmpty { name = recording.processName.isEmpty ? "[unknown]" : recording.processName }
                let root = profile.frames.intern(name)
                threadFrames[sample.tid] = root
                stack.append(root)
            }
            if sample.truncated { stack.append(truncatedFrame) }
            if sample.unbounded { stack.append(noStackFrame) }
            for (position, address) in sample.addresses.enumerated().reversed() {
                let lookup = position == 0 ? address : address &- 1
                if let frames = cache[lookup] {
                    stack.append(contentsOf: frames)
                } else {
                    let names = resolver.frames(at: lookup, in: recording.mapping(containing: lookup))
                    let frames = names.map { profile.frames.intern($0) }
                    cache[lookup] = frames
                    stack.append(contentsOf: frames)
                }
            }
            profile.stacks.add(stack, count: UInt64(sample.weight))
        }
    }
}
