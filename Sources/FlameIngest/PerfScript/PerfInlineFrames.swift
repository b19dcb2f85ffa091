import FlameModel

/// How `flame collapse --inline` re-resolves user-space frames of perf script
/// text from the DSO and the address, as stackcollapse-perf.pl's `--inline`
/// does with addr2line, but in-process through an `AddressResolver`.
public struct InlineOptions: Sendable {
    /// Append `:file:line` to each resolved frame (stackcollapse-perf.pl's `--context`).
    public var context = false
    /// Makes one resolver per collapsing thread (FlameSymbolize's, wired in
    /// by the command line).
    public var resolvers: any AddressResolverFactory

    public init(resolvers: any AddressResolverFactory, context: Bool = false) {
        self.resolvers = resolvers
        self.context = context
    }
}

/// Frame names for one perf frame line through a resolver: the inline chain,
/// outermost first, inlined callees marked `_[i]`. One per collapser, hence
/// per thread.
final class PerfInlineFrames {
    private let options: InlineOptions
    private let resolver: AddressResolver

    init(options: InlineOptions, diagnostics: Diagnostics) {
        self.options = options
        resolver = options.resolvers.makeResolver(diagnostics: diagnostics)
    }

    /// The names and kinds for `pc` in `module`, or nil when the module is
    /// not a user-space file or nothing is known about the address (the
    /// caller then uses perf's own name, as stackcollapse-perf.pl falls back
    /// on `??`).
    func names(pc: ArraySlice<UInt8>, module: ArraySlice<UInt8>) -> (names: [[UInt8]], kinds: [FrameKind])? {
        guard Self.isUserFile(module), let address = Self.hex(pc) else { return nil }
        let location = CodeLocation(path: String(decoding: module, as: UTF8.self), address: .perfScript(address))
        guard let frames = resolver.frames(at: location), !frames.isEmpty else { return nil }
        var names: [[UInt8]] = []
        names.reserveCapacity(frames.count)
        for frame in frames {
            var name = PerfFrameNames.tidy(Array(frame.name.utf8))
            if frame.inlined { name += Literal.inlined }
            if options.context, let file = frame.file {
                let base = file.split(separator: "/").last.map(String.init) ?? file
                name += Array(":\(base):\(frame.line)".utf8)
            }
            names.append(name)
        }
        return (names, frames.map { $0.inlined ? .inlined : .user })
    }

    /// Not `[kernel.kallsyms]`, `[vdso]`, `[unknown]`, `/tmp/perf-PID.map` or
    /// other pseudo files: stackcollapse-perf.pl's `(perf-\d+.map|kernel\.|\[[^\]]+\])`,
    /// and only absolute paths (there is nothing to open otherwise).
    static func isUserFile(_ module: ArraySlice<UInt8>) -> Bool {
        guard module.first == UInt8(ascii: "/") else { return false }
        if PerfFrameNames.isPerfMap(module) || Bytes.contains(Array("kernel.".utf8), in: module) { return false }
        if let open = module.firstIndex(of: UInt8(ascii: "[")),
           let close = module[(open + 1)...].firstIndex(of: UInt8(ascii: "]")), close > open + 1 { return false }
        return true
    }

    static func hex(_ text: ArraySlice<UInt8>) -> UInt64? {
        guard !text.isEmpty, text.count <= 16 else { return nil }
        var value: UInt64 = 0
        for c in text {
            let digit: UInt8
            switch c {
            case 48 ... 57: digit = c - 48
            case 97 ... 102: digit = c - 87
            case 65 ... 70: digit = c - 55
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }
}
