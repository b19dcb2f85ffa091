#if canImport(Glibc)
import Glibc
#endif
import FlameSymbolize

/// How `flame collapse --inline` re-resolves user-space frames of perf script
/// text from the DSO and the address, as stackcollapse-perf.pl's `--inline`
/// does with addr2line, but in-process.
public struct InlineOptions: Sendable {
    /// Append `:file:line` to each resolved frame (stackcollapse-perf.pl's `--context`).
    public var context = false
    public var symbolizer = SymbolizerOptions()

    public init() {}
}

/// Frame names for one perf frame line through the symbolizer: the inline
/// chain, outermost first, inlined callees marked `_[i]`. One per collapser,
/// hence per thread (a libdw session must not be shared between threads).
final class InlineFrameResolver {
    private let options: InlineOptions
    private let symbolizer: Symbolizer

    init(options: InlineOptions) {
        self.options = options
        var symbolizerOptions = options.symbolizer
        symbolizerOptions.nameStyle = .frame  // perf's names for C++: one name per function
        symbolizer = Symbolizer(options: symbolizerOptions) { InlineWarnings.shared.warn($0) }
    }

    /// The names for `pc` in `module`, or nil when the module is not a
    /// user-space file or nothing is known about the address (the caller then
    /// uses perf's own name, as stackcollapse-perf.pl falls back on `??`).
    func names(pc: ArraySlice<UInt8>, module: ArraySlice<UInt8>) -> [[UInt8]]? {
        guard Self.isUserFile(module), let address = Self.hex(pc) else { return nil }
        let frames = symbolizer.symbolize(path: String(decoding: module, as: UTF8.self), perfAddress: address)
        guard !frames.isEmpty, frames.allSatisfy({ $0.function != nil }) else { return nil }
        var names: [[UInt8]] = []
        names.reserveCapacity(frames.count)
        for frame in frames.reversed() {
            var name = PerfFrameNames.tidy(Array(frame.function!.utf8), cutArguments: !frame.swiftName)
            if frame.inlined { name += Array("_[i]".utf8) }
            if options.context, let file = frame.file {
                let base = file.split(separator: "/").last.map(String.init) ?? file
                name += Array(":\(base):\(frame.line)".utf8)
            }
            names.append(name)
        }
        return names
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

/// One warning per module for the whole run, whichever thread meets it first.
final class InlineWarnings: @unchecked Sendable {
    static let shared = InlineWarnings()
    private let monitor = Monitor()
    private var seen: Set<String> = []

    func warn(_ message: String) {
        let first = monitor.locked { seen.insert(message).inserted }
        guard first else { return }
        let line = "flame: warning: \(message)\n"
        _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    }
}
