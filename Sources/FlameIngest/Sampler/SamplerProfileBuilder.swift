import FlameModel

/// How FlameSampler recordings become profiles.
public struct SamplerOptions: Sendable {
    /// Names addresses (FlameSymbolize's resolver, wired in by the command
    /// line); nil: `module+0xOFFSET` placeholders, to symbolize later.
    public var resolvers: (any AddressResolverFactory)? = nil

    public init() {}
}

/// Turns a recording into stacks: the thread's name as the root (as perf
/// names its samples), then the frames outermost first; a sample weighs its
/// timer periods (1 plus overruns) and counts as one sample. Stacks cut at the
/// depth limit get a `[truncated]` frame above them, PC-only samples a
/// `[no stack]` frame.
public struct SamplerProfileBuilder {
    let resolver: AddressResolver?

    public init(resolver: AddressResolver?) { self.resolver = resolver }

    public func add(_ recording: SamplerRecording, into profile: Profile) {
        var cache: [UInt64: [UInt32]] = [:]
        var threadFrames: [UInt32: UInt32] = [:]
        var modules: [String: UInt32] = [:]
        let truncatedFrame = profile.frames.intern("[truncated]", kind: .label)
        let noStackFrame = profile.frames.intern("[no stack]", kind: .label)
        var stack: [UInt32] = []
        for sample in recording.samples where !sample.addresses.isEmpty {
            stack.removeAll(keepingCapacity: true)
            if let root = threadFrames[sample.tid] {
                stack.append(root)
            } else {
                var name = recording.threadNames[sample.tid] ?? ""
                if name.isEmpty { name = recording.processName.isEmpty ? "[unknown]" : recording.processName }
                let root = profile.frames.intern(name, kind: .label)
                threadFrames[sample.tid] = root
                stack.append(root)
            }
            if sample.truncated { stack.append(truncatedFrame) }
            if sample.unbounded { stack.append(noStackFrame) }
            for (position, address) in sample.addresses.enumerated().reversed() {
                // A return address minus one lies inside the call instruction.
                let lookup = position == 0 ? address : address &- 1
                if let frames = cache[lookup] {
                    stack.append(contentsOf: frames)
                    continue
                }
                let mapping = recording.mapping(containing: lookup)
                let module = mapping.map { mapping in
                    modules[mapping.path] ?? { let id = profile.frames.internModule(mapping.path); modules[mapping.path] = id; return id }()
                }
                let frames = self.frames(at: lookup, in: mapping).map { profile.frames.intern($0.name, kind: $0.kind, module: module) }
                cache[lookup] = frames
                stack.append(contentsOf: frames)
            }
            profile.stacks.add(stack, weight: UInt64(sample.weight), samples: 1)
        }
    }

    /// Names and kinds, outermost first: the resolver's inline chain, or the
    /// placeholder (`libfoo.so+0xOFFSET`, or the bare address outside files).
    private func frames(at address: UInt64, in mapping: Mapping?) -> [(name: [UInt8], kind: FrameKind)] {
        guard let mapping else { return [(Array("0x\(String(address, radix: 16))".utf8), .unknown)] }
        let location = CodeLocation(mapping, address: address)
        let baseKind: FrameKind = mapping.path == "[vdso]" ? .vdso : .user
        if mapping.isFile, let resolver, let frames = resolver.frames(at: location), !frames.isEmpty {
            return frames.map { frame in
                var name = PerfFrameNames.tidy(Array(frame.name.utf8), cutArguments: !frame.keepsParentheses)
                if frame.inlined { name += Literal.inlined }
                return (name, frame.inlined ? .inlined : baseKind)
            }
        }
        return [(Array(location.placeholder.utf8), .unknown)]
    }
}
