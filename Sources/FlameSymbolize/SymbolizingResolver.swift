#if canImport(Glibc)
import Glibc
#endif
import FlameModel

/// FlameSymbolize behind the model's resolver seam: readers ask for a
/// `CodeLocation`, this answers with its inline chain through libdw.
public final class SymbolizingResolver: AddressResolver {
    private let symbolizer: Symbolizer
    private let binaryDirectories: [String]
    private var located: [String: String] = [:]

    public init(options: SymbolizerOptions, binaryDirectories: [String] = [], diagnostics: Diagnostics) {
        var frameOptions = options
        frameOptions.nameStyle = .frame  // C++ named as perf names it: one name per function on every path
        symbolizer = Symbolizer(options: frameOptions) { diagnostics.warnOnce($0) }
        self.binaryDirectories = binaryDirectories
    }

    public func frames(at location: CodeLocation) -> [ResolvedFrame]? {
        let frames: [SymbolFrame]
        switch location.address {
        case .fileOffset(let offset):
            frames = symbolizer.symbolize(path: locate(location.path), expectedBuildID: location.buildID, fileOffset: offset)
        case .perfScript(let address):
            frames = symbolizer.symbolize(path: locate(location.path), perfAddress: address)
        }
        guard !frames.isEmpty, frames.allSatisfy({ $0.function != nil }) else { return nil }
        // The symbolizer lists the innermost frame first; the model's order is outermost first.
        return frames.reversed().map { ResolvedFrame(name: $0.function!, inlined: $0.inlined, file: $0.file, line: $0.line,
                                                  keepsParentheses: $0.swiftName) }
    }

    public func symbol(at location: CodeLocation) -> String? {
        guard case .fileOffset(let offset) = location.address else { return nil }
        return symbolizer.perfSymbol(path: locate(location.path), expectedBuildID: location.buildID, fileOffset: offset)
    }

    /// The first `DIR/basename` that exists (recordings moved from another
    /// machine), else the recorded path; the build-id check still applies.
    private func locate(_ path: String) -> String {
        guard !binaryDirectories.isEmpty else { return path }
        if let known = located[path] { return known }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let found = binaryDirectories.map { "\($0)/\(base)" }.first { access($0, R_OK) == 0 } ?? path
        located[path] = found
        return found
    }
}

/// Makes one `SymbolizingResolver` per reading thread (libdw sessions must
/// not be shared between threads).
public struct SymbolizingResolverFactory: AddressResolverFactory {
    public var options: SymbolizerOptions
    /// Directories searched first for each recorded file, by base name.
    public var binaryDirectories: [String]

    public init(options: SymbolizerOptions = SymbolizerOptions(), binaryDirectories: [String] = []) {
        self.options = options
        self.binaryDirectories = binaryDirectories
    }

    public func makeResolver(diagnostics: Diagnostics) -> AddressResolver {
        SymbolizingResolver(options: options, binaryDirectories: binaryDirectories, diagnostics: diagnostics)
    }
}
