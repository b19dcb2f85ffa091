/// A loaded (or loadable) ELF file: where it is, which build it must be, and
/// where it was mapped.
public struct ModuleSpec: Hashable, Sendable {
    /// Path of the ELF file (executable or shared library).
    public var path: String
    /// The build-id recorded with the profile; when given, a file with another
    /// build-id is not used.
    public var expectedBuildID: [UInt8]?
    /// Runtime address of the module's first mapping with file offset 0 (its
    /// load base), or 0 when addresses are the file's own virtual addresses.
    public var loadBase: UInt64

    public init(path: String, expectedBuildID: [UInt8]? = nil, loadBase: UInt64 = 0) {
        self.path = path
        self.expectedBuildID = expectedBuildID
        self.loadBase = loadBase
    }
}

/// One frame of a symbolized address. An address yields its frames innermost
/// first: inlined callees before the function they were inlined into.
public struct SymbolFrame: Hashable, Sendable {
    /// Demangled (unless disabled) function name; nil when unknown.
    public var function: String?
    /// Source file, nil when unknown.
    public var file: String?
    /// Line and column, 0 when unknown.
    public var line: Int
    public var column: Int
    /// This frame was inlined into the next (outer) one.
    public var inlined: Bool
    /// For names from the ELF symbol table (code without DWARF): the distance
    /// from the symbol's start, as eu-addr2line prints it (`name+0x32`).
    public var symbolOffset: UInt64?
    /// The name was demangled from a Swift symbol by flame: its parentheses
    /// hold argument labels (`main(_:)` and `main()` are two functions), so
    /// they must not be cut as perf script's argument lists are.
    public var swiftName: Bool

    public init(function: String?, file: String? = nil, line: Int = 0, column: Int = 0,
                inlined: Bool = false, symbolOffset: UInt64? = nil, swiftName: Bool = false) {
        self.swiftName = swiftName
        self.function = function
        self.file = file
        self.line = line
        self.column = column
        self.inlined = inlined
        self.symbolOffset = symbolOffset
    }
}

/// Hexadecimal build-id text, as `readelf -n` and `.build-id/` paths spell it.
public func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// Parses hexadecimal text (an even number of digits) into bytes.
public func bytesFromHex(_ text: String) -> [UInt8]? {
    let chars = Array(text.utf8)
    guard chars.count % 2 == 0, !chars.isEmpty else { return nil }
    var out: [UInt8] = []
    var i = 0
    while i < chars.count {
        guard let hi = hexValue(chars[i]), let lo = hexValue(chars[i + 1]) else { return nil }
        out.append(hi << 4 | lo)
        i += 2
    }
    return out
}

func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case 48 ... 57: return c - 48
    case 97 ... 102: return c - 87
    case 65 ... 70: return c - 55
    default: return nil
    }
}
