#if canImport(Glibc)
import Glibc
#endif
import FlameSymbolize

/// How FlameSampler recordings are symbolized when loaded.
public struct SamplerOptions: Sendable {
    /// Resolve addresses with FlameSymbolize; off: `module+0xOFFSET` frames.
    public var symbolize = true
    public var symbolizer = SymbolizerOptions()
    /// Directories searched first for each recorded file, by base name (for
    /// recordings made on another machine or moved binaries); the recorded
    /// build-id still has to match.
    public var binaryDirectories: [String] = []

    public init() {}
}

/// Names sampler frames through FlameSymbolize: the module is the recorded
/// file, its build-id and load base; an address yields its inline chain,
/// outermost first with inlined callees marked `_[i]`, names tidied as perf
/// frames are (so the two profiles of one run compare frame by frame).
/// Addresses nothing is known about keep the `module+0xOFFSET` form.
public struct SymbolizingSamplerResolver: SamplerFrameResolver {
    private let symbolizer: Symbolizer
    private let binaryDirectories: [String]
    private var located: [String: String] = [:]

    public init(options: SamplerOptions, warn: @escaping (String) -> Void) {
        var symbolizerOptions = options.symbolizer
        symbolizerOptions.nameStyle = .frame  // perf's names for C++: one name per function
        symbolizer = Symbolizer(options: symbolizerOptions, warningHandler: warn)
        binaryDirectories = options.binaryDirectories
    }

    public mutating func frames(at address: UInt64, in mapping: SamplerRecording.Mapping?) -> [String] {
        guard let mapping, mapping.path.hasPrefix("/"), let base = mapping.loadBase else {
            return OffsetFrameResolver().frames(at: address, in: mapping)
        }
        let module = ModuleSpec(path: locate(mapping.path), expectedBuildID: mapping.buildID.isEmpty ? nil : mapping.buildID,
                                loadBase: base)
        let frames = symbolizer.symbolize(module, address: address)
        guard !frames.isEmpty, frames.allSatisfy({ $0.function != nil }) else {
            return OffsetFrameResolver().frames(at: address, in: mapping)
        }
        return frames.reversed().map { frame in
            var name = PerfFrameNames.tidy(Array(frame.function!.utf8), cutArguments: !frame.swiftName)
            if frame.inlined { name += Array("_[i]".utf8) }
            return String(decoding: name, as: UTF8.self)
        }
    }

    /// The first `DIR/basename` that exists, else the recorded path.
    private mutating func locate(_ path: String) -> String {
        if let known = located[path] { return known }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let found = binaryDirectories.map { "\($0)/\(base)" }.first { access($0, R_OK) == 0 } ?? path
        located[path] = found
        return found
    }
}
